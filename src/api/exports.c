/* exports.c: the observation list as CSV and XLSX, and one assessment as a PDF report. The files
 * are written to <data>/tmp a page of partners at a time and streamed from there (export.h). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "catalogue.h"
#include "export.h"
#include "handlers.h"
#include "psea.h"
#include "standing.h"
#include "../domain/accounts.h"

/* A word of the catalogue as it stands there, for the many rows of an export (nothing copied:
 * the catalogue outlives the export). */
static const char *word_of(struct catalogue *c, const char *prefix, const char *value)
{
	if (!value)
		return NULL;
	char key[96];
	snprintf(key, sizeof key, "%s%s", prefix, value);
	const char *s = json_string_value(json_object_get(c->lang, key));
	return s ? s : c->en && (s = json_string_value(json_object_get(c->en, key))) ? s : value;
}

struct export_ctx {
	struct observation_sink *sink;
	struct catalogue *words;
	struct report_words dates;
	bool failed;
};

static void write_partner(struct req *r, const struct partner *p, const struct psea_standing_of *item,
			  struct psea_standings *page, void *ctx)
{
	const struct standing *s = &item->standing;
	struct export_ctx *e = ctx;
	bool in_force = s->status == STANDING_VALID || s->status == STANDING_EXPIRING;
	struct observation_row row = {
		.partner_id = p->id, .name = p->name, .country = p->country, .type = p->type,
		.standing = standing_status_name(s->status),
		.rating = in_force ? capacity_name(s->capacity) : NULL,
		.eligible = in_force ? s->eligible : -1,
		.rated_at = s->rated_at, .valid_until = s->valid_until,
	};
	/* the raters of the whole page are read once, with its first rated partner */
	const struct org *agency = s->record ? psea_standings_rater(r, page, s->record->agency_id) : NULL;
	if (agency)
		row.assessed_by = agency->code;
	for (int k = 0; k < STANDARD_COUNT; k++)
		row.standards[k] = in_force && s->record && s->record->has_answers ? answer_name(s->met[k]) : NULL;
	/* a rating without answers per standard still shows what a corrective-action review decided */
	if (in_force && s->met[STANDARD_CORRECTIVE_ACTION - 1] == ANSWER_NO)
		row.standards[STANDARD_CORRECTIVE_ACTION - 1] = "no";
	/* the columns for people: the same facts in the reader's words */
	char valid_until[64];
	date_in_words(&e->dates, row.valid_until, valid_until, sizeof valid_until);
	row.words[0] = word_of(e->words, "partner_type.", p->type);
	row.words[1] = word_of(e->words, "rating.", row.rating);
	row.words[2] = row.eligible < 0 ? NULL : word_of(e->words, "eligible.", row.eligible ? "yes" : "no");
	row.words[3] = word_of(e->words, "standing.", row.standing);
	row.words[4] = valid_until;
	if (observation_sink_row(e->sink, &row) != 0)
		e->failed = true;
}

static void export_observation(struct req *r, bool xlsx)
{
	enum role role = api_role(r);
	if (!api_allow(r, role_is_agency(role) || role == ROLE_ADMIN))
		return;
	const char *lang = export_language(r);
	if (!lang)
		return;
	struct catalogue words;
	catalogue_open(&words, req_web_dir(r), lang, &r->arena);
	const char *headers[OBSERVATION_WORD_COLUMNS] = {
		catalogue_say(&words, "export.type", "Type"), catalogue_say(&words, "export.rating", "Rating"),
		catalogue_say(&words, "export.eligible", "Eligibility"), catalogue_say(&words, "export.standing", "Standing"),
		catalogue_say(&words, "export.valid_until", "Valid until"),
	};
	char *path = export_tmp_path(r);
	char *tmpdir = arena_printf(&r->arena, "%s/tmp", req_data_dir(r));
	struct export_ctx e = {.sink = !path ? NULL : xlsx ? observation_xlsx_open(path, tmpdir, headers) : observation_csv_open(path, headers),
			       .words = &words};
	e.dates.months = catalogue_say(&words, "date.months", NULL);
	e.dates.date_pattern = catalogue_say(&words, "date.pattern", NULL);
	if (!e.sink) {
		json_decref(words.lang);
		json_decref(words.en);
		reply_problem(r, 500, "internal_error", "The export file could not be created.", NULL);
		return;
	}
	int rc = psea_each_partner(r, 0, write_partner, &e);
	json_decref(words.lang);
	json_decref(words.en);
	if (observation_sink_close(e.sink) != 0 || e.failed) {
		reply_problem(r, 500, "internal_error", "The export file could not be written.", NULL);
		return;
	}
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	if (!api_record(r, "observation", 0, xlsx ? "export_xlsx" : "export_csv")) {
		unlink(path);
		return;
	}
	if (xlsx)
		export_send(r, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "observation.xlsx");
	else
		export_send(r, path, "text/csv; charset=utf-8", "observation.csv");
}

void exports_observation_csv(struct req *r) { export_observation(r, false); }
void exports_observation_xlsx(struct req *r) { export_observation(r, true); }

/* --- the PDF report, in the reader's language --- */

/* The report's words: the English ones (export.c), each replaced by the catalogue's. */
static void report_words_read(struct catalogue *c, struct report_words *w)
{
	*w = report_words_en;
	w->title = catalogue_say(c, "pdf.title", w->title);
	w->assessment = catalogue_say(c, "pdf.assessment", w->assessment);
	w->country = catalogue_say(c, "pdf.country", w->country);
	w->type = catalogue_say(c, "pdf.type", w->type);
	w->lead_agency = catalogue_say(c, "pdf.lead_agency", w->lead_agency);
	w->agencies = catalogue_say(c, "pdf.agencies", w->agencies);
	w->status = catalogue_say(c, "pdf.status", w->status);
	w->contact = catalogue_say(c, "pdf.contact", w->contact);
	w->rating = catalogue_say(c, "pdf.rating", w->rating);
	w->not_rated = catalogue_say(c, "pdf.not_rated", w->not_rated);
	w->standards_met = catalogue_say(c, "pdf.standards_met", w->standards_met);
	w->standards_met_value = catalogue_say(c, "pdf.standards_met_value", w->standards_met_value);
	w->eligible = catalogue_say(c, "pdf.eligible", w->eligible);
	w->inadequate = catalogue_say(c, "pdf.inadequate", w->inadequate);
	w->rated_on = catalogue_say(c, "pdf.rated_on", w->rated_on);
	w->valid_until = catalogue_say(c, "pdf.valid_until", w->valid_until);
	w->standards = catalogue_say(c, "pdf.standards", w->standards);
	w->self = catalogue_say(c, "pdf.self", w->self);
	w->verified = catalogue_say(c, "pdf.verified", w->verified);
	w->met = catalogue_say(c, "pdf.met", w->met);
	w->generated_on = catalogue_say(c, "pdf.generated_on", w->generated_on);
	w->yes = catalogue_say(c, "pdf.answer_yes", w->yes);
	w->no = catalogue_say(c, "pdf.answer_no", w->no);
	w->not_answered = catalogue_say(c, "pdf.not_answered", w->not_answered);
	w->not_known = catalogue_say(c, "pdf.not_known", w->not_known);
	w->months = catalogue_say(c, "date.months", NULL);
	w->date_pattern = catalogue_say(c, "date.pattern", NULL);
}

const char *export_language(struct req *r)
{
	const char *lang = req_query(r, "lang");
	if (lang && !account_language_ok(lang)) {
		reply_problem(r, 400, "bad_parameter", "lang must be en, fr or es.", NULL);
		return NULL;
	}
	if (!lang)
		lang = r->user && r->user->language && account_language_ok(r->user->language) ? r->user->language : "en";
	return lang;
}

/* The report's values in the reader's words: answers, the yes/no of "met", the rating, the
 * status, the partner's type and the standards' titles. */
static void report_in_words(struct catalogue *c, struct assessment_report *rep)
{
	rep->status = catalogue_say_value(c, "status.", rep->status);
	rep->partner_type = catalogue_say_value(c, "partner_type.", rep->partner_type);
	rep->rating = catalogue_say_value(c, "pdf.rating_", rep->rating);
	for (int k = 0; k < STANDARD_COUNT; k++) {
		struct report_standard *s = &rep->standards[k];
		s->title = catalogue_say(c, arena_printf(c->a, "standard.%d.title", k + 1), s->title);
		s->self_answer = catalogue_say_value(c, "pdf.answer_", s->self_answer);
		s->verified_answer = catalogue_say_value(c, "pdf.answer_", s->verified_answer);
		s->met = catalogue_say_value(c, "pdf.answer_", s->met);
	}
}

static const char *agency_code(struct req *r, int64_t id)
{
	struct org o;
	return id && store_org_get(r->db, &r->arena, id, &o) == STORE_OK ? (o.code ? o.code : o.name) : NULL;
}

void assessments_report_pdf(struct req *r)
{
	struct assessment x;
	const char *lang = export_language(r);
	if (!lang || !psea_load(r, 0, ASSESS_READ, &x))
		return;
	struct partner p;
	int years;
	int rc = store_partner_get(r->db, &r->arena, x.partner_id, &p);
	if (rc == STORE_OK)
		rc = psea_validity_years(r, &years);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	struct assessment_report rep = {
		.id = x.id, .partner_name = p.name, .partner_country = p.country, .partner_type = p.type,
		.lead_agency = agency_code(r, x.lead_agency_id), .status = x.status, .rating = x.rating,
		.standards_met = x.standards_met, .eligible = x.eligible, .rated_at = x.rated_at,
		.valid_until = x.rating ? psea_valid_until(x.rated_at, years) : 0, .generated_at = r->now,
		.contact_with_beneficiaries = x.contact_with_beneficiaries,
	};
	char *agencies = "";
	for (size_t i = 0; i < x.nagencies; i++)
		agencies = arena_printf(&r->arena, "%s%s%s", agencies, i ? ", " : "", agency_code(r, x.agencies[i]));
	rep.agencies = agencies;
	/* the partner's copy carries no verification drafts (as the assessment object) */
	bool verified_shown = assessment_verification_visible((enum assessment_status)assessment_status_parse(x.status),
							      role_is_partner(api_role(r)));
	for (int k = 0; k < STANDARD_COUNT; k++) {
		struct report_standard *s = &rep.standards[k];
		s->title = standard_title(k + 1);
		s->self_answer = x.self[k].answer;
		s->self_comment = x.self[k].comment;
		if (verified_shown) {
			s->verified_answer = x.verified[k].answer;
			s->verified_comment = x.verified[k].comment;
		}
		int a = verified_shown ? answer_parse(x.verified[k].answer) : -1;
		s->met = x.rating && a > 0 ? (standard_met(k + 1, (enum answer)a) ? "yes" : "no") : NULL;
	}
	/* When this assessment's rating is the partner's standing in force, the report shows the
	 * standing: plan progress and a corrective-action review after the rating change it. */
	struct standing st;
	instant_t inadequate = 0;
	rc = psea_standing(r, x.partner_id, &st);
	if (rc == STORE_OK)
		rc = store_partner_inadequate_since(r->db, x.partner_id, &inadequate);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	if (st.record && st.record->id == x.id &&
	    st.record->source == RATING_SOURCE_VERIFIED && (st.status == STANDING_VALID || st.status == STANDING_EXPIRING)) {
		rep.rating = capacity_name(st.capacity);
		rep.standards_met = st.standards_met;
		rep.eligible = st.eligible;
		rep.corrective_action_inadequate = inadequate > standing_record_decided_at(st.record);
		for (int k = 0; k < STANDARD_COUNT && st.record->has_answers; k++)
			rep.standards[k].met = standard_met(k + 1, st.met[k]) ? "yes" : "no";
	}
	struct catalogue words_of;
	catalogue_open(&words_of, req_web_dir(r), lang, &r->arena);
	struct report_words words;
	report_words_read(&words_of, &words);
	report_in_words(&words_of, &rep);
	rep.words = &words;
	catalogue_close(&words_of);
	char *path = export_tmp_path(r);
	if (!path || assessment_report_pdf(path, report_font_path(), &rep) != 0) {
		reply_problem(r, 500, "internal_error", "The report could not be written.", NULL);
		return;
	}
	if (!api_record(r, "assessment", x.id, "report_pdf")) {
		unlink(path);
		return;
	}
	export_send(r, path, "application/pdf", arena_printf(&r->arena, "assessment-%lld.pdf", (long long)x.id));
}
