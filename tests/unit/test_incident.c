/* The rules of the allegations register: validation, the status instants, the onward-report
 * measure and the figures, on data whose answers are worked out by hand below. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/domain/incident.h"

#define HOUR 3600
#define DAY 86400

static instant_t at(const char *iso)
{
	instant_t t;
	assert_int_equal(time_parse_instant(iso, &t), 0);
	return t;
}

static struct incident valid_incident(void)
{
	struct incident inc = {
		.personnel_category = "implementing_partner", .type = "sexual_exploitation", .source = "complaint",
		.status = "received", .received_at = at("2026-03-01T08:00:00Z"),
		.victims = {{"female", "child", 2}, {"male", "adult", 1}}, .nvictims = 2,
		.actions = {"letter_on_file"}, .nactions = 1, .assistance = {"medical", "psychosocial"}, .nassistance = 2,
	};
	return inc;
}

static bool has_problem(const struct incident_problems *p, const char *field, const char *code)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->items[i].field, field) == 0 && strcmp(p->items[i].code, code) == 0)
			return true;
	return false;
}

static void incident_check_accepts_a_complete_record(void **state)
{
	(void)state;
	struct incident inc = valid_incident();
	struct incident_problems p;
	assert_int_equal(incident_check(&inc, at("2026-06-01T00:00:00Z"), &p), 0);
}

static void incident_words_come_from_their_lists(void **state)
{
	(void)state;
	struct incident inc = valid_incident();
	inc.status = "archived";
	inc.type = "fraud";
	inc.source = NULL;
	inc.personnel_category = "volunteer";
	struct incident_problems p;
	assert_int_equal(incident_check(&inc, at("2026-06-01T00:00:00Z"), &p), 4);
	assert_true(has_problem(&p, "status", "invalid_value"));
	assert_true(has_problem(&p, "type", "invalid_value"));
	assert_true(has_problem(&p, "source", "required"));
	assert_true(has_problem(&p, "personnel_category", "invalid_value"));
	for (size_t i = 0; incident_statuses[i]; i++) {
		inc = valid_incident();
		inc.status = incident_statuses[i];
		assert_int_equal(incident_check(&inc, at("2026-06-01T00:00:00Z"), &p), 0);
	}
	assert_true(incident_word_ok(incident_statuses, "referred_to_national_authorities"));
	assert_false(incident_word_ok(incident_actions, "medical"));
	assert_true(incident_word_ok(incident_assistance_kinds, "medical"));
}

static void onward_report_not_before_receipt(void **state)
{
	(void)state;
	struct incident inc = valid_incident();
	struct incident_problems p;
	inc.reported_onward_at = inc.received_at - 1;
	assert_int_equal(incident_check(&inc, at("2026-06-01T00:00:00Z"), &p), 1);
	assert_true(has_problem(&p, "reported_onward_at", "before_receipt"));
	inc.reported_onward_at = inc.received_at; /* the same instant is allowed */
	assert_int_equal(incident_check(&inc, at("2026-06-01T00:00:00Z"), &p), 0);
	inc.received_at = at("2026-07-01T00:00:00Z");
	inc.reported_onward_at = 0;
	assert_int_equal(incident_check(&inc, at("2026-06-01T00:00:00Z"), &p), 1);
	assert_true(has_problem(&p, "received_at", "in_future"));
}

static void victims_are_positive_counts_once_per_group(void **state)
{
	(void)state;
	struct incident inc = valid_incident();
	struct incident_problems p;
	inc.victims[0].count = 0;
	inc.victims[1] = (struct incident_victims){"female", "child", 1};
	inc.victims[2] = (struct incident_victims){"woman", "elderly", 3};
	inc.nvictims = 3;
	assert_int_equal(incident_check(&inc, at("2026-06-01T00:00:00Z"), &p), 4);
	assert_true(has_problem(&p, "victims[0].count", "invalid_value"));
	assert_true(has_problem(&p, "victims[1].sex", "duplicate"));
	assert_true(has_problem(&p, "victims[2].sex", "invalid_value"));
	assert_true(has_problem(&p, "victims[2].age_group", "invalid_value"));
	/* nothing but sex, age group and count may describe a victim */
	assert_true(incident_word_ok(incident_victim_fields, "count"));
	assert_false(incident_word_ok(incident_victim_fields, "name"));
	assert_false(incident_word_ok(incident_victim_fields, "age"));
}

static void actions_and_assistance_once_each(void **state)
{
	(void)state;
	struct incident inc = valid_incident();
	struct incident_problems p;
	inc.actions[1] = "letter_on_file";
	inc.nactions = 2;
	inc.assistance[2] = "shelter";
	inc.nassistance = 3;
	assert_int_equal(incident_check(&inc, at("2026-06-01T00:00:00Z"), &p), 2);
	assert_true(has_problem(&p, "actions", "duplicate"));
	assert_true(has_problem(&p, "assistance", "invalid_value"));
}

static void investigation_ends_at_the_first_finding(void **state)
{
	(void)state;
	struct incident inc = valid_incident();
	inc.status = NULL;
	incident_start(&inc, at("2026-03-01T09:00:00Z"));
	assert_string_equal(inc.status, "received");
	assert_int_equal(inc.status_changed_at, at("2026-03-01T09:00:00Z"));
	assert_int_equal(incident_investigation_days(&inc), -1);
	incident_set_status(&inc, "under_investigation", at("2026-03-05T00:00:00Z"));
	assert_int_equal(inc.concluded_at, 0);
	incident_set_status(&inc, "substantiated", at("2026-04-10T07:59:59Z"));
	assert_int_equal(inc.status_changed_at, at("2026-04-10T07:59:59Z"));
	/* 1 March 08:00 to 10 April 07:59:59 is one second short of 40 days: 39 whole days */
	assert_int_equal(incident_investigation_days(&inc), 39);
	incident_set_status(&inc, "closed", at("2026-05-01T00:00:00Z"));
	incident_set_status(&inc, "not_substantiated", at("2026-06-01T00:00:00Z"));
	assert_int_equal(inc.concluded_at, at("2026-04-10T07:59:59Z"));
	/* saving the same status again does not move its instant */
	incident_set_status(&inc, "not_substantiated", at("2026-06-02T00:00:00Z"));
	assert_int_equal(inc.status_changed_at, at("2026-06-01T00:00:00Z"));
}

static void onward_within_the_target_hours(void **state)
{
	(void)state;
	struct incident inc = valid_incident(); /* received 1 March 08:00 */
	instant_t now = at("2026-03-02T12:00:00Z");
	assert_int_equal(incident_onward(&inc, 36, now), INCIDENT_ONWARD_PENDING);
	assert_int_equal(incident_onward(&inc, 36, at("2026-03-02T20:00:01Z")), INCIDENT_ONWARD_LATE);
	inc.reported_onward_at = at("2026-03-02T20:00:00Z"); /* exactly 36 hours */
	assert_int_equal(incident_onward(&inc, 36, now), INCIDENT_ONWARD_WITHIN);
	inc.reported_onward_at += 1;
	assert_int_equal(incident_onward(&inc, 36, now), INCIDENT_ONWARD_LATE);
	assert_int_equal(incident_onward(&inc, 48, now), INCIDENT_ONWARD_WITHIN); /* the setting decides */
}

static void percentages_round_to_one_decimal(void **state)
{
	(void)state;
	assert_true(percent_one_decimal(595, 1015) == 58.6); /* 58.62... */
	assert_true(percent_one_decimal(2, 3) == 66.7);
	assert_true(percent_one_decimal(1, 8) == 12.5);
	assert_true(percent_one_decimal(1, 16) == 6.3);     /* 6.25 rounds half up */
	assert_true(percent_one_decimal(0, 5) == 0.0);
	assert_true(percent_one_decimal(0, 0) == -1);
}

/* Five incidents of one year, figures by hand:
 *   A exploitation  onward after 10 h, substantiated after 30 days
 *   B abuse         onward after 40 h, not substantiated after 61 days
 *   C exploitation  never reported, received long ago → late; still open
 *   D harassment    onward after 36 h exactly; substantiated after 0 days (same day)
 *   E other         received 2 h before now, not reported → pending, not judged
 * by type: exploitation 2, abuse 1, harassment 1, assault 0, other 1.
 * onward within 36 h: A, D = 2 of 4 judged (A B C D) = 50.0 %.
 * investigation days: 30, 61, 0 → average 91 / 3 = 30.33 → 30.3; longest 61. */
static void figures_of_a_year(void **state)
{
	(void)state;
	instant_t now = at("2026-12-01T12:00:00Z");
	struct incident all[5];
	const char *types[5] = {"sexual_exploitation", "sexual_abuse", "sexual_exploitation", "sexual_harassment", "other"};
	instant_t received[5] = {at("2026-01-10T00:00:00Z"), at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z"),
				 at("2026-04-01T06:00:00Z"), at("2026-12-01T10:00:00Z")};
	int64_t onward_hours[5] = {10, 40, 0, 36, 0};
	int64_t days[5] = {30, 61, -1, 0, -1};
	struct incident_figures f;
	incident_figures_init(&f);
	for (int i = 0; i < 5; i++) {
		all[i] = valid_incident();
		all[i].type = types[i];
		all[i].received_at = received[i];
		all[i].reported_onward_at = onward_hours[i] ? received[i] + onward_hours[i] * HOUR : 0;
		all[i].concluded_at = days[i] >= 0 ? received[i] + days[i] * DAY + 5 * HOUR : 0;
		incident_figures_add(&f, &all[i], 36, now);
	}
	incident_figures_finish(&f);
	assert_int_equal(f.by_type[0], 2);
	assert_int_equal(f.by_type[1], 1);
	assert_int_equal(f.by_type[2], 1);
	assert_int_equal(f.by_type[3], 0);
	assert_int_equal(f.by_type[4], 1);
	assert_int_equal(f.within_target, 2);
	assert_int_equal(f.judged, 4);
	assert_true(f.within_percent == 50.0);
	assert_int_equal(f.concluded, 3);
	assert_true(f.average_days == 30.3);
	assert_int_equal(f.longest_days, 61);
}

static void figures_of_an_empty_year(void **state)
{
	(void)state;
	struct incident_figures f;
	incident_figures_init(&f);
	incident_figures_finish(&f);
	assert_int_equal(f.judged, 0);
	assert_true(f.within_percent < 0);
	assert_true(f.average_days < 0);
	assert_int_equal(f.longest_days, -1);
}

static void investigation_dates_are_past_and_in_order(void **state)
{
	(void)state;
	instant_t now = at("2026-06-01T12:00:00Z");
	struct incident inc = valid_incident(); /* received 1 March 08:00 */
	struct incident_problems p;
	inc.investigation_started_on = at("2026-03-01T00:00:00Z"); /* the day of receipt is accepted */
	inc.concluded_on = at("2026-06-01T00:00:00Z");           /* so is today */
	assert_int_equal(incident_check(&inc, now, &p), 0);
	inc.concluded_on = at("2026-06-02T00:00:00Z");
	assert_int_equal(incident_check(&inc, now, &p), 1);
	assert_true(has_problem(&p, "concluded_on", "in_future"));
	inc.investigation_started_on = at("2026-04-01T00:00:00Z");
	inc.concluded_on = at("2026-03-31T00:00:00Z");
	assert_int_equal(incident_check(&inc, now, &p), 1);
	assert_true(has_problem(&p, "concluded_on", "before_start"));
	inc.investigation_started_on = 0;
	inc.concluded_on = at("2026-02-28T00:00:00Z");
	assert_int_equal(incident_check(&inc, now, &p), 1);
	assert_true(has_problem(&p, "concluded_on", "before_receipt"));
	inc.concluded_on = 0;
	inc.investigation_started_on = at("2026-02-28T00:00:00Z");
	assert_int_equal(incident_check(&inc, now, &p), 1);
	assert_true(has_problem(&p, "investigation_started_on", "before_receipt"));
	inc.investigation_started_on = at("2026-06-02T00:00:00Z");
	assert_int_equal(incident_check(&inc, now, &p), 1);
	assert_true(has_problem(&p, "investigation_started_on", "in_future"));
}

/* Concluded on 20 May, recorded as substantiated on 15 September: 1 March to 20 May is 80 days. */
static void investigation_days_count_to_the_entered_conclusion(void **state)
{
	(void)state;
	struct incident inc = valid_incident();
	incident_start(&inc, at("2026-03-01T09:00:00Z"));
	incident_set_status(&inc, "substantiated", at("2026-09-15T10:00:00Z"));
	assert_int_equal(incident_investigation_days(&inc), 198); /* from the server's instant */
	inc.concluded_on = at("2026-05-20T00:00:00Z");
	assert_int_equal(incident_investigation_days(&inc), 80);
	inc.concluded_on = at("2026-03-01T00:00:00Z"); /* the day of receipt */
	assert_int_equal(incident_investigation_days(&inc), 0);
}

static void outcome_keeps_the_latest_finding(void **state)
{
	(void)state;
	struct incident inc = valid_incident();
	incident_start(&inc, at("2026-03-01T09:00:00Z"));
	assert_string_equal(incident_outcomes[incident_outcome(&inc)], "under_investigation");
	incident_set_status(&inc, "not_substantiated", at("2026-04-01T00:00:00Z"));
	incident_set_status(&inc, "substantiated", at("2026-05-01T00:00:00Z"));
	incident_set_status(&inc, "closed", at("2026-06-01T00:00:00Z"));
	assert_string_equal(incident_outcomes[incident_outcome(&inc)], "substantiated");
	struct incident quiet = valid_incident();
	quiet.status = "closed";
	assert_string_equal(incident_outcomes[incident_outcome(&quiet)], "closed_without_finding");
}

static void actions_fall_in_the_reported_groups(void **state)
{
	(void)state;
	assert_string_equal(incident_action_groups[incident_action_group("separation")], "dismissal");
	assert_string_equal(incident_action_groups[incident_action_group("dismissal")], "dismissal");
	assert_string_equal(incident_action_groups[incident_action_group("contract_ended")], "contract_ended");
	assert_string_equal(incident_action_groups[incident_action_group("referral_to_national_authorities")],
			    "referral_to_national_authorities");
	assert_string_equal(incident_action_groups[incident_action_group("letter_on_file")], "other");
	assert_string_equal(incident_action_groups[incident_action_group("screening_database_entry")], "other");
	/* separation and dismissal on one incident count it once */
	struct incident inc = valid_incident();
	inc.actions[0] = "separation";
	inc.actions[1] = "dismissal";
	inc.actions[2] = "letter_on_file";
	inc.nactions = 3;
	struct incident_figures f;
	incident_figures_init(&f);
	incident_figures_add(&f, &inc, 36, at("2026-06-01T00:00:00Z"));
	assert_int_equal(f.actions[0], 1);
	assert_int_equal(f.actions[1], 0);
	assert_int_equal(f.actions[3], 1);
}

static void alerts_for_disclosures_and_onward_reports(void **state)
{
	(void)state;
	struct incident inc = valid_incident(); /* received 1 March 08:00: target 2 March 20:00 */
	instant_t now = at("2026-03-02T08:00:00Z");
	assert_false(incident_onward_due_soon(&inc, 36, 12, now - 1)); /* 12 hours and a second away */
	assert_true(incident_onward_due_soon(&inc, 36, 12, now));      /* 12 hours away */
	assert_true(incident_onward_due_soon(&inc, 36, 12, at("2026-03-10T00:00:00Z"))); /* passed */
	inc.status = "closed";
	assert_false(incident_onward_due_soon(&inc, 36, 12, now));
	inc.status = "received";
	inc.reported_onward_at = at("2026-03-01T09:00:00Z");
	assert_false(incident_onward_due_soon(&inc, 36, 12, now));
	assert_false(incident_disclosure_waiting(&inc));
	inc.source = "self_disclosure";
	assert_true(incident_disclosure_waiting(&inc));
	inc.status = "preliminary_assessment";
	assert_false(incident_disclosure_waiting(&inc));
}

static void median_of_the_middle_values(void **state)
{
	(void)state;
	int64_t odd[] = {61, 0, 30};
	assert_true(incident_median_days(odd, 3) == 30.0);
	int64_t even[] = {10, 3, 4, 100};
	assert_true(incident_median_days(even, 4) == 7.0);
	int64_t half[] = {1, 2};
	assert_true(incident_median_days(half, 2) == 1.5);
	assert_true(incident_median_days(NULL, 0) < 0);
}

static void years_start_on_the_first_of_january(void **state)
{
	(void)state;
	assert_int_equal(incident_year_start(1970), 0);
	assert_int_equal(incident_year_start(2026), at("2026-01-01T00:00:00Z"));
	assert_int_equal(incident_year_start(2025), at("2025-01-01T00:00:00Z"));
	assert_int_equal(incident_year_start(2001), at("2001-01-01T00:00:00Z"));
	assert_int_equal(incident_year_of(at("2026-12-31T23:59:59Z")), 2026);
	assert_int_equal(incident_year_of(at("2027-01-01T00:00:00Z")), 2027);
}

int run_incident(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(incident_check_accepts_a_complete_record),
		cmocka_unit_test(incident_words_come_from_their_lists),
		cmocka_unit_test(onward_report_not_before_receipt),
		cmocka_unit_test(victims_are_positive_counts_once_per_group),
		cmocka_unit_test(actions_and_assistance_once_each),
		cmocka_unit_test(investigation_ends_at_the_first_finding),
		cmocka_unit_test(onward_within_the_target_hours),
		cmocka_unit_test(percentages_round_to_one_decimal),
		cmocka_unit_test(figures_of_a_year),
		cmocka_unit_test(figures_of_an_empty_year),
		cmocka_unit_test(investigation_dates_are_past_and_in_order),
		cmocka_unit_test(investigation_days_count_to_the_entered_conclusion),
		cmocka_unit_test(outcome_keeps_the_latest_finding),
		cmocka_unit_test(actions_fall_in_the_reported_groups),
		cmocka_unit_test(median_of_the_middle_values),
		cmocka_unit_test(alerts_for_disclosures_and_onward_reports),
		cmocka_unit_test(years_start_on_the_first_of_january),
	};
	return cmocka_run_group_tests_name("incident", tests, NULL, NULL);
}
