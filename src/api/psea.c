/* psea.c: see psea.h. */
#include <stdlib.h>
#include <string.h>
#include "psea.h"
#include "../domain/csip.h"

int psea_bands(struct req *r, struct rating_bands *out)
{
	int64_t full, medium;
	int rc = settings_get(r->db, SETTING_RATING_FULL_MIN, &full);
	if (rc == STORE_OK)
		rc = settings_get(r->db, SETTING_RATING_MEDIUM_MIN, &medium);
	if (rc == STORE_OK)
		*out = (struct rating_bands){(int)full, (int)medium};
	return rc;
}

int psea_validity_years(struct req *r, int *out)
{
	int64_t years;
	int rc = settings_get(r->db, SETTING_VALIDITY_YEARS, &years);
	*out = (int)years;
	return rc;
}

instant_t psea_valid_until(instant_t rated_at, int years)
{
	return rated_at ? assessment_valid_until(rated_at, years) : 0;
}

json_t *psea_agency_json(struct req *r, int64_t agency_id)
{
	struct org o;
	if (!agency_id || store_org_get(r->db, &r->arena, agency_id, &o) != STORE_OK)
		return json_null();
	return api_org_json(&o);
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

/* Whether plan-activity evidence is open (*open): its plan under way, the activity not completed;
 * closed when the assessment has no plan or the plan no such activity. STORE_OK, or the store's
 * failure to read the plan. */
static int activity_evidence_open(struct req *r, int64_t assessment_id, int64_t activity_id, bool *open)
{
	struct store_csip plan;
	int rc = store_csip_get(r->db, &r->arena, assessment_id, &plan);
	if (rc == STORE_ENOTFOUND) {
		*open = false;
		return STORE_OK;
	}
	if (rc != STORE_OK)
		return rc;
	*open = false;
	for (size_t i = 0; i < plan.nactivities; i++)
		if (plan.activities[i].id == activity_id)
			*open = assessment_activity_evidence_open(csip_status_parse(plan.status),
								  csip_activity_status_parse(plan.activities[i].status));
	return STORE_OK;
}

int psea_document_facts(struct req *r, const struct assessment *x, const struct document *d, struct document_facts *out)
{
	struct document_facts facts, *f = &facts;
	int status = assessment_status_parse(x->status);
	*f = (struct document_facts){
		.caller_partner_side = role_is_partner(api_role(r)), .uploaded_partner_side = !d->on_behalf,
		.status = (enum assessment_status)(status < 0 ? 0 : status),
		.rated_once = x->rated_at != 0 || status == ASSESSMENT_RATED || status == ASSESSMENT_RATING_UNLOCKED,
		.for_activity = d->activity_id != 0, .withdrawn = d->withdrawn_at != 0,
	};
	if (f->for_activity) {
		int rc = activity_evidence_open(r, x->id, d->activity_id, &f->activity_evidence_open);
		if (rc != STORE_OK)
			return rc;
	}
	*out = facts;
	return STORE_OK;
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

/* If-Match against the loaded version: false after answering 400/409. *version receives the
 * version to check at write time (0: none sent). */
bool psea_if_match(struct req *r, const struct assessment *x, int64_t *version)
{
	*version = 0;
	int m = api_if_match(r, version);
	if (m < 0)
		return false;
	if (m == 1 && *version != x->version) {
		api_store_failed(r, STORE_ECONFLICT);
		return false;
	}
	return true;
}
