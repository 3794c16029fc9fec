/* csip_plan.h: what the routes of a plan (csip_plan.c) and of its activities (csip_activities.c)
 * share: loading the plan with the caller's side, who may act, and the write of a step. */
#ifndef PSEA_API_CSIP_PLAN_H
#define PSEA_API_CSIP_PLAN_H
#include "csip.h"

/* Fills the context for the assessment and the caller's side; false after answering 404 (also
 * for an assessment the caller may not know exists) or 500. */
bool csip_load(struct req *r, int64_t assessment_id, struct csip_ctx *c);
/* Editors of either side: the partner's editor, or an agency editor of a participating agency. */
bool csip_is_editor(const struct csip_ctx *c);
bool csip_is_agency_editor(const struct csip_ctx *c);
/* 409 invalid_state when the action is not allowed in the plan's status. */
bool csip_allowed_now(struct req *r, const struct csip_ctx *c, enum csip_action action);
/* 404 when the assessment has no plan (true after answering). */
bool csip_no_plan(struct req *r, const struct csip_ctx *c);
/* Appends field's problem to errs when value is given and has one. */
void csip_check_text(json_t *errs, const char *field, const char *value, const char *problem);

/* A write of the plan: the store calls, the history and the audit entry, all or nothing. */
struct csip_write {
	int (*run)(struct req *r, struct csip_ctx *c, struct csip_write *w);
	int64_t if_version;
	const char *status, *action;          /* transitions */
	struct store_csip_activity *activity; /* activities */
	bool completing;
	instant_t until;                      /* extensions */
	const char *reason;
	int64_t id;                           /* what was created */
	const char *duplicate;                /* a 409 sentence when a unique rule refuses the write */
};

/* Runs w in one write; answers and returns false when it failed (nothing written). */
bool csip_in_write(struct req *r, struct csip_ctx *c, struct csip_write *w);
/* Records a step of the plan: the assessment's history (who, when, why) and the audit log. Call
 * inside the write. */
int csip_record(struct req *r, const struct csip_ctx *c, int64_t plan_id, const char *action, const char *reason,
		instant_t at);
/* Answers status with the plan, read again. */
void csip_reply_plan(struct req *r, struct csip_ctx *c, int status);
/* After a completion was confirmed: the plan completes when every activity is confirmed and
 * every standard met. Inside the write. */
int csip_complete_plan_if_done(struct req *r, struct csip_ctx *c);
#endif
