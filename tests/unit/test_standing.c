/* The partner's standing (DOMAIN.md, "Validity and the partner's standing"), with plan
 * progress and corrective-action reviews applied. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/domain/standing.h"

static instant_t at(const char *iso)
{
	instant_t t = 0;
	if (strlen(iso) == 10) time_parse_date(iso, &t);
	else time_parse_instant(iso, &t);
	return t;
}

static struct standing_input input(const struct standing_record *recs, int n)
{
	return (struct standing_input){.records = recs, .nrecords = n, .bands = RATING_BANDS_DEFAULT,
				       .validity_years = 5, .expiring_months = 12};
}

static struct standing_record verified(const char *date, const enum answer a[8])
{
	struct standing_record r = {.source = RATING_SOURCE_VERIFIED, .rated_at = at(date), .has_answers = true};
	memcpy(r.answers, a, sizeof r.answers);
	struct rating rt = rating_compute(a, RATING_BANDS_DEFAULT);
	r.capacity = rt.capacity;
	r.eligible = rt.eligible;
	return r;
}

static const enum answer six_met[8] = {ANSWER_YES, ANSWER_YES, ANSWER_NO, ANSWER_YES, ANSWER_YES, ANSWER_NO, ANSWER_YES, ANSWER_NA};

static void no_rating_is_not_assessed(void **state)
{
	(void)state;
	struct standing_input in = input(NULL, 0);
	struct standing s = standing_compute(&in, at("2026-11-23"));
	assert_int_equal(s.status, STANDING_NOT_ASSESSED);
	assert_null(s.record);
	assert_int_equal(s.capacity, CAPACITY_NONE);
	assert_string_equal(standing_status_name(s.status), "not_assessed");
}

/* Valid for five years, expiring in its last twelve months, expired after. */
static void validity_expiring_and_expired(void **state)
{
	(void)state;
	struct standing_record r = verified("2026-01-15", six_met);
	struct standing_input in = input(&r, 1);
	struct standing s = standing_compute(&in, at("2026-06-01"));
	assert_int_equal(s.status, STANDING_VALID);
	assert_int_equal(s.capacity, CAPACITY_MEDIUM);
	assert_int_equal(s.standards_met, 6);
	assert_int_equal(s.valid_until, at("2031-01-15"));
	assert_int_equal(standing_compute(&in, at("2030-01-14T23:59:59Z")).status, STANDING_VALID);
	assert_int_equal(standing_compute(&in, at("2030-01-15")).status, STANDING_EXPIRING);
	assert_int_equal(standing_compute(&in, at("2031-01-14T23:59:59Z")).status, STANDING_EXPIRING);
	s = standing_compute(&in, at("2031-01-15"));
	assert_int_equal(s.status, STANDING_EXPIRED);
	assert_int_equal(s.capacity, CAPACITY_NONE);
	in.expiring_months = 6; /* a setting */
	assert_int_equal(standing_compute(&in, at("2030-06-01")).status, STANDING_VALID);
	in.validity_years = 3;
	assert_int_equal(standing_compute(&in, at("2029-02-01")).status, STANDING_EXPIRED);
}

/* The latest rating is the one in force, whatever its source. */
static void the_latest_rating_stands(void **state)
{
	(void)state;
	struct standing_record recs[3];
	recs[0] = verified("2023-03-01", six_met);
	recs[1] = (struct standing_record){.source = RATING_SOURCE_MIGRATED, .rated_at = at("2025-05-05"),
					   .capacity = CAPACITY_FULL, .eligible = true};
	recs[2] = (struct standing_record){.source = RATING_SOURCE_PREVIOUS, .rated_at = at("2024-01-01"),
					   .capacity = CAPACITY_LOW, .eligible = true};
	struct standing_input in = input(recs, 3);
	struct standing s = standing_compute(&in, at("2026-01-01"));
	assert_ptr_equal(s.record, &recs[1]);
	assert_int_equal(s.capacity, CAPACITY_FULL);
	assert_int_equal(s.standards_met, -1); /* a migrated rating carries no answers */
	assert_int_equal(s.valid_until, at("2030-05-05"));
	/* Only expired ratings: expired. */
	assert_int_equal(standing_compute(&in, at("2030-06-01")).status, STANDING_EXPIRED);
}

/* The record whose plan is read before the standing is computed is the one the standing takes,
 * also on equal instants (a verified rating over a declared or a migrated one, in any order). */
static void the_latest_record_is_the_standings(void **state)
{
	(void)state;
	struct standing_input none = input(NULL, 0);
	assert_null(standing_latest(&none));
	struct standing_record recs[3];
	recs[0] = (struct standing_record){.source = RATING_SOURCE_MIGRATED, .rated_at = at("2025-05-05"), .capacity = CAPACITY_LOW};
	recs[1] = (struct standing_record){.source = RATING_SOURCE_PREVIOUS, .rated_at = at("2025-05-05"), .capacity = CAPACITY_LOW};
	recs[2] = verified("2025-05-05", six_met);
	for (int shift = 0; shift < 3; shift++) {
		struct standing_record order[3] = {recs[shift], recs[(shift + 1) % 3], recs[(shift + 2) % 3]};
		struct standing_input in = input(order, 3);
		const struct standing_record *latest = standing_latest(&in);
		assert_non_null(latest);
		assert_int_equal(latest->source, RATING_SOURCE_VERIFIED);
		assert_ptr_equal(standing_compute(&in, at("2026-01-01")).record, latest);
	}
	recs[0].rated_at = at("2025-05-06");
	struct standing_input in = input(recs, 3);
	assert_ptr_equal(standing_latest(&in), &recs[0]);
	assert_ptr_equal(standing_compute(&in, at("2026-01-01")).record, &recs[0]);
}

/* Plan progress: a standard whose activities are all completed counts as met at once. */
static void plan_progress_raises_the_rating(void **state)
{
	(void)state;
	struct standing_record r = verified("2026-01-15", six_met);
	struct standing_input in = input(&r, 1);
	in.met_by_plan[2] = true;
	struct standing s = standing_compute(&in, at("2026-06-01"));
	assert_int_equal(s.standards_met, 7);
	assert_int_equal(s.capacity, CAPACITY_MEDIUM);
	assert_int_equal(s.met[2], ANSWER_YES);
	in.met_by_plan[5] = true;
	s = standing_compute(&in, at("2026-06-01"));
	assert_int_equal(s.standards_met, 8);
	assert_int_equal(s.capacity, CAPACITY_FULL);
	/* A rating without answers rises only when the plan met every standard. */
	struct standing_record m = {.source = RATING_SOURCE_MIGRATED, .rated_at = at("2026-01-15"), .capacity = CAPACITY_LOW, .eligible = true};
	struct standing_input mi = input(&m, 1);
	mi.met_by_plan[0] = true;
	assert_int_equal(standing_compute(&mi, at("2026-06-01")).capacity, CAPACITY_LOW);
	for (int i = 0; i < 8; i++) mi.met_by_plan[i] = true;
	assert_int_equal(standing_compute(&mi, at("2026-06-01")).capacity, CAPACITY_FULL);
}

/* A rating keeps the capacity bands it was given with: a later change of the settings does not
 * move it, also when plan progress recomputes it. */
static void a_rating_keeps_its_bands(void **state)
{
	(void)state;
	struct standing_record r = verified("2026-01-15", six_met);
	struct standing_input in = input(&r, 1);
	assert_int_equal(standing_compute(&in, at("2026-06-01")).capacity, CAPACITY_MEDIUM);
	/* the settings now ask 5 for medium and 6 for full; the rating was given under 8 and 6 */
	r.bands = RATING_BANDS_DEFAULT;
	in.bands = (struct rating_bands){6, 5};
	assert_int_equal(standing_compute(&in, at("2026-06-01")).capacity, CAPACITY_MEDIUM);
	in.met_by_plan[2] = true;
	assert_int_equal(standing_compute(&in, at("2026-06-01")).capacity, CAPACITY_MEDIUM);
	in.met_by_plan[5] = true;
	assert_int_equal(standing_compute(&in, at("2026-06-01")).capacity, CAPACITY_FULL);
	/* a rating given under 7 and 5: seven standards met by the plan are full */
	r.bands = (struct rating_bands){7, 5};
	in.met_by_plan[5] = false;
	assert_int_equal(standing_compute(&in, at("2026-06-01")).capacity, CAPACITY_FULL);
	/* a record without bands of its own follows the settings */
	r.bands = (struct rating_bands){0, 0};
	in.met_by_plan[2] = false;
	assert_int_equal(standing_compute(&in, at("2026-06-01")).capacity, CAPACITY_FULL);
}

/* A revision finalized after a review, keeping the rating's date, says otherwise as a new rating does. */
static void a_revision_after_the_review_prevails(void **state)
{
	(void)state;
	enum answer all_yes[8];
	for (int i = 0; i < 8; i++) all_yes[i] = ANSWER_YES;
	struct standing_record r = verified("2026-01-15", all_yes);
	struct standing_input in = input(&r, 1);
	in.corrective_action_inadequate = true;
	in.corrective_action_reviewed_at = at("2026-03-01");
	assert_false(standing_compute(&in, at("2026-06-01")).eligible);
	r.decided_at = at("2026-04-01");
	struct standing s = standing_compute(&in, at("2026-06-01"));
	assert_true(s.eligible);
	assert_int_equal(s.rated_at, at("2026-01-15"));
	assert_int_equal(standing_record_decided_at(&r), at("2026-04-01"));
	r.decided_at = 0;
	assert_int_equal(standing_record_decided_at(&r), at("2026-01-15"));
}

/* An inadequate corrective action makes standard 8 `no` and the partner not eligible, until a
 * rating given after the review. */
static void inadequate_corrective_action_makes_the_partner_not_eligible(void **state)
{
	(void)state;
	enum answer all_yes[8];
	for (int i = 0; i < 8; i++) all_yes[i] = ANSWER_YES;
	struct standing_record r = verified("2026-01-15", all_yes);
	struct standing_input in = input(&r, 1);
	in.corrective_action_inadequate = true;
	in.corrective_action_reviewed_at = at("2026-03-01");
	struct standing s = standing_compute(&in, at("2026-06-01"));
	assert_false(s.eligible);
	assert_int_equal(s.met[7], ANSWER_NO);
	assert_int_equal(s.standards_met, 7);
	assert_int_equal(s.capacity, CAPACITY_MEDIUM);
	/* A newer rating says otherwise. */
	r.rated_at = at("2026-04-01");
	s = standing_compute(&in, at("2026-06-01"));
	assert_true(s.eligible);
	assert_int_equal(s.capacity, CAPACITY_FULL);
	/* Without an instant the review applies regardless; also to ratings without answers. */
	in.corrective_action_reviewed_at = 0;
	assert_false(standing_compute(&in, at("2026-06-01")).eligible);
	struct standing_record m = {.source = RATING_SOURCE_PREVIOUS, .rated_at = at("2026-01-15"), .capacity = CAPACITY_FULL, .eligible = true};
	struct standing_input mi = input(&m, 1);
	mi.corrective_action_inadequate = true;
	s = standing_compute(&mi, at("2026-06-01"));
	assert_false(s.eligible);
	assert_int_equal(s.met[7], ANSWER_NO);
	/* Never assessed, but judged inadequate: still not eligible. */
	struct standing_input none = input(NULL, 0);
	none.corrective_action_inadequate = true;
	assert_false(standing_compute(&none, at("2026-06-01")).eligible);
}

static void plan_activity_for_standard_8_answers_an_inadequate_review(void **state)
{
	(void)state;
	enum answer all_yes[8];
	for (int i = 0; i < 8; i++) all_yes[i] = ANSWER_YES;
	struct standing_record r = verified("2026-01-15", all_yes);
	struct standing_input in = input(&r, 1);
	in.corrective_action_inadequate = true;
	in.corrective_action_reviewed_at = at("2026-03-01");
	assert_false(standing_compute(&in, at("2026-06-01")).eligible);
	/* the plan's activity for standard 8, confirmed by the agency after the review */
	in.met_by_plan[7] = true;
	struct standing s = standing_compute(&in, at("2026-06-01"));
	assert_true(s.eligible);
	assert_int_equal(s.met[7], ANSWER_YES);
	assert_int_equal(s.capacity, CAPACITY_FULL);
}

int run_standing(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_rating_is_not_assessed),
		cmocka_unit_test(validity_expiring_and_expired),
		cmocka_unit_test(the_latest_rating_stands),
		cmocka_unit_test(the_latest_record_is_the_standings),
		cmocka_unit_test(plan_progress_raises_the_rating),
		cmocka_unit_test(inadequate_corrective_action_makes_the_partner_not_eligible),
		cmocka_unit_test(a_rating_keeps_its_bands),
		cmocka_unit_test(a_revision_after_the_review_prevails),
		cmocka_unit_test(plan_activity_for_standard_8_answers_an_inadequate_review),
	};
	return cmocka_run_group_tests_name("standing", tests, NULL, NULL);
}
