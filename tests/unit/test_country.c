/* test_country.c: a partner's country is an ISO 3166-1 alpha-2 code, in capitals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "../../src/domain/country.h"

static void officially_assigned_codes_are_known(void **state)
{
	(void)state;
	const char *codes[] = {"AD", "KE", "CD", "CI", "PS", "SS", "GB", "US", "ZW"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		assert_true(country_code_known(codes[i]));
	assert_int_equal(country_code_count(), 249);
}

static void names_lower_case_and_unassigned_codes_are_not(void **state)
{
	(void)state;
	const char *bad[] = {"Kenya", "ke", "Ke", "KEN", "K", "", "XK", "UK", "EU", "ZZ", "AA", "KE ", " KE"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(country_code_known(bad[i]));
	assert_false(country_code_known(NULL));
}

int run_country(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(officially_assigned_codes_are_known),
		cmocka_unit_test(names_lower_case_and_unassigned_codes_are_not),
	};
	return cmocka_run_group_tests_name("country", tests, NULL, NULL);
}
