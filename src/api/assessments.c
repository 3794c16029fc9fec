/* assessments.c: the PSEA capacity assessment and its steps (DOMAIN.md, "The assessment, step
 * by step"). Each step: load and check who may do it in which status (psea_load), validate the
 * body collecting every error, then write everything in one transaction, history included. The answers
 * of Sections 2 and 3 are assessment_answers.c; the comments, assessment_comments.c. */
#include <stdlib.h>
#include <string.h>
#include "handlers.h"
#include "psea.h"
#include "assessment_json.h"
#include "csip.h"
#include "../domain/legacy.h"

/* A step's write: the assessment as loaded, the version to check, and what the step changes. */
struct step {
	const struct assessment *x;
	int64_t version, id;
	enum assessment_action act;
	enum assessment_status from, to;
	const char *action, *reason;
	const void *in;
	bool leaves_gap; /* the new rating leaves a standard unmet, for the plan to answer */
};

/* w->id: the partner in, the new assessment out. */
static int write_new_assessment(struct req *r, struct audit *audit, void *ctx)
{
	struct step *w = ctx;
	w->id = store_assessment_add(r->db, w->id, r->user->org.id, r->user->id, r->now);
	if (w->id == STORE_ECONSTRAINT) {
		reply_problem(r, 409, "invalid_state", "This partner has an open assessment already; join it instead.", NULL);
		return API_ANSWERED;
	}
	int rc = w->id < 0 ? (int)w->id : store_history_add(r->db, w->id, r->user->id, "opened", NULL, "intro", NULL, r->now);
	return rc != STORE_OK ? rc : audit_add(audit, "assessment", w->id, "create");
}

void assessments_create(struct req *r)
{
	if (!api_allow(r, role_is_advanced(api_role(r))) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	json_t *pid = json_object_get(r->body, "partner_id");
	int64_t partner_id = api_json_id(pid);
	struct partner p;
	if (!pid || json_is_null(pid))
		json_array_append_new(errs, problem_error("partner_id", "required", "Name the partner to assess."));
	else if (!partner_id || store_partner_get(r->db, &r->arena, partner_id, &p) != STORE_OK)
		json_array_append_new(errs, problem_error("partner_id", "unknown", "There is no partner with this id."));
	if (api_invalid(r, errs))
		return;
	int64_t open;
	int rc_open = store_assessment_open_id(r->db, partner_id, &open);
	if (rc_open != STORE_OK) {
		api_store_failed(r, rc_open);
		return;
	}
	if (open) {
		char *detail = arena_printf(&r->arena, "This partner has an open assessment (%lld); join it with "
					    "POST /api/v1/assessments/%lld/agencies instead.", (long long)open, (long long)open);
		reply_problem(r, 409, "invalid_state", detail, NULL);
		return;
	}
	struct step w = {.id = partner_id};
	if (api_write(r, write_new_assessment, &w))
		psea_reply_assessment_read(r, 201, w.id);
}

void assessments_show(struct req *r)
{
	struct assessment x;
	if (psea_load(r, 0, ASSESS_READ, &x))
		psea_reply_assessment(r, 200, &x);
}

/* Reads a boolean member: -2 absent (keep), -1 null, 0/1; appends an error for other types. */
static int opt_bool(json_t *obj, const char *key, json_t *errs)
{
	json_t *v = json_object_get(obj, key);
	if (!v) return -2;
	if (json_is_null(v)) return -1;
	if (json_is_boolean(v)) return json_is_true(v);
	json_array_append_new(errs, problem_error(key, "invalid_type", "Answer true or false."));
	return -2;
}

/* Validates "previous": {agency_id, date, rating}; fills row; appends errors. */
static void parse_previous(struct req *r, json_t *prev, int years, struct assessment_intro_row *row, json_t *errs)
{
	if (!json_is_object(prev)) {
		json_array_append_new(errs, problem_error("previous", "invalid_type",
			"previous must be an object {\"agency_id\", \"date\", \"rating\"} or null."));
		return;
	}
	int64_t agency = api_json_id(json_object_get(prev, "agency_id"));
	struct org o;
	if (!agency || store_org_get(r->db, &r->arena, agency, &o) != STORE_OK || strcmp(o.kind, "agency") != 0)
		json_array_append_new(errs, problem_error("previous.agency_id", "unknown", "Name the UN agency that assessed the partner."));
	const char *date = api_str(prev, "date", 10, true, errs);
	instant_t d = 0;
	if (date && time_parse_date(date, &d) != 0)
		json_array_append_new(errs, problem_error("previous.date", "invalid_value", "Give the date as YYYY-MM-DD."));
	else if (date) {
		const char *problem = assessment_previous_date_problem(d, r->now, years);
		if (problem)
			json_array_append_new(errs, problem_error("previous.date", "out_of_range", problem));
	}
	const char *rating = api_str(prev, "rating", 16, true, errs);
	if (rating && capacity_parse(rating) < 0)
		json_array_append_new(errs, problem_error("previous.rating", "invalid_value", "The rating is full, medium or low."));
	row->previous_agency_id = agency;
	row->previous_date = d;
	row->previous_rating = rating;
}

/* "Not assessed before": the prior assessment's files of Section 1 leave the assessment
 * (withdrawn, kept for the record). Files behind a rating given once stay. */
static int withdraw_prior_assessment_files(struct req *r, struct audit *audit, const struct assessment *x)
{
	struct document *d;
	size_t n;
	if (x->rated_at)
		return STORE_OK;
	int rc = store_documents_of_assessment(r->db, &r->arena, x->id, &d, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		if (d[i].standard == 0)
			rc = psea_document_withdraw(r, audit, x, &d[i], NULL);
	return rc;
}

static int write_intro(struct req *r, struct audit *audit, void *ctx)
{
	struct step *w = ctx;
	const struct assessment_intro_row *row = w->in;
	int rc = store_assessment_set_intro(r->db, w->x->id, w->version, w->x->status, row, assessment_status_name(w->to), r->now);
	if (rc == STORE_OK && row->previously_assessed == 0)
		rc = withdraw_prior_assessment_files(r, audit, w->x);
	if (rc == STORE_OK && w->to != w->from)
		rc = store_history_add(r->db, w->x->id, r->user->id, "intro_completed", w->x->status,
				       assessment_status_name(w->to), NULL, r->now);
	return rc != STORE_OK ? rc : audit_add(audit, "assessment", w->x->id, "intro");
}

void assessments_intro(struct req *r)
{
	struct assessment x;
	int64_t version;
	if (!psea_load(r, 0, ASSESS_EDIT_INTRO, &x) || !psea_if_match(r, &x, &version) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	struct assessment_intro_row row = {x.contact_with_beneficiaries, x.previously_assessed, x.previous_agency_id,
					   x.previous_date, x.previous_rating};
	int cwb = opt_bool(r->body, "contact_with_beneficiaries", errs);
	int prev = opt_bool(r->body, "previously_assessed", errs);
	if (cwb != -2) row.contact_with_beneficiaries = cwb;
	if (prev != -2) row.previously_assessed = prev;
	json_t *previous = json_object_get(r->body, "previous");
	if (row.previously_assessed != 1) {
		if (previous && !json_is_null(previous))
			json_array_append_new(errs, problem_error("previous", "not_applicable",
				"Give the prior assessment only when previously_assessed is true."));
		row.previous_agency_id = 0;
		row.previous_date = 0;
		row.previous_rating = NULL;
	} else if (previous && json_is_null(previous)) {
		row.previous_agency_id = 0;
		row.previous_date = 0;
		row.previous_rating = NULL;
	} else if (previous) {
		int years, rc = psea_validity_years(r, &years);
		if (rc != STORE_OK) {
			json_decref(errs);
			api_store_failed(r, rc);
			return;
		}
		parse_previous(r, previous, years, &row, errs);
	}
	struct assessment_intro in = {row.contact_with_beneficiaries, row.previously_assessed,
				      row.previous_date != 0 && row.previous_rating && row.previous_agency_id};
	bool complete = assessment_intro_complete(&in);
	enum assessment_status from = (enum assessment_status)assessment_status_parse(x.status);
	if (from == ASSESSMENT_SELF_ASSESSMENT && !complete && json_array_size(errs) == 0)
		json_array_append_new(errs, problem_error("previous", "required",
			"Section 1 was complete; give the prior assessment's agency, date and rating, or answer previously_assessed false."));
	if (api_invalid(r, errs))
		return;
	enum assessment_status to = assessment_next_status(from, ASSESS_EDIT_INTRO, complete);
	struct step w = {.x = &x, .version = version, .from = from, .to = to, .in = &row};
	if (api_write(r, write_intro, &w))
		psea_reply_assessment_read(r, 200, x.id);
}

static void answers_of(const struct answer_row rows[8], enum answer out[STANDARD_COUNT])
{
	for (int k = 0; k < STANDARD_COUNT; k++) {
		int a = answer_parse(rows[k].answer);
		out[k] = a < 0 ? ANSWER_NONE : (enum answer)a;
	}
}

static int write_transition(struct req *r, struct audit *audit, void *ctx)
{
	struct step *w = ctx;
	const char *to = assessment_status_name(w->to);
	int rc = store_assessment_set_status(r->db, w->x->id, w->version, w->x->status, to, r->now);
	if (rc == STORE_OK)
		rc = store_history_add(r->db, w->x->id, r->user->id, w->action, w->x->status, to, w->reason, r->now);
	/* either unlock grants the partner's open requests */
	if (rc == STORE_OK && (w->act == ASSESS_UNLOCK_SELF || w->act == ASSESS_UNLOCK_RATING))
		rc = store_unlock_requests_resolve(r->db, w->x->id, r->user->id, r->now);
	if (rc == STORE_OK)
		rc = audit_add(audit, "assessment", w->x->id, w->action);
	if (rc == STORE_ECONSTRAINT) {
		/* Reopening would give the partner two open assessments. */
		reply_problem(r, 409, "invalid_state", "The partner has another open assessment; finish that one first.", NULL);
		return API_ANSWERED;
	}
	return rc;
}

/* A transition that needs no body: status change plus history. */
static void transition(struct req *r, const struct assessment *x, int64_t version, enum assessment_action act,
		       const char *action, const char *reason)
{
	enum assessment_status from = (enum assessment_status)assessment_status_parse(x->status);
	struct step w = {.x = x, .version = version, .act = act, .from = from, .to = assessment_next_status(from, act, true),
			 .action = action, .reason = reason};
	if (api_write(r, write_transition, &w))
		psea_reply_assessment_read(r, 200, x->id);
}

void assessments_self_submit(struct req *r)
{
	struct assessment x;
	int64_t version;
	if (!psea_load(r, 0, ASSESS_SUBMIT_SELF, &x) || !psea_if_match(r, &x, &version))
		return;
	enum answer answers[STANDARD_COUNT];
	answers_of(x.self, answers);
	int docs[STANDARD_COUNT] = {0};
	struct document *d;
	size_t nd;
	if (store_documents_of_assessment(r->db, &r->arena, x.id, &d, &nd) != STORE_OK) {
		api_store_failed(r, STORE_ERROR);
		return;
	}
	for (size_t i = 0; i < nd; i++)
		if (d[i].standard >= 1 && d[i].standard <= STANDARD_COUNT && d[i].approved)
			docs[d[i].standard - 1]++;
	struct submit_gaps g = assessment_submit_gaps(answers, docs);
	if (g.missing || g.yes_without_document) {
		json_t *errs = json_array();
		for (int k = 1; k <= STANDARD_COUNT; k++) {
			char field[64];
			if (g.missing & (1u << (k - 1))) {
				snprintf(field, sizeof field, "standards[%d].self.answer", k);
				json_array_append_new(errs, problem_error(field, "required",
					arena_printf(&r->arena, "Standard %d (%s) has no answer.", k, standard_title(k))));
			}
			if (g.yes_without_document & (1u << (k - 1))) {
				snprintf(field, sizeof field, "standards[%d].self.documents", k);
				json_array_append_new(errs, problem_error(field, "document_required",
					arena_printf(&r->arena, "Standard %d (%s) is answered yes: upload at least one approved document.",
						     k, standard_title(k))));
			}
		}
		reply_problem(r, 422, "incomplete", arena_printf(&r->arena, "The self-assessment cannot be submitted yet: "
			      "%zu gaps, listed in errors.", json_array_size(errs)), errs);
		return;
	}
	transition(r, &x, version, ASSESS_SUBMIT_SELF, "self_assessment_submitted", NULL);
}

/* The options of finalize: {"new_rating_date": true|false}, optional, as is the body itself.
 * -1 after answering 422. */
static int finalize_new_date(struct req *r)
{
	if (!r->body)
		return 0;
	if (!api_body_object(r))
		return -1;
	json_t *errs = json_array();
	int v = opt_bool(r->body, "new_rating_date", errs);
	if (api_invalid(r, errs))
		return -1;
	return v == 1;
}

/* w->in: the rating row. */
static int write_rating(struct req *r, struct audit *audit, void *ctx)
{
	struct step *w = ctx;
	int rc = store_assessment_set_rating(r->db, w->x->id, w->version, w->x->status, w->in, r->now);
	if (rc == STORE_OK)
		rc = store_history_add(r->db, w->x->id, r->user->id, w->action, w->x->status, "rated", NULL, r->now);
	if (rc == STORE_OK && w->act == ASSESS_FINALIZE && w->x->rated_at) /* rated again: the plan answers the new rating */
		rc = csip_rerated(r, audit, w->x, w->leaves_gap);
	if (rc == STORE_OK)
		rc = audit_add(audit, "assessment", w->x->id, w->act == ASSESS_FINALIZE ? "finalize" : "accept_previous");
	if (rc == STORE_ECONSTRAINT && w->act == ASSESS_FINALIZE) /* cannot happen from rated; kept for safety */
		rc = STORE_ECONFLICT;
	return rc;
}

void assessments_finalize(struct req *r)
{
	struct assessment x;
	int64_t version;
	int new_date;
	if (!psea_load(r, 0, ASSESS_FINALIZE, &x) || !psea_if_match(r, &x, &version) || (new_date = finalize_new_date(r)) < 0)
		return;
	enum answer answers[STANDARD_COUNT];
	answers_of(x.verified, answers);
	unsigned missing = assessment_unanswered(answers);
	if (missing) {
		json_t *errs = json_array();
		for (int k = 1; k <= STANDARD_COUNT; k++)
			if (missing & (1u << (k - 1))) {
				char field[64];
				snprintf(field, sizeof field, "standards[%d].verified.answer", k);
				json_array_append_new(errs, problem_error(field, "required",
					arena_printf(&r->arena, "Standard %d (%s) has no verified answer.", k, standard_title(k))));
			}
		reply_problem(r, 422, "incomplete", "Finalizing needs a verified answer to all eight standards; see errors.", errs);
		return;
	}
	struct rating_bands bands;
	int years, rc_set = psea_bands(r, &bands);
	if (rc_set == STORE_OK)
		rc_set = psea_validity_years(r, &years);
	if (rc_set != STORE_OK) {
		api_store_failed(r, rc_set);
		return;
	}
	struct rating rt = rating_compute(answers, bands);
	/* a revision after an unlock keeps the rating's date, and so its validity and plan clocks */
	instant_t rated_at = assessment_rating_date(x.rating ? x.rated_at : 0, r->now, new_date == 1);
	struct rating_row_in row = {"verified", capacity_name(rt.capacity), rt.standards_met, rt.eligible, rated_at,
				    assessment_valid_until(rated_at, years), r->user->id, bands, r->now};
	struct step w = {.x = &x, .version = version, .act = ASSESS_FINALIZE, .action = "finalized", .in = &row,
			 .leaves_gap = rt.capacity != CAPACITY_FULL || !rt.eligible};
	if (api_write(r, write_rating, &w))
		psea_reply_assessment_read(r, 200, x.id);
}

/* {"reason"}: required, at most API_TEXT_MAX; NULL after answering 422. */
static const char *required_reason(struct req *r)
{
	if (!api_body_object(r))
		return NULL;
	json_t *errs = json_array();
	const char *reason = api_str(r->body, "reason", API_TEXT_MAX, true, errs);
	if (reason && !reason[strspn(reason, " \t\r\n")]) {
		json_array_append_new(errs, problem_error("reason", "required", "Give the reason in words."));
		reason = NULL;
	}
	return api_invalid(r, errs) ? NULL : reason;
}

void assessments_unlock_rating(struct req *r)
{
	struct assessment x;
	int64_t version;
	const char *reason;
	if (!psea_load(r, 0, ASSESS_UNLOCK_RATING, &x) || !psea_if_match(r, &x, &version))
		return;
	if (x.source && strcmp(x.source, "previous") == 0) {
		reply_problem(r, 409, "invalid_state", "This rating is an accepted prior assessment, with no verification to reopen; "
			      "open a new assessment for a new rating.", NULL);
		return;
	}
	if (!(reason = required_reason(r)))
		return;
	transition(r, &x, version, ASSESS_UNLOCK_RATING, "rating_unlocked", reason);
}

void assessments_unlock_self(struct req *r)
{
	struct assessment x;
	int64_t version;
	const char *reason;
	if (!psea_load(r, 0, ASSESS_UNLOCK_SELF, &x) || !psea_if_match(r, &x, &version) || !(reason = required_reason(r)))
		return;
	transition(r, &x, version, ASSESS_UNLOCK_SELF, "self_assessment_unlocked", reason);
}

static int write_unlock_request(struct req *r, struct audit *audit, void *ctx)
{
	struct step *w = ctx;
	w->id = store_unlock_request_add(r->db, w->x->id, r->user->id, w->reason, r->now);
	int rc = w->id < 0 ? (int)w->id : store_history_add(r->db, w->x->id, r->user->id, "unlock_requested", NULL, NULL, w->reason, r->now);
	return rc != STORE_OK ? rc : audit_add(audit, "unlock_request", w->id, "create");
}

void assessments_unlock_request(struct req *r)
{
	struct assessment x;
	const char *reason;
	if (!psea_load(r, 0, ASSESS_REQUEST_UNLOCK, &x) || !(reason = required_reason(r)))
		return;
	struct step w = {.x = &x, .reason = reason};
	if (!api_write(r, write_unlock_request, &w))
		return;
	reply_json(r, 201, json_pack("{s:o, s:o, s:s, s:o, s:o, s:n}", "id", api_id(w.id), "assessment_id", api_id(x.id),
				     "reason", reason, "requested_by", api_id(r->user->id), "created_at", api_instant(r->now),
				     "resolved_at"));
}

void assessments_accept_previous(struct req *r)
{
	struct assessment x;
	int64_t version;
	if (!psea_load(r, 0, ASSESS_ACCEPT_PREVIOUS, &x) || !psea_if_match(r, &x, &version))
		return;
	int years, rc_years = psea_validity_years(r, &years);
	if (rc_years != STORE_OK) {
		api_store_failed(r, rc_years);
		return;
	}
	json_t *errs = json_array();
	if (x.previously_assessed != 1 || !x.previous_date || !x.previous_rating) {
		json_array_append_new(errs, problem_error("intro.previous", "required",
			"Section 1 declares no prior assessment to accept."));
	} else {
		const char *problem = assessment_previous_date_problem(x.previous_date, r->now, years);
		if (problem)
			json_array_append_new(errs, problem_error("intro.previous.date", "out_of_range", problem));
		struct document *d;
		size_t nd;
		bool uploaded = false, plan = false;
		if (store_documents_of_assessment(r->db, &r->arena, x.id, &d, &nd) == STORE_OK)
			for (size_t i = 0; i < nd; i++) {
				if (d[i].standard != 0 || !d[i].approved)
					continue;
				bool is_plan = d[i].kind && strcmp(d[i].kind, ASSESSMENT_DOC_PREVIOUS_PLAN) == 0;
				plan = plan || is_plan;
				uploaded = uploaded || !is_plan;
			}
		if (!uploaded)
			json_array_append_new(errs, problem_error("intro.documents", "document_required",
				"Upload the verified prior assessment (a Section 1 document) first."));
		int c = capacity_parse(x.previous_rating);
		if (c >= 0 && assessment_previous_needs_plan((enum capacity)c) && !plan)
			json_array_append_new(errs, problem_error("intro.documents", "plan_required",
				arena_printf(&r->arena, "The prior rating was %s: upload the capacity strengthening plan that came with it "
					     "(a Section 1 document of kind '" ASSESSMENT_DOC_PREVIOUS_PLAN "') first.", x.previous_rating)));
	}
	if (api_invalid(r, errs))
		return;
	struct rating_row_in row = {"previous", x.previous_rating, -1, 1, x.previous_date,
				    assessment_valid_until(x.previous_date, years), r->user->id, {0, 0}, r->now};
	struct step w = {.x = &x, .version = version, .act = ASSESS_ACCEPT_PREVIOUS, .action = "previous_accepted", .in = &row};
	if (api_write(r, write_rating, &w))
		psea_reply_assessment_read(r, 200, x.id);
}

/* w->id: the agency; w->reason: its code, for the history. */
static int write_join(struct req *r, struct audit *audit, void *ctx)
{
	struct step *w = ctx;
	int rc = store_assessment_add_agency(r->db, w->x->id, w->id, r->user->id, r->now);
	if (rc == STORE_ECONSTRAINT)
		rc = STORE_ECONFLICT;
	if (rc == STORE_OK)
		rc = store_history_add(r->db, w->x->id, r->user->id, "agency_joined", NULL, NULL, w->reason, r->now);
	return rc != STORE_OK ? rc : audit_add(audit, "assessment", w->x->id, "join");
}

void assessments_join(struct req *r)
{
	struct assessment x;
	if (!psea_load(r, 0, ASSESS_JOIN, &x) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	json_t *v = json_object_get(r->body, "agency_id");
	int64_t agency = api_json_id(v);
	struct org o;
	if (!v || json_is_null(v))
		json_array_append_new(errs, problem_error("agency_id", "required", "Name your agency."));
	else if (!agency || store_org_get(r->db, &r->arena, agency, &o) != STORE_OK || strcmp(o.kind, "agency") != 0)
		json_array_append_new(errs, problem_error("agency_id", "unknown", "There is no agency with this id."));
	if (api_invalid(r, errs))
		return;
	if (agency != r->user->org.id) {
		reply_problem(r, 403, "forbidden", "You may join an assessment for your own agency only.", NULL);
		return;
	}
	bool joined;
	int rc_joined = store_assessment_has_agency(r->db, x.id, agency, &joined);
	if (rc_joined != STORE_OK) {
		api_store_failed(r, rc_joined);
		return;
	}
	if (joined) {
		reply_problem(r, 409, "invalid_state", "Your agency takes part in this assessment already.", NULL);
		return;
	}
	struct step w = {.x = &x, .id = agency, .reason = o.code};
	if (api_write(r, write_join, &w))
		psea_reply_assessment_read(r, 200, x.id);
}
