/* psea.c: see psea.h. */
#include <stdlib.h>
#include <string.h>
#include "psea.h"
#include "csip.h"
#include "../domain/csip.h"

int psea_bands(struct req *r, struct rating_bands *out)
{
	int64_t full, medium;
	int rc = store_setting_int(r->db, "rating.full_min", 8, &full);
	if (rc == STORE_OK)
		rc = store_setting_int(r->db, "rating.medium_min", 6, &medium);
	if (rc == STORE_OK)
		*out = (struct rating_bands){(int)full, (int)medium};
	return rc;
}

int psea_validity_years(struct req *r, int *out)
{
	int64_t years;
	int rc = store_setting_int(r->db, "validity.years", 5, &years);
	*out = (int)years;
	return rc;
}

instant_t psea_valid_until(instant_t rated_at, int years)
{
	return rated_at ? assessment_valid_until(rated_at, years) : 0;
}

static enum rating_source source_of(const char *s)
{
	if (s && strcmp(s, "previous") == 0) return RATING_SOURCE_PREVIOUS;
	if (s && strcmp(s, "migrated") == 0) return RATING_SOURCE_MIGRATED;
	return RATING_SOURCE_VERIFIED;
}

/* The standing's view of one rating row. */
static void record_of(const struct rating_record *row, struct standing_record *s)
{
	s->source = source_of(row->source);
	s->id = row->id;
	s->agency_id = row->agency_id;
	s->rated_at = row->rated_at;
	/* an accepted prior assessment is as old as its date, whenever it was accepted */
	s->decided_at = s->source == RATING_SOURCE_VERIFIED ? row->decided_at : 0;
	int c = capacity_parse(row->rating);
	s->capacity = c < 0 ? CAPACITY_NONE : (enum capacity)c;
	s->eligible = row->eligible != 0;
	s->has_answers = row->answers_in_force;
	s->bands = row->bands;
	for (int k = 0; k < STANDARD_COUNT; k++) {
		int a = answer_parse(row->answers[k]);
		s->answers[k] = a < 0 ? ANSWER_NONE : (enum answer)a;
	}
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The settings every standing of the set reads. */
struct standing_settings {
	struct rating_bands bands;
	int validity_years, expiring_months;
	struct csip_settings csip;
};

/* One partner's standing input from its rows; *latest: the index of the rating the standing
 * will rest on, -1 when none. */
static void input_of(struct req *r, const struct partner_standing_rows *rows, const struct standing_settings *set,
		     struct standing_input *in, long *latest)
{
	struct standing_record *recs = arena_alloc(&r->arena, (rows->nratings ? rows->nratings : 1) * sizeof *recs);
	for (size_t i = 0; i < rows->nratings; i++)
		record_of(&rows->ratings[i], &recs[i]);
	*in = (struct standing_input){
		.records = recs, .nrecords = (int)rows->nratings, .bands = set->bands,
		.validity_years = set->validity_years, .expiring_months = set->expiring_months,
	};
	const struct standing_record *best = standing_latest(in);
	*latest = best ? (long)(best - recs) : -1;
}

int psea_standings_load(struct req *r, const int64_t *partner_ids, size_t n, struct psea_standings *out)
{
	memset(out, 0, sizeof *out);
	int64_t *ids = arena_alloc(&r->arena, (n ? n : 1) * sizeof *ids);
	size_t nids = 0;
	memcpy(ids, partner_ids, n * sizeof *ids);
	qsort(ids, n, sizeof *ids, id_cmp);
	for (size_t i = 0; i < n; i++)
		if (!nids || ids[nids - 1] != ids[i])
			ids[nids++] = ids[i];
	if (!nids)
		return STORE_OK;
	struct partner_standing_rows *rows = arena_alloc(&r->arena, nids * sizeof *rows);
	int rc = store_standing_rows(r->db, &r->arena, ids, nids, rows);
	if (rc != STORE_OK)
		return rc;
	struct standing_settings set;
	int64_t expiring;
	if ((rc = psea_bands(r, &set.bands)) != STORE_OK || (rc = psea_validity_years(r, &set.validity_years)) != STORE_OK ||
	    (rc = store_setting_int(r->db, "expiring.months", 12, &expiring)) != STORE_OK ||
	    (rc = csip_settings_read(r, &set.csip)) != STORE_OK)
		return rc;
	set.expiring_months = (int)expiring;
	struct standing_input *in = arena_alloc(&r->arena, nids * sizeof *in);
	long *latest = arena_alloc(&r->arena, nids * sizeof *latest);
	int64_t *assessment_ids = arena_alloc(&r->arena, nids * sizeof *assessment_ids);
	size_t *plan_of = arena_alloc(&r->arena, nids * sizeof *plan_of);
	size_t nassessments = 0;
	for (size_t i = 0; i < nids; i++) {
		input_of(r, &rows[i], &set, &in[i], &latest[i]);
		plan_of[i] = nassessments;
		/* only an assessment's rating has a plan */
		if (latest[i] >= 0 && in[i].records[latest[i]].source != RATING_SOURCE_MIGRATED)
			assessment_ids[nassessments++] = in[i].records[latest[i]].id;
	}
	struct store_csip *plans = arena_alloc(&r->arena, (nassessments ? nassessments : 1) * sizeof *plans);
	if ((rc = store_csip_plans_of(r->db, &r->arena, assessment_ids, nassessments, plans)) != STORE_OK)
		return rc;
	out->items = arena_alloc(&r->arena, nids * sizeof *out->items);
	out->n = nids;
	for (size_t i = 0; i < nids; i++) {
		struct psea_standing_of *item = &out->items[i];
		item->partner_id = ids[i];
		item->plan = arena_alloc(&r->arena, sizeof *item->plan);
		if (latest[i] >= 0)
			csip_of_record_fill(r, &rows[i].ratings[latest[i]], in[i].records[latest[i]].source,
					    &plans[plan_of[i]], set.csip, item->plan);
		psea_standing_extend(r, &rows[i], item->plan, &in[i]);
		item->standing = standing_compute(&in[i], r->now);
	}
	return STORE_OK;
}

const struct psea_standing_of *psea_standings_find(const struct psea_standings *s, int64_t partner_id)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->items[mid].partner_id < partner_id) lo = mid + 1;
		else hi = mid;
	}
	return lo < s->n && s->items[lo].partner_id == partner_id ? &s->items[lo] : NULL;
}

int psea_standing(struct req *r, int64_t partner_id, struct standing *out)
{
	struct psea_standings s;
	int rc = psea_standings_load(r, &partner_id, 1, &s);
	if (rc != STORE_OK)
		return rc;
	const struct psea_standing_of *item = psea_standings_find(&s, partner_id);
	*out = item ? item->standing : (struct standing){.standards_met = -1, .eligible = true};
	return STORE_OK;
}

json_t *psea_agency_json(struct req *r, int64_t agency_id)
{
	struct org o;
	if (!agency_id || store_org_get(r->db, &r->arena, agency_id, &o) != STORE_OK)
		return json_null();
	return api_org_json(&o);
}

/* The raters of every standing loaded, read together the first time a summary names one. */
static void raters_read(struct req *r, struct psea_standings *s)
{
	s->agencies_read = true;
	int64_t *ids = arena_alloc(&r->arena, (s->n + 1) * sizeof *ids);
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->items[i].standing.record)
			ids[n++] = s->items[i].standing.record->agency_id;
	qsort(ids, n, sizeof *ids, id_cmp);
	size_t distinct = 0;
	for (size_t i = 0; i < n; i++)
		if (!distinct || ids[distinct - 1] != ids[i])
			ids[distinct++] = ids[i];
	if (store_orgs_of(r->db, &r->arena, ids, distinct, &s->agencies, &s->nagencies) != STORE_OK)
		s->nagencies = 0;
}

static json_t *rater_json(struct req *r, struct psea_standings *s, int64_t agency_id)
{
	if (!s->agencies_read)
		raters_read(r, s);
	for (size_t i = 0; i < s->nagencies; i++)
		if (s->agencies[i].id == agency_id)
			return api_org_json(&s->agencies[i]);
	return psea_agency_json(r, agency_id);
}

const struct org *psea_standings_rater(struct req *r, struct psea_standings *s, int64_t agency_id)
{
	if (!s->agencies_read)
		raters_read(r, s);
	for (size_t i = 0; i < s->nagencies; i++)
		if (s->agencies[i].id == agency_id)
			return &s->agencies[i];
	struct org *o = arena_alloc(&r->arena, sizeof *o);
	return agency_id && store_org_get(r->db, &r->arena, agency_id, o) == STORE_OK ? o : NULL;
}

json_t *psea_standings_summary_json(struct req *r, struct psea_standings *set, int64_t partner_id)
{
	const struct psea_standing_of *item = psea_standings_find(set, partner_id);
	if (!item)
		return json_null();
	const struct standing *s = &item->standing;
	bool in_force = s->status == STANDING_VALID || s->status == STANDING_EXPIRING;
	json_t *standards = json_array();
	for (int k = 0; k < STANDARD_COUNT; k++) {
		const char *a = in_force && s->record && s->record->has_answers ? answer_name(s->met[k]) : NULL;
		json_array_append_new(standards, a ? json_string(a) : json_null());
	}
	const char *rating = in_force ? capacity_name(s->capacity) : NULL;
	json_t *j = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}",
		"status", standing_status_name(s->status),
		"rating", rating ? json_string(rating) : json_null(),
		"rating_date", api_date(s->rated_at),
		"rated_at", api_instant(s->rated_at),
		"valid_until", api_date(s->valid_until),
		"assessed_by", s->record ? rater_json(r, set, s->record->agency_id) : json_null(),
		"eligible", in_force ? json_boolean(s->eligible) : json_null(),
		"standards_met", in_force && s->standards_met >= 0 ? json_integer(s->standards_met) : json_null(),
		"source", s->record ? json_string(rating_source_name(s->record->source)) : json_null(),
		"expiring", s->status == STANDING_EXPIRING,
		"standards", standards);
	json_object_set_new(j, "csip", in_force ? csip_of_record_summary_json(r, item->plan) : json_null());
	/* the assessment behind the rating shown, so that its report and unlock are within reach */
	json_object_set_new(j, "assessment_id", s->record && s->record->source != RATING_SOURCE_MIGRATED
			    ? api_id(s->record->id) : json_null());
	return j;
}

json_t *psea_summary_json(struct req *r, int64_t partner_id)
{
	struct psea_standings s;
	if (psea_standings_load(r, &partner_id, 1, &s) != STORE_OK)
		return json_null();
	return psea_standings_summary_json(r, &s, partner_id);
}

json_t *psea_partner_json(const struct partner *p)
{
	return json_pack("{s:o, s:s, s:s, s:s, s:o, s:I, s:o}", "id", api_id(p->id), "name", p->name, "type", p->type,
			 "country", p->country, "parent_id", p->parent_id ? api_id(p->parent_id) : json_null(),
			 "version", (json_int_t)p->version, "created_at", api_instant(p->created_at));
}

struct assessment_actor psea_actor(struct req *r, const struct assessment *x)
{
	struct assessment_actor a = {.role = api_role(r)};
	if (!r->user)
		return a;
	if (role_is_partner(a.role))
		a.own_partner = r->user->org.id == x->partner_id;
	else if (role_is_agency(a.role))
		for (size_t i = 0; i < x->nagencies; i++)
			a.participating = a.participating || x->agencies[i] == r->user->org.id;
	return a;
}

bool psea_load(struct req *r, int param, enum assessment_action act, struct assessment *x)
{
	int64_t id = req_param_id(r, param);
	int rc = id ? store_assessment_get(r->db, &r->arena, id, x) : STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	struct assessment_actor actor = psea_actor(r, x);
	rc = assessment_may(&actor, act);
	if (rc == ASSESS_ENOTFOUND) {
		reply_problem(r, 404, "not_found", "There is no such assessment.", NULL);
		return false;
	}
	if (rc == ASSESS_EFORBIDDEN) {
		reply_problem(r, 403, "forbidden", "Your role does not allow this on this assessment.", NULL);
		return false;
	}
	int status = assessment_status_parse(x->status);
	if (assessment_state_allows((enum assessment_status)status, act, role_is_partner(actor.role)) != ASSESS_OK) {
		char *detail = arena_printf(&r->arena, "The assessment is in status '%s', where this step is not possible.", x->status);
		reply_problem(r, 409, "invalid_state", detail, NULL);
		return false;
	}
	return true;
}

json_t *psea_document_json(const struct document *d)
{
	json_t *j = json_pack("{s:o, s:s, s:o, s:o, s:s, s:I, s:s, s:o, s:b, s:o}", "id", api_id(d->id), "title", d->title,
			 "standard", d->standard ? json_integer(d->standard) : json_null(),
			 "kind", d->kind ? json_string(d->kind) : json_null(), "content_type", d->content_type,
			 "size", (json_int_t)d->size, "sha256", d->sha256,
			 "uploaded_by", d->uploaded_by ? api_id(d->uploaded_by) : json_null(), "on_behalf", d->on_behalf,
			 "uploaded_at", api_instant(d->uploaded_at));
	json_object_set_new(j, "activity_id", d->activity_id ? api_id(d->activity_id) : json_null());
	json_object_set_new(j, "withdrawn", d->withdrawn_at
		? json_pack("{s:o, s:o, s:o}", "at", api_instant(d->withdrawn_at),
			    "by", d->withdrawn_by ? api_id(d->withdrawn_by) : json_null(),
			    "reason", d->withdrawn_reason ? json_string(d->withdrawn_reason) : json_null())
		: json_null());
	return j;
}

/* Whether plan-activity evidence is open: its plan under way, the activity not completed. */
static bool activity_evidence_open(struct req *r, int64_t assessment_id, int64_t activity_id)
{
	struct store_csip plan;
	if (store_csip_get(r->db, &r->arena, assessment_id, &plan) != STORE_OK)
		return false;
	for (size_t i = 0; i < plan.nactivities; i++)
		if (plan.activities[i].id == activity_id)
			return assessment_activity_evidence_open(csip_status_parse(plan.status),
								 csip_activity_status_parse(plan.activities[i].status));
	return false;
}

const struct document_facts *psea_document_facts(struct req *r, const struct assessment *x, const struct document *d)
{
	struct document_facts *f = arena_alloc(&r->arena, sizeof *f);
	int status = assessment_status_parse(x->status);
	*f = (struct document_facts){
		.caller_partner_side = role_is_partner(api_role(r)), .uploaded_partner_side = !d->on_behalf,
		.status = (enum assessment_status)(status < 0 ? 0 : status),
		.rated_once = x->rated_at != 0 || status == ASSESSMENT_RATED || status == ASSESSMENT_RATING_UNLOCKED,
		.for_activity = d->activity_id != 0, .withdrawn = d->withdrawn_at != 0,
	};
	if (f->for_activity)
		f->activity_evidence_open = activity_evidence_open(r, x->id, d->activity_id);
	return f;
}

int psea_document_withdraw(struct req *r, struct audit *audit, const struct assessment *x, const struct document *d,
			   const char *reason)
{
	int rc = store_document_withdraw(r->db, d->id, r->user->id, reason, r->now);
	if (rc == STORE_OK)
		rc = store_history_add(r->db, x->id, r->user->id, "document_withdrawn", x->status, x->status,
				       reason ? arena_printf(&r->arena, "%s: %s", d->title, reason) : d->title, r->now);
	if (rc == STORE_OK)
		rc = audit_add(audit, "document", d->id, "withdraw");
	return rc;
}

/* A listed document with whether the caller may withdraw it now. */
static json_t *listed_document_json(struct req *r, const struct assessment *x, const struct document *d, bool may_edit)
{
	json_t *j = psea_document_json(d);
	json_object_set_new(j, "withdrawable", json_boolean(may_edit &&
		assessment_document_withdrawable(psea_document_facts(r, x, d)) == ASSESS_OK));
	return j;
}

static json_t *tri_bool(int v) { return v < 0 ? json_null() : json_boolean(v); }
static json_t *opt_string(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *rating_json(const struct rating *rt)
{
	return json_pack("{s:o, s:o, s:o}", "value", rt->complete ? json_string(capacity_name(rt->capacity)) : json_null(),
			 "standards_met", rt->complete ? json_integer(rt->standards_met) : json_null(),
			 "eligible", rt->complete ? json_boolean(rt->eligible) : json_null());
}

static void parse_answers(const struct answer_row rows[8], enum answer out[STANDARD_COUNT])
{
	for (int k = 0; k < STANDARD_COUNT; k++) {
		int a = answer_parse(rows[k].answer);
		out[k] = a < 0 ? ANSWER_NONE : (enum answer)a;
	}
}

/* Who took a step, by name and organisation, so the history reads without looking ids up; null
 * when the step has no account behind it. */
static json_t *history_actor(const struct history_entry *h)
{
	if (!h->user_id || !h->user_name)
		return json_null();
	json_t *org = h->org_id ? json_pack("{s:o, s:s, s:o, s:s}", "id", api_id(h->org_id), "kind", h->org_kind ? h->org_kind : "",
					    "code", opt_string(h->org_code), "name", h->org_name ? h->org_name : "")
				: json_null();
	return json_pack("{s:o, s:s, s:o}", "id", api_id(h->user_id), "name", h->user_name, "organization", org);
}

static json_t *history_json(struct req *r, int64_t id)
{
	struct history_entry *h;
	size_t n;
	json_t *items = json_array();
	if (store_history_list(r->db, &r->arena, id, &h, &n) != STORE_OK)
		return items;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:o, s:o, s:o, s:s, s:o, s:o, s:o}", "at", api_instant(h[i].at),
			"by", h[i].user_id ? api_id(h[i].user_id) : json_null(), "actor", history_actor(&h[i]), "action", h[i].action,
			"from", opt_string(h[i].from_status), "to", opt_string(h[i].to_status), "reason", opt_string(h[i].reason)));
	return items;
}

static json_t *unlock_requests_json(struct req *r, int64_t id)
{
	struct unlock_request *u;
	size_t n;
	json_t *items = json_array();
	if (store_unlock_requests_list(r->db, &r->arena, id, &u, &n) != STORE_OK)
		return items;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:o, s:s, s:o, s:o, s:o}", "id", api_id(u[i].id), "reason", u[i].reason,
			"requested_by", u[i].requested_by ? api_id(u[i].requested_by) : json_null(),
			"created_at", api_instant(u[i].created_at), "resolved_at", api_instant(u[i].resolved_at)));
	return items;
}

/* The headquarters' standing of an INGO country office: shown beside, never in place of, its own. */
static json_t *considered_json(struct req *r, const struct partner *p)
{
	struct partner hq;
	if (!p || !p->parent_id || store_partner_get(r->db, &r->arena, p->parent_id, &hq) != STORE_OK)
		return json_null();
	return json_pack("{s:o, s:s, s:o}", "partner_id", api_id(hq.id), "name", hq.name, "psea", psea_summary_json(r, hq.id));
}

int psea_assessment_json(struct req *r, const struct assessment *x, json_t **out)
{
	*out = NULL;
	struct rating_bands bands;
	int years;
	json_t *csip;
	int rc = psea_bands(r, &bands);
	if (rc == STORE_OK)
		rc = psea_validity_years(r, &years);
	if (rc == STORE_OK)
		rc = csip_assessment_json(r, x, &csip);
	if (rc != STORE_OK)
		return rc;
	struct partner p;
	bool have_partner = store_partner_get(r->db, &r->arena, x->partner_id, &p) == STORE_OK;
	json_t *partner = have_partner ? psea_partner_json(&p) : json_null();
	json_t *agencies = json_array(), *lead = NULL;
	for (size_t i = 0; i < x->nagencies; i++) {
		json_t *agency = psea_agency_json(r, x->agencies[i]);
		if (x->agencies[i] == x->lead_agency_id)
			lead = json_deep_copy(agency);
		json_array_append_new(agencies, agency);
	}
	struct document *docs;
	size_t ndocs = 0;
	if ((rc = store_documents_of_assessment(r->db, &r->arena, x->id, &docs, &ndocs)) != STORE_OK) {
		json_decref(csip);
		json_decref(partner);
		json_decref(agencies);
		json_decref(lead);
		return rc;
	}
	/* the caller's role may withdraw documents at all (editors taking part) */
	struct assessment_actor actor = psea_actor(r, x);
	bool may_edit = assessment_may(&actor, ASSESS_UPLOAD) == ASSESS_OK;
	json_t *intro_docs = json_array();
	for (size_t d = 0; d < ndocs; d++)
		if (docs[d].standard == 0)
			json_array_append_new(intro_docs, listed_document_json(r, x, &docs[d], may_edit));
	struct document *evidence;
	size_t nevidence = 0;
	if (store_documents_of_activities(r->db, &r->arena, x->id, &evidence, &nevidence) != STORE_OK)
		nevidence = 0;
	json_t *activity_docs = json_array();
	for (size_t d = 0; d < nevidence; d++)
		json_array_append_new(activity_docs, listed_document_json(r, x, &evidence[d], may_edit));
	json_t *previous = x->previously_assessed == 1 && x->previous_date
		? json_pack("{s:o, s:o, s:o}", "agency_id", x->previous_agency_id ? api_id(x->previous_agency_id) : json_null(),
			    "date", api_date(x->previous_date), "rating", opt_string(x->previous_rating))
		: json_null();
	json_t *intro = json_pack("{s:o, s:o, s:o, s:o}", "contact_with_beneficiaries", tri_bool(x->contact_with_beneficiaries),
				  "previously_assessed", tri_bool(x->previously_assessed), "previous", previous, "documents", intro_docs);

	/* The partner reads the verification once it is the rating's, never the agency's drafts. */
	bool verified_shown = assessment_verification_visible((enum assessment_status)assessment_status_parse(x->status),
							      role_is_partner(api_role(r)));
	json_t *standards = json_array();
	for (int k = 1; k <= STANDARD_COUNT; k++) {
		json_t *sdocs = json_array();
		for (size_t d = 0; d < ndocs; d++)
			if (docs[d].standard == k)
				json_array_append_new(sdocs, listed_document_json(r, x, &docs[d], may_edit));
		const struct answer_row *ver = &x->verified[k - 1];
		int v = verified_shown ? answer_parse(ver->answer) : -1;
		json_array_append_new(standards, json_pack("{s:i, s:s, s:{s:o, s:o, s:o}, s:{s:o, s:o}, s:o}",
			"number", k, "title", standard_title(k),
			"self", "answer", opt_string(x->self[k - 1].answer), "comment", opt_string(x->self[k - 1].comment), "documents", sdocs,
			"verified", "answer", opt_string(verified_shown ? ver->answer : NULL),
			"comment", opt_string(verified_shown ? ver->comment : NULL),
			"met", v > 0 ? json_boolean(standard_met(k, (enum answer)v)) : json_null()));
	}
	enum answer self[STANDARD_COUNT];
	parse_answers(x->self, self);
	struct rating self_rating = rating_compute(self, bands);
	json_t *rating = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
		"value", opt_string(x->rating),
		"standards_met", x->standards_met >= 0 ? json_integer(x->standards_met) : json_null(),
		"eligible", x->rating ? tri_bool(x->eligible) : json_null(),
		"rated_at", api_instant(x->rated_at),
		"rated_by", x->rated_by ? api_id(x->rated_by) : json_null(),
		"valid_until", api_date(x->rating ? psea_valid_until(x->rated_at, years) : 0),
		"source", x->source ? x->source : "verified");
	json_t *j = json_pack("{s:o, s:I, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", api_id(x->id), "version", (json_int_t)x->version, "partner", partner,
		"lead_agency", lead ? lead : psea_agency_json(r, x->lead_agency_id), "agencies", agencies, "status", x->status,
		"intro", intro, "standards", standards, "self_rating", rating_json(&self_rating), "rating", rating,
		"history", history_json(r, x->id), "unlock_requests", unlock_requests_json(r, x->id),
		"considered", role_is_partner(api_role(r)) ? json_null() : considered_json(r, have_partner ? &p : NULL),
		"created_at", api_instant(x->created_at), "updated_at", api_instant(x->updated_at));
	json_object_set_new(j, "csip", csip);
	/* "offline_form" when brought in from the offline workbook (offline_import.c) */
	json_object_set_new(j, "imported_from", opt_string(x->imported_from));
	/* evidence of the plan's activities, each naming its activity_id */
	json_object_set_new(j, "activity_documents", activity_docs);
	*out = j;
	return STORE_OK;
}

void psea_reply_assessment(struct req *r, int status, const struct assessment *x)
{
	json_t *j;
	int rc = psea_assessment_json(r, x, &j);
	if (rc != STORE_OK)
		api_store_failed(r, rc);
	else
		reply_json(r, status, j);
}

#define PSEA_PAGE 200 /* partners per page: one store_partners_list and one psea_standings_load */

/* One page after partner id `after`: *n partners, *last the id to continue after. */
static int each_partner_page(struct req *r, int64_t agency_id, int64_t after, psea_partner_fn *fn, void *ctx,
			     size_t *n, int64_t *last)
{
	struct partner_filter f = {.agency_id = agency_id, .after = after, .limit = PSEA_PAGE};
	struct partner *ps;
	*n = 0;
	int rc = store_partners_list(r->db, &r->arena, &f, &ps, n);
	if (rc != STORE_OK || !*n)
		return rc;
	int64_t *ids = arena_alloc(&r->arena, *n * sizeof *ids);
	for (size_t i = 0; i < *n; i++)
		ids[i] = ps[i].id;
	struct psea_standings page;
	if ((rc = psea_standings_load(r, ids, *n, &page)) != STORE_OK)
		return rc;
	/* a partner not loaded (none is: every id of the page is) reads as never assessed */
	static const struct psea_standing_of none = {.standing = {.standards_met = -1, .eligible = true}};
	for (size_t i = 0; i < *n; i++) {
		const struct psea_standing_of *s = psea_standings_find(&page, ps[i].id);
		fn(r, &ps[i], s ? s : &none, &page, ctx);
	}
	*last = ps[*n - 1].id;
	return STORE_OK;
}

int psea_each_partner(struct req *r, int64_t agency_id, psea_partner_fn *fn, void *ctx)
{
	int64_t after = 0;
	for (;;) {
		/* the page allocates in r->arena (store, standings, fn): give it an arena of its own */
		struct arena request = r->arena;
		arena_init(&r->arena);
		size_t n;
		int rc = each_partner_page(r, agency_id, after, fn, ctx, &n, &after);
		arena_free(&r->arena);
		r->arena = request;
		if (rc != STORE_OK || n < PSEA_PAGE)
			return rc;
	}
}
