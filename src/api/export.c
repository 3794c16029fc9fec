/* export.c: see export.h. CSV by hand (RFC 4180 is a page long), XLSX through libxlsxwriter in
 * its constant-memory mode, PDF through libharu with an embedded Unicode TrueType font. */
#include "export.h"
#include <hpdf.h>
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

/* --- the PDF report --- */

const char *report_font_path(void)
{
	const char *env = getenv("PSEA_PDF_FONT");
	return env && *env ? env : "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
}

struct pdf {
	HPDF_Doc doc;
	HPDF_Page page;
	HPDF_Font font, bold;
	float y;
	bool failed;
};

#define PDF_MARGIN 50.0f
#define PDF_WIDTH 595.0f   /* A4 in points */
#define PDF_HEIGHT 842.0f

static void pdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	struct pdf *p = user;
	log_error("PDF report: libharu error 0x%04x (detail %u)", (unsigned)error, (unsigned)detail);
	p->failed = true;
}

static void pdf_new_page(struct pdf *p)
{
	p->page = HPDF_AddPage(p->doc);
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	p->y = PDF_HEIGHT - PDF_MARGIN;
}

/* Writes text wrapped to the page width, starting a new page when the bottom is reached. */
static void pdf_text(struct pdf *p, const char *text, bool bold, float size, float indent)
{
	float width = PDF_WIDTH - 2 * PDF_MARGIN - indent;
	const char *rest = text && *text ? text : "-";
	while (*rest && !p->failed) {
		if (p->y - size < PDF_MARGIN)
			pdf_new_page(p);
		HPDF_Page_SetFontAndSize(p->page, bold ? p->bold : p->font, size);
		HPDF_REAL used;
		HPDF_UINT fits = HPDF_Page_MeasureText(p->page, rest, width, HPDF_TRUE, &used);
		if (fits == 0) /* one word wider than the line: cut it */
			fits = HPDF_Page_MeasureText(p->page, rest, width, HPDF_FALSE, &used);
		if (fits == 0)
			break;
		char *line = strndup(rest, fits);
		p->y -= size * 1.35f;
		HPDF_Page_BeginText(p->page);
		HPDF_Page_TextOut(p->page, PDF_MARGIN + indent, p->y, line);
		HPDF_Page_EndText(p->page);
		free(line);
		rest += fits;
		while (*rest == ' ')
			rest++;
	}
}

static void pdf_field(struct pdf *p, const char *label, const char *value)
{
	char *line;
	if (asprintf(&line, "%s: %s", label, value && *value ? value : "-") < 0)
		return;
	pdf_text(p, line, false, 10, 0);
	free(line);
}

void date_in_words(const struct report_words *w, instant_t t, char *out, size_t size)
{
	char iso[11];
	*out = '\0';
	if (!t)
		return;
	time_format_date(t, iso);
	const char *pattern = w ? w->date_pattern : NULL;
	const char *month = w ? w->months : NULL;
	for (int m = atoi(iso + 5); month && m > 1; m--)
		if ((month = strchr(month, '|')))
			month++;
	if (!pattern || !month) {
		snprintf(out, size, "%s", iso);
		return;
	}
	size_t len = 0, month_len = strcspn(month, "|");
	for (const char *p = pattern; *p && len + 1 < size;) {
		const char *part = NULL;
		size_t part_len = 0, skip = 1;
		char number[8];
		if (!strncmp(p, "{d}", 3)) {
			snprintf(number, sizeof number, "%d", atoi(iso + 8));
			part = number, part_len = strlen(number), skip = 3;
		} else if (!strncmp(p, "{y}", 3)) {
			part = iso, part_len = 4, skip = 3;
		} else if (!strncmp(p, "{month}", 7)) {
			part = month, part_len = month_len, skip = 7;
		} else {
			part = p, part_len = 1;
		}
		if (len + part_len >= size)
			break;
		memcpy(out + len, part, part_len);
		len += part_len;
		p += skip;
	}
	out[len] = '\0';
}

static const char *date_text(const struct report_words *w, instant_t t, char buf[64])
{
	if (!t) return NULL;
	date_in_words(w, t, buf, 64);
	return buf;
}

static void pdf_standard(struct pdf *p, int number, const struct report_standard *s, const struct report_words *w)
{
	char *head = NULL;
	if (asprintf(&head, "%d. %s", number, s->title ? s->title : "") < 0)
		return;
	p->y -= 6;
	pdf_text(p, head, true, 11, 0);
	free(head);
	char *line = NULL;
	if (asprintf(&line, "%s: %s. %s", w->self, s->self_answer ? s->self_answer : w->not_answered,
		     s->self_comment ? s->self_comment : "") >= 0) {
		pdf_text(p, line, false, 10, 12);
		free(line);
	}
	if (asprintf(&line, "%s: %s. %s", w->verified, s->verified_answer ? s->verified_answer : w->not_answered,
		     s->verified_comment ? s->verified_comment : "") >= 0) {
		pdf_text(p, line, false, 10, 12);
		free(line);
	}
	if (asprintf(&line, "%s: %s", w->met, s->met ? s->met : w->not_known) >= 0) {
		pdf_text(p, line, false, 10, 12);
		free(line);
	}
}

const struct report_words report_words_en = {
	.title = "PSEA capacity assessment", .assessment = "Assessment", .country = "Country", .type = "Type",
	.lead_agency = "Lead agency", .agencies = "Participating agencies", .status = "Status",
	.contact = "Contact with beneficiaries", .rating = "Rating", .not_rated = "not rated",
	.standards_met = "Standards met", .standards_met_value = "{n} of 8", .eligible = "Eligible for partnership",
	.inadequate = "A focal point judged the partner's corrective action on an allegation inadequate: standard 8 "
		      "counts as not met and the partner is not eligible until a new rating.",
	.rated_on = "Rated on", .valid_until = "Valid until", .standards = "The eight core standards",
	.self = "Self-assessment", .verified = "Verified", .met = "Met", .generated_on = "Report generated on",
	.yes = "yes", .no = "no", .not_answered = "not answered", .not_known = "not known",
};

/* pattern with its "{n}" replaced by n, into buf. */
static const char *with_count(const char *pattern, int n, char *buf, size_t size)
{
	const char *at = strstr(pattern, "{n}");
	if (!at)
		snprintf(buf, size, "%d", n);
	else
		snprintf(buf, size, "%.*s%d%s", (int)(at - pattern), pattern, n, at + 3);
	return buf;
}

/* Starts a document with the embedded Unicode font (UTF-8 text, so French and Spanish accents
 * print) and its bold face when there is one. False when the font cannot be loaded. */
static bool pdf_open(struct pdf *p, const char *font_path)
{
	*p = (struct pdf){0};
	p->doc = HPDF_New(pdf_error, p);
	if (!p->doc)
		return false;
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	const char *name = HPDF_LoadTTFontFromFile(p->doc, font_path, HPDF_TRUE);
	if (!name || p->failed) {
		HPDF_Free(p->doc);
		return false;
	}
	p->font = HPDF_GetFont(p->doc, name, "UTF-8");
	p->bold = p->font;
	/* the bold face beside the regular one (DejaVuSans-Bold.ttf), when it is there */
	size_t len = strlen(font_path);
	if (len > 4 && strcmp(font_path + len - 4, ".ttf") == 0) {
		char *bold_path = NULL;
		if (asprintf(&bold_path, "%.*s-Bold.ttf", (int)(len - 4), font_path) >= 0 && access(bold_path, R_OK) == 0) {
			const char *bold = HPDF_LoadTTFontFromFile(p->doc, bold_path, HPDF_TRUE);
			if (bold)
				p->bold = HPDF_GetFont(p->doc, bold, "UTF-8");
		}
		free(bold_path);
	}
	return true;
}

/* Saves the document to path and frees it: 0 when the file is complete. */
static int pdf_close(struct pdf *p, const char *path)
{
	if (!p->failed)
		HPDF_SaveToFile(p->doc, path);
	bool ok = !p->failed;
	HPDF_Free(p->doc);
	return ok ? 0 : -1;
}

int assessment_report_pdf(const char *path, const char *font_path, const struct assessment_report *rep)
{
	struct pdf p;
	if (!pdf_open(&p, font_path))
		return -1;
	const struct report_words *w = rep->words ? rep->words : &report_words_en;
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_TITLE, w->title);
	pdf_new_page(&p);
	char buf[64], buf2[64], num[96];
	pdf_text(&p, w->title, true, 18, 0);
	pdf_text(&p, rep->partner_name, true, 14, 0);
	p.y -= 6;
	snprintf(num, sizeof num, "%lld", (long long)rep->id);
	pdf_field(&p, w->assessment, num);
	pdf_field(&p, w->country, rep->partner_country);
	pdf_field(&p, w->type, rep->partner_type);
	pdf_field(&p, w->lead_agency, rep->lead_agency);
	pdf_field(&p, w->agencies, rep->agencies);
	pdf_field(&p, w->status, rep->status);
	pdf_field(&p, w->contact, rep->contact_with_beneficiaries < 0 ? NULL : rep->contact_with_beneficiaries ? w->yes : w->no);
	pdf_field(&p, w->rating, rep->rating ? rep->rating : w->not_rated);
	if (rep->standards_met >= 0)
		pdf_field(&p, w->standards_met, with_count(w->standards_met_value, rep->standards_met, num, sizeof num));
	pdf_field(&p, w->eligible, rep->eligible < 0 ? NULL : rep->eligible ? w->yes : w->no);
	if (rep->corrective_action_inadequate)
		pdf_text(&p, w->inadequate, true, 10, 0);
	pdf_field(&p, w->rated_on, date_text(w, rep->rated_at, buf));
	pdf_field(&p, w->valid_until, date_text(w, rep->valid_until, buf2));
	p.y -= 8;
	pdf_text(&p, w->standards, true, 13, 0);
	for (int i = 0; i < 8; i++)
		pdf_standard(&p, i + 1, &rep->standards[i], w);
	p.y -= 10;
	pdf_field(&p, w->generated_on, date_text(w, rep->generated_at, buf));
	return pdf_close(&p, path);
}

/* --- a form to fill by hand --- */

#define FORM_LINE_GAP 22.0f   /* room for a line of handwriting */
#define FORM_BOX 10.0f        /* a tick box's side */

/* A new page unless height points are left above the bottom margin. */
static void pdf_room(struct pdf *p, float height)
{
	if (p->y - height < PDF_MARGIN)
		pdf_new_page(p);
}

static void pdf_rule(struct pdf *p, float x0, float x1, float y)
{
	HPDF_Page_SetLineWidth(p->page, 0.5f);
	HPDF_Page_SetGrayStroke(p->page, 0.35f);
	HPDF_Page_MoveTo(p->page, x0, y);
	HPDF_Page_LineTo(p->page, x1, y);
	HPDF_Page_Stroke(p->page);
}

static void pdf_text_at(struct pdf *p, float x, float y, const char *text, bool bold, float size)
{
	HPDF_Page_SetFontAndSize(p->page, bold ? p->bold : p->font, size);
	HPDF_Page_BeginText(p->page);
	HPDF_Page_TextOut(p->page, x, y, text);
	HPDF_Page_EndText(p->page);
}

static float pdf_width_of(struct pdf *p, const char *text, float size)
{
	HPDF_Page_SetFontAndSize(p->page, p->font, size);
	return HPDF_Page_TextWidth(p->page, text);
}

/* The question, then a tick box before each option, left to right, on as many rows as needed. */
static void form_choice(struct pdf *p, const struct form_block *b)
{
	pdf_room(p, 50);
	pdf_text(p, b->text, true, 10, 0);
	float left = PDF_MARGIN + 12, right = PDF_WIDTH - PDF_MARGIN, x = left;
	p->y -= 18;
	for (size_t i = 0; i < b->noptions && !p->failed; i++) {
		float width = FORM_BOX + 6 + pdf_width_of(p, b->options[i], 10);
		if (x > left && x + width > right) {
			pdf_room(p, 18);
			p->y -= 18;
			x = left;
		}
		HPDF_Page_SetLineWidth(p->page, 0.8f);
		HPDF_Page_SetGrayStroke(p->page, 0);
		HPDF_Page_Rectangle(p->page, x, p->y - 1, FORM_BOX, FORM_BOX);
		HPDF_Page_Stroke(p->page);
		pdf_text_at(p, x + FORM_BOX + 6, p->y, b->options[i], false, 10);
		x += width + 24;
	}
	p->y -= 8;
}

/* A label and the rest of its row to write on. */
static void form_field(struct pdf *p, const struct form_block *b)
{
	pdf_room(p, FORM_LINE_GAP + 6);
	p->y -= FORM_LINE_GAP;
	pdf_text_at(p, PDF_MARGIN, p->y, b->text, false, 10);
	float from = PDF_MARGIN + pdf_width_of(p, b->text, 10) + 6;
	pdf_rule(p, from, PDF_WIDTH - PDF_MARGIN, p->y - 2);
	p->y -= 6;
}

static void form_lines(struct pdf *p, const struct form_block *b)
{
	pdf_room(p, 14 + FORM_LINE_GAP * 2);
	pdf_text(p, b->text, false, 10, 0);
	for (int i = 0; i < b->lines && !p->failed; i++) {
		pdf_room(p, FORM_LINE_GAP);
		p->y -= FORM_LINE_GAP;
		pdf_rule(p, PDF_MARGIN, PDF_WIDTH - PDF_MARGIN, p->y);
	}
	p->y -= 6;
}

/* The heading row of a table: each heading cut to its column. */
static void form_table_head(struct pdf *p, const struct form_block *b, float col)
{
	pdf_room(p, 60);
	p->y -= 16;
	for (size_t c = 0; c < b->noptions; c++) {
		HPDF_Page_SetFontAndSize(p->page, p->bold, 9);
		HPDF_REAL used;
		HPDF_UINT fits = HPDF_Page_MeasureText(p->page, b->options[c], col - 8, HPDF_FALSE, &used);
		char *cut = strndup(b->options[c], fits);
		if (cut)
			pdf_text_at(p, PDF_MARGIN + (float)c * col + 4, p->y, cut, true, 9);
		free(cut);
	}
	p->y -= 6;
	pdf_rule(p, PDF_MARGIN, PDF_WIDTH - PDF_MARGIN, p->y);
}

/* Blank rows under the headings, with the columns drawn, the headings again on a new page. */
static void form_table(struct pdf *p, const struct form_block *b)
{
	if (!b->noptions)
		return;
	float col = (PDF_WIDTH - 2 * PDF_MARGIN) / (float)b->noptions, row = 40;
	form_table_head(p, b, col);
	for (int r = 0; r < b->lines && !p->failed; r++) {
		if (p->y - row < PDF_MARGIN) {
			pdf_new_page(p);
			form_table_head(p, b, col);
		}
		for (size_t c = 1; c < b->noptions; c++) {
			float x = PDF_MARGIN + (float)c * col;
			HPDF_Page_SetLineWidth(p->page, 0.5f);
			HPDF_Page_MoveTo(p->page, x, p->y);
			HPDF_Page_LineTo(p->page, x, p->y - row);
			HPDF_Page_Stroke(p->page);
		}
		p->y -= row;
		pdf_rule(p, PDF_MARGIN, PDF_WIDTH - PDF_MARGIN, p->y);
	}
	p->y -= 8;
}

int form_pdf(const char *path, const char *font_path, const char *title, const struct form_block *blocks, size_t n)
{
	struct pdf p;
	if (!pdf_open(&p, font_path))
		return -1;
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_TITLE, title);
	pdf_new_page(&p);
	bool seen_heading = false;
	for (size_t i = 0; i < n && !p.failed; i++) {
		const struct form_block *b = &blocks[i];
		switch (b->kind) {
		case FORM_TITLE: pdf_text(&p, b->text, true, 18, 0); p.y -= 4; break;
		case FORM_HEADING:
			p.y -= 10;
			/* each section after the first on a page of its own, to hand to whoever fills it */
			if (seen_heading && p.y < PDF_HEIGHT - PDF_MARGIN)
				pdf_new_page(&p);
			seen_heading = true;
			pdf_text(&p, b->text, true, 15, 0);
			p.y -= 4;
			break;
		case FORM_SUBHEADING: pdf_room(&p, 120); p.y -= 10; pdf_text(&p, b->text, true, 12, 0); break;
		case FORM_TEXT: pdf_text(&p, b->text, false, 10, 0); p.y -= 3; break;
		case FORM_HINT: pdf_text(&p, b->text, false, 8.5f, 12); p.y -= 2; break;
		case FORM_CHOICE: form_choice(&p, b); break;
		case FORM_FIELD: form_field(&p, b); break;
		case FORM_LINES: form_lines(&p, b); break;
		case FORM_TABLE: form_table(&p, b); break;
		}
	}
	return pdf_close(&p, path);
}
