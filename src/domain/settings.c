/* settings.c: the settings an administrator may change, their ranges, and the rules between
 * them. */
#include "settings.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* alerts.email is a switch: 1 lets `psea alerts send` mail each account its alerts. An
 * invitation's link lasts days, a password reset's link minutes: long enough to read the message,
 * short enough that an old message in a mailbox opens nothing. */
const struct setting_def setting_defs[SETTING_COUNT] = {
	[SETTING_RATING_FULL_MIN] = {"rating.full_min", 8, 1, 8, "standards", "standards met for `full`"},
	[SETTING_RATING_MEDIUM_MIN] = {"rating.medium_min", 6, 1, 8, "standards", "standards met for `medium` (below `full`)"},
	[SETTING_VALIDITY_YEARS] = {"validity.years", 5, 1, 10, "years", "how long a rating stays valid"},
	[SETTING_EXPIRING_MONTHS] = {"expiring.months", 12, 1, 60, "months", "the last months of validity, shown as expiring"},
	[SETTING_CSIP_DUE_MONTHS] = {"csip.due_months", 1, 1, 12, "months", "months from the rating to the plan's due date"},
	[SETTING_CSIP_REASSESSMENT_MONTHS] = {"csip.reassessment_months", 6, 1, 24, "months",
					      "months from the plan's start to the reassessment"},
	[SETTING_UPLOAD_MAX_BYTES] = {"upload.max_bytes", 20 * 1024 * 1024, 1024 * 1024, 100 * 1024 * 1024, "bytes",
				      "the largest document"},
	[SETTING_INCIDENT_ONWARD_HOURS] = {"incident.onward_hours", 36, 1, 720, "hours",
					   "the target for reporting an allegation onward"},
	[SETTING_ALERTS_EMAIL] = {"alerts.email", 0, 0, 1, "switch", "1: `psea alerts send` e-mails each account its alerts"},
	[SETTING_AUTH_TWO_STEP_REQUIRED] = {"auth.two_step_required", 0, 0, 1, "switch",
					    "1: focal points and administrators with a password must turn two-step sign-in on"},
	[SETTING_INVITATION_DAYS] = {"invitation.days", 7, 1, 30, "days", "how long an invitation's link works"},
	[SETTING_PASSWORD_RESET_MINUTES] = {"password_reset.minutes", 60, 10, 1440, "minutes",
					    "how long a password reset link works"},
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
	int64_t full = values[SETTING_RATING_FULL_MIN], medium = values[SETTING_RATING_MEDIUM_MIN];
	if (medium >= full) {
		snprintf(message, sizeof message, "rating.medium_min (%lld) must be below rating.full_min (%lld).",
			 (long long)medium, (long long)full);
		n = add_problem(problems, n, max, "rating.medium_min", "not_below_full", message);
	}
	/* A warning period as long as the validity would call every rating expiring from its first day. */
	int64_t years = values[SETTING_VALIDITY_YEARS], months = values[SETTING_EXPIRING_MONTHS];
	if (months >= years * 12) {
		snprintf(message, sizeof message, "expiring.months (%lld) must be below the validity in months (%lld).",
			 (long long)months, (long long)(years * 12));
		n = add_problem(problems, n, max, "expiring.months", "not_below_validity", message);
	}
	return n;
}

/* Bytes read in MiB, as a person sizes a document. */
static void readme_value(char *out, size_t len, const struct setting_def *d, int64_t v, bool with_unit)
{
	const int64_t mib = 1024 * 1024;
	if (strcmp(d->unit, "bytes") == 0 && v % mib == 0)
		snprintf(out, len, with_unit ? "%lld MiB" : "%lld", (long long)(v / mib));
	else
		snprintf(out, len, "%lld", (long long)v);
}

void setting_readme_row(char out[SETTING_ROW_MAX], enum setting s)
{
	const struct setting_def *d = &setting_defs[s];
	char def[32], min[32], max[32];
	readme_value(def, sizeof def, d, d->def, true);
	readme_value(min, sizeof min, d, d->min, false);
	readme_value(max, sizeof max, d, d->max, true);
	snprintf(out, SETTING_ROW_MAX, "| `%s` | %s | %s\xe2\x80\x93%s | %s |", d->key, def, min, max, d->what);
}
