/* CSV quoting and splitting, and the three export writers on a small data set. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "../../src/api/export.h"
#include "../../src/util/csv.h"

static char *tmp_file(void)
{
	char *path = strdup("/tmp/psea-export-test-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return path;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void csv_quotes_what_needs_quoting(void **state)
{
	(void)state;
	char *path = tmp_file();
	FILE *f = fopen(path, "wb");
	const char *fields[] = {"plain", "a,b", "say \"hi\"", "two\nlines", NULL, "=SUM(A1)", "Éducation"};
	assert_int_equal(csv_write_row(f, fields, 7), 0);
	fclose(f);
	size_t len;
	char *text = slurp(path, &len);
	assert_string_equal(text, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\"'=SUM(A1)\",Éducation\r\n");
	free(text);
	unlink(path);
	free(path);
}

static void csv_split_undoes_the_quoting(void **state)
{
	(void)state;
	char line[] = "42,\"a,b\",\"say \"\"hi\"\"\",,last";
	char *fields[8];
	assert_int_equal(csv_split(line, fields, 8), 5);
	assert_string_equal(fields[0], "42");
	assert_string_equal(fields[1], "a,b");
	assert_string_equal(fields[2], "say \"hi\"");
	assert_string_equal(fields[3], "");
	assert_string_equal(fields[4], "last");
	char open[] = "1,\"never closed";
	assert_int_equal(csv_split(open, fields, 8), -1);
	char trailing[] = "\"x\"y,2";
	assert_int_equal(csv_split(trailing, fields, 8), -1);
	char many[] = "1,2,3";
	assert_int_equal(csv_split(many, fields, 2), -1);
	char empty[] = "";
	assert_int_equal(csv_split(empty, fields, 8), 1);
}

static struct observation_row sample_row(void)
{
	struct observation_row row = {
		.partner_id = 7, .name = "Fundación Señora, \"Luz\"", .country = "CO", .type = "national_ngo",
		.standing = "valid", .rating = "medium", .eligible = 0, .rated_at = 1773576000 /* 2026-03-15T12:00:00Z */,
		.valid_until = 1931342400 /* 2031-03-15T12:00:00Z */, .assessed_by = "UNICEF",
		.standards = {"yes", "yes", "yes", "no", "yes", "yes", "yes", "no"},
		.words = {"ONG nationale", "Capacité moyenne", "Non éligible", "Valide", "15 mars 2031"},
	};
	return row;
}

static const char *const word_headers[OBSERVATION_WORD_COLUMNS] = {"Type", "Notation", "Éligibilité", "Situation", "Valide jusqu'au"};

static void observation_csv_has_a_column_per_standard(void **state)
{
	(void)state;
	char *path = tmp_file();
	struct observation_sink *s = observation_csv_open(path, word_headers);
	assert_non_null(s);
	struct observation_row row = sample_row();
	assert_int_equal(observation_sink_row(s, &row), 0);
	struct observation_row unrated = {.partner_id = 8, .name = "Unrated", .country = "FR", .type = "cbo",
					  .standing = "not_assessed", .eligible = -1};
	assert_int_equal(observation_sink_row(s, &unrated), 0);
	assert_int_equal(observation_sink_close(s), 0);
	size_t len;
	char *text = slurp(path, &len);
	assert_string_equal(text,
		"\xEF\xBB\xBFpartner_id,name,country,type,rating,eligible,rated_at,valid_until,standard_1,standard_2,"
		"standard_3,standard_4,standard_5,standard_6,standard_7,standard_8,standing,assessed_by,"
		"Type,Notation,Éligibilité,Situation,Valide jusqu'au\r\n"
		"7,\"Fundación Señora, \"\"Luz\"\"\",CO,national_ngo,medium,false,2026-03-15T12:00:00Z,2031-03-15,"
		"yes,yes,yes,no,yes,yes,yes,no,valid,UNICEF,ONG nationale,Capacité moyenne,Non éligible,Valide,15 mars 2031\r\n"
		"8,Unrated,FR,cbo,,,,,,,,,,,,,not_assessed,,,,,,\r\n");
	free(text);
	unlink(path);
	free(path);
}

static void observation_xlsx_is_a_zip_file(void **state)
{
	(void)state;
	char *path = tmp_file();
	struct observation_sink *s = observation_xlsx_open(path, "/tmp", word_headers);
	assert_non_null(s);
	struct observation_row row = sample_row();
	for (int i = 0; i < 3; i++)
		assert_int_equal(observation_sink_row(s, &row), 0);
	assert_int_equal(observation_sink_close(s), 0);
	size_t len;
	char *data = slurp(path, &len);
	assert_true(len > 1000);
	assert_memory_equal(data, "PK\x03\x04", 4);
	free(data);
	unlink(path);
	free(path);
}

static void dates_read_in_the_words_language(void **state)
{
	(void)state;
	char out[64];
	const struct report_words fr = {.months = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
					.date_pattern = "{d} {month} {y}"};
	const struct report_words es = {.months = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre",
					.date_pattern = "{d} de {month} de {y}"};
	date_in_words(&fr, 1931342400 /* 2031-03-15T12:00:00Z */, out, sizeof out);
	assert_string_equal(out, "15 mars 2031");
	date_in_words(&fr, 1785931200 /* 2026-08-05T12:00:00Z */, out, sizeof out);
	assert_string_equal(out, "5 août 2026");
	date_in_words(&es, 1798718400 /* 2026-12-31T12:00:00Z */, out, sizeof out);
	assert_string_equal(out, "31 de diciembre de 2026");
	/* without the words: the date as programs write it; no date: nothing */
	date_in_words(NULL, 1931342400, out, sizeof out);
	assert_string_equal(out, "2031-03-15");
	date_in_words(&fr, 0, out, sizeof out);
	assert_string_equal(out, "");
	/* a short buffer cuts between parts, never inside a month's letters, and ends the string */
	date_in_words(&fr, 1931342400, out, 6);
	assert_string_equal(out, "15 ");
}

static void report_pdf_embeds_a_unicode_font(void **state)
{
	(void)state;
	char *path = tmp_file();
	struct assessment_report rep = {.id = 3, .partner_name = "Asociación Niñez y Éducation", .partner_country = "ES",
		.partner_type = "national_ngo", .lead_agency = "UNICEF", .agencies = "UNICEF, WFP", .status = "rated",
		.rating = "medium", .standards_met = 7, .eligible = 1, .rated_at = 1773576000, .valid_until = 1931342400,
		.generated_at = 1773576000, .contact_with_beneficiaries = 1};
	for (int i = 0; i < 8; i++)
		rep.standards[i] = (struct report_standard){.title = "Politique organisationnelle — très longue phrase "
			"qui doit être coupée sur plusieurs lignes pour tenir dans la largeur de la page A4 sans déborder",
			.self_answer = "yes", .verified_answer = i == 3 ? "no" : "yes", .met = i == 3 ? "no" : "yes",
			.verified_comment = "Vérifié sur pièces."};
	assert_int_equal(assessment_report_pdf(path, report_font_path(), &rep), 0);
	size_t len;
	char *data = slurp(path, &len);
	assert_true(len > 1000);
	assert_memory_equal(data, "%PDF-", 5);
	assert_non_null(memmem(data, len, "FontFile2", 9)); /* the TrueType font is embedded */
	free(data);
	assert_int_equal(assessment_report_pdf(path, "/no/such/font.ttf", &rep), -1);
	unlink(path);
	free(path);
}

int run_export(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quotes_what_needs_quoting),
		cmocka_unit_test(csv_split_undoes_the_quoting),
		cmocka_unit_test(observation_csv_has_a_column_per_standard),
		cmocka_unit_test(observation_xlsx_is_a_zip_file),
		cmocka_unit_test(dates_read_in_the_words_language),
		cmocka_unit_test(report_pdf_embeds_a_unicode_font),
	};
	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
