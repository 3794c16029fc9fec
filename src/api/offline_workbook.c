/* offline_workbook.c: the blank offline form written with libxlsxwriter (see offline.h). One
 * sheet per part of the assessment; every cell to fill is unlocked, named (offline_form.h) and,
 * where the answer is a choice or a date, restricted to it by data validation. The words are the
 * interface's (catalogue.h), the choices and limits the domain's (rating.h, csip.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include "offline.h"
#include "../domain/csip.h"

void offline_words_read(struct catalogue *c, struct offline_words *w)
{
	w->yes = catalogue_say(c, "answer.yes", "Yes");
	w->no = catalogue_say(c, "answer.no", "No");
	w->na = catalogue_say(c, "answer.na", "Not applicable");
	w->full = catalogue_say(c, "rating.full", "Full capacity");
	w->medium = catalogue_say(c, "rating.medium", "Medium capacity");
	w->low = catalogue_say(c, "rating.low", "Low capacity");
}

struct book {
	lxw_workbook *wb;
	const struct offline_workbook_in *in;
	struct catalogue *c;
	struct offline_words w;
	lxw_format *title, *head, *wrap, *fill, *fill_date, *note;
	const char *lists_sheet;
	bool failed;
};

static const char *say(struct book *b, const char *key, const char *fallback) { return catalogue_say(b->c, key, fallback); }

/* A sheet name as a formula writes it: quoted, a quote doubled. */
static char *quoted(struct book *b, const char *sheet)
{
	size_t n = strlen(sheet);
	char *q = arena_alloc(b->c->a, 2 * n + 3), *p = q;
	*p++ = '\'';
	for (const char *s = sheet; *s; s++) {
		if (*s == '\'')
			*p++ = '\'';
		*p++ = *s;
	}
	*p++ = '\'';
	*p = '\0';
	return q;
}

/* A sheet's name from the catalogue, within what spreadsheet programs accept (31 characters,
 * none of []:*?/\). */
static const char *sheet_name(struct book *b, const char *key, const char *fallback)
{
	const char *s = say(b, key, fallback);
	if (strlen(s) > 31 || strpbrk(s, "[]:*?/\\"))
		return fallback;
	return s;
}

static void check(struct book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR)
		b->failed = true;
}

static void name_cell(struct book *b, const char *name, const char *sheet, lxw_row_t row, lxw_col_t col)
{
	char *formula = arena_printf(b->c->a, "=%s!$%c$%u", quoted(b, sheet), 'A' + col, (unsigned)row + 1);
	check(b, workbook_define_name(b->wb, name, formula));
}

static void text(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
	if (s && *s)
		check(b, worksheet_write_string(ws, row, col, s, f));
}

/* A cell to fill: unlocked, named, and empty or holding value. */
static void fill_cell(struct book *b, lxw_worksheet *ws, const char *sheet, lxw_row_t row, lxw_col_t col,
		      const char *name, const char *value, lxw_format *f)
{
	if (value && *value)
		check(b, worksheet_write_string(ws, row, col, value, f));
	else
		check(b, worksheet_write_blank(ws, row, col, f));
	name_cell(b, name, sheet, row, col);
}

static void choose_from(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char **choices)
{
	lxw_data_validation v = {
		.validate = LXW_VALIDATION_TYPE_LIST, .value_list = (char **)choices, .ignore_blank = LXW_VALIDATION_ON,
		.input_title = (char *)say(b, "offline.choose_from_list", "Choose from the list"),
		.input_message = (char *)say(b, "offline.choose_hint", "Open the list and pick one choice."),
		.error_title = (char *)say(b, "offline.choose_from_list", "Choose from the list"),
		.error_message = (char *)say(b, "offline.wrong_choice", "This is not one of the choices: pick one from the list."),
	};
	check(b, worksheet_data_validation_cell(ws, row, col, &v));
}

/* A list held on the hidden Lists sheet (the agencies: too many for an inline list). */
static void choose_from_range(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_col_t list_col, size_t n)
{
	if (!n)
		return;
	char *range = arena_printf(b->c->a, "=%s!$%c$1:$%c$%zu", quoted(b, b->lists_sheet), 'A' + list_col, 'A' + list_col, n);
	lxw_data_validation v = {
		.validate = LXW_VALIDATION_TYPE_LIST_FORMULA, .value_formula = range, .ignore_blank = LXW_VALIDATION_ON,
		.input_title = (char *)say(b, "offline.choose_from_list", "Choose from the list"),
		.input_message = (char *)say(b, "offline.choose_hint", "Open the list and pick one choice."),
		.error_title = (char *)say(b, "offline.choose_from_list", "Choose from the list"),
		.error_message = (char *)say(b, "offline.wrong_choice", "This is not one of the choices: pick one from the list."),
	};
	check(b, worksheet_data_validation_cell(ws, row, col, &v));
}

static lxw_datetime date_of(instant_t t)
{
	char d[11];
	time_format_date(t, d);
	return (lxw_datetime){.year = atoi(d), .month = atoi(d + 5), .day = atoi(d + 8)};
}

/* A date cell between from and to (to 0: from onwards). */
static void date_between(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, instant_t from, instant_t to)
{
	lxw_data_validation v = {
		.validate = LXW_VALIDATION_TYPE_DATE, .ignore_blank = LXW_VALIDATION_ON,
		.criteria = to ? LXW_VALIDATION_CRITERIA_BETWEEN : LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
		.minimum_datetime = date_of(from), .maximum_datetime = to ? date_of(to) : date_of(from),
		.value_datetime = date_of(from),
		.input_title = (char *)say(b, "offline.date", "A date"),
		.input_message = (char *)say(b, "offline.date_hint", "Type a date such as 2026-11-03."),
		.error_title = (char *)say(b, "offline.date", "A date"),
		.error_message = (char *)say(b, "offline.wrong_date", "This date is outside the dates allowed here."),
	};
	check(b, worksheet_data_validation_cell(ws, row, col, &v));
}

static void formats(struct book *b)
{
	b->title = workbook_add_format(b->wb);
	format_set_bold(b->title);
	format_set_font_size(b->title, 14);
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	format_set_text_wrap(b->head);
	format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
	format_set_bottom(b->head, LXW_BORDER_THIN);
	b->wrap = workbook_add_format(b->wb);
	format_set_text_wrap(b->wrap);
	format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
	b->note = workbook_add_format(b->wb);
	format_set_text_wrap(b->note);
	format_set_italic(b->note);
	format_set_align(b->note, LXW_ALIGN_VERTICAL_TOP);
	/* cells to fill: unlocked and shaded, so that they are found at a glance (not by colour
	 * alone: every one sits under a heading that says what to put there) */
	b->fill = workbook_add_format(b->wb);
	format_set_unlocked(b->fill);
	format_set_text_wrap(b->fill);
	format_set_align(b->fill, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(b->fill, 0xFFF2CC);
	format_set_border(b->fill, LXW_BORDER_THIN);
	b->fill_date = workbook_add_format(b->wb);
	format_set_unlocked(b->fill_date);
	format_set_num_format(b->fill_date, "yyyy-mm-dd");
	format_set_align(b->fill_date, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(b->fill_date, 0xFFF2CC);
	format_set_border(b->fill_date, LXW_BORDER_THIN);
}

/* The first sheet: what the form is, how to fill it, whose it is. */
static void about_sheet(struct book *b)
{
	const char *name = sheet_name(b, "offline.sheet_about", "Read me");
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
	if (!ws) { b->failed = true; return; }
	worksheet_set_column(ws, 0, 0, 34, NULL);
	worksheet_set_column(ws, 1, 1, 16, NULL);
	worksheet_set_column(ws, 2, 2, 60, NULL);
	text(b, ws, 0, 0, say(b, "offline.title", "PSEA capacity assessment: offline form"), b->title);
	static const char *const steps[] = {"offline.about_1", "offline.about_2", "offline.about_3", "offline.about_4"};
	for (lxw_row_t i = 0; i < 4; i++) {
		check(b, worksheet_merge_range(ws, 2 + i, 0, 2 + i, 2, say(b, steps[i], ""), b->wrap));
		worksheet_set_row(ws, 2 + i, 45, NULL);
	}
	lxw_row_t r = 7;
	text(b, ws, r, 0, say(b, "offline.partner_id", "Partner number in the portal"), b->head);
	if (b->in->partner_id) {
		check(b, worksheet_write_number(ws, r, 1, (double)b->in->partner_id, b->fill));
		name_cell(b, OFFLINE_NAME_PARTNER, name, r, 1);
	} else {
		fill_cell(b, ws, name, r, 1, OFFLINE_NAME_PARTNER, NULL, b->fill);
	}
	text(b, ws, r, 2, b->in->partner_name, b->wrap);
	r++;
	text(b, ws, r, 0, say(b, "offline.language", "Language of the form"), b->head);
	text(b, ws, r, 1, b->in->lang, NULL);
	name_cell(b, OFFLINE_NAME_LANGUAGE, name, r, 1);
	r++;
	text(b, ws, r, 0, say(b, "offline.version", "Layout of the form"), b->head);
	text(b, ws, r, 1, OFFLINE_FORM_VERSION, NULL);
	name_cell(b, OFFLINE_NAME_VERSION, name, r, 1);
	worksheet_protect(ws, NULL, NULL);
}

static void section1_sheet(struct book *b)
{
	const char *name = sheet_name(b, "offline.sheet_section1", "Section 1");
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
	if (!ws) { b->failed = true; return; }
	worksheet_set_column(ws, 0, 0, 55, NULL);
	worksheet_set_column(ws, 1, 1, 22, NULL);
	worksheet_set_column(ws, 2, 2, 55, NULL);
	text(b, ws, 0, 0, say(b, "intro.title", "Section 1: introductory questions"), b->title);
	const char *yes_no[] = {b->w.yes, b->w.no, NULL};
	const char *ratings[] = {b->w.full, b->w.medium, b->w.low, NULL};
	struct { const char *label, *hint, *cell; int kind; } rows[] = {
		{"intro.contact", "intro.contact_hint", OFFLINE_NAME_CONTACT, 0},
		{"intro.previously", "intro.previously_hint", OFFLINE_NAME_PREVIOUSLY, 0},
		{"intro.previous_agency", "offline.previous_only", OFFLINE_NAME_PREVIOUS_AGENCY, 1},
		{"intro.previous_date", "intro.previous_date_hint", OFFLINE_NAME_PREVIOUS_DATE, 2},
		{"intro.previous_rating", "offline.previous_only", OFFLINE_NAME_PREVIOUS_RATING, 3},
	};
	for (lxw_row_t i = 0; i < 5; i++) {
		lxw_row_t r = 2 + i;
		worksheet_set_row(ws, r, 45, NULL);
		text(b, ws, r, 0, say(b, rows[i].label, rows[i].label), b->wrap);
		text(b, ws, r, 2, say(b, rows[i].hint, ""), b->note);
		fill_cell(b, ws, name, r, 1, rows[i].cell, NULL, rows[i].kind == 2 ? b->fill_date : b->fill);
		if (rows[i].kind == 0)
			choose_from(b, ws, r, 1, yes_no);
		else if (rows[i].kind == 1)
			choose_from_range(b, ws, r, 1, 0, b->in->nagencies);
		else if (rows[i].kind == 2)
			date_between(b, ws, r, 1, time_add_months(b->in->now, -12 * b->in->validity_years), b->in->now);
		else
			choose_from(b, ws, r, 1, ratings);
	}
	worksheet_protect(ws, NULL, NULL);
}

/* Section 2 (partner's answers) or the verification (the agency's): a row per standard. */
static const char *standards_sheet(struct book *b, bool verification, const char *section2)
{
	const char *name = verification ? sheet_name(b, "offline.sheet_verification", "Verification")
					: sheet_name(b, "offline.sheet_section2", "Section 2");
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
	if (!ws) { b->failed = true; return name; }
	worksheet_set_column(ws, 0, 0, 5, NULL);
	worksheet_set_column(ws, 1, 1, 26, NULL);
	worksheet_set_column(ws, 2, 2, 60, NULL);
	worksheet_set_column(ws, 3, 3, verification ? 18 : 30, NULL);
	worksheet_set_column(ws, 4, 4, 18, NULL);
	worksheet_set_column(ws, 5, 5, 45, NULL);
	text(b, ws, 0, 0, verification ? say(b, "verify.title", "Verify the self-assessment")
				       : say(b, "offline.section2_title", "Section 2: self-assessment"), b->title);
	check(b, worksheet_merge_range(ws, 1, 0, 1, 5, verification ? say(b, "offline.verification_lead", "")
								     : say(b, "offline.section2_lead", ""), b->wrap));
	worksheet_set_row(ws, 1, 45, NULL);
	lxw_row_t h = 3;
	text(b, ws, h, 0, say(b, "offline.col_number", "No."), b->head);
	text(b, ws, h, 1, say(b, "plan.standard", "Standard"), b->head);
	text(b, ws, h, 2, say(b, "offline.col_asks", "What the standard asks"), b->head);
	text(b, ws, h, 3, verification ? say(b, "verify.partner_side", "The partner's answer")
				       : say(b, "offline.col_evidence", "Suggested evidence"), b->head);
	text(b, ws, h, 4, verification ? say(b, "verify.answer", "Verified answer") : say(b, "offline.col_answer", "Your answer"), b->head);
	text(b, ws, h, 5, verification ? say(b, "verify.comment", "Comment for the partner") : say(b, "offline.col_comment", "Comment"), b->head);
	for (int k = 1; k <= STANDARD_COUNT; k++) {
		lxw_row_t r = h + (lxw_row_t)k;
		char buf[OFFLINE_NAME_MAX];
		worksheet_set_row(ws, r, 120, NULL);
		check(b, worksheet_write_number(ws, r, 0, k, b->wrap));
		text(b, ws, r, 1, say(b, arena_printf(b->c->a, "standard.%d.title", k), standard_title(k)), b->wrap);
		text(b, ws, r, 2, arena_printf(b->c->a, "%s\n\n%s", say(b, arena_printf(b->c->a, "standard.%d.asks", k), ""),
					       say(b, arena_printf(b->c->a, "standard.%d.guidance", k), "")), b->wrap);
		if (verification) {
			/* the partner's answer, as Section 2 holds it */
			char *formula = arena_printf(b->c->a, "=IF(%s!$E$%u=\"\",\"\",%s!$E$%u)", quoted(b, section2),
						     (unsigned)r + 1, quoted(b, section2), (unsigned)r + 1);
			check(b, worksheet_write_formula(ws, r, 3, formula, b->wrap));
		} else {
			/* "PSEA policy | Code of conduct" in the catalogue: one per line here */
			char *evidence = arena_strdup(b->c->a, say(b, arena_printf(b->c->a, "standard.%d.evidence", k), ""));
			for (char *p = evidence; (p = strstr(p, " | ")); )
				memcpy(p, "\n  ", 3);
			text(b, ws, r, 3, evidence, b->wrap);
		}
		const char *choices[4] = {0};
		offline_answer_choices(k, &b->w, choices);
		fill_cell(b, ws, name, r, 4, offline_standard_name(k, verification ? OFFLINE_VERIFY_ANSWER : OFFLINE_SELF_ANSWER, buf),
			  NULL, b->fill);
		choose_from(b, ws, r, 4, choices);
		fill_cell(b, ws, name, r, 5, offline_standard_name(k, verification ? OFFLINE_VERIFY_COMMENT : OFFLINE_SELF_COMMENT, buf),
			  NULL, b->fill);
	}
	if (verification) {
		lxw_row_t r = h + STANDARD_COUNT + 2;
		text(b, ws, r, 1, say(b, "offline.agency", "Agency that verified (code)"), b->head);
		fill_cell(b, ws, name, r, 4, OFFLINE_NAME_AGENCY, b->in->agency_code, b->fill);
		choose_from_range(b, ws, r, 4, 0, b->in->nagencies);
		r++;
		worksheet_set_row(ws, r, 30, NULL);
		text(b, ws, r, 1, say(b, "offline.rating_date", "Date of the rating"), b->head);
		text(b, ws, r, 2, say(b, "offline.rating_date_hint", ""), b->note);
		fill_cell(b, ws, name, r, 4, OFFLINE_NAME_RATING_DATE, NULL, b->fill_date);
		date_between(b, ws, r, 4, time_add_months(b->in->now, -12 * b->in->validity_years), b->in->now);
	}
	worksheet_protect(ws, NULL, NULL);
	return name;
}

static void plan_sheet(struct book *b)
{
	const char *name = sheet_name(b, "offline.sheet_plan", "Plan");
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
	if (!ws) { b->failed = true; return; }
	worksheet_set_column(ws, 0, 0, 5, NULL);
	worksheet_set_column(ws, 1, 1, 12, NULL);
	worksheet_set_column(ws, 2, 2, 60, NULL);
	worksheet_set_column(ws, 3, 3, 30, NULL);
	worksheet_set_column(ws, 4, 4, 14, NULL);
	text(b, ws, 0, 0, say(b, "plan.title", "Capacity strengthening plan"), b->title);
	check(b, worksheet_merge_range(ws, 1, 0, 1, 4, arena_printf(b->c->a, "%s %s", say(b, "plan.lead", ""),
									say(b, "offline.plan_lead", "")), b->wrap));
	worksheet_set_row(ws, 1, 60, NULL);
	lxw_row_t h = 3;
	text(b, ws, h, 0, say(b, "offline.col_number", "No."), b->head);
	text(b, ws, h, 1, say(b, "plan.standard", "Standard"), b->head);
	text(b, ws, h, 2, say(b, "plan.description", "What will be done"), b->head);
	text(b, ws, h, 3, say(b, "plan.responsible", "Who is responsible"), b->head);
	text(b, ws, h, 4, say(b, "plan.due_date", "Due date"), b->head);
	const char *standards[] = {"1", "2", "3", "4", "5", "6", "7", "8", NULL};
	for (int i = 1; i <= OFFLINE_ACTIVITIES_MAX; i++) {
		lxw_row_t r = h + (lxw_row_t)i;
		char buf[OFFLINE_NAME_MAX];
		worksheet_set_row(ws, r, 30, NULL);
		check(b, worksheet_write_number(ws, r, 0, i, NULL));
		fill_cell(b, ws, name, r, 1, offline_activity_name(i, OFFLINE_ACT_STANDARD, buf), NULL, b->fill);
		choose_from(b, ws, r, 1, standards);
		fill_cell(b, ws, name, r, 2, offline_activity_name(i, OFFLINE_ACT_DESCRIPTION, buf), NULL, b->fill);
		fill_cell(b, ws, name, r, 3, offline_activity_name(i, OFFLINE_ACT_RESPONSIBLE, buf), NULL, b->fill);
		fill_cell(b, ws, name, r, 4, offline_activity_name(i, OFFLINE_ACT_DUE_DATE, buf), NULL, b->fill_date);
		date_between(b, ws, r, 4, b->in->now, 0);
	}
	worksheet_protect(ws, NULL, NULL);
}

/* The hidden sheet of the lists too long to write inline: the agencies' codes. */
static void lists_sheet(struct book *b)
{
	b->lists_sheet = sheet_name(b, "offline.sheet_lists", "Lists");
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, b->lists_sheet);
	if (!ws) { b->failed = true; return; }
	for (size_t i = 0; i < b->in->nagencies; i++)
		text(b, ws, (lxw_row_t)i, 0, b->in->agency_codes[i], NULL);
	worksheet_hide(ws);
}

int offline_workbook_write(const char *path, const char *tmpdir, const struct offline_workbook_in *in)
{
	lxw_workbook_options options = {.tmpdir = (char *)tmpdir};
	struct book b = {.in = in, .c = in->words};
	b.wb = workbook_new_opt(path, &options);
	if (!b.wb)
		return -1;
	offline_words_read(b.c, &b.w);
	formats(&b);
	b.lists_sheet = sheet_name(&b, "offline.sheet_lists", "Lists");
	about_sheet(&b);
	section1_sheet(&b);
	const char *section2 = standards_sheet(&b, false, NULL);
	standards_sheet(&b, true, section2);
	plan_sheet(&b);
	lists_sheet(&b);
	bool ok = !b.failed;
	return workbook_close(b.wb) == LXW_NO_ERROR && ok ? 0 : -1;
}
