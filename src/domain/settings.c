/* settings.c: the settings an administrator may change, their ranges, and the rules between
 * them. */
#include "settings.h"
#include <stdio.h>
#include <string.h>

/* Order matters only for listing: rating first, then standing, plan, documents, allegations,
 * alerts, accounts. alerts.email is a switch: 1 lets `psea alerts send` mail each account its alerts.
 * An invitation's link lasts days, a password reset's link minutes: long enough to read the
 * message, short enough that an old message in a mailbox opens nothing. */
const struct setting_def setting_defs[SETTING_COUNT] = {
	{"rating.full_min", 8, 1, 8, "standards"},
	{"rating.medium_min", 6, 1, 8, "standards"},
	{"validity.years", 5, 1, 10, "years"},
	{"expiring.months", 12, 1, 60, "months"},
	{"csip.due_months", 1, 1, 12, "months"},
	{"csip.reassessment_months", 6, 1, 24, "months"},
	{"upload.max_bytes", 20 * 1024 * 1024, 1024 * 1024, 100 * 1024 * 1024, "bytes"},
	{"incident.onward_hours", 36, 1, 720, "hours"},
	{"alerts.email", 0, 0, 1, "switch"},
	/* 1: focal points and administrators who sign in with a password must use two-step sign-in */
	{"auth.two_step_required", 0, 0, 1, "switch"},
	{"invitation.days", 7, 1, 30, "days"},
	{"password_reset.minutes", 60, 10, 1440, "minutes"},
};

int setting_index(const char *key)
{
	for (size_t i = 0; key && i < SETTING_COUNT; i++)
		if (strcmp(setting_defs[i].key, key) == 0)
			return (int)i;
	return -1;
}

void setting_change_action(char out[SETTING_ACTION_MAX], size_t i, int64_t before, int64_t after)
{
	snprintf(out, SETTING_ACTION_MAX, "update %s %lld -> %lld", setting_defs[i].key, (long long)before, (long long)after);
}

static size_t add_problem(struct setting_problem *problems, size_t n, size_t max, const char *key, const char *code,
			  const char *message)
{
	if (n < max) {
		problems[n].key = key;
		problems[n].code = code;
		snprintf(problems[n].message, sizeof problems[n].message, "%s", message);
	}
	return n + 1;
}

size_t settings_check(const int64_t values[], struct setting_problem *problems, size_t max)
{
	size_t n = 0;
	char message[160];
	for (size_t i = 0; i < SETTING_COUNT; i++) {
		const struct setting_def *d = &setting_defs[i];
		if (values[i] >= d->min && values[i] <= d->max)
			continue;
		snprintf(message, sizeof message, "%s must be a whole number from %lld to %lld (%s).", d->key,
			 (long long)d->min, (long long)d->max, d->unit);
		n = add_problem(problems, n, max, d->key, "out_of_range", message);
	}
	/* With medium at or above full, the medium band would be empty or overlap full. */
	int64_t full = values[setting_index("rating.full_min")], medium = values[setting_index("rating.medium_min")];
	if (medium >= full) {
		snprintf(message, sizeof message, "rating.medium_min (%lld) must be below rating.full_min (%lld).",
			 (long long)medium, (long long)full);
		n = add_problem(problems, n, max, "rating.medium_min", "not_below_full", message);
	}
	/* A warning period as long as the validity would call every rating expiring from its first day. */
	int64_t years = values[setting_index("validity.years")], months = values[setting_index("expiring.months")];
	if (months >= years * 12) {
		snprintf(message, sizeof message, "expiring.months (%lld) must be below the validity in months (%lld).",
			 (long long)months, (long long)(years * 12));
		n = add_problem(problems, n, max, "expiring.months", "not_below_validity", message);
	}
	return n;
}
