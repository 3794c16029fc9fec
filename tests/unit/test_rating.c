/* The eight standards, the answers and the rating (DOMAIN.md, "Answers and the rating"), and the
 * translation of UNICEF's earlier risk ratings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "../../src/domain/legacy.h"
#include "../../src/domain/rating.h"

/* The expected rating, written independently of rating_compute: DOMAIN.md's words as code. */
static const char *expected_capacity(int met)
{
	return met == 8 ? "full" : met >= 6 ? "medium" : "low";
}

/* Every combination of answers: standards 1..7 each none/yes/no, standard 8 none/yes/no/na
 * (3^7 * 4 = 8748 cases). */
static void rating_over_every_combination_of_answers(void **state)
{
	(void)state;
	const enum answer first[] = {ANSWER_NONE, ANSWER_YES, ANSWER_NO};
	const enum answer last[] = {ANSWER_NONE, ANSWER_YES, ANSWER_NO, ANSWER_NA};
	int cases = 0, complete = 0;
	for (int code = 0; code < 2187; code++) {
		enum answer a[STANDARD_COUNT];
		int c = code, met = 0;
		bool missing = false;
		for (int i = 0; i < 7; i++) {
			a[i] = first[c % 3];
			c /= 3;
			met += a[i] == ANSWER_YES;
			missing = missing || a[i] == ANSWER_NONE;
		}
		for (int j = 0; j < 4; j++) {
			a[7] = last[j];
			int all_met = met + (a[7] == ANSWER_YES || a[7] == ANSWER_NA);
			struct rating r = rating_compute(a, RATING_BANDS_DEFAULT);
			cases++;
			if (missing || a[7] == ANSWER_NONE) {
				assert_false(r.complete);   /* fewer than eight answers: null, never a guess */
				assert_int_equal(r.capacity, CAPACITY_NONE);
				continue;
			}
			complete++;
			assert_true(r.complete);
			assert_int_equal(r.standards_met, all_met);
			assert_string_equal(capacity_name(r.capacity), expected_capacity(all_met));
			assert_int_equal(r.eligible, a[7] != ANSWER_NO);
		}
	}
	assert_int_equal(cases, 8748);
	assert_int_equal(complete, 128 * 3);
}

static void na_answers_only_standard_8(void **state)
{
	(void)state;
	for (int k = 1; k <= 7; k++) {
		assert_false(answer_allowed(k, ANSWER_NA));
		assert_true(answer_allowed(k, ANSWER_YES));
		assert_true(answer_allowed(k, ANSWER_NO));
		assert_false(standard_met(k, ANSWER_NA));
	}
	assert_true(answer_allowed(8, ANSWER_NA));
	assert_true(standard_met(8, ANSWER_NA));
	assert_false(standard_met(8, ANSWER_NO));
	assert_false(answer_allowed(0, ANSWER_YES));
	assert_false(answer_allowed(9, ANSWER_YES));
	/* An na slipped into standards 1..7 never yields a rating. */
	enum answer a[STANDARD_COUNT] = {ANSWER_NA, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES};
	assert_false(rating_compute(a, RATING_BANDS_DEFAULT).complete);
}

static void answers_parse_strictly(void **state)
{
	(void)state;
	assert_int_equal(answer_parse("yes"), ANSWER_YES);
	assert_int_equal(answer_parse("no"), ANSWER_NO);
	assert_int_equal(answer_parse("na"), ANSWER_NA);
	assert_int_equal(answer_parse(NULL), ANSWER_NONE);
	assert_int_equal(answer_parse("YES"), -1);
	assert_int_equal(answer_parse("maybe"), -1);
	assert_int_equal(answer_parse(""), -1);
	assert_int_equal(capacity_parse("full"), CAPACITY_FULL);
	assert_int_equal(capacity_parse("high"), -1);
	assert_null(answer_name(ANSWER_NONE));
	assert_string_equal(standard_title(1), "Organisational policy");
	assert_string_equal(standard_title(8), "Corrective action");
	assert_null(standard_title(9));
}

/* The bands come from the settings: an administrator may move them. */
static void rating_bands_follow_the_settings(void **state)
{
	(void)state;
	enum answer a[STANDARD_COUNT] = {ANSWER_NO, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES};
	assert_int_equal(rating_compute(a, RATING_BANDS_DEFAULT).capacity, CAPACITY_MEDIUM);
	assert_int_equal(rating_compute(a, (struct rating_bands){7, 5}).capacity, CAPACITY_FULL);
	a[1] = a[2] = ANSWER_NO;
	assert_int_equal(rating_compute(a, RATING_BANDS_DEFAULT).capacity, CAPACITY_LOW);
	assert_int_equal(rating_compute(a, (struct rating_bands){7, 5}).capacity, CAPACITY_MEDIUM);
}

/* Not eligible whatever the count: all other seven met, standard 8 no. */
static void standard_8_no_is_not_eligible_whatever_the_count(void **state)
{
	(void)state;
	enum answer a[STANDARD_COUNT] = {ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_YES, ANSWER_NO};
	struct rating r = rating_compute(a, RATING_BANDS_DEFAULT);
	assert_false(r.eligible);
	assert_int_equal(r.capacity, CAPACITY_MEDIUM); /* the count-based capacity still shows */
	assert_int_equal(r.standards_met, 7);
}

static void legacy_risk_words_translate(void **state)
{
	(void)state;
	assert_int_equal(legacy_capacity(LEGACY_RISK_HIGH), CAPACITY_LOW);
	assert_int_equal(legacy_capacity(LEGACY_RISK_MODERATE), CAPACITY_MEDIUM);
	assert_int_equal(legacy_capacity(LEGACY_RISK_LOW), CAPACITY_FULL);
	assert_int_equal(legacy_risk_parse("high"), LEGACY_RISK_HIGH);
	assert_int_equal(legacy_risk_parse("moderate"), LEGACY_RISK_MODERATE);
	assert_int_equal(legacy_risk_parse("low"), LEGACY_RISK_LOW);
	assert_int_equal(legacy_risk_parse("medium"), -1);
}

/* Six standards scored 1 to 3: 6–8 high risk, 9–14 moderate, 15–18 low; every total checked. */
static void legacy_numeric_scores_translate(void **state)
{
	(void)state;
	for (int total = 0; total <= 25; total++) {
		enum legacy_risk r = legacy_risk_from_score(total);
		if (total < 6 || total > 18)
			assert_int_equal(r, LEGACY_RISK_NONE);
		else if (total <= 8)
			assert_int_equal(legacy_capacity(r), CAPACITY_LOW);
		else if (total <= 14)
			assert_int_equal(legacy_capacity(r), CAPACITY_MEDIUM);
		else
			assert_int_equal(legacy_capacity(r), CAPACITY_FULL);
	}
}

int run_rating(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rating_over_every_combination_of_answers),
		cmocka_unit_test(na_answers_only_standard_8),
		cmocka_unit_test(answers_parse_strictly),
		cmocka_unit_test(rating_bands_follow_the_settings),
		cmocka_unit_test(standard_8_no_is_not_eligible_whatever_the_count),
		cmocka_unit_test(legacy_risk_words_translate),
		cmocka_unit_test(legacy_numeric_scores_translate),
	};
	return cmocka_run_group_tests_name("rating", tests, NULL, NULL);
}
