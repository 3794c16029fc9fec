/* assessment_json.c: the assessment object of API.md (see assessment_json.h), its plan embedded. */
#include <string.h>
#include "assessment_json.h"
#include "csip.h"
#include "standing.h"

/* Appends to list a listed document with whether the caller may withdraw it now. Does nothing
 * after an earlier failure (rc), so a loop of calls keeps the first one. STORE_OK, or the
 * store's failure to read what decides it. */
static int list_document(struct req *r, const struct assessment *x, const struct document *d, bool may_edit,
			 json_t *list, int rc)
{
	struct document_facts facts;
	if (rc == STORE_OK && may_edit)
		rc = psea_document_facts(r, x, d, &facts);
	if (rc != STORE_OK)
		return rc;
	json_t *j = psea_document_json(d);
	json_object_set_new(j, "withdrawable", json_boolean(may_edit && assessment_document_withdrawable(&facts) == ASSESS_OK));
	json_array_append_new(list, j);
	return STORE_OK;
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
	int listed = STORE_OK; /* the first failure to read the documents or whether one may be withdrawn */
	json_t *intro_docs = json_array();
	for (size_t d = 0; d < ndocs; d++)
		if (docs[d].standard == 0)
			listed = list_document(r, x, &docs[d], may_edit, intro_docs, listed);
	struct document *evidence;
	size_t nevidence = 0;
	int rc_evidence = store_documents_of_activities(r->db, &r->arena, x->id, &evidence, &nevidence);
	if (rc_evidence != STORE_OK) { /* the answer fails below, once what it holds can be freed at once */
		listed = rc_evidence;
		nevidence = 0;
	}
	json_t *activity_docs = json_array();
	for (size_t d = 0; d < nevidence; d++)
		listed = list_document(r, x, &evidence[d], may_edit, activity_docs, listed);
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
				listed = list_document(r, x, &docs[d], may_edit, sdocs, listed);
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
	if (listed != STORE_OK) {
		json_decref(j);
		return listed;
	}
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

void psea_reply_assessment_read(struct req *r, int status, int64_t id)
{
	struct assessment x;
	int rc = store_assessment_get(r->db, &r->arena, id, &x);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	psea_reply_assessment(r, status, &x);
}
