/* Office documents recognised from their ZIP package: archives made here with libzip, written to
 * a temporary file, then judged by filetype_recognise and its buffer form. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zip.h>
#include "../../src/util/filetype.h"

#define WORD_MAIN "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#define SHEET_MAIN "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

struct entry {
	const char *name;
	const char *text;   /* NULL: size bytes of zeros */
	size_t size;
};

static char *content_types(const char *part, const char *type)
{
	static char buf[1024];
	snprintf(buf, sizeof buf, "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		 "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		 "<Override PartName=\"%s\" ContentType=\"%s\"/></Types>", part, type);
	return buf;
}

/* Writes the entries (deflated) to a new temporary file and returns its path (static). */
static const char *make_zip(const struct entry *entries, size_t n)
{
	static char path[64];
	strcpy(path, "/tmp/psea-filetype-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	int err;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(za);
	for (size_t i = 0; i < n; i++) {
		size_t size = entries[i].text ? strlen(entries[i].text) : entries[i].size;
		void *data = calloc(1, size ? size : 1);
		if (entries[i].text)
			memcpy(data, entries[i].text, size);
		zip_source_t *src = zip_source_buffer(za, data, size, 1);
		assert_non_null(src);
		assert_true(zip_file_add(za, entries[i].name, src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	return path;
}

static enum filetype judge(const struct entry *entries, size_t n)
{
	const char *path = make_zip(entries, n);
	enum filetype t = filetype_recognise(path);
	/* the buffer form gives the same answer */
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	rewind(f);
	char *buf = malloc((size_t)len);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	assert_int_equal(filetype_recognise_buffer(buf, (size_t)len), t);
	free(buf);
	unlink(path);
	return t;
}
#define JUDGE(...) judge((const struct entry[]){__VA_ARGS__}, sizeof (const struct entry[]){__VA_ARGS__} / sizeof(struct entry))

static void packages_with_their_declared_main_part_are_recognised(void **state)
{
	(void)state;
	assert_int_equal(JUDGE({"[Content_Types].xml", content_types("/word/document.xml", WORD_MAIN), 0},
			       {"word/document.xml", "<w:document/>", 0}), FILETYPE_DOCX);
	assert_int_equal(JUDGE({"[Content_Types].xml", content_types("/xl/workbook.xml", SHEET_MAIN), 0},
			       {"xl/workbook.xml", "<workbook/>", 0}, {"xl/worksheets/sheet1.xml", "<worksheet/>", 0}), FILETYPE_XLSX);
	/* part names compare without regard to case; single quotes are XML too */
	assert_int_equal(JUDGE({"[Content_Types].xml", "<Types><Override ContentType='" WORD_MAIN "' PartName='/Word/Document.xml'/></Types>", 0},
			       {"word/document.xml", "<w:document/>", 0}), FILETYPE_DOCX);
	assert_int_equal(JUDGE({"mimetype", "application/vnd.oasis.opendocument.text", 0}, {"content.xml", "<x/>", 0}), FILETYPE_ODT);
	assert_int_equal(JUDGE({"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0}, {"content.xml", "<x/>", 0}), FILETYPE_ODS);
	assert_string_equal(filetype_media_type(FILETYPE_XLSX), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_null(filetype_media_type(FILETYPE_UNKNOWN));
}

static void archives_that_only_look_like_packages_are_not(void **state)
{
	(void)state;
	/* the names in the bytes, not as parts */
	assert_int_equal(JUDGE({"index.html", "<html>[Content_Types].xml word/document.xml</html>", 0},
			       {"setup.exe", "MZ", 0}), FILETYPE_UNKNOWN);
	/* the main part not declared, or declared with a macro-enabled type, or missing */
	assert_int_equal(JUDGE({"[Content_Types].xml", "<Types/>", 0}, {"word/document.xml", "<w:document/>", 0}), FILETYPE_UNKNOWN);
	assert_int_equal(JUDGE({"[Content_Types].xml", content_types("/word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"), 0},
			       {"word/document.xml", "<w:document/>", 0}), FILETYPE_UNKNOWN);
	assert_int_equal(JUDGE({"[Content_Types].xml", content_types("/word/document.xml", WORD_MAIN), 0}), FILETYPE_UNKNOWN);
	/* a declaration for the workbook does not make a Word document, nor the reverse */
	assert_int_equal(JUDGE({"[Content_Types].xml", content_types("/xl/workbook.xml", SHEET_MAIN), 0},
			       {"word/document.xml", "<w:document/>", 0}), FILETYPE_UNKNOWN);
	/* an attribute whose name only ends like PartName */
	assert_int_equal(JUDGE({"[Content_Types].xml", "<Types><Override xPartName=\"/word/document.xml\" ContentType=\"" WORD_MAIN "\"/></Types>", 0},
			       {"word/document.xml", "<w:document/>", 0}), FILETYPE_UNKNOWN);
	assert_int_equal(JUDGE({"mimetype", "application/vnd.oasis.opendocument.textX", 0}, {"content.xml", "<x/>", 0}), FILETYPE_UNKNOWN);
	assert_int_equal(JUDGE({"mimetype", "application/vnd.oasis.opendocument.text", 0}), FILETYPE_UNKNOWN);
	/* a descriptor too large to be a real one */
	assert_int_equal(JUDGE({"mimetype", NULL, FILETYPE_DESCRIPTOR_MAX + 1}, {"content.xml", "<x/>", 0}), FILETYPE_UNKNOWN);
}

static void bytes_that_are_no_archive_are_unknown(void **state)
{
	(void)state;
	unsigned char noise[4096];
	srand(7);
	for (size_t i = 0; i < sizeof noise; i++)
		noise[i] = (unsigned char)rand();
	assert_int_equal(filetype_recognise_buffer(noise, sizeof noise), FILETYPE_UNKNOWN);
	memcpy(noise, "PK\x03\x04", 4);
	assert_int_equal(filetype_recognise_buffer(noise, sizeof noise), FILETYPE_UNKNOWN);
	assert_int_equal(filetype_recognise_buffer("", 0), FILETYPE_UNKNOWN);
	assert_int_equal(filetype_recognise("/nonexistent/psea-file"), FILETYPE_UNKNOWN);
}

/* The limits, made small so that the test needs no gigabytes: a document over the expanded size
 * or the entry count is refused even though its parts are all there. */
static void archives_over_the_limits_are_refused(void **state)
{
	(void)state;
	const struct entry doc[] = {
		{"[Content_Types].xml", content_types("/word/document.xml", WORD_MAIN), 0},
		{"word/document.xml", "<w:document/>", 0},
		{"word/media/big.bin", NULL, 2 * 1024 * 1024},
	};
	const char *path = make_zip(doc, 3);
	struct filetype_limits roomy = {10, 4 * 1024 * 1024}, small = {10, 1024 * 1024}, few = {2, 4 * 1024 * 1024};
	assert_int_equal(filetype_recognise_limited(path, &roomy), FILETYPE_DOCX);
	assert_int_equal(filetype_recognise_limited(path, &small), FILETYPE_UNKNOWN);
	assert_int_equal(filetype_recognise_limited(path, &few), FILETYPE_UNKNOWN);
	unlink(path);
	/* the default limits are the named constants */
	assert_int_equal(filetype_default_limits.entries_max, FILETYPE_ENTRIES_MAX);
	assert_int_equal(filetype_default_limits.uncompressed_max, FILETYPE_UNCOMPRESSED_MAX);
}

int run_filetype(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(packages_with_their_declared_main_part_are_recognised),
		cmocka_unit_test(archives_that_only_look_like_packages_are_not),
		cmocka_unit_test(bytes_that_are_no_archive_are_unknown),
		cmocka_unit_test(archives_over_the_limits_are_refused),
	};
	return cmocka_run_group_tests_name("filetype", tests, NULL, NULL);
}
