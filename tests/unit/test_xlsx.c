/* Cells read back by their defined names: workbooks written here with libzip from hand-made
 * parts (shared strings, inline strings, rich text, numbers, dates, names that point nowhere),
 * and the offline form's choice words (domain/offline_form.h). */
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
#include "../../src/domain/offline_form.h"
#include "../../src/util/xlsx.h"

static const char *rels =
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/other.xml\"/>"
	"</Relationships>";

/* A workbook of two sheets ("Section 2" and "It's"), with defined_names inside <definedNames>. */
static char *workbook(const char *defined_names, const char *pr)
{
	static char buf[4096];
	snprintf(buf, sizeof buf,
		 "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
		 "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">%s"
		 "<sheets><sheet name=\"Section 2\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"It's\" sheetId=\"2\" r:id=\"rId2\"/></sheets>"
		 "<definedNames>%s</definedNames></workbook>", pr, defined_names);
	return buf;
}

static const char *sheet1 =
	"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
	"<row r=\"5\"><c r=\"A5\" t=\"s\"><v>0</v></c><c r=\"E5\" t=\"s\" s=\"3\"><v>2</v></c><c r=\"F5\" s=\"3\"/></row>"
	"<row r=\"6\"><c r=\"E6\" t=\"inlineStr\"><is><t>Oui</t></is></c><c r=\"F6\"><v>46335</v></c>"
	"<c r=\"G6\" t=\"b\"><v>1</v></c><c r=\"H6\" t=\"e\"><v>#N/A</v></c><c r=\"I6\" t=\"str\"><f>A1</f><v>from a formula</v></c></row>"
	"<row><c><v>7</v></c><c t=\"inlineStr\"><is><r><t>rich </t></r><r><t>inline</t></r></is></c></row>"
	"</sheetData></worksheet>";

static const char *sheet2 =
	"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row></sheetData></worksheet>";

static const char *strings =
	"<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<si><t>first</t></si>"
	"<si><r><t>quote &amp; </t></r><r><rPr><b/></rPr><t>rich</t></r></si>"
	"<si><t>Yes</t><rPh><t>reading aid</t></rPh></si>"
	"</sst>";

struct part { const char *name, *text; };

static const char *make_book(const struct part *parts, size_t n)
{
	static char path[64];
	strcpy(path, "/tmp/psea-xlsx-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	int err;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(za);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(za, strdup(parts[i].text), strlen(parts[i].text), 1);
		assert_true(zip_file_add(za, parts[i].name, src, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	return path;
}

static struct xlsx *open_book(const char *names, const char *pr, const char *strings_part)
{
	struct part parts[] = {
		{"[Content_Types].xml", "<Types/>"}, {"xl/workbook.xml", workbook(names, pr)},
		{"xl/_rels/workbook.xml.rels", rels}, {"xl/worksheets/sheet1.xml", sheet1},
		{"xl/worksheets/other.xml", sheet2}, {"xl/sharedStrings.xml", strings_part},
	};
	const char *path = make_book(parts, 6);
	struct xlsx *x;
	int rc = xlsx_open_file(path, &x);
	unlink(path);
	assert_int_equal(rc, XLSX_OK);
	return x;
}

static const char *all_names =
	"<definedName name=\"s2_std1_answer\">'Section 2'!$E$5</definedName>"
	"<definedName name=\"s2_std1_comment\">'Section 2'!$F$5</definedName>"
	"<definedName name=\"inline\">'Section 2'!E6</definedName>"
	"<definedName name=\"date\">'Section 2'!$F$6</definedName>"
	"<definedName name=\"flag\">'Section 2'!$G$6</definedName>"
	"<definedName name=\"broken\">'Section 2'!$H$6</definedName>"
	"<definedName name=\"formula\">'Section 2'!$I$6</definedName>"
	"<definedName name=\"implied_a\">'Section 2'!$A$7</definedName>"
	"<definedName name=\"implied_b\">'Section 2'!$B$7</definedName>"
	"<definedName name=\"quoted\">'It''s'!$A$1</definedName>"
	"<definedName name=\"never_written\">'Section 2'!$Z$99</definedName>"
	"<definedName name=\"range\">'Section 2'!$E$5:$E$12</definedName>"
	"<definedName name=\"deleted\">#REF!</definedName>"
	"<definedName name=\"no_sheet\">Gone!$A$1</definedName>"
	"<definedName name=\"local\" localSheetId=\"0\">'Section 2'!$A$5</definedName>";

static void named_cells_read_through_shared_and_inline_strings(void **state)
{
	struct xlsx *x = open_book(all_names, "", strings);
	struct xlsx_cell c;
	assert_int_equal(xlsx_named_cell(x, "s2_std1_answer", &c), 0);
	assert_string_equal(c.sheet, "Section 2");
	assert_string_equal(c.ref, "E5");
	assert_int_equal(c.type, XLSX_TEXT);
	assert_string_equal(c.text, "Yes");  /* the phonetic reading is not the text */
	assert_int_equal(xlsx_named_cell(x, "S2_STD1_ANSWER", &c), 0);  /* names ignore case */
	assert_int_equal(xlsx_named_cell(x, "s2_std1_comment", &c), 0);
	assert_int_equal(c.type, XLSX_EMPTY);
	assert_int_equal(xlsx_named_cell(x, "inline", &c), 0);
	assert_string_equal(c.text, "Oui");
	assert_int_equal(xlsx_named_cell(x, "formula", &c), 0);
	assert_string_equal(c.text, "from a formula");
	assert_int_equal(xlsx_named_cell(x, "quoted", &c), 0);
	assert_string_equal(c.sheet, "It's");
	assert_string_equal(c.text, "quote & rich");
	/* cells without r: their place follows the row's and the column before */
	assert_int_equal(xlsx_named_cell(x, "implied_a", &c), 0);
	assert_int_equal(c.type, XLSX_NUMBER);
	assert_true(c.number == 7);
	assert_int_equal(xlsx_named_cell(x, "implied_b", &c), 0);
	assert_string_equal(c.text, "rich inline");
	/* a named cell the sheet never wrote reads as empty */
	assert_int_equal(xlsx_named_cell(x, "never_written", &c), 0);
	assert_int_equal(c.type, XLSX_EMPTY);
	xlsx_close(x);
}

static void numbers_dates_booleans_and_errors(void **state)
{
	struct xlsx *x = open_book(all_names, "", strings);
	struct xlsx_cell c;
	assert_int_equal(xlsx_named_cell(x, "date", &c), 0);
	assert_int_equal(c.type, XLSX_NUMBER);
	assert_false(xlsx_date1904(x));
	/* 46335 in the 1900 system is 2026-11-09: 20766 days after 1970-01-01 */
	assert_int_equal(xlsx_serial_to_days(c.number, false), 20766);
	assert_int_equal(xlsx_serial_to_days(c.number - 1462, true), 20766);
	assert_int_equal(xlsx_serial_to_days(0.5, false), -1);
	assert_int_equal(xlsx_named_cell(x, "flag", &c), 0);
	assert_int_equal(c.type, XLSX_BOOLEAN);
	assert_int_equal(xlsx_named_cell(x, "broken", &c), 0);
	assert_int_equal(c.type, XLSX_ERROR);
	assert_string_equal(c.text, "#N/A");
	xlsx_close(x);
	x = open_book(all_names, "<workbookPr date1904=\"1\"/>", strings);
	assert_true(xlsx_date1904(x));
	xlsx_close(x);
}

static void names_that_are_not_one_cell_are_not_found(void **state)
{
	struct xlsx *x = open_book(all_names, "", strings);
	struct xlsx_cell c;
	assert_int_equal(xlsx_named_cell(x, "range", &c), -1);
	assert_int_equal(xlsx_named_cell(x, "deleted", &c), -1);
	assert_int_equal(xlsx_named_cell(x, "no_sheet", &c), -1);
	assert_int_equal(xlsx_named_cell(x, "local", &c), -1);   /* scoped to one sheet */
	assert_int_equal(xlsx_named_cell(x, "missing", &c), -1);
	xlsx_close(x);
}

static void broken_workbooks_are_refused(void **state)
{
	struct xlsx *x;
	/* a shared string the table does not have */
	const char *short_table = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>one</t></si></sst>";
	struct part parts[] = {
		{"xl/workbook.xml", workbook(all_names, "")}, {"xl/_rels/workbook.xml.rels", rels},
		{"xl/worksheets/sheet1.xml", sheet1}, {"xl/worksheets/other.xml", sheet2}, {"xl/sharedStrings.xml", short_table},
	};
	const char *path = make_book(parts, 5);
	assert_int_equal(xlsx_open_file(path, &x), XLSX_ENOTXLSX);
	unlink(path);
	/* a document type declaration (entity expansion) is never read */
	const char *bomb = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
			   "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>&b;</t></si><si><t>x</t></si><si><t>y</t></si></sst>";
	parts[4].text = bomb;
	path = make_book(parts, 5);
	assert_int_equal(xlsx_open_file(path, &x), XLSX_ENOTXLSX);
	unlink(path);
	/* malformed XML in a sheet */
	parts[4].text = strings;
	parts[2].text = "<worksheet><sheetData><row><c r=\"E5\"><v>1</v></row></worksheet>";
	path = make_book(parts, 5);
	assert_int_equal(xlsx_open_file(path, &x), XLSX_ENOTXLSX);
	unlink(path);
	/* names read, then no relationships to find the sheets: refused, and nothing of it kept */
	struct part no_rels[] = {{"xl/workbook.xml", workbook(all_names, "")}, {"xl/worksheets/sheet1.xml", sheet1}};
	path = make_book(no_rels, 2);
	assert_int_equal(xlsx_open_file(path, &x), XLSX_ENOTXLSX);
	unlink(path);
	/* no workbook part at all, and bytes that are no archive */
	struct part only[] = {{"word/document.xml", "<document/>"}};
	path = make_book(only, 1);
	assert_int_equal(xlsx_open_file(path, &x), XLSX_ENOTXLSX);
	struct filetype_limits few = {1, 1024};
	parts[2].text = sheet1;
	unlink(path);
	path = make_book(parts, 5);
	assert_int_equal(xlsx_open_file_limited(path, &few, &x), XLSX_ETOOLARGE);
	unlink(path);
	assert_int_equal(xlsx_open_buffer("not a zip", 9, &x), XLSX_ENOTXLSX);
	assert_null(x);
}

static void the_form_reads_its_own_words_and_the_api_words(void **state)
{
	struct offline_words fr = {"Oui", "Non", "Sans objet", "Capacité complète", "Capacité moyenne", "Capacité faible"};
	assert_int_equal(offline_answer_parse("Oui", &fr), ANSWER_YES);
	assert_int_equal(offline_answer_parse("  non \n", &fr), ANSWER_NO);
	assert_int_equal(offline_answer_parse("SANS OBJET", &fr), ANSWER_NA);
	assert_int_equal(offline_answer_parse("yes", &fr), ANSWER_YES);
	assert_int_equal(offline_answer_parse("na", &fr), ANSWER_NA);
	assert_int_equal(offline_answer_parse("", &fr), ANSWER_NONE);
	assert_int_equal(offline_answer_parse(NULL, &fr), ANSWER_NONE);
	assert_int_equal(offline_answer_parse("Ouii", &fr), -1);
	assert_int_equal(offline_capacity_parse("capacité moyenne", &fr), CAPACITY_MEDIUM);
	assert_int_equal(offline_capacity_parse("low", &fr), CAPACITY_LOW);
	assert_int_equal(offline_capacity_parse("bonne", &fr), -1);
	assert_int_equal(offline_yes_no_parse("Oui", &fr), 1);
	assert_int_equal(offline_yes_no_parse("Non", &fr), 0);
	assert_int_equal(offline_yes_no_parse(" ", &fr), -1);
	assert_int_equal(offline_yes_no_parse("Sans objet", &fr), -2);
	const char *choices[3];
	assert_int_equal(offline_answer_choices(1, &fr, choices), 2);
	assert_int_equal(offline_answer_choices(8, &fr, choices), 3);
	assert_string_equal(choices[2], "Sans objet");
	char buf[OFFLINE_NAME_MAX];
	assert_string_equal(offline_standard_name(3, OFFLINE_SELF_ANSWER, buf), "s2_std3_answer");
	assert_string_equal(offline_standard_name(3, OFFLINE_VERIFY_COMMENT, buf), "verify_std3_comment");
	assert_string_equal(offline_activity_name(20, OFFLINE_ACT_DUE_DATE, buf), "plan_act20_due_date");
}

int run_xlsx(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(named_cells_read_through_shared_and_inline_strings),
		cmocka_unit_test(numbers_dates_booleans_and_errors),
		cmocka_unit_test(names_that_are_not_one_cell_are_not_found),
		cmocka_unit_test(broken_workbooks_are_refused),
		cmocka_unit_test(the_form_reads_its_own_words_and_the_api_words),
	};
	return cmocka_run_group_tests_name("xlsx", tests, NULL, NULL);
}
