/* filetype.c: office documents recognised by reading their ZIP package with libzip (see
 * filetype.h). The central directory gives the entries and their declared sizes without
 * expanding anything; only the small descriptor that names the package's kind is read. */
#include "filetype.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

const struct filetype_limits filetype_default_limits = {FILETYPE_ENTRIES_MAX, FILETYPE_UNCOMPRESSED_MAX};

/* What makes each kind: Office Open XML names its main part in [Content_Types].xml with the
 * part's content type (a macro-enabled document or a template declares another type, and is
 * refused); OpenDocument stores its media type as the `mimetype` entry. */
static const struct kind {
	enum filetype type;
	const char *media_type;
	const char *main_part;          /* the entry that must exist */
	const char *main_content_type;  /* OOXML: declared for /main_part; NULL for OpenDocument */
} kinds[] = {
	{FILETYPE_DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/document.xml",
	 "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
	{FILETYPE_XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/workbook.xml",
	 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"},
	{FILETYPE_ODT, "application/vnd.oasis.opendocument.text", "content.xml", NULL},
	{FILETYPE_ODS, "application/vnd.oasis.opendocument.spreadsheet", "content.xml", NULL},
};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

const char *filetype_media_type(enum filetype t)
{
	for (size_t i = 0; i < KIND_COUNT; i++)
		if (kinds[i].type == t)
			return kinds[i].media_type;
	return NULL;
}

/* Every entry counted and its declared size added, before anything is read: an archive over the
 * limits is refused whatever it claims to be. */
static bool within_limits(zip_t *za, const struct filetype_limits *limits)
{
	zip_int64_t n = zip_get_num_entries(za, 0);
	if (n <= 0 || (uint64_t)n > limits->entries_max)
		return false;
	uint64_t total = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
			return false;
		if (st.size > limits->uncompressed_max - total)
			return false;
		total += st.size;
	}
	return true;
}

/* The whole entry called name, NUL-terminated (malloc'd; *len its length), when it is at most
 * FILETYPE_DESCRIPTOR_MAX bytes and expands to exactly its declared size; NULL otherwise. */
static char *read_entry(zip_t *za, const char *name, size_t *len)
{
	zip_int64_t index = zip_name_locate(za, name, 0);
	zip_stat_t st;
	if (index < 0 || zip_stat_index(za, (zip_uint64_t)index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    st.size > FILETYPE_DESCRIPTOR_MAX)
		return NULL;
	zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)index, 0);
	if (!f)
		return NULL;
	char *buf = malloc(st.size + 1);
	zip_int64_t got = buf ? zip_fread(f, buf, st.size) : -1;
	zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = (size_t)got;
	return buf;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The value of attribute name inside the element text [el, el + ellen): *vlen gets its length.
 * The name must stand alone (after a space), and the value be quoted with ' or ". */
static const char *attr_value(const char *el, size_t ellen, const char *name, size_t *vlen)
{
	size_t nlen = strlen(name);
	const char *end = el + ellen, *p = el;
	while ((p = memmem(p, (size_t)(end - p), name, nlen))) {
		const char *q = p + nlen;
		bool alone = p > el && is_space(p[-1]);
		p = q;
		if (!alone)
			continue;
		while (q < end && is_space(*q)) q++;
		if (q >= end || *q != '=')
			continue;
		q++;
		while (q < end && is_space(*q)) q++;
		if (q >= end || (*q != '"' && *q != '\''))
			continue;
		const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
		if (!close)
			return NULL;
		*vlen = (size_t)(close - q - 1);
		return q + 1;
	}
	return NULL;
}

/* Whether [Content_Types].xml holds an Override for /part with exactly content_type. Part names
 * compare without regard to case, as the packaging conventions say. */
static bool declares_main_part(const char *xml, size_t len, const char *part, const char *content_type)
{
	const char *end = xml + len, *p = xml;
	static const char tag[] = "<Override";
	size_t partlen = strlen(part), typelen = strlen(content_type);
	while ((p = memmem(p, (size_t)(end - p), tag, sizeof tag - 1))) {
		p += sizeof tag - 1;
		const char *close = memchr(p, '>', (size_t)(end - p));
		if (!close)
			return false;
		size_t ellen = (size_t)(close - p), nlen, tlen;
		const char *name = attr_value(p, ellen, "PartName", &nlen);
		const char *type = attr_value(p, ellen, "ContentType", &tlen);
		if (name && type && nlen == partlen + 1 && name[0] == '/' && strncasecmp(name + 1, part, partlen) == 0 &&
		    tlen == typelen && memcmp(type, content_type, typelen) == 0)
			return true;
		p = close;
	}
	return false;
}

static enum filetype recognise_archive(zip_t *za, const struct filetype_limits *limits)
{
	if (!within_limits(za, limits))
		return FILETYPE_UNKNOWN;
	enum filetype found = FILETYPE_UNKNOWN;
	size_t len;
	char *types = read_entry(za, "[Content_Types].xml", &len);
	char *mimetype = types ? NULL : read_entry(za, "mimetype", &len);
	for (size_t i = 0; i < KIND_COUNT && found == FILETYPE_UNKNOWN; i++) {
		const struct kind *k = &kinds[i];
		bool declared = k->main_content_type
			? types && declares_main_part(types, len, k->main_part, k->main_content_type)
			: mimetype && strcmp(mimetype, k->media_type) == 0 && len == strlen(k->media_type);
		if (declared && zip_name_locate(za, k->main_part, 0) >= 0)
			found = k->type;
	}
	free(types);
	free(mimetype);
	return found;
}

enum filetype filetype_recognise_limited(const char *path, const struct filetype_limits *limits)
{
	int err;
	zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	if (!za)
		return FILETYPE_UNKNOWN;
	enum filetype t = recognise_archive(za, limits);
	zip_discard(za);
	return t;
}

enum filetype filetype_recognise(const char *path)
{
	return filetype_recognise_limited(path, &filetype_default_limits);
}

enum filetype filetype_recognise_buffer(const void *data, size_t len)
{
	zip_error_t error;
	zip_error_init(&error);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &error);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error) : NULL;
	enum filetype t = FILETYPE_UNKNOWN;
	if (za) {
		t = recognise_archive(za, &filetype_default_limits);
		zip_discard(za);
	} else if (src) {
		zip_source_free(src);
	}
	zip_error_fini(&error);
	return t;
}
