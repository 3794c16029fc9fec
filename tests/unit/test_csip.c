/* The capacity strengthening implementation plan: requirement, due date, activities, transitions,
 * standards met through the plan, the six-month clock and its extensions, alerts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/domain/csip.h"

static instant_t at(const char *s)
{
	instant_t t;
	assert_int_equal(time_parse_instant(s, &t), 0);
	return t;
}

static instant_t day(const char *s)
{
	instant_t t;
	assert_int_equal(time_parse_date(s, &t), 0);
	return t;
}

static const struct csip_settings S = {.due_months = 1, .reassessment_months = 6};

/* A medium rating (6 of 8): standards 3 and 5 unmet, rated 2026-01-10, plan created the next day. */
static struct csip_plan medium_plan(enum csip_status status)
{
	struct csip_plan p = {.status = status, .rated_at = at("2026-01-10T09:00:00Z")};
	for (int n = 1; n <= CSIP_STANDARDS; n++)
		p.met_at_rating[n] = n != 3 && n != 5;
	if (status != CSIP_NONE)
		p.created_at = at("2026-01-11T08:00:00Z");
	if (status == CSIP_ACTIVE || status == CSIP_COMPLETED)
		p.started_at = at("2026-02-01T12:00:00Z");
	return p;
}

/* A completed activity here is one an agency confirmed at completed_at (reported the day before):
 * the confirmation is the instant that counts. */
static struct csip_activity activity(int standard, enum csip_activity_status status, instant_t completed_at)
{
	bool done = status == CSIP_ACTIVITY_COMPLETED;
	return (struct csip_activity){.standard = standard, .description = "Train all staff", .responsible = "HR lead",
				      .due_date = day("2026-05-01"), .status = status,
				      .completed_at = done && completed_at ? completed_at - 86400 : 0,
				      .confirmed_at = done ? completed_at : 0};
}

/* Reported completed by the partner at `at`, not confirmed yet. */
static struct csip_activity reported(int standard, instant_t at_)
{
	struct csip_activity a = activity(standard, CSIP_ACTIVITY_COMPLETED, 0);
	a.completed_at = at_;
	return a;
}

static void words_of_the_api(void **state)
{
	(void)state;
	assert_int_equal(csip_status_parse("draft"), CSIP_DRAFT);
	assert_int_equal(csip_status_parse("completed"), CSIP_COMPLETED);
	assert_int_equal(csip_status_parse("Draft"), -1);
	assert_null(csip_status_name(CSIP_NONE));
	for (int s = CSIP_DRAFT; s <= CSIP_COMPLETED; s++)
		assert_int_equal(csip_status_parse(csip_status_name((enum csip_status)s)), s);
	assert_int_equal(csip_activity_status_parse("not_started"), CSIP_NOT_STARTED);
	assert_int_equal(csip_activity_status_parse("in_progress"), CSIP_IN_PROGRESS);
	assert_int_equal(csip_activity_status_parse("completed"), CSIP_ACTIVITY_COMPLETED);
	assert_int_equal(csip_activity_status_parse("done"), -1);
	assert_int_equal(csip_activity_status_parse(""), -1);
	assert_int_equal(csip_activity_status_parse(NULL), -1);
}

static void plan_required_with_contact_and_rating_below_full(void **state)
{
	(void)state;
	assert_true(csip_required(true, "low"));
	assert_true(csip_required(true, "medium"));
	assert_false(csip_required(true, "full"));
	assert_false(csip_required(false, "low"));
	assert_false(csip_required(true, NULL));
	/* available, not required, for every other rated assessment */
	assert_true(csip_available("full"));
	assert_true(csip_available("low"));
	assert_false(csip_available(NULL));
	assert_false(csip_available("unknown"));
}

static void plan_due_one_month_after_rating_and_overdue_after(void **state)
{
	(void)state;
	struct csip_plan p = medium_plan(CSIP_NONE);
	assert_int_equal(csip_due(&p, S), at("2026-02-10T09:00:00Z"));
	assert_false(csip_overdue(&p, S, at("2026-02-10T09:00:00Z")));
	assert_true(csip_overdue(&p, S, at("2026-02-10T09:00:01Z")));
	struct csip_settings two = {.due_months = 2, .reassessment_months = 6};
	assert_int_equal(csip_due(&p, two), at("2026-03-10T09:00:00Z"));
	/* a draft is still not submitted; a submitted plan is no longer overdue */
	p = medium_plan(CSIP_DRAFT);
	assert_true(csip_overdue(&p, S, at("2026-03-01T00:00:00Z")));
	p.status = CSIP_SUBMITTED;
	assert_false(csip_overdue(&p, S, at("2026-03-01T00:00:00Z")));
}

static void transitions_draft_submitted_active_completed(void **state)
{
	(void)state;
	struct csip_plan p = medium_plan(CSIP_NONE);
	assert_null(csip_action_problem(&p, CSIP_CREATE));
	assert_non_null(csip_action_problem(&p, CSIP_EDIT_ACTIVITIES));
	assert_non_null(csip_action_problem(&p, CSIP_SUBMIT));
	p.status = CSIP_DRAFT;
	assert_non_null(csip_action_problem(&p, CSIP_CREATE));
	assert_null(csip_action_problem(&p, CSIP_EDIT_ACTIVITIES));
	assert_null(csip_action_problem(&p, CSIP_SUBMIT));
	assert_non_null(csip_action_problem(&p, CSIP_APPROVE));
	assert_non_null(csip_action_problem(&p, CSIP_EXTEND));
	assert_non_null(csip_action_problem(&p, CSIP_CHANGE_ACTIVITY_STATUS));
	p.status = CSIP_SUBMITTED;
	assert_non_null(csip_action_problem(&p, CSIP_SUBMIT));
	assert_null(csip_action_problem(&p, CSIP_APPROVE));
	assert_non_null(csip_action_problem(&p, CSIP_CHANGE_ACTIVITY_STATUS));
	p.status = CSIP_ACTIVE;
	assert_non_null(csip_action_problem(&p, CSIP_APPROVE));
	assert_null(csip_action_problem(&p, CSIP_EXTEND));
	assert_null(csip_action_problem(&p, CSIP_CHANGE_ACTIVITY_STATUS));
	assert_null(csip_action_problem(&p, CSIP_EDIT_ACTIVITIES));
	p.status = CSIP_COMPLETED;
	assert_non_null(csip_action_problem(&p, CSIP_EDIT_ACTIVITIES));
	assert_non_null(csip_action_problem(&p, CSIP_EXTEND));
	assert_non_null(csip_action_problem(&p, CSIP_CHANGE_ACTIVITY_STATUS));
}

static void activity_only_for_an_unmet_standard(void **state)
{
	(void)state;
	struct csip_plan p = medium_plan(CSIP_DRAFT);
	assert_null(csip_standard_problem(&p, 3, at("2026-01-12T00:00:00Z")));
	assert_null(csip_standard_problem(&p, 5, at("2026-01-12T00:00:00Z")));
	assert_non_null(csip_standard_problem(&p, 1, at("2026-01-12T00:00:00Z")));
	assert_non_null(csip_standard_problem(&p, 0, at("2026-01-12T00:00:00Z")));
	assert_non_null(csip_standard_problem(&p, 9, at("2026-01-12T00:00:00Z")));
	/* a standard the plan has met takes no further activity */
	struct csip_activity acts[] = {activity(3, CSIP_ACTIVITY_COMPLETED, at("2026-03-01T00:00:00Z"))};
	p = medium_plan(CSIP_ACTIVE);
	p.activities = acts;
	p.nactivities = 1;
	assert_null(csip_standard_problem(&p, 3, at("2026-02-28T00:00:00Z")));
	assert_non_null(csip_standard_problem(&p, 3, at("2026-03-01T00:00:00Z")));
}

static void activity_due_date_not_before_the_plans_start(void **state)
{
	(void)state;
	struct csip_plan p = medium_plan(CSIP_DRAFT); /* created 2026-01-11 */
	assert_null(csip_due_date_problem(&p, day("2026-01-11")));
	assert_non_null(csip_due_date_problem(&p, day("2026-01-10")));
	p = medium_plan(CSIP_ACTIVE); /* started 2026-02-01 */
	assert_null(csip_due_date_problem(&p, day("2026-02-01")));
	assert_non_null(csip_due_date_problem(&p, day("2026-01-31")));
}

static void activity_texts_have_limits(void **state)
{
	(void)state;
	static char long_text[CSIP_DESCRIPTION_MAX + 2];
	memset(long_text, 'x', sizeof long_text - 1);
	assert_null(csip_description_problem("Write the PSEA policy"));
	assert_non_null(csip_description_problem(""));
	assert_non_null(csip_description_problem(NULL));
	assert_non_null(csip_description_problem(long_text));
	long_text[CSIP_DESCRIPTION_MAX] = '\0';
	assert_null(csip_description_problem(long_text));
	assert_null(csip_responsible_problem("Director"));
	assert_non_null(csip_responsible_problem(""));
	long_text[CSIP_RESPONSIBLE_MAX + 1] = '\0';
	assert_non_null(csip_responsible_problem(long_text));
	long_text[CSIP_RESPONSIBLE_MAX] = '\0';
	assert_null(csip_responsible_problem(long_text));
}

static void activity_status_changes_only_while_active_and_completion_is_final(void **state)
{
	(void)state;
	struct csip_activity a = activity(3, CSIP_NOT_STARTED, 0);
	struct csip_plan p = medium_plan(CSIP_DRAFT);
	assert_non_null(csip_activity_status_change_problem(&p, &a, CSIP_ACTIVITY_COMPLETED));
	assert_non_null(csip_activity_status_change_problem(&p, &a, CSIP_IN_PROGRESS));
	assert_null(csip_activity_status_change_problem(&p, &a, CSIP_NOT_STARTED)); /* no change */
	p.status = CSIP_SUBMITTED;
	assert_non_null(csip_activity_status_change_problem(&p, &a, CSIP_ACTIVITY_COMPLETED));
	p = medium_plan(CSIP_ACTIVE);
	assert_null(csip_activity_status_change_problem(&p, &a, CSIP_IN_PROGRESS));
	assert_null(csip_activity_status_change_problem(&p, &a, CSIP_ACTIVITY_COMPLETED));
	a = activity(3, CSIP_ACTIVITY_COMPLETED, at("2026-03-01T00:00:00Z"));
	assert_non_null(csip_activity_status_change_problem(&p, &a, CSIP_IN_PROGRESS));
	p.status = CSIP_COMPLETED;
	assert_non_null(csip_activity_status_change_problem(&p, &a, CSIP_NOT_STARTED));
}

static void submit_needs_an_activity_for_every_unmet_standard(void **state)
{
	(void)state;
	struct csip_plan p = medium_plan(CSIP_DRAFT);
	int missing[CSIP_STANDARDS];
	assert_int_equal(csip_submit_gaps(&p, at("2026-01-20T00:00:00Z"), missing), 2);
	assert_int_equal(missing[0], 3);
	assert_int_equal(missing[1], 5);
	struct csip_activity acts[] = {activity(5, CSIP_NOT_STARTED, 0)};
	p.activities = acts;
	p.nactivities = 1;
	assert_int_equal(csip_submit_gaps(&p, at("2026-01-20T00:00:00Z"), missing), 1);
	assert_int_equal(missing[0], 3);
	struct csip_activity both[] = {activity(5, CSIP_NOT_STARTED, 0), activity(3, CSIP_NOT_STARTED, 0)};
	p.activities = both;
	p.nactivities = 2;
	assert_int_equal(csip_submit_gaps(&p, at("2026-01-20T00:00:00Z"), missing), 0);
}

static void standard_met_when_all_its_activities_completed(void **state)
{
	(void)state;
	struct csip_activity acts[] = {
		activity(3, CSIP_ACTIVITY_COMPLETED, at("2026-03-01T00:00:00Z")),
		activity(3, CSIP_IN_PROGRESS, 0),
		activity(5, CSIP_ACTIVITY_COMPLETED, at("2026-04-01T00:00:00Z")),
	};
	struct csip_plan p = medium_plan(CSIP_ACTIVE);
	p.activities = acts;
	p.nactivities = 3;
	instant_t now = at("2026-04-02T00:00:00Z");
	assert_int_equal(csip_standard_met(&p, 1, now), CSIP_MET_BY_RATING);
	assert_int_equal(csip_standard_met(&p, 3, now), CSIP_UNMET); /* one of two still in progress */
	assert_int_equal(csip_standard_met(&p, 5, now), CSIP_MET_BY_PLAN);
	assert_int_equal(csip_standard_met(&p, 5, at("2026-03-31T23:59:59Z")), CSIP_UNMET);
	bool met[CSIP_STANDARDS + 1];
	assert_int_equal(csip_standards_met(&p, now, met), 7);
	assert_false(met[3]);
	assert_true(met[5]);
	bool by_plan[CSIP_STANDARDS + 1];
	assert_int_equal(csip_met_by_plan(&p, now, by_plan), 1);
	assert_true(by_plan[5]);
	assert_false(by_plan[1]);
	assert_false(by_plan[3]);
	assert_false(csip_all_activities_completed(&p));
	/* completed activities of a plan that never became active meet nothing */
	p.status = CSIP_SUBMITTED;
	assert_int_equal(csip_standard_met(&p, 5, now), CSIP_UNMET);
}

static void all_activities_completed_completes_plan_with_every_standard_met(void **state)
{
	(void)state;
	struct csip_activity acts[] = {
		activity(3, CSIP_ACTIVITY_COMPLETED, at("2026-03-01T00:00:00Z")),
		activity(5, CSIP_ACTIVITY_COMPLETED, at("2026-04-01T00:00:00Z")),
	};
	struct csip_plan p = medium_plan(CSIP_ACTIVE);
	p.activities = acts;
	p.nactivities = 2;
	assert_true(csip_all_activities_completed(&p));
	assert_int_equal(csip_completed_at(&p), at("2026-04-01T00:00:00Z"));
	bool met[CSIP_STANDARDS + 1];
	assert_int_equal(csip_standards_met(&p, csip_completed_at(&p), met), CSIP_STANDARDS);
	/* an active plan without activities is not completed by default */
	p.nactivities = 0;
	assert_false(csip_all_activities_completed(&p));
	assert_int_equal(csip_completed_at(&p), 0);
}

static void reassessment_at_six_months_after_start(void **state)
{
	(void)state;
	struct csip_plan p = medium_plan(CSIP_ACTIVE); /* started 2026-02-01T12:00:00Z */
	assert_int_equal(csip_ends_at(&p, S), at("2026-08-01T12:00:00Z"));
	struct csip_settings three = {.due_months = 1, .reassessment_months = 3};
	assert_int_equal(csip_ends_at(&p, three), at("2026-05-01T12:00:00Z"));
	p = medium_plan(CSIP_SUBMITTED);
	assert_int_equal(csip_ends_at(&p, S), 0);
	assert_int_equal(csip_reassessment_score(&p, S, at("2030-01-01T00:00:00Z")), -1);
}

static void activity_completed_just_before_the_instant_counts(void **state)
{
	(void)state;
	struct csip_activity acts[] = {
		activity(3, CSIP_ACTIVITY_COMPLETED, at("2026-08-01T11:59:59Z")),
		activity(5, CSIP_ACTIVITY_COMPLETED, at("2026-08-01T12:00:00Z")), /* exactly at it: counts */
	};
	struct csip_plan p = medium_plan(CSIP_ACTIVE);
	p.activities = acts;
	p.nactivities = 2;
	assert_int_equal(csip_reassessment_score(&p, S, at("2026-08-01T11:59:59Z")), -1); /* not yet */
	assert_int_equal(csip_reassessment_score(&p, S, at("2026-08-01T12:00:00Z")), 8);
}

static void activity_completed_just_after_the_instant_does_not_count(void **state)
{
	(void)state;
	struct csip_activity acts[] = {
		activity(3, CSIP_ACTIVITY_COMPLETED, at("2026-07-15T00:00:00Z")),
		activity(5, CSIP_ACTIVITY_COMPLETED, at("2026-08-01T12:00:01Z")),
	};
	struct csip_plan p = medium_plan(CSIP_COMPLETED);
	p.activities = acts;
	p.nactivities = 2;
	/* the same whenever it is read after the instant, even once the plan is completed */
	assert_int_equal(csip_reassessment_score(&p, S, at("2026-08-01T12:00:00Z")), 7);
	assert_int_equal(csip_reassessment_score(&p, S, at("2026-09-01T00:00:00Z")), 7);
	assert_int_equal(csip_reassessment_score(&p, S, at("2031-01-01T00:00:00Z")), 7);
	bool met[CSIP_STANDARDS + 1];
	assert_int_equal(csip_standards_met(&p, at("2026-09-01T00:00:00Z"), met), 8); /* but met now */
}

static void extension_moves_the_instant(void **state)
{
	(void)state;
	struct csip_activity acts[] = {
		activity(3, CSIP_ACTIVITY_COMPLETED, at("2026-07-15T00:00:00Z")),
		activity(5, CSIP_ACTIVITY_COMPLETED, at("2026-09-10T00:00:00Z")),
	};
	struct csip_extension ext[] = {
		{.until = at("2026-09-01T00:00:00Z"), .reason = "Staff turnover", .at = at("2026-07-20T00:00:00Z")},
		{.until = at("2026-10-01T00:00:00Z"), .reason = "Training postponed", .at = at("2026-08-25T00:00:00Z")},
	};
	struct csip_plan p = medium_plan(CSIP_ACTIVE);
	p.activities = acts;
	p.nactivities = 2;
	p.extensions = ext;
	p.nextensions = 1;
	assert_int_equal(csip_ends_at(&p, S), at("2026-09-01T00:00:00Z"));
	assert_int_equal(csip_reassessment_score(&p, S, at("2026-08-15T00:00:00Z")), -1); /* six months passed, moved */
	assert_int_equal(csip_reassessment_score(&p, S, at("2026-09-01T00:00:00Z")), 7);
	p.nextensions = 2; /* a second extension: the latest end wins, the first is kept */
	assert_int_equal(csip_ends_at(&p, S), at("2026-10-01T00:00:00Z"));
	assert_int_equal(csip_reassessment_score(&p, S, at("2026-09-15T00:00:00Z")), -1);
	assert_int_equal(csip_reassessment_score(&p, S, at("2026-10-01T00:00:00Z")), 8);
}

static void extension_needs_a_reason_and_a_later_end(void **state)
{
	(void)state;
	struct csip_plan p = medium_plan(CSIP_ACTIVE); /* ends 2026-08-01T12:00:00Z */
	assert_null(csip_extension_reason_problem("Training postponed by floods"));
	assert_non_null(csip_extension_reason_problem(""));
	assert_non_null(csip_extension_reason_problem(NULL));
	assert_null(csip_extension_until_problem(&p, S, at("2026-08-01T12:00:01Z")));
	assert_non_null(csip_extension_until_problem(&p, S, at("2026-08-01T12:00:00Z")));
	assert_non_null(csip_extension_until_problem(&p, S, at("2026-07-01T00:00:00Z")));
	struct csip_extension ext[] = {{.until = at("2026-10-01T00:00:00Z"), .reason = "x"}};
	p.extensions = ext;
	p.nextensions = 1;
	assert_non_null(csip_extension_until_problem(&p, S, at("2026-09-01T00:00:00Z"))); /* after six months, before the extension */
	assert_null(csip_extension_until_problem(&p, S, at("2026-11-01T00:00:00Z")));
	p = medium_plan(CSIP_SUBMITTED);
	assert_non_null(csip_extension_until_problem(&p, S, at("2027-01-01T00:00:00Z")));
}

static void alerts_for_both_sides(void **state)
{
	(void)state;
	struct csip_plan p = medium_plan(CSIP_NONE);
	assert_int_equal(csip_alerts(&p, true, S, at("2026-01-20T00:00:00Z")), CSIP_ALERT_DUE);
	assert_int_equal(csip_alerts(&p, true, S, at("2026-02-11T00:00:00Z")), CSIP_ALERT_OVERDUE);
	assert_int_equal(csip_alerts(&p, false, S, at("2026-02-11T00:00:00Z")), 0); /* only available */
	p.status = CSIP_DRAFT;
	assert_int_equal(csip_alerts(&p, true, S, at("2026-02-11T00:00:00Z")), CSIP_ALERT_OVERDUE);
	struct csip_activity planned[] = {activity(3, CSIP_NOT_STARTED, 0), activity(5, CSIP_NOT_STARTED, 0)};
	p.activities = planned;
	p.nactivities = 2;
	p.status = CSIP_SUBMITTED;
	assert_int_equal(csip_alerts(&p, true, S, at("2026-02-11T00:00:00Z")), CSIP_ALERT_TO_APPROVE);
	struct csip_activity acts[] = {activity(3, CSIP_IN_PROGRESS, 0), activity(5, CSIP_ACTIVITY_COMPLETED, at("2026-03-01T00:00:00Z"))};
	p = medium_plan(CSIP_ACTIVE);
	p.activities = acts;
	p.nactivities = 2;
	assert_int_equal(csip_alerts(&p, true, S, at("2026-04-30T23:59:59Z")), 0);
	assert_int_equal(csip_alerts(&p, true, S, at("2026-05-01T00:00:00Z")), CSIP_ALERT_ACTIVITY_DUE);
	assert_int_equal(csip_alerts(&p, true, S, at("2026-08-01T12:00:00Z")), CSIP_ALERT_ACTIVITY_DUE | CSIP_ALERT_REASSESSMENT);
	p.status = CSIP_COMPLETED;
	assert_int_equal(csip_alerts(&p, true, S, at("2026-08-01T12:00:00Z")), 0);
	/* a reported completion awaits the agency; a returned one awaits the partner */
	struct csip_activity more[] = {reported(3, at("2026-03-01T00:00:00Z")), activity(5, CSIP_IN_PROGRESS, 0)};
	more[1].returned_at = at("2026-03-02T00:00:00Z");
	p = medium_plan(CSIP_ACTIVE);
	p.activities = more;
	p.nactivities = 2;
	assert_int_equal(csip_alerts(&p, true, S, at("2026-03-03T00:00:00Z")), CSIP_ALERT_TO_CONFIRM | CSIP_ALERT_RETURNED);
}

static void reported_completion_counts_only_once_confirmed(void **state)
{
	(void)state;
	struct csip_activity acts[] = {reported(3, at("2026-03-01T00:00:00Z")), reported(5, at("2026-03-01T00:00:00Z"))};
	struct csip_plan p = medium_plan(CSIP_ACTIVE);
	p.activities = acts;
	p.nactivities = 2;
	bool met[CSIP_STANDARDS + 1];
	assert_int_equal(csip_completion_of(&acts[0]), CSIP_COMPLETION_REPORTED);
	assert_int_equal(csip_standards_met(&p, at("2027-01-01T00:00:00Z"), met), 6);
	assert_false(csip_all_activities_completed(&p));
	assert_int_equal(csip_alerts(&p, true, S, at("2026-03-02T00:00:00Z")), CSIP_ALERT_TO_CONFIRM);
	/* the partner cannot take a report back; the agency confirms or returns it */
	assert_non_null(csip_activity_status_change_problem(&p, &acts[0], CSIP_IN_PROGRESS));
	assert_null(csip_confirmation_problem(&p, &acts[0]));
	acts[0].confirmed_at = at("2026-03-05T00:00:00Z");
	assert_int_equal(csip_completion_of(&acts[0]), CSIP_COMPLETION_CONFIRMED);
	assert_non_null(csip_confirmation_problem(&p, &acts[0]));
	assert_int_equal(csip_standard_met(&p, 3, at("2026-03-04T23:59:59Z")), CSIP_UNMET);
	assert_int_equal(csip_standard_met(&p, 3, at("2026-03-05T00:00:00Z")), CSIP_MET_BY_PLAN);
	acts[1].confirmed_at = at("2026-03-06T00:00:00Z");
	assert_true(csip_all_activities_completed(&p));
	assert_int_equal(csip_completed_at(&p), at("2026-03-06T00:00:00Z"));
	/* nothing to confirm on an activity never reported, nor outside an active plan */
	struct csip_activity open = activity(3, CSIP_IN_PROGRESS, 0);
	assert_non_null(csip_confirmation_problem(&p, &open));
	p.status = CSIP_COMPLETED;
	assert_non_null(csip_confirmation_problem(&p, &acts[0]));
	assert_non_null(csip_return_reason_problem(""));
	assert_null(csip_return_reason_problem("No attendance list"));
}

static void reassessment_counts_confirmations_at_their_instant(void **state)
{
	(void)state;
	/* reported well before the six-month instant, confirmed a second after it: not counted */
	struct csip_activity acts[] = {activity(3, CSIP_ACTIVITY_COMPLETED, at("2026-07-01T00:00:00Z")),
				       reported(5, at("2026-07-01T00:00:00Z"))};
	acts[1].confirmed_at = at("2026-08-01T12:00:01Z");
	struct csip_plan p = medium_plan(CSIP_COMPLETED);
	p.activities = acts;
	p.nactivities = 2;
	assert_int_equal(csip_reassessment_score(&p, S, at("2026-08-01T12:00:00Z")), 7);
	assert_int_equal(csip_reassessment_score(&p, S, at("2030-01-01T00:00:00Z")), 7);
}

static void returned_completion_goes_back_in_progress(void **state)
{
	(void)state;
	struct csip_activity a = activity(3, CSIP_IN_PROGRESS, 0);
	a.returned_at = at("2026-03-02T00:00:00Z");
	struct csip_plan p = medium_plan(CSIP_ACTIVE);
	assert_int_equal(csip_completion_of(&a), CSIP_COMPLETION_RETURNED);
	assert_string_equal(csip_completion_name(csip_completion_of(&a)), "returned");
	assert_null(csip_activity_status_change_problem(&p, &a, CSIP_ACTIVITY_COMPLETED)); /* reported again */
	a.status = CSIP_ACTIVITY_COMPLETED;
	a.completed_at = at("2026-03-10T00:00:00Z");
	assert_int_equal(csip_completion_of(&a), CSIP_COMPLETION_REPORTED);
}

static void activities_revised_or_deleted_only_in_a_draft(void **state)
{
	(void)state;
	struct csip_plan p = medium_plan(CSIP_NONE);
	assert_non_null(csip_action_problem(&p, CSIP_REVISE_ACTIVITY));
	p.status = CSIP_DRAFT;
	assert_null(csip_action_problem(&p, CSIP_REVISE_ACTIVITY));
	for (int s = CSIP_SUBMITTED; s <= CSIP_COMPLETED; s++) {
		p.status = (enum csip_status)s;
		assert_non_null(csip_action_problem(&p, CSIP_REVISE_ACTIVITY));
	}
}

static void rating_again_supersedes_earlier_confirmations(void **state)
{
	(void)state;
	struct csip_activity acts[3] = {activity(3, CSIP_ACTIVITY_COMPLETED, at("2026-03-01T00:00:00Z")),
					activity(5, CSIP_ACTIVITY_COMPLETED, at("2026-03-02T00:00:00Z"))};
	struct csip_plan p = medium_plan(CSIP_ACTIVE);
	p.activities = acts;
	p.nactivities = 2;
	assert_true(csip_all_activities_completed(&p));
	/* rated again on 2026-04-01: standard 3 still unmet, 5 now met by the new rating */
	p.met_at_rating[5] = true;
	for (int n = 1; n <= CSIP_STANDARDS; n++)
		p.counts_from[n] = at("2026-04-01T00:00:00Z");
	assert_true(csip_activity_superseded(&p, &acts[0]));
	assert_int_equal(csip_standard_met(&p, 3, at("2026-05-01T00:00:00Z")), CSIP_UNMET);
	assert_false(csip_all_activities_completed(&p));
	assert_null(csip_standard_problem(&p, 3, at("2026-04-02T00:00:00Z"))); /* a new activity may cover it */
	int missing[CSIP_STANDARDS];
	assert_int_equal(csip_submit_gaps(&p, at("2026-04-02T00:00:00Z"), missing), 1);
	assert_int_equal(missing[0], 3);
	assert_int_equal(csip_alerts(&p, true, S, at("2026-04-02T00:00:00Z")), CSIP_ALERT_GAP);
	p.status = CSIP_COMPLETED;
	assert_true(csip_reopens_for_gap(&p, at("2026-04-02T00:00:00Z")));
	p.status = CSIP_ACTIVE;
	assert_false(csip_reopens_for_gap(&p, at("2026-04-02T00:00:00Z")));
	acts[2] = activity(3, CSIP_ACTIVITY_COMPLETED, at("2026-04-20T00:00:00Z"));
	p.nactivities = 3;
	assert_int_equal(csip_standard_met(&p, 3, at("2026-04-20T00:00:00Z")), CSIP_MET_BY_PLAN);
	assert_true(csip_all_activities_completed(&p));
	assert_int_equal(csip_completed_at(&p), at("2026-04-20T00:00:00Z"));
	p.status = CSIP_COMPLETED;
	assert_false(csip_reopens_for_gap(&p, at("2026-04-21T00:00:00Z")));
}

static void inadequate_review_opens_standard_8_to_the_plan(void **state)
{
	(void)state;
	struct csip_plan p = medium_plan(CSIP_ACTIVE);
	assert_non_null(csip_standard_problem(&p, 8, at("2026-03-01T00:00:00Z")));
	/* a review before the rating: the rating prevails */
	csip_apply_inadequate_review(&p, at("2026-01-01T00:00:00Z"));
	assert_non_null(csip_standard_problem(&p, 8, at("2026-03-01T00:00:00Z")));
	csip_apply_inadequate_review(&p, at("2026-02-15T00:00:00Z"));
	assert_null(csip_standard_problem(&p, 8, at("2026-03-01T00:00:00Z")));
	/* only a confirmation after the review answers it */
	struct csip_activity acts[] = {activity(8, CSIP_ACTIVITY_COMPLETED, at("2026-02-10T00:00:00Z")),
				       activity(8, CSIP_ACTIVITY_COMPLETED, at("2026-03-10T00:00:00Z"))};
	p.activities = acts;
	p.nactivities = 1;
	assert_int_equal(csip_standard_met(&p, 8, at("2026-04-01T00:00:00Z")), CSIP_UNMET);
	p.nactivities = 2;
	assert_int_equal(csip_standard_met(&p, 8, at("2026-03-09T00:00:00Z")), CSIP_UNMET);
	assert_int_equal(csip_standard_met(&p, 8, at("2026-03-10T00:00:00Z")), CSIP_MET_BY_PLAN);
	/* before the review the rating's answer stood: a score read at an earlier instant keeps it */
	assert_int_equal(csip_standard_met(&p, 8, at("2026-02-14T23:59:59Z")), CSIP_MET_BY_RATING);
}

int run_csip(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_of_the_api),
		cmocka_unit_test(plan_required_with_contact_and_rating_below_full),
		cmocka_unit_test(plan_due_one_month_after_rating_and_overdue_after),
		cmocka_unit_test(transitions_draft_submitted_active_completed),
		cmocka_unit_test(activity_only_for_an_unmet_standard),
		cmocka_unit_test(activity_due_date_not_before_the_plans_start),
		cmocka_unit_test(activity_texts_have_limits),
		cmocka_unit_test(activity_status_changes_only_while_active_and_completion_is_final),
		cmocka_unit_test(submit_needs_an_activity_for_every_unmet_standard),
		cmocka_unit_test(standard_met_when_all_its_activities_completed),
		cmocka_unit_test(all_activities_completed_completes_plan_with_every_standard_met),
		cmocka_unit_test(reassessment_at_six_months_after_start),
		cmocka_unit_test(activity_completed_just_before_the_instant_counts),
		cmocka_unit_test(activity_completed_just_after_the_instant_does_not_count),
		cmocka_unit_test(extension_moves_the_instant),
		cmocka_unit_test(extension_needs_a_reason_and_a_later_end),
		cmocka_unit_test(alerts_for_both_sides),
		cmocka_unit_test(reported_completion_counts_only_once_confirmed),
		cmocka_unit_test(reassessment_counts_confirmations_at_their_instant),
		cmocka_unit_test(returned_completion_goes_back_in_progress),
		cmocka_unit_test(activities_revised_or_deleted_only_in_a_draft),
		cmocka_unit_test(rating_again_supersedes_earlier_confirmations),
		cmocka_unit_test(inadequate_review_opens_standard_8_to_the_plan),
	};
	return cmocka_run_group_tests_name("csip", tests, NULL, NULL);
}
