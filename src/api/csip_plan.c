/* csip_plan.c: the routes of a capacity strengthening implementation plan (API.md, plan routes):
 * who may act, the input checked, the write in one transaction with its history and audit
 * lines, the answer. Its activities' routes are csip_activities.c. */
#include <stdlib.h>
#include <string.h>
#include "csip_plan.h"
#include "assessment_json.h"
#include "handlers.h"

void csip_check_text(json_t *errs, const char *field, const char *value, const char *problem)
{
	if (value && problem)
		json_array_append_new(errs, problem_error(field, "invalid_value", problem));
}

/* Fills the context for the assessment and the caller's side; false after answering 404 (also
 * for an assessment the caller may not know exists) or 500. */
bool csip_load(struct req *r, int64_t assessment_id, struct csip_ctx *c)
{
	struct assessment x;
	int rc = assessment_id ? store_assessment_get(r->db, &r->arena, assessment_id, &x) : STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	struct assessment_actor actor = psea_actor(r, &x);
	rc = assessment_may(&actor, ASSESS_READ);
	if (rc == ASSESS_EFORBIDDEN) {
		reply_problem(r, 403, "forbidden", "Your role does not allow this on this assessment.", NULL);
		return false;
	}
	if (rc != ASSESS_OK) {
		reply_problem(r, 404, "not_found", "There is no such assessment.", NULL);
		return false;
	}
	if ((rc = csip_ctx_of(r, &x, c)) != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	c->role = actor.role;
	c->side = actor.own_partner ? CSIP_SIDE_PARTNER : actor.participating ? CSIP_SIDE_AGENCY : CSIP_SIDE_NONE;
	return true;
}

/* Editors of either side: the partner's editor, or an agency editor of a participating agency. */
bool csip_is_editor(const struct csip_ctx *c)
{
	return (c->side == CSIP_SIDE_PARTNER && c->role == ROLE_PARTNER_EDITOR) ||
	       (c->side == CSIP_SIDE_AGENCY && role_edits_agency_side(c->role));
}

bool csip_is_agency_editor(const struct csip_ctx *c) { return c->side == CSIP_SIDE_AGENCY && role_edits_agency_side(c->role); }
static bool csip_is_advanced(const struct csip_ctx *c) { return c->side == CSIP_SIDE_AGENCY && role_is_advanced(c->role); }

/* 409 invalid_state when the action is not allowed in the plan's status. */
bool csip_allowed_now(struct req *r, const struct csip_ctx *c, enum csip_action action)
{
	const char *problem = csip_action_problem(&c->plan, action);
	if (problem)
		reply_problem(r, 409, "invalid_state", problem, NULL);
	return !problem;
}

bool csip_no_plan(struct req *r, const struct csip_ctx *c)
{
	if (c->plan.status != CSIP_NONE)
		return false;
	reply_problem(r, 404, "not_found", "This assessment has no capacity strengthening plan yet.", NULL);
	return true;
}

struct plan_write {
	struct csip_ctx *c;
	struct csip_write *w;
};

static int run_plan_write(struct req *r, struct audit *audit, void *ctx)
{
	struct plan_write *pw = ctx;
	pw->c->audit = audit;
	int rc = pw->w->run(r, pw->c, pw->w);
	pw->c->audit = NULL;
	if (rc == STORE_ECONSTRAINT && pw->w->duplicate) {
		reply_problem(r, 409, "invalid_state", pw->w->duplicate, NULL);
		return API_ANSWERED;
	}
	return rc;
}

/* Runs w in one write; answers and returns false when it failed (nothing written). */
bool csip_in_write(struct req *r, struct csip_ctx *c, struct csip_write *w)
{
	struct plan_write pw = {c, w};
	return api_write(r, run_plan_write, &pw);
}

/* Records a step of the plan: the assessment's history (who, when, why) and the audit log. Call
 * inside the write's transaction. */
int csip_record(struct req *r, const struct csip_ctx *c, int64_t plan_id, const char *action, const char *reason,
		  instant_t at)
{
	int rc = store_history_add(r->db, c->x.id, r->user->id, arena_printf(&r->arena, "csip_%s", action), NULL, NULL,
				   reason, at);
	if (rc == STORE_OK)
		rc = audit_add(c->audit, "csip", plan_id, action);
	return rc;
}

static int write_create(struct req *r, struct csip_ctx *c, struct csip_write *w)
{
	w->id = store_csip_create(r->db, c->facts.assessment_id, r->user->id, r->now);
	return w->id < 0 ? (int)w->id : csip_record(r, c, w->id, "create", NULL, r->now);
}

static int write_transition(struct req *r, struct csip_ctx *c, struct csip_write *w)
{
	int rc = store_csip_set_status(r->db, c->stored.id, w->if_version, w->status, r->user->id, r->now);
	return rc == STORE_OK ? csip_record(r, c, c->stored.id, w->action, NULL, r->now) : rc;
}

static bool transition(struct req *r, struct csip_ctx *c, int64_t if_version, const char *status, const char *action)
{
	struct csip_write w = {.run = write_transition, .if_version = if_version, .status = status, .action = action};
	return csip_in_write(r, c, &w);
}

/* Reloads the plan after a write and answers with it. */
void csip_reply_plan(struct req *r, struct csip_ctx *c, int status)
{
	int rc = csip_plan_load(r, &c->facts, &c->plan, &c->stored);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	reply_json(r, status, csip_plan_json(r, c));
}

/* Transitions answer with the whole assessment (API.md), the plan embedded in it. */
static void reply_assessment(struct req *r, struct csip_ctx *c)
{
	psea_reply_assessment(r, 200, &c->x);
}

void csip_show(struct req *r)
{
	struct csip_ctx c;
	if (!csip_load(r, req_param_id(r, 0), &c) || csip_no_plan(r, &c))
		return;
	reply_json(r, 200, csip_plan_json(r, &c));
}

void csip_create(struct req *r)
{
	struct csip_ctx c;
	if (!csip_load(r, req_param_id(r, 0), &c) || !api_allow(r, csip_is_editor(&c)))
		return;
	if (strcmp(c.x.status, "rated") != 0 || !c.facts.rated || !csip_available(c.facts.rating)) {
		reply_problem(r, 409, "invalid_state", "A plan follows a rating: finalize the assessment first.", NULL);
		return;
	}
	if (!csip_allowed_now(r, &c, CSIP_CREATE))
		return;
	struct csip_write w = {.run = write_create, .duplicate = "This assessment has a plan already."};
	if (csip_in_write(r, &c, &w))
		csip_reply_plan(r, &c, 201);
}

/* After a completion was confirmed: the plan completes when every activity is confirmed and
 * every standard met. */
int csip_complete_plan_if_done(struct req *r, struct csip_ctx *c)
{
	int rc = csip_plan_load(r, &c->facts, &c->plan, &c->stored);
	if (rc != STORE_OK || c->plan.status != CSIP_ACTIVE || !csip_all_activities_completed(&c->plan))
		return rc;
	instant_t at = csip_completed_at(&c->plan);
	rc = store_csip_set_status(r->db, c->stored.id, 0, "completed", r->user->id, at);
	return rc == STORE_OK ? csip_record(r, c, c->stored.id, "complete", NULL, at) : rc;
}

/* "2027-02-01" means through the end of that day; an instant is taken as written. */
static instant_t body_until(json_t *body, json_t *errs)
{
	const char *s = api_str(body, "until", 40, true, errs);
	instant_t t = 0;
	if (!s)
		return 0;
	if (time_parse_date(s, &t) == 0)
		return t + 86399;
	if (time_parse_instant(s, &t) == 0)
		return t;
	json_array_append_new(errs, problem_error("until", "invalid_value", "Write the new end as YYYY-MM-DD or an ISO 8601 instant."));
	return 0;
}

static int write_extension(struct req *r, struct csip_ctx *c, struct csip_write *w)
{
	int rc = store_csip_touch(r->db, c->stored.id, w->if_version);
	if (rc != STORE_OK)
		return rc;
	w->id = store_csip_extension_add(r->db, c->stored.id, w->until, w->reason, r->user->id, r->now);
	return w->id < 0 ? (int)w->id : csip_record(r, c, c->stored.id, "extend", w->reason, r->now);
}

void csip_extend(struct req *r)
{
	struct csip_ctx c;
	int64_t if_version = 0;
	if (!csip_load(r, req_param_id(r, 0), &c) || !api_allow(r, csip_is_advanced(&c)) || !api_body_object(r) ||
	    api_if_match(r, &if_version) < 0 || csip_no_plan(r, &c) || !csip_allowed_now(r, &c, CSIP_EXTEND))
		return;
	json_t *errs = json_array();
	instant_t until = body_until(r->body, errs);
	const char *reason = api_str(r->body, "reason", CSIP_REASON_MAX, true, errs);
	const char *problem;
	csip_check_text(errs, "reason", reason, csip_extension_reason_problem(reason));
	if (until && (problem = csip_extension_until_problem(&c.plan, c.settings, until)))
		json_array_append_new(errs, problem_error("until", "not_later", problem));
	if (api_invalid(r, errs))
		return;
	struct csip_write w = {.run = write_extension, .if_version = if_version, .until = until, .reason = reason};
	if (csip_in_write(r, &c, &w))
		reply_assessment(r, &c);
}

/* Names the standards that still need an activity, for the refusal of a submission. */
static void reply_gaps(struct req *r, const int *missing, int n)
{
	json_t *errs = json_array();
	char *list = arena_strdup(&r->arena, "");
	for (int i = 0; i < n; i++) {
		char *field = arena_printf(&r->arena, "standards[%d]", missing[i]);
		char *msg = arena_printf(&r->arena, "Standard %d is not met and has no activity yet; add at least one.", missing[i]);
		json_array_append_new(errs, problem_error(field, "no_activity", msg));
		list = arena_printf(&r->arena, "%s%s%d", list, i == 0 ? "" : i == n - 1 ? " and " : ", ", missing[i]);
	}
	char *detail = arena_printf(&r->arena, "Add at least one activity for standard%s %s before submitting the plan.",
				    n > 1 ? "s" : "", list);
	reply_problem(r, 422, "incomplete", detail, errs);
}

void csip_submit(struct req *r)
{
	struct csip_ctx c;
	int64_t if_version = 0;
	if (!csip_load(r, req_param_id(r, 0), &c) || !api_allow(r, csip_is_editor(&c)) || api_if_match(r, &if_version) < 0 ||
	    csip_no_plan(r, &c) || !csip_allowed_now(r, &c, CSIP_SUBMIT))
		return;
	int missing[CSIP_STANDARDS];
	int n = csip_submit_gaps(&c.plan, r->now, missing);
	if (n > 0) {
		reply_gaps(r, missing, n);
		return;
	}
	if (c.plan.nactivities == 0) {
		reply_problem(r, 422, "incomplete", "Add at least one activity before submitting the plan.",
			      json_pack("[o]", problem_error("activities", "required", "The plan has no activity.")));
		return;
	}
	if (transition(r, &c, if_version, "submitted", "submit"))
		reply_assessment(r, &c);
}

void csip_approve(struct req *r)
{
	struct csip_ctx c;
	int64_t if_version = 0;
	if (!csip_load(r, req_param_id(r, 0), &c) || !api_allow(r, csip_is_advanced(&c)) || api_if_match(r, &if_version) < 0 ||
	    csip_no_plan(r, &c) || !csip_allowed_now(r, &c, CSIP_APPROVE))
		return;
	if (transition(r, &c, if_version, "active", "approve"))
		reply_assessment(r, &c);
}
