/* An agency's screening and training figures: ranges, the rules between counts, the rates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/domain/screening.h"

static void counts_within_range_or_unknown_are_accepted(void **state)
{
	(void)state;
	struct screening_problem p[6];
	struct screening_figures f = {120, 3, 200, 150};
	assert_int_equal(screening_check(&f, p, 6), 0);
	f = (struct screening_figures){-1, -1, -1, -1};
	assert_int_equal(screening_check(&f, p, 6), 0);
	f = (struct screening_figures){0, 0, SCREENING_COUNT_MAX, SCREENING_COUNT_MAX};
	assert_int_equal(screening_check(&f, p, 6), 0);
	/* one side of a pair unknown: nothing to compare */
	f = (struct screening_figures){-1, 40, 10, -1};
	assert_int_equal(screening_check(&f, p, 6), 0);
}

static void each_count_out_of_range_is_named(void **state)
{
	(void)state;
	struct screening_problem p[6];
	struct screening_figures f = {-2, SCREENING_COUNT_MAX + 1, 5, -7};
	assert_int_equal(screening_check(&f, p, 6), 3);
	assert_string_equal(p[0].field, "personnel_screened");
	assert_string_equal(p[1].field, "screened_out");
	assert_string_equal(p[2].field, "people_trained");
	assert_string_equal(p[2].code, "out_of_range");
}

static void a_part_cannot_exceed_its_whole(void **state)
{
	(void)state;
	struct screening_problem p[6];
	struct screening_figures f = {10, 11, 20, 21};
	assert_int_equal(screening_check(&f, p, 6), 2);
	assert_string_equal(p[0].field, "screened_out");
	assert_string_equal(p[0].code, "more_than_screened");
	assert_string_equal(p[1].field, "people_trained");
	assert_string_equal(p[1].code, "more_than_to_train");
	/* counted, not written, past the room given */
	assert_int_equal(screening_check(&f, p, 1), 2);
}

static void rates_round_to_one_decimal_and_need_a_whole(void **state)
{
	(void)state;
	struct screening_figures f = {3, 1, 200, 150};
	assert_true(screening_training_percent(&f) == 75.0);
	assert_true(screening_out_percent(&f) == 33.3);
	f = (struct screening_figures){0, 0, 0, 0};
	assert_true(screening_training_percent(&f) < 0);
	assert_true(screening_out_percent(&f) < 0);
	f = (struct screening_figures){-1, 2, 9, -1};
	assert_true(screening_training_percent(&f) < 0);
	assert_true(screening_out_percent(&f) < 0);
}

static void years_from_2000_to_this_one(void **state)
{
	(void)state;
	assert_true(screening_year_ok(2000, 2026));
	assert_true(screening_year_ok(2026, 2026));
	assert_false(screening_year_ok(1999, 2026));
	assert_false(screening_year_ok(2027, 2026));
}

int run_screening(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_within_range_or_unknown_are_accepted),
		cmocka_unit_test(each_count_out_of_range_is_named),
		cmocka_unit_test(a_part_cannot_exceed_its_whole),
		cmocka_unit_test(rates_round_to_one_decimal_and_need_a_whole),
		cmocka_unit_test(years_from_2000_to_this_one),
	};
	return cmocka_run_group_tests_name("screening", tests, NULL, NULL);
}
