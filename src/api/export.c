/* export.c: see export.h. The tables: CSV by hand (RFC 4180 is a page long), XLSX through
 * libxlsxwriter in its constant-memory mode. The PDF documents are export_pdf.c's. */
#include "export.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "../util/csv.h"
#include "../util/log.h"

/* --- temporary files --- */

static void remove_file(void *path) { unlink(path); }

char *export_tmp_path(struct req *r)
{
	char *path = arena_printf(&r->arena, "%s/tmp/export-XXXXXX", req_data_dir(r));
	int fd = mkstemp(path);
	if (fd < 0) {
		log_error("cannot create %s", path);
		return NULL;
	}
	close(fd);
	if (arena_on_free(&r->arena, remove_file, path) != 0) {
		unlink(path);
		return NULL;
	}
	return path;
}

void export_send(struct req *r, const char *path, const char *content_type, const char *filename)
{
	reply_file(r, path, content_type);
	reply_header(r, "Content-Disposition", arena_printf(&r->arena, "attachment; filename=\"%s\"", filename));
}

/* --- the observation list --- */

static const char *const observation_columns[] = {
	"partner_id", "name", "country", "type", "rating", "eligible", "rated_at", "valid_until",
	"standard_1", "standard_2", "standard_3", "standard_4", "standard_5", "standard_6", "standard_7", "standard_8",
	"standing", "assessed_by",
};
#define OBSERVATION_COLUMNS (sizeof observation_columns / sizeof observation_columns[0])
enum { COL_RATED_AT = 6, COL_VALID_UNTIL = 7, COL_FIRST_STANDARD = 8 };

struct observation_sink {
	FILE *csv;
	lxw_workbook *book;
	lxw_worksheet *sheet;
	lxw_format *date_format, *header_format;
	lxw_row_t row;
	bool failed;
};

static const char *eligible_word(int eligible) { return eligible < 0 ? NULL : eligible ? "true" : "false"; }

struct observation_sink *observation_csv_open(const char *path, const char *const word_headers[OBSERVATION_WORD_COLUMNS])
{
	struct observation_sink *s = calloc(1, sizeof *s);
	if (!s || !(s->csv = fopen(path, "wb"))) {
		free(s);
		return NULL;
	}
	/* a byte-order mark, so that spreadsheet programs read the names' accents as UTF-8 */
	fputs("\xEF\xBB\xBF", s->csv);
	const char *header[OBSERVATION_COLUMNS + OBSERVATION_WORD_COLUMNS];
	memcpy(header, observation_columns, sizeof observation_columns);
	memcpy(header + OBSERVATION_COLUMNS, word_headers, (size_t)OBSERVATION_WORD_COLUMNS * sizeof *header);
	if (csv_write_row(s->csv, header, OBSERVATION_COLUMNS + OBSERVATION_WORD_COLUMNS) < 0)
		s->failed = true;
	return s;
}

struct observation_sink *observation_xlsx_open(const char *path, const char *tmpdir,
					       const char *const word_headers[OBSERVATION_WORD_COLUMNS])
{
	struct observation_sink *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	/* constant memory: each row goes to disk when the next begins, so 20,000 partners cost one
	 * row of memory; rows must then be written in order, which the export does. */
	lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir};
	s->book = workbook_new_opt(path, &options);
	if (!s->book || !(s->sheet = workbook_add_worksheet(s->book, "Observation"))) {
		if (s->book) workbook_close(s->book);
		free(s);
		return NULL;
	}
	s->date_format = workbook_add_format(s->book);
	format_set_num_format(s->date_format, "yyyy-mm-dd");
	s->header_format = workbook_add_format(s->book);
	format_set_bold(s->header_format);
	worksheet_set_column(s->sheet, 1, 1, 40, NULL);
	worksheet_set_column(s->sheet, COL_RATED_AT, COL_VALID_UNTIL, 12, NULL);
	worksheet_freeze_panes(s->sheet, 1, 0);
	for (size_t c = 0; c < OBSERVATION_COLUMNS; c++)
		if (worksheet_write_string(s->sheet, 0, (lxw_col_t)c, observation_columns[c], s->header_format) != LXW_NO_ERROR)
			s->failed = true;
	for (size_t c = 0; c < (size_t)OBSERVATION_WORD_COLUMNS; c++)
		if (worksheet_write_string(s->sheet, 0, (lxw_col_t)(OBSERVATION_COLUMNS + c), word_headers[c], s->header_format) != LXW_NO_ERROR)
			s->failed = true;
	s->row = 1;
	return s;
}

static int write_csv_row(struct observation_sink *s, const struct observation_row *row)
{
	char id[24], rated[21] = "", valid[11] = "";
	snprintf(id, sizeof id, "%lld", (long long)row->partner_id);
	/* as the observation list writes them: the rating's instant, the last day of validity */
	if (row->rated_at) time_format_instant(row->rated_at, rated);
	if (row->valid_until) time_format_date(row->valid_until, valid);
	const char *fields[OBSERVATION_COLUMNS + OBSERVATION_WORD_COLUMNS] = {id, row->name, row->country, row->type, row->rating,
		eligible_word(row->eligible), rated, valid};
	for (int i = 0; i < 8; i++)
		fields[COL_FIRST_STANDARD + i] = row->standards[i];
	fields[COL_FIRST_STANDARD + 8] = row->standing;
	fields[COL_FIRST_STANDARD + 9] = row->assessed_by;
	for (size_t i = 0; i < OBSERVATION_WORD_COLUMNS; i++)
		fields[OBSERVATION_COLUMNS + i] = row->words[i];
	return csv_write_row(s->csv, fields, OBSERVATION_COLUMNS + OBSERVATION_WORD_COLUMNS);
}

static lxw_datetime excel_date(instant_t t)
{
	char d[11];
	time_format_date(t, d);
	return (lxw_datetime){.year = atoi(d), .month = atoi(d + 5), .day = atoi(d + 8)};
}

/* A text cell, or nothing for an empty value (an empty cell, not an empty string). */
static lxw_error xlsx_text(struct observation_sink *s, lxw_col_t col, const char *text)
{
	return text && *text ? worksheet_write_string(s->sheet, s->row, col, text, NULL) : LXW_NO_ERROR;
}

static int write_xlsx_row(struct observation_sink *s, const struct observation_row *row)
{
	lxw_error e = worksheet_write_number(s->sheet, s->row, 0, (double)row->partner_id, NULL);
	const char *texts[] = {row->name, row->country, row->type, row->rating};
	for (lxw_col_t c = 0; c < 4 && e == LXW_NO_ERROR; c++)
		e = xlsx_text(s, c + 1, texts[c]);
	if (e == LXW_NO_ERROR && row->eligible >= 0)
		e = worksheet_write_boolean(s->sheet, s->row, 5, row->eligible, NULL);
	/* real dates (numbers with a date format), so that they sort and filter as dates */
	if (e == LXW_NO_ERROR && row->rated_at) {
		lxw_datetime dt = excel_date(row->rated_at);
		e = worksheet_write_datetime(s->sheet, s->row, COL_RATED_AT, &dt, s->date_format);
	}
	if (e == LXW_NO_ERROR && row->valid_until) {
		lxw_datetime dt = excel_date(row->valid_until);
		e = worksheet_write_datetime(s->sheet, s->row, COL_VALID_UNTIL, &dt, s->date_format);
	}
	for (int i = 0; i < 8 && e == LXW_NO_ERROR; i++)
		e = xlsx_text(s, (lxw_col_t)(COL_FIRST_STANDARD + i), row->standards[i]);
	if (e == LXW_NO_ERROR)
		e = xlsx_text(s, COL_FIRST_STANDARD + 8, row->standing);
	if (e == LXW_NO_ERROR)
		e = xlsx_text(s, COL_FIRST_STANDARD + 9, row->assessed_by);
	for (size_t i = 0; i < OBSERVATION_WORD_COLUMNS && e == LXW_NO_ERROR; i++)
		e = xlsx_text(s, (lxw_col_t)(OBSERVATION_COLUMNS + i), row->words[i]);
	s->row++;
	return e == LXW_NO_ERROR ? 0 : -1;
}

int observation_sink_row(struct observation_sink *s, const struct observation_row *row)
{
	if (s->failed)
		return -1;
	if ((s->csv ? write_csv_row(s, row) : write_xlsx_row(s, row)) < 0)
		s->failed = true;
	return s->failed ? -1 : 0;
}

int observation_sink_close(struct observation_sink *s)
{
	bool ok = !s->failed;
	if (s->csv)
		ok = fclose(s->csv) == 0 && ok;
	else
		ok = workbook_close(s->book) == LXW_NO_ERROR && ok;
	free(s);
	return ok ? 0 : -1;
}

/* --- an agency's figures for a year --- */

int figures_xlsx(const char *path, const char *agency, int year, const struct figure_row *rows, size_t n)
{
	lxw_workbook *book = workbook_new(path);
	lxw_worksheet *sheet = book ? workbook_add_worksheet(book, "Figures") : NULL;
	if (!sheet) {
		if (book) workbook_close(book);
		return -1;
	}
	lxw_format *header = workbook_add_format(book);
	format_set_bold(header);
	worksheet_set_column(sheet, 2, 3, 28, NULL);
	worksheet_freeze_panes(sheet, 1, 0);
	static const char *const columns[] = {"agency", "year", "figure", "item", "value"};
	lxw_error e = LXW_NO_ERROR;
	for (lxw_col_t c = 0; c < 5 && e == LXW_NO_ERROR; c++)
		e = worksheet_write_string(sheet, 0, c, columns[c], header);
	for (size_t i = 0; i < n && e == LXW_NO_ERROR; i++) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		e = worksheet_write_string(sheet, row, 0, agency, NULL);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_number(sheet, row, 1, year, NULL);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_string(sheet, row, 2, rows[i].figure, NULL);
		if (e == LXW_NO_ERROR && *rows[i].item)
			e = worksheet_write_string(sheet, row, 3, rows[i].item, NULL);
		/* a number a spreadsheet can add up; nothing at all where there is nothing to measure */
		if (e == LXW_NO_ERROR && *rows[i].value)
			e = worksheet_write_number(sheet, row, 4, strtod(rows[i].value, NULL), NULL);
	}
	lxw_error closed = workbook_close(book);
	return e == LXW_NO_ERROR && closed == LXW_NO_ERROR ? 0 : -1;
}
