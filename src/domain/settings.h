/* settings.h: the values DOMAIN.md marks *(setting)*: defaults an administrator may change
 * because the UN revises them. This is the one table of them: key, default, range, unit and what
 * each decides. The store reads them by enum setting (settings_get in src/store/settings.h),
 * GET /api/v1/settings lists this table, and a unit test holds README.md's table to it. Each has
 * a range, and two pairs must agree with each other; the checks live here so that the API and the
 * command line refuse the same things. */
#ifndef PSEA_SETTINGS_H
#define PSEA_SETTINGS_H
#include <stddef.h>
#include <stdint.h>

/* Order matters only for listing: rating first, then standing, plan, documents, allegations,
 * alerts, accounts. */
enum setting {
	SETTING_RATING_FULL_MIN,
	SETTING_RATING_MEDIUM_MIN,
	SETTING_VALIDITY_YEARS,
	SETTING_EXPIRING_MONTHS,
	SETTING_CSIP_DUE_MONTHS,
	SETTING_CSIP_REASSESSMENT_MONTHS,
	SETTING_UPLOAD_MAX_BYTES,
	SETTING_INCIDENT_ONWARD_HOURS,
	SETTING_ALERTS_EMAIL,
	SETTING_AUTH_TWO_STEP_REQUIRED,
	SETTING_INVITATION_DAYS,
	SETTING_PASSWORD_RESET_MINUTES,
	SETTING_COUNT
};

struct setting_def {
	const char *key;
	int64_t def, min, max;
	const char *unit;   /* standards, years, months, days, hours, minutes, bytes, switch (0 off, 1 on) */
	const char *what;   /* what it decides, as README.md's table says it */
};

extern const struct setting_def setting_defs[SETTING_COUNT];

/* The default of a setting, for code that needs one without a database (demo data, tests). */
#define SETTING_DEFAULT(s) (setting_defs[(s)].def)

/* The definition's index for a key, or -1 when there is no such setting. */
int setting_index(const char *key);

/* The audit log's action for a change of setting i: "update KEY BEFORE -> AFTER". */
#define SETTING_ACTION_MAX 96
void setting_change_action(char out[SETTING_ACTION_MAX], size_t i, int64_t before, int64_t after);

/* One value that cannot be accepted. */
struct setting_problem {
	const char *key;
	const char *code;     /* out_of_range, not_below_full, not_below_validity */
	char message[160];
};

/* Checks a whole set of values (SETTING_COUNT, indexed by enum setting) for ranges and for the
 * rules between them. Writes at most max problems; returns how many there are. */
size_t settings_check(const int64_t values[], struct setting_problem *problems, size_t max);

/* README.md's row for a setting: "| `KEY` | DEFAULT | MIN–MAX | WHAT |", bytes in MiB. */
#define SETTING_ROW_MAX 256
void setting_readme_row(char out[SETTING_ROW_MAX], enum setting s);
#endif
