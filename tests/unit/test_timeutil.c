/* Instants, dates and the calendar arithmetic the clocks of DOMAIN.md rely on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "../../src/util/timeutil.h"

static instant_t at(const char *s)
{
	instant_t t;
	assert_int_equal(time_parse_instant(s, &t), 0);
	return t;
}

static void instants_round_trip(void **state)
{
	(void)state;
	char out[21];
	time_format_instant(at("2026-11-22T10:15:00Z"), out);
	assert_string_equal(out, "2026-11-22T10:15:00Z");
	time_format_instant(at("2024-02-29T23:59:59.123Z"), out);
	assert_string_equal(out, "2024-02-29T23:59:59Z");
	assert_int_equal(at("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(at("2026-11-22T10:15:00+00:00"), at("2026-11-22T10:15:00Z"));
}

static void bad_instants_are_refused(void **state)
{
	(void)state;
	const char *bad[] = {"", "2026-11-22", "2026-11-22T10:15:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
			     "2026-11-22T24:00:00Z", "2026-11-22T10:15:00+02:00", "20261122T101500Z", "2026-11-22T10:15:00Zjunk"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		instant_t t;
		assert_int_equal(time_parse_instant(bad[i], &t), -1);
	}
	instant_t t;
	assert_int_equal(time_parse_date("2023-02-29", &t), -1);
	assert_int_equal(time_parse_date("2024-02-29", &t), 0);
	assert_int_equal(time_parse_date("2024-2-9", &t), -1);
}

static void months_clamp_to_the_end_of_the_month(void **state)
{
	(void)state;
	char out[11];
	instant_t d;
	assert_int_equal(time_parse_date("2026-01-31", &d), 0);
	time_format_date(time_add_months(d, 1), out);
	assert_string_equal(out, "2026-02-28");
	assert_int_equal(time_parse_date("2024-01-31", &d), 0);
	time_format_date(time_add_months(d, 1), out);
	assert_string_equal(out, "2024-02-29");
	time_format_date(time_add_months(d, 6), out);
	assert_string_equal(out, "2024-07-31");
	time_format_date(time_add_months(d, 60), out);
	assert_string_equal(out, "2029-01-31");
	assert_int_equal(time_parse_date("2024-02-29", &d), 0);
	time_format_date(time_add_months(d, 12 * 5), out);
	assert_string_equal(out, "2029-02-28");
	time_format_date(time_add_months(d, -1), out);
	assert_string_equal(out, "2024-01-29");
}

static void days_between_round_down(void **state)
{
	(void)state;
	assert_int_equal(time_days_between(at("2026-01-01T00:00:00Z"), at("2026-01-13T12:00:00Z")), 12);
	assert_int_equal(time_days_between(at("2026-01-13T12:00:00Z"), at("2026-01-01T00:00:00Z")), -13);
	assert_int_equal(time_days_between(at("2026-01-01T00:00:00Z"), at("2026-01-01T23:00:00Z")), 0);
}

static void the_clock_file_moves_time(void **state)
{
	(void)state;
	char path[] = "/tmp/psea-clock-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "2031-05-06T07:08:09Z\n", 21), 21);
	close(fd);
	setenv("PSEA_CLOCK_FILE", path, 1);
	assert_int_equal(clock_now(), at("2031-05-06T07:08:09Z"));
	unsetenv("PSEA_CLOCK_FILE");
	unlink(path);
	assert_true(clock_now() > at("2025-01-01T00:00:00Z"));
}

int run_timeutil(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(instants_round_trip),
		cmocka_unit_test(bad_instants_are_refused),
		cmocka_unit_test(months_clamp_to_the_end_of_the_month),
		cmocka_unit_test(days_between_round_down),
		cmocka_unit_test(the_clock_file_moves_time),
	};
	return cmocka_run_group_tests_name("timeutil", tests, NULL, NULL);
}
