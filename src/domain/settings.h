/* settings.h: the values DOMAIN.md marks *(setting)*: defaults an administrator may change
 * because the UN revises them. Each has a range, and two pairs must agree with each other; the
 * checks live here so that the API and the command line refuse the same things. */
#ifndef PSEA_SETTINGS_H
#define PSEA_SETTINGS_H
#include <stddef.h>
#include <stdint.h>

struct setting_def {
	const char *key;
	int64_t def, min, max;
	const char *unit;   /* standards, years, months, days, hours, minutes, bytes, switch (0 off, 1 on) */
};

#define SETTING_COUNT 12
extern const struct setting_def setting_defs[SETTING_COUNT];

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

/* Checks a whole set of values (SETTING_COUNT, in the order of setting_defs) for ranges and for the rules
 * between them. Writes at most max problems; returns how many there are. */
size_t settings_check(const int64_t values[], struct setting_problem *problems, size_t max);
#endif
