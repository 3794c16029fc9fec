/* offline_import.c: a filled offline form read back (see offline.h). Every cell is found by its
 * defined name (xlsx.h), checked by the same rules as the screens' requests (rating.h,
 * assessment.h, csip.h), and every bad cell is listed as `Sheet!C4: reason`; only a form without
 * one is written, in one transaction. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "document_files.h"
#include "offline.h"
#include "../domain/assessment.h"
#include "../domain/csip.h"
#include "../util/log.h"
#include "../util/xlsx.h"

struct reading {
	const struct offline_context *ctx;
	struct xlsx *x;
	struct offline_read *out;
	size_t cap;
	struct offline_words w;
	int years;
};

const char *offline_problem_text(struct arena *a, const struct offline_problem *p)
{
	return arena_printf(a, "%s: %s", p->where, p->reason);
}

static void problem(struct reading *g, const struct xlsx_cell *c, const char *name, const char *reason)
{
	struct offline_read *o = g->out;
	o->problems = arena_grow(g->ctx->a, o->problems, &g->cap, o->nproblems, sizeof *o->problems);
	o->problems[o->nproblems++] = (struct offline_problem){
		c ? arena_printf(g->ctx->a, "%s!%s", c->sheet, c->ref) : arena_strdup(g->ctx->a, name),
		arena_strdup(g->ctx->a, name), reason};
}

/* The named cell; false after listing the name as missing. */
static bool cell(struct reading *g, const char *name, struct xlsx_cell *c)
{
	if (xlsx_named_cell(g->x, name, c) == 0)
		return true;
	problem(g, NULL, name, "the workbook has no cell of this name any more; fill the form as it was downloaded");
	return false;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* A cell's text, trimmed, in the arena; NULL when the cell is empty or blank. A number reads as
 * it would be typed (12, not 12.000000). */
static const char *cell_text(struct reading *g, const struct xlsx_cell *c)
{
	const char *t = c->type == XLSX_NUMBER ? arena_printf(g->ctx->a, "%.15g", c->number) : c->type == XLSX_EMPTY ? NULL : c->text;
	if (blank(t))
		return NULL;
	while (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n')
		t++;
	size_t n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r' || t[n - 1] == '\n'))
		n--;
	return arena_strndup(g->ctx->a, t, n);
}

/* A date cell: a spreadsheet date (a number) or text YYYY-MM-DD. 1 read, 0 empty, -1 bad (listed). */
static int cell_date(struct reading *g, const char *name, instant_t *out)
{
	struct xlsx_cell c;
	if (!cell(g, name, &c))
		return -1;
	if (c.type == XLSX_NUMBER) {
		long days = xlsx_serial_to_days(c.number, xlsx_date1904(g->x));
		if (days >= 0) {
			*out = (instant_t)days * 86400;
			return 1;
		}
	} else {
		const char *t = cell_text(g, &c);
		if (!t)
			return 0;
		if (time_parse_date(t, out) == 0)
			return 1;
	}
	problem(g, &c, name, "this is not a date; type one such as 2026-11-03");
	return -1;
}

/* A free text cell (a comment, a description); NULL when empty. */
static const char *cell_free_text(struct reading *g, const char *name, size_t max)
{
	struct xlsx_cell c;
	if (!cell(g, name, &c))
		return NULL;
	if (c.type == XLSX_ERROR) {
		problem(g, &c, name, "the cell holds an error value; type the text instead");
		return NULL;
	}
	const char *t = cell_text(g, &c);
	if (t && strlen(t) > max) {
		problem(g, &c, name, arena_printf(g->ctx->a, "the text is longer than %zu characters; shorten it", max));
		return NULL;
	}
	return t;
}

static void read_partner(struct reading *g, struct offline_assessment *f)
{
	struct partner p;
	struct xlsx_cell c = {0};
	bool named = xlsx_named_cell(g->x, OFFLINE_NAME_PARTNER, &c) == 0;
	f->partner_id = g->ctx->partner_id;
	if (!f->partner_id) {
		const char *t = named ? cell_text(g, &c) : NULL;
		char *end = NULL;
		long long id = t ? strtoll(t, &end, 10) : 0;
		if (!named) {
			problem(g, NULL, OFFLINE_NAME_PARTNER, "the workbook has no partner cell; name the partner when importing");
			return;
		}
		if (!t || *end || id <= 0) {
			problem(g, &c, OFFLINE_NAME_PARTNER, "give the partner's number in the portal (a whole number)");
			return;
		}
		f->partner_id = id;
	}
	int rc = store_partner_get(g->ctx->db, g->ctx->a, f->partner_id, &p);
	if (rc == STORE_OK)
		f->partner_name = p.name;
	else if (named)
		problem(g, &c, OFFLINE_NAME_PARTNER, "there is no partner with this number in the portal");
	else
		problem(g, NULL, OFFLINE_NAME_PARTNER, "there is no partner with this number in the portal");
}

/* A yes/no cell of Section 1: 1, 0, or -1 after listing it (required or not a choice). */
static int read_yes_no(struct reading *g, const char *name, bool required)
{
	struct xlsx_cell c;
	if (!cell(g, name, &c))
		return -1;
	const char *t = cell_text(g, &c);
	int v = offline_yes_no_parse(t, &g->w);
	if (v == -2)
		problem(g, &c, name, arena_printf(g->ctx->a, "choose %s or %s from the list", g->w.yes, g->w.no));
	else if (v == -1 && required)
		problem(g, &c, name, arena_printf(g->ctx->a, "this question needs an answer: %s or %s", g->w.yes, g->w.no));
	return v < 0 ? -1 : v;
}

/* An agency's code cell: the agency's id, 0 when empty, -1 after listing a bad one. */
static int64_t read_agency(struct reading *g, const char *name, struct xlsx_cell *c)
{
	if (!cell(g, name, c))
		return -1;
	const char *t = cell_text(g, c);
	struct org o;
	if (!t)
		return 0;
	int rc = store_agency_by_code(g->ctx->db, g->ctx->a, t, &o);
	if (rc != STORE_OK) {
		problem(g, c, name, "this is not an agency's code; choose one from the list, such as UNICEF");
		return -1;
	}
	return o.id;
}

static void read_section1(struct reading *g, struct offline_assessment *f)
{
	f->contact = read_yes_no(g, OFFLINE_NAME_CONTACT, true);
	f->previously = read_yes_no(g, OFFLINE_NAME_PREVIOUSLY, true);
	if (f->previously != 1)
		return; /* the prior assessment's cells matter only after a yes */
	struct xlsx_cell c;
	int64_t agency = read_agency(g, OFFLINE_NAME_PREVIOUS_AGENCY, &c);
	if (agency == 0)
		problem(g, &c, OFFLINE_NAME_PREVIOUS_AGENCY, "name the agency that assessed the partner before");
	f->previous_agency_id = agency > 0 ? agency : 0;
	int d = cell_date(g, OFFLINE_NAME_PREVIOUS_DATE, &f->previous_date);
	if (d == 0 || d == 1) {
		xlsx_named_cell(g->x, OFFLINE_NAME_PREVIOUS_DATE, &c);
		const char *why = d == 0 ? "give the date of the earlier assessment"
					 : assessment_previous_date_problem(f->previous_date, g->ctx->now, g->years);
		if (why)
			problem(g, &c, OFFLINE_NAME_PREVIOUS_DATE, why);
	}
	if (cell(g, OFFLINE_NAME_PREVIOUS_RATING, &c)) {
		int cap = offline_capacity_parse(cell_text(g, &c), &g->w);
		if (cap <= 0)
			problem(g, &c, OFFLINE_NAME_PREVIOUS_RATING, arena_printf(g->ctx->a, "choose the rating it gave: %s, %s or %s",
										 g->w.full, g->w.medium, g->w.low));
		else
			f->previous_rating = capacity_name((enum capacity)cap);
	}
}

static void read_answers(struct reading *g, struct offline_assessment *f, bool verified)
{
	for (int k = 1; k <= STANDARD_COUNT; k++) {
		char name[OFFLINE_NAME_MAX];
		struct xlsx_cell c;
		offline_standard_name(k, verified ? OFFLINE_VERIFY_ANSWER : OFFLINE_SELF_ANSWER, name);
		if (cell(g, name, &c)) {
			int a = offline_answer_parse(cell_text(g, &c), &g->w);
			const char *choices = answer_allowed(k, ANSWER_NA)
				? arena_printf(g->ctx->a, "%s, %s or %s", g->w.yes, g->w.no, g->w.na)
				: arena_printf(g->ctx->a, "%s or %s", g->w.yes, g->w.no);
			if (a == ANSWER_NONE)
				problem(g, &c, name, arena_printf(g->ctx->a, "standard %d needs an answer: %s", k, choices));
			else if (a < 0 || !answer_allowed(k, (enum answer)a))
				problem(g, &c, name, arena_printf(g->ctx->a, "choose %s from the list", choices));
			else
				(verified ? f->verified : f->self)[k - 1] = (enum answer)a;
		}
		offline_standard_name(k, verified ? OFFLINE_VERIFY_COMMENT : OFFLINE_SELF_COMMENT, name);
		(verified ? f->verified_comment : f->self_comment)[k - 1] = cell_free_text(g, name, OFFLINE_COMMENT_MAX);
	}
}

static void read_verification(struct reading *g, struct offline_assessment *f)
{
	struct xlsx_cell c;
	int64_t agency = read_agency(g, OFFLINE_NAME_AGENCY, &c);
	if (agency == 0 && g->ctx->agency_id)
		agency = g->ctx->agency_id;
	if (agency == 0)
		problem(g, &c, OFFLINE_NAME_AGENCY, "name the agency that verified the answers (its code, such as UNICEF)");
	else if (agency > 0 && g->ctx->agency_id && agency != g->ctx->agency_id)
		problem(g, &c, OFFLINE_NAME_AGENCY, "the verification named here is another agency's; only that agency may import it");
	f->agency_id = agency > 0 ? agency : 0;
	struct org o;
	if (f->agency_id && store_org_get(g->ctx->db, g->ctx->a, f->agency_id, &o) == STORE_OK)
		f->agency_code = o.code;
	int d = cell_date(g, OFFLINE_NAME_RATING_DATE, &f->rating_date);
	if (d == 0 || d == 1) {
		xlsx_named_cell(g->x, OFFLINE_NAME_RATING_DATE, &c);
		/* the rule of a prior assessment's date: a rating older than the validity has expired */
		const char *why = d == 0 ? "give the date on which the agency gave the rating"
			: !assessment_previous_date_problem(f->rating_date, g->ctx->now, g->years) ? NULL
			: f->rating_date > g->ctx->now ? "the rating date is in the future"
			: arena_printf(g->ctx->a, "the rating date is more than %d years ago: such a rating is no longer valid", g->years);
		if (why)
			problem(g, &c, OFFLINE_NAME_RATING_DATE, why);
	}
}

/* The plan's rows: a row with anything in it is an activity and needs all four cells. */
static void read_plan(struct reading *g, struct offline_assessment *f)
{
	struct csip_plan plan = {.status = CSIP_DRAFT, .rated_at = f->rating_date, .created_at = g->ctx->now};
	for (int k = 1; k <= STANDARD_COUNT; k++)
		plan.met_at_rating[k] = standard_met(k, f->verified[k - 1]);
	for (int i = 1; i <= OFFLINE_ACTIVITIES_MAX; i++) {
		char n_std[OFFLINE_NAME_MAX], n_desc[OFFLINE_NAME_MAX], n_resp[OFFLINE_NAME_MAX], n_due[OFFLINE_NAME_MAX];
		struct xlsx_cell c_std, c_desc, c_resp, c_due;
		offline_activity_name(i, OFFLINE_ACT_STANDARD, n_std);
		offline_activity_name(i, OFFLINE_ACT_DESCRIPTION, n_desc);
		offline_activity_name(i, OFFLINE_ACT_RESPONSIBLE, n_resp);
		offline_activity_name(i, OFFLINE_ACT_DUE_DATE, n_due);
		if (!cell(g, n_std, &c_std) || !cell(g, n_desc, &c_desc) || !cell(g, n_resp, &c_resp) || !cell(g, n_due, &c_due))
			continue;
		const char *std = cell_text(g, &c_std), *desc = cell_free_text(g, n_desc, CSIP_DESCRIPTION_MAX),
			   *resp = cell_free_text(g, n_resp, CSIP_RESPONSIBLE_MAX);
		instant_t due = 0;
		int d = c_due.type == XLSX_EMPTY && !std && !desc && !resp ? 0 : cell_date(g, n_due, &due);
		if (!std && !desc && !resp && d == 0)
			continue;
		struct offline_activity a = {.description = desc, .responsible = resp, .due_date = due};
		char *end = NULL;
		long s = std ? strtol(std, &end, 10) : 0;
		const char *why = !std ? "choose the standard this activity is for (1 to 8)"
			: *end ? "choose a standard from 1 to 8" : csip_standard_problem(&plan, (int)s, g->ctx->now);
		if (why)
			problem(g, &c_std, n_std, why);
		a.standard = (int)s;
		if (!desc)
			problem(g, &c_desc, n_desc, "say what will be done");
		if (!resp)
			problem(g, &c_resp, n_resp, "say who is responsible");
		if (d == 0)
			problem(g, &c_due, n_due, "give the date by which it will be done");
		else if (d == 1 && (why = csip_due_date_problem(&plan, due)))
			problem(g, &c_due, n_due, "the due date cannot be before today, when the plan is brought in");
		f->activities[f->nactivities++] = a;
	}
	if (g->out->nproblems)
		return; /* the plan's standards are known good only without problems */
	struct csip_activity acts[OFFLINE_ACTIVITIES_MAX];
	for (size_t i = 0; i < f->nactivities; i++)
		acts[i] = (struct csip_activity){.standard = f->activities[i].standard};
	plan.activities = acts;
	plan.nactivities = f->nactivities;
	int missing[CSIP_STANDARDS];
	f->plan_covers_gaps = f->nactivities && csip_submit_gaps(&plan, g->ctx->now, missing) == 0;
}

/* The layout and language cells: false (with out->detail) when this is not the offline form. */
static bool read_layout(struct reading *g, struct offline_assessment *f)
{
	struct xlsx_cell c;
	const char *version = xlsx_named_cell(g->x, OFFLINE_NAME_VERSION, &c) == 0 ? cell_text(g, &c) : NULL;
	if (!version || strcmp(version, OFFLINE_FORM_VERSION) != 0) {
		g->out->detail = "This workbook is not the portal's offline form, or one of another layout: download the "
				 "form again and copy the answers into it.";
		return false;
	}
	const char *lang = xlsx_named_cell(g->x, OFFLINE_NAME_LANGUAGE, &c) == 0 ? cell_text(g, &c) : NULL;
	if (!lang || (strcmp(lang, "en") && strcmp(lang, "fr") && strcmp(lang, "es")))
		lang = "en";
	f->language = lang;
	struct catalogue words;
	catalogue_open(&words, g->ctx->web_dir, lang, g->ctx->a);
	offline_words_read(&words, &g->w);
	catalogue_close(&words);
	return true;
}

static int read_settings(struct reading *g, struct offline_assessment *f)
{
	int64_t full, medium, years;
	int rc = settings_get(g->ctx->db, SETTING_RATING_FULL_MIN, &full);
	if (rc == STORE_OK)
		rc = settings_get(g->ctx->db, SETTING_RATING_MEDIUM_MIN, &medium);
	if (rc == STORE_OK)
		rc = settings_get(g->ctx->db, SETTING_VALIDITY_YEARS, &years);
	if (rc == STORE_OK) {
		f->bands = (struct rating_bands){(int)full, (int)medium};
		g->years = (int)years;
	}
	return rc;
}

int offline_read(const char *path, const struct offline_context *ctx, struct offline_read *out)
{
	memset(out, 0, sizeof *out);
	struct reading g = {.ctx = ctx, .out = out};
	struct offline_assessment *f = &out->form;
	int rc = xlsx_open_file(path, &g.x);
	if (rc == XLSX_ETOOLARGE) {
		out->detail = "The workbook's archive is larger than a form can be once unpacked.";
		return OFFLINE_ETOOLARGE;
	}
	if (rc != XLSX_OK) {
		out->detail = "The file is not a workbook that can be read (XLSX).";
		return OFFLINE_ENOTFORM;
	}
	if (!read_layout(&g, f)) {
		xlsx_close(g.x);
		return OFFLINE_ENOTFORM;
	}
	rc = read_settings(&g, f);
	if (rc == STORE_OK) {
		read_partner(&g, f);
		read_section1(&g, f);
		read_answers(&g, f, false);
		read_answers(&g, f, true);
		read_verification(&g, f);
		read_plan(&g, f);
	}
	xlsx_close(g.x);
	if (rc != STORE_OK)
		return rc;
	if (out->nproblems)
		return OFFLINE_EBADCELLS;
	f->rating = rating_compute(f->verified, f->bands);
	f->valid_until = assessment_valid_until(f->rating_date, g.years);
	int64_t open = 0;
	rc = store_assessment_open_id(ctx->db, f->partner_id, &open);
	if (rc != STORE_OK)
		return rc;
	if (open) {
		out->detail = arena_printf(ctx->a, "This partner has an open assessment (%lld): finish it on the screens, "
					   "or import the form once it is rated.", (long long)open);
		return OFFLINE_EOPEN;
	}
	return OFFLINE_OK;
}

/* --- writing --- */

/* The workbook kept as documents are (document_files.h). */
static int keep_file(struct arena *a, const char *data_dir, const struct offline_workbook_file *file)
{
	return document_blob_keep(a, data_dir, file->path, file->sha256, file->move);
}

static int save_side(struct db *db, int64_t id, const char *from, const char *side, const enum answer answers[STANDARD_COUNT],
		     const char *const comments[STANDARD_COUNT], const char *to, int64_t user_id, instant_t now)
{
	int standards[STANDARD_COUNT];
	bool set[STANDARD_COUNT];
	const char *words[STANDARD_COUNT];
	for (int k = 0; k < STANDARD_COUNT; k++) {
		standards[k] = k + 1;
		set[k] = true;
		words[k] = answer_name(answers[k]);
	}
	return store_assessment_save_answers(db, id, 0, from, side, STANDARD_COUNT, standards, set, words, set, comments, to,
					     user_id, now);
}

static int create_plan(struct db *db, const struct offline_assessment *f, int64_t id, int64_t user_id, instant_t now)
{
	if (!f->nactivities)
		return STORE_OK;
	int64_t plan = store_csip_create(db, id, user_id, now);
	if (plan < 0)
		return (int)plan;
	for (size_t i = 0; i < f->nactivities; i++) {
		const struct offline_activity *a = &f->activities[i];
		struct store_csip_activity act = {.standard = a->standard, .description = (char *)a->description,
						  .responsible = (char *)a->responsible, .due_date = a->due_date, .status = "not_started"};
		int64_t rc = store_csip_activity_add(db, plan, &act, user_id, now);
		if (rc < 0)
			return (int)rc;
	}
	/* a plan that answers every unmet standard was agreed with the form: it awaits approval */
	return f->plan_covers_gaps ? store_csip_set_status(db, plan, 0, "submitted", user_id, now) : STORE_OK;
}

int offline_create(struct db *db, struct arena *a, const struct offline_assessment *f, int64_t user_id, int64_t user_org_id,
		   const char *data_dir, const struct offline_workbook_file *file, struct audit *audit, instant_t now,
		   int64_t *id)
{
	*id = store_assessment_add(db, f->partner_id, f->agency_id, user_id, now);
	if (*id < 0)
		return (int)*id;
	struct assessment_intro_row intro = {f->contact, f->previously, f->previous_agency_id, f->previous_date, f->previous_rating};
	int rc = store_assessment_set_intro(db, *id, 0, "intro", &intro, "self_assessment", now);
	if (rc == STORE_OK)
		rc = save_side(db, *id, "self_assessment", "self", f->self, f->self_comment, "submitted", user_id, now);
	if (rc == STORE_OK)
		rc = save_side(db, *id, "submitted", "verified", f->verified, f->verified_comment, "verification", user_id, now);
	if (rc == STORE_OK) {
		struct rating_row_in row = {"verified", capacity_name(f->rating.capacity), f->rating.standards_met, f->rating.eligible,
					    f->rating_date, f->valid_until, user_id, f->bands, now};
		rc = store_assessment_set_rating(db, *id, 0, "verification", &row, now);
	}
	if (rc == STORE_OK)
		rc = store_assessment_mark_imported(db, *id, OFFLINE_DOCUMENT_KIND);
	if (rc == STORE_OK)
		rc = store_history_add(db, *id, user_id, "imported_offline_form", NULL, "rated", NULL, now);
	if (rc == STORE_OK)
		rc = create_plan(db, f, *id, user_id, now);
	if (rc == STORE_OK) {
		struct document d = {
			.assessment_id = *id, .partner_id = f->partner_id, .standard = 0, .kind = OFFLINE_DOCUMENT_KIND,
			.title = "Offline form (workbook)", .filename = (char *)(file->filename ? file->filename : "offline-form.xlsx"),
			.content_type = OFFLINE_MEDIA_TYPE, .size = (int64_t)file->size, .sha256 = (char *)file->sha256,
			.approved = true, .uploaded_by = user_id, .uploader_org_id = user_org_id, .on_behalf = true, .uploaded_at = now,
		};
		int64_t doc = store_document_add(db, &d);
		rc = doc < 0 ? (int)doc : audit_add(audit, "document", doc, "upload");
	}
	if (rc == STORE_OK)
		rc = audit_add(audit, "assessment", *id, "import_offline_form");
	/* the files last (the workbook's, then the evidence's), so that a failure before them leaves nothing behind */
	if (rc == STORE_OK && keep_file(a, data_dir, file) != 0)
		rc = STORE_ERROR;
	if (rc == STORE_OK)
		rc = offline_evidence_store(db, a, f, *id, user_id, user_org_id, data_dir, audit, now);
	return rc;
}

/* --- the check-your-answers view --- */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *date_or_null(instant_t t)
{
	if (!t)
		return json_null();
	char d[11];
	time_format_date(t, d);
	return json_string(d);
}

json_t *offline_form_json(const struct offline_assessment *f)
{
	json_t *standards = json_array(), *activities = json_array();
	for (int k = 1; k <= STANDARD_COUNT; k++)
		json_array_append_new(standards, json_pack("{s:i, s:s?, s:{s:o, s:o}, s:{s:o, s:o}, s:b}", "number", k,
			"title", standard_title(k),
			"self", "answer", str_or_null(answer_name(f->self[k - 1])), "comment", str_or_null(f->self_comment[k - 1]),
			"verified", "answer", str_or_null(answer_name(f->verified[k - 1])), "comment", str_or_null(f->verified_comment[k - 1]),
			"met", standard_met(k, f->verified[k - 1])));
	for (size_t i = 0; i < f->nactivities; i++) {
		const struct offline_activity *a = &f->activities[i];
		json_array_append_new(activities, json_pack("{s:i, s:s, s:s, s:o}", "standard", a->standard, "description", a->description,
			"responsible", a->responsible, "due_date", date_or_null(a->due_date)));
	}
	json_t *previous = json_null();
	if (f->previously == 1) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)f->previous_agency_id);
		previous = json_pack("{s:s, s:o, s:s?}", "agency_id", id, "date", date_or_null(f->previous_date), "rating", f->previous_rating);
	}
	char partner[24], agency[24];
	snprintf(partner, sizeof partner, "%lld", (long long)f->partner_id);
	snprintf(agency, sizeof agency, "%lld", (long long)f->agency_id);
	return json_pack("{s:s, s:{s:s, s:s?}, s:{s:b, s:b, s:o}, s:o, s:{s:s, s:s?}, s:o, s:{s:s?, s:i, s:b, s:o}, "
			 "s:{s:o, s:s?}}",
		"language", f->language,
		"partner", "id", partner, "name", f->partner_name,
		"intro", "contact_with_beneficiaries", f->contact == 1, "previously_assessed", f->previously == 1, "previous", previous,
		"standards", standards,
		"agency", "id", agency, "code", f->agency_code,
		"rated_at", date_or_null(f->rating_date),
		"rating", "value", capacity_name(f->rating.capacity), "standards_met", f->rating.standards_met,
		"eligible", f->rating.eligible, "valid_until", date_or_null(f->valid_until),
		"csip", "activities", activities, "status", f->nactivities ? (f->plan_covers_gaps ? "submitted" : "draft") : NULL);
}
