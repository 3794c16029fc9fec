/* csip.h (store): capacity strengthening implementation plans: plans, activities, extensions
 * (csip.c). */
#ifndef PSEA_STORE_CSIP_H
#define PSEA_STORE_CSIP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"

/* --- capacity strengthening implementation plans (CSIP): one plan per assessment --- */
struct store_csip_activity {
	int64_t id, version, plan_id, assessment_id;
	int standard;
	char *description, *responsible;
	char *status;            /* not_started, in_progress, completed */
	instant_t due_date, completed_at, created_at;
	/* completion (migration 010): completed_at/reported_by when reported, confirmed_* once an
	 * agency confirmed it, returned_* when an agency sent it back (the latest return) */
	int64_t reported_by, confirmed_by, returned_by;
	instant_t confirmed_at, returned_at;
	char *return_reason;     /* NULL when never returned */
};
struct store_csip_extension {
	int64_t id, granted_by;
	instant_t until, granted_at;
	char *reason;
};
struct store_csip {
	int64_t id, version, assessment_id;
	char *status;            /* draft, submitted, active, completed */
	instant_t created_at, submitted_at, started_at, completed_at;
	instant_t rerated_at;    /* the latest rating given again after the plan began; 0: none */
	int64_t created_by, submitted_by, approved_by;
	struct store_csip_activity *activities; /* in the order added */
	size_t nactivities;
	struct store_csip_extension *extensions; /* in the order granted */
	size_t nextensions;
};
/* The plan of an assessment with its activities and extensions; STORE_ENOTFOUND when none. */
int store_csip_get(struct db *db, struct arena *a, int64_t assessment_id, struct store_csip *out);
/* out[i]: the plan of assessment_ids[i] as store_csip_get gives it, id 0 when it has none
 * (three queries per 64 assessments at most). */
int store_csip_plans_of(struct db *db, struct arena *a, const int64_t *assessment_ids, size_t n, struct store_csip *out);
/* A new draft plan; STORE_ECONSTRAINT when the assessment has one already. */
int64_t store_csip_create(struct db *db, int64_t assessment_id, int64_t user_id, instant_t now);
/* Moves the plan to status (recording who and when for submitted, active and completed) and
 * bumps its version; version-checked when if_version > 0. */
int store_csip_set_status(struct db *db, int64_t plan_id, int64_t if_version, const char *status,
			  int64_t user_id, instant_t at);
/* Bumps the plan's version (a change to its activities or extensions); version-checked when
 * if_version > 0. */
int store_csip_touch(struct db *db, int64_t plan_id, int64_t if_version);
int64_t store_csip_activity_add(struct db *db, int64_t plan_id, const struct store_csip_activity *act,
				int64_t user_id, instant_t now);
int store_csip_activity_get(struct db *db, struct arena *a, int64_t id, struct store_csip_activity *out);
/* Writes description, responsible, due_date, status, completed_at and the completion fields
 * (reported_by, confirmed_*, returned_*) as given in act (the caller merges the old values) and
 * bumps the version; version-checked when if_version > 0. */
int store_csip_activity_update(struct db *db, const struct store_csip_activity *act, int64_t if_version);
/* Removes an activity of a plan (a draft's); STORE_ENOTFOUND when it is gone, version-checked
 * when if_version > 0. */
int store_csip_activity_delete(struct db *db, int64_t id, int64_t if_version);
/* The assessment was rated again at `at`: its plan, if any, records the instant, and a completed
 * plan becomes active again when reopen is set. STORE_ENOTFOUND when it has no plan. */
int store_csip_rerated(struct db *db, int64_t assessment_id, instant_t at, bool reopen);
/* A completed plan becomes active again (a standard left open by a later judgement takes a new
 * activity); its start and approval are kept. */
int store_csip_reopen(struct db *db, int64_t plan_id);
int64_t store_csip_extension_add(struct db *db, int64_t plan_id, instant_t until, const char *reason,
				 int64_t user_id, instant_t now);
/* Rated assessments whose plan may call for action (none yet while one is required, or one not
 * completed), of one partner and/or taken part in by one agency (0: any), ordered by id; at most
 * limit. The alerts look only at these instead of at every partner. */
int store_csip_open_assessments(struct db *db, struct arena *a, int64_t partner_id, int64_t agency_id, int limit,
				int64_t **out, size_t *n);
#endif
