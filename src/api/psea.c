/* psea.c: see psea.h. */
#include <string.h>
#include "psea.h"
#include "csip.h"

struct rating_bands psea_bands(struct req *r)
{
	return (struct rating_bands){(int)store_setting_int(r->db, "rating.full_min", 8),
				     (int)store_setting_int(r->db, "rating.medium_min", 6)};
}

int psea_validity_years(struct req *r) { return (int)store_setting_int(r->db, "validity.years", 5); }

static enum rating_source source_of(const char *s)
{
	if (s && strcmp(s, "previous") == 0) return RATING_SOURCE_PREVIOUS;
	if (s && strcmp(s, "migrated") == 0) return RATING_SOURCE_MIGRATED;
	return RATING_SOURCE_VERIFIED;
}

int psea_standing(struct req *r, int64_t partner_id, struct standing *out)
{
	struct rating_record *rows;
	size_t n;
	int rc = store_partner_ratings(r->db, &r->arena, partner_id, &rows, &n);
	if (rc != STORE_OK)
		return rc;
	struct standing_record *recs = arena_alloc(&r->arena, (n ? n : 1) * sizeof *recs);
	for (size_t i = 0; i < n; i++) {
		struct standing_record *s = &recs[i];
		s->source = source_of(rows[i].source);
		s->id = rows[i].id;
		s->agency_id = rows[i].agency_id;
		s->rated_at = rows[i].rated_at;
		int c = capacity_parse(rows[i].rating);
		s->capacity = c < 0 ? CAPACITY_NONE : (enum capacity)c;
		s->eligible = rows[i].eligible != 0;
		s->has_answers = rows[i].answers_in_force;
		for (int k = 0; k < STANDARD_COUNT; k++) {
			int a = answer_parse(rows[i].answers[k]);
			s->answers[k] = a < 0 ? ANSWER_NONE : (enum answer)a;
		}
	}
	struct standing_input in = {
		.records = recs, .nrecords = (int)n, .bands = psea_bands(r), .validity_years = psea_validity_years(r),
		.expiring_months = (int)store_setting_int(r->db, "expiring.months", 12),
	};
	psea_standing_extend(r, partner_id, &in);
	*out = standing_compute(&in, r->now);
	return STORE_OK;
}

json_t *psea_agency_json(struct req *r, int64_t agency_id)
{
	struct org o;
	if (!agency_id || store_org_get(r->db, &r->arena, agency_id, &o) != STORE_OK)
		return json_null();
	return api_org_json(&o);
}

json_t *psea_summary_json(struct req *r, int64_t partner_id)
{
	struct standing s;
	if (psea_standing(r, partner_id, &s) != STORE_OK)
		return json_null();
	bool in_force = s.status == STANDING_VALID || s.status == STANDING_EXPIRING;
	json_t *standards = json_array();
	for (int k = 0; k < STANDARD_COUNT; k++) {
		const char *a = in_force && s.record && s.record->has_answers ? answer_name(s.met[k]) : NULL;
		json_array_append_new(standards, a ? json_string(a) : json_null());
	}
	const char *rating = in_force ? capacity_name(s.capacity) : NULL;
	json_t *j = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}",
		"status", standing_status_name(s.status),
		"rating", rating ? json_string(rating) : json_null(),
		"rating_date", api_date(s.rated_at),
		"rated_at", api_instant(s.rated_at),
		"valid_until", api_date(s.valid_until),
		"assessed_by", s.record ? psea_agency_json(r, s.record->agency_id) : json_null(),
		"eligible", in_force ? json_boolean(s.eligible) : json_null(),
		"standards_met", in_force && s.standards_met >= 0 ? json_integer(s.standards_met) : json_null(),
		"source", s.record ? json_string(rating_source_name(s.record->source)) : json_null(),
		"expiring", s.status == STANDING_EXPIRING,
		"standards", standards);
	json_object_set_new(j, "csip", in_force ? csip_summary_json(r, s.record) : json_null());
	return j;
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
	return json_pack("{s:o, s:s, s:o, s:o, s:s, s:I, s:s, s:o, s:b, s:o}", "id", api_id(d->id), "title", d->title,
			 "standard", d->standard ? json_integer(d->standard) : json_null(),
			 "kind", d->kind ? json_string(d->kind) : json_null(), "content_type", d->content_type,
			 "size", (json_int_t)d->size, "sha256", d->sha256,
			 "uploaded_by", d->uploaded_by ? api_id(d->uploaded_by) : json_null(), "on_behalf", d->on_behalf,
			 "uploaded_at", api_instant(d->uploaded_at));
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

static json_t *history_json(struct req *r, int64_t id)
{
	struct history_entry *h;
	size_t n;
	json_t *items = json_array();
	if (store_history_list(r->db, &r->arena, id, &h, &n) != STORE_OK)
		return items;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:o, s:o, s:s, s:o, s:o, s:o}", "at", api_instant(h[i].at),
			"by", h[i].user_id ? api_id(h[i].user_id) : json_null(), "action", h[i].action,
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

json_t *psea_assessment_json(struct req *r, const struct assessment *x)
{
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
	if (store_documents_of_assessment(r->db, &r->arena, x->id, &docs, &ndocs) != STORE_OK)
		ndocs = 0;
	json_t *intro_docs = json_array();
	for (size_t d = 0; d < ndocs; d++)
		if (docs[d].standard == 0)
			json_array_append_new(intro_docs, psea_document_json(&docs[d]));
	json_t *previous = x->previously_assessed == 1 && x->previous_date
		? json_pack("{s:o, s:o, s:o}", "agency_id", x->previous_agency_id ? api_id(x->previous_agency_id) : json_null(),
			    "date", api_date(x->previous_date), "rating", opt_string(x->previous_rating))
		: json_null();
	json_t *intro = json_pack("{s:o, s:o, s:o, s:o}", "contact_with_beneficiaries", tri_bool(x->contact_with_beneficiaries),
				  "previously_assessed", tri_bool(x->previously_assessed), "previous", previous, "documents", intro_docs);

	json_t *standards = json_array();
	for (int k = 1; k <= STANDARD_COUNT; k++) {
		json_t *sdocs = json_array();
		for (size_t d = 0; d < ndocs; d++)
			if (docs[d].standard == k)
				json_array_append_new(sdocs, psea_document_json(&docs[d]));
		int v = answer_parse(x->verified[k - 1].answer);
		json_array_append_new(standards, json_pack("{s:i, s:s, s:{s:o, s:o, s:o}, s:{s:o, s:o}, s:o}",
			"number", k, "title", standard_title(k),
			"self", "answer", opt_string(x->self[k - 1].answer), "comment", opt_string(x->self[k - 1].comment), "documents", sdocs,
			"verified", "answer", opt_string(x->verified[k - 1].answer), "comment", opt_string(x->verified[k - 1].comment),
			"met", v > 0 ? json_boolean(standard_met(k, (enum answer)v)) : json_null()));
	}
	enum answer self[STANDARD_COUNT];
	parse_answers(x->self, self);
	struct rating self_rating = rating_compute(self, psea_bands(r));
	json_t *rating = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
		"value", opt_string(x->rating),
		"standards_met", x->standards_met >= 0 ? json_integer(x->standards_met) : json_null(),
		"eligible", x->rating ? tri_bool(x->eligible) : json_null(),
		"rated_at", api_instant(x->rated_at),
		"rated_by", x->rated_by ? api_id(x->rated_by) : json_null(),
		"valid_until", api_date(x->valid_until),
		"source", x->source ? x->source : "verified");
	json_t *j = json_pack("{s:o, s:I, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", api_id(x->id), "version", (json_int_t)x->version, "partner", partner,
		"lead_agency", lead ? lead : psea_agency_json(r, x->lead_agency_id), "agencies", agencies, "status", x->status,
		"intro", intro, "standards", standards, "self_rating", rating_json(&self_rating), "rating", rating,
		"history", history_json(r, x->id), "unlock_requests", unlock_requests_json(r, x->id),
		"considered", role_is_partner(api_role(r)) ? json_null() : considered_json(r, have_partner ? &p : NULL),
		"created_at", api_instant(x->created_at), "updated_at", api_instant(x->updated_at));
	json_object_set_new(j, "csip", csip_assessment_json(r, x));
	return j;
}
