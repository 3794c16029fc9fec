/* csip.h: the capacity strengthening implementation plan (DOMAIN.md, "Capacity strengthening
 * implementation plan (CSIP)"): when a plan is required, its due date, its activities and their
 * validation, its transitions, the standards it turns into met ones, and the six-month clock.
 *
 * Everything here is a pure function of a plan and `now`. The plan is described by plain
 * structs the caller fills from the store; nothing is allocated and nothing is read from the
 * clock. Standards are numbered 1..8; arrays indexed by standard have CSIP_STANDARDS + 1
 * entries and ignore index 0. */
#ifndef PSEA_CSIP_H
#define PSEA_CSIP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../util/timeutil.h"
#include "settings.h"

#define CSIP_STANDARDS 8
#define CSIP_DESCRIPTION_MAX 4000   /* characters of an activity's description */
#define CSIP_RESPONSIBLE_MAX 200    /* a person or a unit */
#define CSIP_REASON_MAX 4000        /* an extension's reason */

/* CSIP_NONE: no plan has been started for the assessment yet (the due clock still runs). */
enum csip_status { CSIP_NONE = 0, CSIP_DRAFT, CSIP_SUBMITTED, CSIP_ACTIVE, CSIP_COMPLETED };
enum csip_activity_status { CSIP_NOT_STARTED = 0, CSIP_IN_PROGRESS, CSIP_ACTIVITY_COMPLETED };
/* What a person may do to a plan; each is allowed from one status only. */
/* CSIP_EDIT_ACTIVITIES: add an activity; CSIP_REVISE_ACTIVITY: change an activity's description,
 * responsible or due date, or delete it (while the plan is a draft only). */
enum csip_action { CSIP_CREATE, CSIP_EDIT_ACTIVITIES, CSIP_SUBMIT, CSIP_APPROVE, CSIP_EXTEND,
		   CSIP_CHANGE_ACTIVITY_STATUS, CSIP_REVISE_ACTIVITY };
/* Where an activity's completion stands: the partner reports it (status completed), an agency
 * editor confirms it (the instant that counts) or returns it with a reason (back in progress). */
enum csip_completion { CSIP_COMPLETION_NONE = 0, CSIP_COMPLETION_REPORTED, CSIP_COMPLETION_CONFIRMED,
		       CSIP_COMPLETION_RETURNED };
/* Why a standard counts as met. */
enum csip_met { CSIP_UNMET = 0, CSIP_MET_BY_RATING, CSIP_MET_BY_PLAN };

/* The administrator's values (settings table): csip.due_months, csip.reassessment_months. */
struct csip_settings {
	int due_months;
	int reassessment_months;
};
#define CSIP_SETTINGS_DEFAULT                                                           \
	((struct csip_settings){.due_months = (int)SETTING_DEFAULT(SETTING_CSIP_DUE_MONTHS), \
				.reassessment_months = (int)SETTING_DEFAULT(SETTING_CSIP_REASSESSMENT_MONTHS)})

struct csip_activity {
	int64_t id;
	int standard;
	const char *description;
	const char *responsible;
	instant_t due_date;      /* midnight UTC of the day */
	enum csip_activity_status status;
	instant_t completed_at;  /* recorded by the server when the status became completed (reported); else 0 */
	instant_t confirmed_at;  /* when an agency editor confirmed the completion; 0 while not confirmed */
	instant_t returned_at;   /* when an agency editor last sent the completion back; 0 if never */
};

struct csip_extension {
	instant_t until;  /* the new end of the plan, the new reassessment instant */
	const char *reason;
	instant_t at;     /* when it was granted */
};

struct csip_plan {
	enum csip_status status;
	instant_t rated_at;        /* the rating the plan answers (an accepted prior one: its acceptance) */
	bool met_at_rating[CSIP_STANDARDS + 1]; /* standards met by the verified answers */
	/* The rating carries no answer per standard (an accepted prior assessment, which brings its
	 * own plan): which standards it met is unknown, so none counts as unmet, any may get an
	 * activity, one activity makes a plan that can be submitted, and there is no score. */
	bool met_unknown;
	instant_t created_at;      /* 0 while status is CSIP_NONE */
	instant_t started_at;      /* set by approval */
	const struct csip_activity *activities;
	size_t nactivities;
	const struct csip_extension *extensions; /* in the order granted */
	size_t nextensions;
	/* A completion of standard n confirmed at or before counts_from[n] no longer counts: a later
	 * judgement of the standard (the assessment rated again, or a review that found the
	 * corrective action inadequate for standard 8) supersedes it. 0: every confirmation counts. */
	instant_t counts_from[CSIP_STANDARDS + 1];
	/* A standard met by the rating stops being met from unmet_since[n] (a later review of
	 * corrective action for standard 8); 0: never. Read at the instant asked, so that the
	 * reassessment score of an earlier instant does not move. */
	instant_t unmet_since[CSIP_STANDARDS + 1];
};

/* Words of API.md; parse returns -1 for a word not in the list. */
const char *csip_status_name(enum csip_status s);   /* "draft"..; NULL for CSIP_NONE */
int csip_status_parse(const char *word);
const char *csip_activity_status_name(enum csip_activity_status s);
int csip_activity_status_parse(const char *word);

/* Required: contact with beneficiaries and a rating below full. Available (not required) for
 * any other rated assessment. rating: "full", "medium", "low" or NULL (not rated). */
bool csip_required(bool contact_with_beneficiaries, const char *rating);
bool csip_available(const char *rating);

/* The plan is due csip.due_months after the rating; overdue once that instant has passed while
 * the plan is still not submitted (none, or a draft). */
instant_t csip_due(const struct csip_plan *p, struct csip_settings s);
bool csip_overdue(const struct csip_plan *p, struct csip_settings s, instant_t now);

/* NULL when the action is allowed in the plan's status, else a sentence for a 409. */
const char *csip_action_problem(const struct csip_plan *p, enum csip_action action);

/* Where the activity's completion stands (see enum csip_completion). */
enum csip_completion csip_completion_of(const struct csip_activity *a);
const char *csip_completion_name(enum csip_completion c); /* NULL for CSIP_COMPLETION_NONE */
/* Whether a completion confirmed earlier was superseded by a later judgement of its standard. */
bool csip_activity_superseded(const struct csip_plan *p, const struct csip_activity *a);

/* Whether standard n is met at instant `at`, and why: met by the rating, or by the plan when it
 * has at least one activity that still counts (not superseded) and every such activity was
 * confirmed by an agency at or before `at`. The partner's report alone never counts. */
enum csip_met csip_standard_met(const struct csip_plan *p, int n, instant_t at);
/* Fills met[1..8] (met[0] unused) for instant `at`; returns how many are met. */
int csip_standards_met(const struct csip_plan *p, instant_t at, bool met[CSIP_STANDARDS + 1]);
/* met_by_plan[1..8]: standards unmet by the rating that the plan has turned into met ones by
 * `at` (the input the partner's standing takes). Returns how many. */
int csip_met_by_plan(const struct csip_plan *p, instant_t at, bool met_by_plan[CSIP_STANDARDS + 1]);

/* The checks of one activity, each NULL when fine or a sentence saying what to fix.
 * standard_problem: 1..8 and still unmet now. due_date_problem: not before the plan's start
 * (the day it was approved, or the day it was created while not approved yet). */
const char *csip_standard_problem(const struct csip_plan *p, int standard, instant_t now);
const char *csip_due_date_problem(const struct csip_plan *p, instant_t due_date);
const char *csip_description_problem(const char *description);
const char *csip_responsible_problem(const char *responsible);
/* A change of status of an existing activity: the plan must be active, and a completed activity
 * stays completed (reported, it waits for the agency, who may send it back; confirmed, its
 * instant is what the six-month clock reads). */
const char *csip_activity_status_change_problem(const struct csip_plan *p, const struct csip_activity *a,
						enum csip_activity_status to);
/* Confirming or returning a completion: the plan is active and the activity reported completed
 * and not confirmed yet. NULL when allowed, else a sentence for a 409. */
const char *csip_confirmation_problem(const struct csip_plan *p, const struct csip_activity *a);
/* The reason for sending a completion back: required, at most CSIP_REASON_MAX characters. */
const char *csip_return_reason_problem(const char *reason);
/* An inadequate corrective action found by a review at reviewed_at (0: of unknown date) after the
 * rating the plan answers makes standard 8 unmet for the plan from the review on, so that an
 * activity can address it; only completions confirmed after the review count for it. */
void csip_apply_inadequate_review(struct csip_plan *p, instant_t reviewed_at);

/* Submission: every unmet standard needs at least one activity. Fills missing[] with the
 * standards that have none (in order) and returns how many. With met_unknown: at least one
 * activity, else every standard is listed. */
int csip_submit_gaps(const struct csip_plan *p, instant_t now, int missing[CSIP_STANDARDS]);

/* A completed plan with a standard unmet and without an activity that counts for it (left open
 * by a later judgement: the assessment rated again, an inadequate corrective-action review):
 * adding an activity makes the plan active again. */
bool csip_reopens_for_gap(const struct csip_plan *p, instant_t now);
/* True when the plan is active (or completed) and every one of its (at least one) activities is
 * completed and confirmed, and every standard is met (none left open by a later rating): the
 * plan becomes completed, and the rating becomes full. */
bool csip_all_activities_completed(const struct csip_plan *p);
/* The instant the plan was completed: the latest confirmation among its activities (0 if not). */
instant_t csip_completed_at(const struct csip_plan *p);

/* The six-month clock. ends_at: started_at + csip.reassessment_months, or the latest extension;
 * 0 while the plan is not started. */
instant_t csip_ends_at(const struct csip_plan *p, struct csip_settings s);
/* The number of standards met at ends_at, counting only completions confirmed at or before it;
 * -1 (null) before that instant, when the plan never started, or with met_unknown. Reads only recorded instants,
 * so it is the same whenever it is read after the instant. */
int csip_reassessment_score(const struct csip_plan *p, struct csip_settings s, instant_t now);

/* An extension: a reason, and a new end later than the current one. */
const char *csip_extension_reason_problem(const char *reason);
const char *csip_extension_until_problem(const struct csip_plan *p, struct csip_settings s, instant_t until);

/* What awaits action about a plan; both sides see these (the partner acts on due, overdue and
 * activity due; the agency on to approve and reassessment reached, and follows the rest). */
enum csip_alert {
	CSIP_ALERT_DUE = 1,             /* required, not submitted yet, due date ahead */
	CSIP_ALERT_OVERDUE = 2,         /* required, not submitted yet, due date passed */
	CSIP_ALERT_TO_APPROVE = 4,      /* submitted, waiting for an advanced editor */
	CSIP_ALERT_REASSESSMENT = 8,    /* active and the six-month (or extended) instant reached */
	CSIP_ALERT_ACTIVITY_DUE = 16,   /* active and an activity whose due day has come is not completed */
	CSIP_ALERT_TO_CONFIRM = 32,     /* active and an activity reported completed awaits the agency */
	CSIP_ALERT_RETURNED = 64,       /* active and an activity's completion was sent back to the partner */
	CSIP_ALERT_GAP = 128,           /* submitted or active, and a standard left open by a later judgement has no activity */
};
/* A set of csip_alert bits. required: whether the assessment calls for a plan. */
int csip_alerts(const struct csip_plan *p, bool required, struct csip_settings s, instant_t now);

#endif
