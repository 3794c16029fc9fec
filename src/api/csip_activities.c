/* csip_activities.c: the routes of a plan's activities (API.md, plan routes): add, revise,
 * remove, and the completion reported, confirmed or returned. */
#include <stdlib.h>
#include <string.h>
#include "csip_plan.h"
#include "handlers.h"

/* The standard of a body: a whole number (1..8 checked by the domain); 0 when absent or not one. */
static int csip_body_standard(json_t *body, json_t *errs, bool required)
{
	json_t *v = json_object_get(body, "standard");
	if (!v || json_is_null(v)) {
		if (required)
			json_array_append_new(errs, problem_error("standard", "required", "Name the core standard (1 to 8)."));
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > CSIP_STANDARDS) {
		json_array_append_new(errs, problem_error("standard", "invalid_value", "Choose a core standard from 1 to 8."));
		return 0;
	}
	return (int)json_integer_value(v);
}

/* A date (YYYY-MM-DD) member; 0 when absent; an error appended when malformed. */
static instant_t csip_body_date(json_t *body, const char *key, bool required, json_t *errs)
{
	const char *s = api_str(body, key, 32, required, errs);
	instant_t t = 0;
	if (s && time_parse_date(s, &t) != 0) {
		json_array_append_new(errs, problem_error(key, "invalid_value", "Write the date as YYYY-MM-DD."));
		return 0;
	}
	return t;
}

/* An activity status word; -1 when absent; an error appended when not in the list. */
static int body_activity_status(json_t *body, json_t *errs)
{
	const char *word = api_str(body, "status", 32, false, errs);
	if (!word)
		return -1;
	int s = csip_activity_status_parse(word);
	if (s < 0)
		json_array_append_new(errs, problem_error("status", "invalid_value",
							  "The status is one of not_started, in_progress, completed."));
	return s;
}

static void reply_activity(struct req *r, const struct csip_plan *plan, int64_t id, int status)
{
	struct store_csip_activity a;
	int rc = store_csip_activity_get(r->db, &r->arena, id, &a);
	if (rc != STORE_OK)
		api_store_failed(r, rc);
	else
		reply_json(r, status, csip_activity_json(plan, &a));
}

/* The caller marks the activity completed now: reported by the partner, or reported and
 * confirmed at once by an agency editor (who is the one that confirms). */
static void mark_completed(struct req *r, const struct csip_ctx *c, struct store_csip_activity *act)
{
	act->status = (char *)csip_activity_status_name(CSIP_ACTIVITY_COMPLETED);
	act->completed_at = r->now; /* recorded by the server */
	act->reported_by = r->user->id;
	act->confirmed_at = csip_is_agency_editor(c) ? r->now : 0;
	act->confirmed_by = csip_is_agency_editor(c) ? r->user->id : 0;
}

/* The assessment's history of an activity's completion: reported, confirmed, returned. */
static int record_completion(struct req *r, const struct csip_ctx *c, const struct store_csip_activity *act,
			     const char *step, const char *reason)
{
	return store_history_add(r->db, c->x.id, r->user->id, arena_printf(&r->arena, "csip_activity_%s", step),
				 NULL, NULL, reason ? reason : act->description, r->now);
}

/* The history of a completion just marked: reported, and confirmed when the agency marked it. */
static int record_marked(struct req *r, const struct csip_ctx *c, const struct store_csip_activity *act)
{
	int rc = record_completion(r, c, act, "reported", NULL);
	if (rc == STORE_OK && act->confirmed_at)
		rc = record_completion(r, c, act, "confirmed", NULL);
	return rc;
}

/* The plan's version moves with every change to its activities (If-Match on the plan). */
static int write_activity_add(struct req *r, struct csip_ctx *c, struct csip_write *w)
{
	int rc = store_csip_touch(r->db, c->stored.id, w->if_version);
	if (rc != STORE_OK)
		return rc;
	if (csip_reopens_for_gap(&c->plan, r->now)) {
		if ((rc = store_csip_reopen(r->db, c->stored.id)) != STORE_OK ||
		    (rc = csip_record(r, c, c->stored.id, "reopen", NULL, r->now)) != STORE_OK)
			return rc;
	}
	w->id = store_csip_activity_add(r->db, c->stored.id, w->activity, r->user->id, r->now);
	if (w->id < 0)
		return (int)w->id;
	if ((rc = audit_add(c->audit, "csip_activity", w->id, "create")) != STORE_OK)
		return rc;
	if (w->completing && (rc = record_marked(r, c, w->activity)) == STORE_OK && w->activity->confirmed_at)
		rc = csip_complete_plan_if_done(r, c);
	return rc;
}

void csip_activity_add(struct req *r)
{
	struct csip_ctx c;
	int64_t if_version = 0;
	if (!csip_load(r, req_param_id(r, 0), &c) || !api_allow(r, csip_is_editor(&c)) || !api_body_object(r) ||
	    api_if_match(r, &if_version) < 0 || csip_no_plan(r, &c))
		return;
	/* a completed plan takes an activity for a standard left open since (and is active again) */
	if (!csip_reopens_for_gap(&c.plan, r->now) && !csip_allowed_now(r, &c, CSIP_EDIT_ACTIVITIES))
		return;
	json_t *errs = json_array();
	struct store_csip_activity act = {.status = "not_started"};
	act.standard = csip_body_standard(r->body, errs, true);
	act.description = (char *)api_str(r->body, "description", CSIP_DESCRIPTION_MAX, true, errs);
	act.responsible = (char *)api_str(r->body, "responsible", CSIP_RESPONSIBLE_MAX, true, errs);
	act.due_date = csip_body_date(r->body, "due_date", true, errs);
	int status = body_activity_status(r->body, errs);
	const char *problem;
	if (act.standard && (problem = csip_standard_problem(&c.plan, act.standard, r->now)))
		json_array_append_new(errs, problem_error("standard", "standard_met", problem));
	if (act.due_date && (problem = csip_due_date_problem(&c.plan, act.due_date)))
		json_array_append_new(errs, problem_error("due_date", "before_plan_start", problem));
	csip_check_text(errs, "description", act.description, csip_description_problem(act.description));
	csip_check_text(errs, "responsible", act.responsible, csip_responsible_problem(act.responsible));
	if (api_invalid(r, errs))
		return;
	if (status > 0) {
		struct csip_activity fresh = {.status = CSIP_NOT_STARTED};
		if ((problem = csip_activity_status_change_problem(&c.plan, &fresh, (enum csip_activity_status)status))) {
			reply_problem(r, 409, "invalid_state", problem, NULL);
			return;
		}
		act.status = (char *)csip_activity_status_name((enum csip_activity_status)status);
		if (status == CSIP_ACTIVITY_COMPLETED)
			mark_completed(r, &c, &act);
	}
	struct csip_write w = {.run = write_activity_add, .if_version = if_version, .activity = &act,
			  .completing = status == CSIP_ACTIVITY_COMPLETED};
	if (csip_in_write(r, &c, &w))
		reply_activity(r, &c.plan, w.id, 201);
}

/* The activity (If-Match on the activity), the plan's version, the history of a completion, and
 * the plan's completion when this confirmed its last open activity. */
static int write_activity_update(struct req *r, struct csip_ctx *c, struct csip_write *w)
{
	int rc = store_csip_activity_update(r->db, w->activity, w->if_version);
	if (rc == STORE_OK)
		rc = store_csip_touch(r->db, c->stored.id, 0);
	if (rc == STORE_OK && w->completing)
		rc = record_marked(r, c, w->activity);
	if (rc == STORE_OK && w->activity->confirmed_at)
		rc = csip_complete_plan_if_done(r, c);
	if (rc == STORE_OK)
		rc = audit_add(c->audit, "csip_activity", w->activity->id, w->completing ? "complete" : "update");
	return rc;
}

/* The activity of path segment 0 with its assessment's context and the caller's side; false
 * after answering. */
static bool load_activity(struct req *r, struct store_csip_activity *act, const struct csip_activity **current,
			  struct csip_ctx *c)
{
	int64_t id = req_param_id(r, 0);
	int rc = id ? store_csip_activity_get(r->db, &r->arena, id, act) : STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	if (!csip_load(r, act->assessment_id, c))
		return false;
	*current = NULL;
	for (size_t i = 0; i < c->plan.nactivities; i++)
		if (c->plan.activities[i].id == act->id)
			*current = &c->plan.activities[i];
	if (!*current) { /* removed between the two reads */
		reply_problem(r, 404, "not_found", "There is no such plan activity.", NULL);
		return false;
	}
	return true;
}

void csip_activity_update(struct req *r)
{
	int64_t if_version = 0;
	struct store_csip_activity act;
	const struct csip_activity *current;
	struct csip_ctx c;
	if (!load_activity(r, &act, &current, &c) || !api_allow(r, csip_is_editor(&c)) || !api_body_object(r) ||
	    api_if_match(r, &if_version) < 0 || !csip_allowed_now(r, &c, CSIP_EDIT_ACTIVITIES))
		return;
	json_t *errs = json_array();
	if (json_object_get(r->body, "standard"))
		json_array_append_new(errs, problem_error("standard", "read_only",
			"An activity keeps its standard; add a new activity for another standard."));
	const char *description = api_str(r->body, "description", CSIP_DESCRIPTION_MAX, false, errs);
	const char *responsible = api_str(r->body, "responsible", CSIP_RESPONSIBLE_MAX, false, errs);
	instant_t due_date = csip_body_date(r->body, "due_date", false, errs);
	int status = body_activity_status(r->body, errs);
	const char *problem;
	csip_check_text(errs, "description", description, csip_description_problem(description));
	csip_check_text(errs, "responsible", responsible, csip_responsible_problem(responsible));
	if (due_date && (problem = csip_due_date_problem(&c.plan, due_date)))
		json_array_append_new(errs, problem_error("due_date", "before_plan_start", problem));
	if (api_invalid(r, errs))
		return;
	bool revising = description || responsible || due_date;
	if (revising && !csip_allowed_now(r, &c, CSIP_REVISE_ACTIVITY))
		return;
	if (status >= 0 &&
	    (problem = csip_activity_status_change_problem(&c.plan, current, (enum csip_activity_status)status))) {
		reply_problem(r, 409, "invalid_state", problem, NULL);
		return;
	}
	bool completing = status == CSIP_ACTIVITY_COMPLETED && current->status != CSIP_ACTIVITY_COMPLETED;
	if (description) act.description = (char *)description;
	if (responsible) act.responsible = (char *)responsible;
	if (due_date) act.due_date = due_date;
	if (status >= 0) act.status = (char *)csip_activity_status_name((enum csip_activity_status)status);
	if (completing) mark_completed(r, &c, &act);
	struct csip_write w = {.run = write_activity_update, .if_version = if_version, .activity = &act, .completing = completing};
	if (csip_in_write(r, &c, &w))
		reply_activity(r, &c.plan, act.id, 200);
}

static int write_activity_delete(struct req *r, struct csip_ctx *c, struct csip_write *w)
{
	int rc = store_csip_activity_delete(r->db, w->activity->id, w->if_version);
	if (rc == STORE_OK)
		rc = store_csip_touch(r->db, c->stored.id, 0);
	if (rc == STORE_OK)
		rc = audit_add(c->audit, "csip_activity", w->activity->id, "delete");
	return rc;
}

void csip_activity_delete(struct req *r)
{
	int64_t if_version = 0;
	struct store_csip_activity act;
	const struct csip_activity *current;
	struct csip_ctx c;
	if (!load_activity(r, &act, &current, &c) || !api_allow(r, csip_is_editor(&c)) || api_if_match(r, &if_version) < 0 ||
	    !csip_allowed_now(r, &c, CSIP_REVISE_ACTIVITY))
		return;
	struct csip_write w = {.run = write_activity_delete, .if_version = if_version, .activity = &act};
	if (csip_in_write(r, &c, &w))
		csip_reply_plan(r, &c, 200);
}

/* Confirming or returning a completion: the activity, its history, the plan's completion. */
static int write_confirmation(struct req *r, struct csip_ctx *c, struct csip_write *w)
{
	int rc = store_csip_activity_update(r->db, w->activity, w->if_version);
	if (rc == STORE_OK)
		rc = store_csip_touch(r->db, c->stored.id, 0);
	if (rc == STORE_OK)
		rc = record_completion(r, c, w->activity, w->action, w->reason);
	if (rc == STORE_OK && w->activity->confirmed_at)
		rc = csip_complete_plan_if_done(r, c);
	if (rc == STORE_OK)
		rc = audit_add(c->audit, "csip_activity", w->activity->id, w->action);
	return rc;
}

/* An agency editor of a participating agency confirms or returns a reported completion. */
static bool confirmation_allowed(struct req *r, struct store_csip_activity *act, struct csip_ctx *c, int64_t *if_version)
{
	const struct csip_activity *current;
	if (!load_activity(r, act, &current, c) || !api_allow(r, csip_is_agency_editor(c)) || api_if_match(r, if_version) < 0)
		return false;
	const char *problem = csip_confirmation_problem(&c->plan, current);
	if (problem)
		reply_problem(r, 409, "invalid_state", problem, NULL);
	return !problem;
}

void csip_activity_confirm(struct req *r)
{
	int64_t if_version = 0;
	struct store_csip_activity act;
	struct csip_ctx c;
	if (!confirmation_allowed(r, &act, &c, &if_version))
		return;
	act.confirmed_at = r->now; /* the instant that counts for the standing and the six-month clock */
	act.confirmed_by = r->user->id;
	struct csip_write w = {.run = write_confirmation, .if_version = if_version, .activity = &act, .action = "confirmed"};
	if (csip_in_write(r, &c, &w))
		reply_activity(r, &c.plan, act.id, 200);
}

void csip_activity_return(struct req *r)
{
	int64_t if_version = 0;
	struct store_csip_activity act;
	struct csip_ctx c;
	if (!confirmation_allowed(r, &act, &c, &if_version) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	const char *reason = api_str(r->body, "reason", CSIP_REASON_MAX, true, errs);
	if (reason && !reason[strspn(reason, " \t\r\n")])
		reason = "";
	csip_check_text(errs, "reason", reason, csip_return_reason_problem(reason));
	if (api_invalid(r, errs))
		return;
	/* back in progress: the partner carries on and reports it again */
	act.status = (char *)csip_activity_status_name(CSIP_IN_PROGRESS);
	act.completed_at = 0;
	act.reported_by = 0;
	act.returned_at = r->now;
	act.returned_by = r->user->id;
	act.return_reason = (char *)reason;
	struct csip_write w = {.run = write_confirmation, .if_version = if_version, .activity = &act, .action = "returned",
			  .reason = reason};
	if (csip_in_write(r, &c, &w))
		reply_activity(r, &c.plan, act.id, 200);
}
