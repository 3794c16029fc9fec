/* The settings an administrator may change: ranges, the rules between values, lookups. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/domain/settings.h"

static void defaults(int64_t v[SETTING_COUNT])
{
	for (size_t i = 0; i < SETTING_COUNT; i++)
		v[i] = setting_defs[i].def;
}

static int64_t *at(int64_t v[SETTING_COUNT], const char *key)
{
	int i = setting_index(key);
	assert_true(i >= 0);
	return &v[i];
}

static void the_defaults_are_acceptable(void **state)
{
	(void)state;
	int64_t v[SETTING_COUNT];
	defaults(v);
	struct setting_problem p[4];
	assert_int_equal(settings_check(v, p, 4), 0);
	/* DOMAIN.md's figures */
	assert_int_equal(*at(v, "rating.full_min"), 8);
	assert_int_equal(*at(v, "rating.medium_min"), 6);
	assert_int_equal(*at(v, "validity.years"), 5);
	assert_int_equal(*at(v, "expiring.months"), 12);
	assert_int_equal(*at(v, "csip.due_months"), 1);
	assert_int_equal(*at(v, "csip.reassessment_months"), 6);
	assert_int_equal(*at(v, "upload.max_bytes"), 20 * 1024 * 1024);
	assert_int_equal(*at(v, "incident.onward_hours"), 36);
	assert_int_equal(*at(v, "alerts.email"), 0);   /* DOMAIN.md: e-mail of the alerts is off by default */
	assert_int_equal(*at(v, "invitation.days"), 7);
	assert_int_equal(*at(v, "password_reset.minutes"), 60);
}

/* Each setting alone at the edges of its range, the others at their defaults: out_of_range is
 * reported exactly outside the range (a rule between two settings may add its own problem). */
static void each_range_is_closed_at_both_ends(void **state)
{
	(void)state;
	for (size_t i = 0; i < SETTING_COUNT; i++) {
		const struct setting_def *d = &setting_defs[i];
		const int64_t tries[] = {d->min - 1, d->min, d->max, d->max + 1};
		for (size_t k = 0; k < 4; k++) {
			int64_t v[SETTING_COUNT];
			defaults(v);
			v[i] = tries[k];
			struct setting_problem p[4];
			size_t n = settings_check(v, p, 4);
			bool in_range = tries[k] >= d->min && tries[k] <= d->max;
			bool out_reported = false;
			for (size_t j = 0; j < n; j++)
				if (!strcmp(p[j].key, d->key) && !strcmp(p[j].code, "out_of_range"))
					out_reported = true;
			if (out_reported == in_range)
				fail_msg("%s = %lld: out_of_range %s", d->key, (long long)tries[k], out_reported ? "reported" : "missing");
		}
	}
}

static bool has(const struct setting_problem *p, size_t n, const char *key, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].key, key) && !strcmp(p[i].code, code))
			return true;
	return false;
}

static void medium_must_stay_below_full(void **state)
{
	(void)state;
	int64_t v[SETTING_COUNT];
	struct setting_problem p[4];
	defaults(v);
	*at(v, "rating.full_min") = 6;   /* equal to medium's 6 */
	size_t n = settings_check(v, p, 4);
	assert_int_equal(n, 1);
	assert_true(has(p, n, "rating.medium_min", "not_below_full"));
	assert_non_null(strstr(p[0].message, "below rating.full_min (6)"));
	*at(v, "rating.medium_min") = 5;
	assert_int_equal(settings_check(v, p, 4), 0);
	*at(v, "rating.full_min") = 1, *at(v, "rating.medium_min") = 1;
	assert_true(has(p, settings_check(v, p, 4), "rating.medium_min", "not_below_full"));
}

static void the_warning_period_stays_shorter_than_the_validity(void **state)
{
	(void)state;
	int64_t v[SETTING_COUNT];
	struct setting_problem p[4];
	defaults(v);
	*at(v, "validity.years") = 2;
	*at(v, "expiring.months") = 23;
	assert_int_equal(settings_check(v, p, 4), 0);
	*at(v, "expiring.months") = 24;
	size_t n = settings_check(v, p, 4);
	assert_int_equal(n, 1);
	assert_true(has(p, n, "expiring.months", "not_below_validity"));
	assert_non_null(strstr(p[0].message, "(24)"));
}

static void problems_past_the_room_are_counted_not_written(void **state)
{
	(void)state;
	int64_t v[SETTING_COUNT];
	for (size_t i = 0; i < SETTING_COUNT; i++)
		v[i] = -1;   /* every one out of range, and medium not below full */
	struct setting_problem p[3];
	memset(p, 0, sizeof p);
	assert_int_equal(settings_check(v, p, 2), SETTING_COUNT + 2);
	assert_null(p[2].key);
	assert_string_equal(p[0].key, setting_defs[0].key);
}

static void lookups(void **state)
{
	(void)state;
	assert_int_equal(setting_index("rating.full_min"), 0);
	assert_int_equal(setting_index("incident.onward_hours"), 7);
	/* the e-mail copy of the alerts and two-step sign-in for focal points and administrators are
	 * switches: off or on, nothing else, off by default */
	int i = setting_index("alerts.email");
	assert_int_equal(i, 8);
	assert_int_equal(setting_defs[i].min, 0);
	assert_int_equal(setting_defs[i].max, 1);
	assert_string_equal(setting_defs[i].unit, "switch");
	i = setting_index("auth.two_step_required");
	assert_int_equal(i, 9);
	assert_int_equal(setting_defs[i].def, 0);
	assert_int_equal(setting_defs[i].max, 1);
	assert_string_equal(setting_defs[i].unit, "switch");
	assert_int_equal(setting_index("rating.full_min "), -1);
	assert_int_equal(setting_index(""), -1);
	assert_int_equal(setting_index(NULL), -1);
}

/* README.md's settings table is this table: every row in order, nothing more. The tests run
 * from the repository's root. */
static void the_readme_lists_the_table(void **state)
{
	(void)state;
	FILE *f = fopen("README.md", "r");
	assert_non_null(f);
	char line[512];
	size_t next = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "| `", 3) != 0)
			continue;
		char key[64];
		if (sscanf(line, "| `%63[^`]`", key) != 1 || setting_index(key) < 0)
			continue;  /* a table of something else */
		char want[SETTING_ROW_MAX];
		assert_true(next < SETTING_COUNT);
		setting_readme_row(want, (enum setting)next);
		if (strcmp(line, want) != 0)
			fail_msg("README.md has\n  %s\nwhere the table says\n  %s", line, want);
		next++;
	}
	fclose(f);
	assert_int_equal(next, SETTING_COUNT);
}

int run_settings(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_defaults_are_acceptable),
		cmocka_unit_test(each_range_is_closed_at_both_ends),
		cmocka_unit_test(medium_must_stay_below_full),
		cmocka_unit_test(the_warning_period_stays_shorter_than_the_validity),
		cmocka_unit_test(problems_past_the_room_are_counted_not_written),
		cmocka_unit_test(lookups),
		cmocka_unit_test(the_readme_lists_the_table),
	};
	return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
