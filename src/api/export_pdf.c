/* export_pdf.c: the PDF documents of export.h (the assessment report, a form to fill by hand),
 * through libharu with an embedded Unicode TrueType font. */
#include "export.h"
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../util/log.h"

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
		if (!line) {
			p->failed = true;
			break;
		}
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
