/* screening.h: an agency's screening and training figures for one year, entered by its focal
 * points beside the register's figures: how many people were screened before hiring (a
 * ClearCheck-type check of the screening database), how many of them were screened out, and
 * PSEA training completion as people trained out of people to train. Counts only, never names.
 * Each count may be left unknown (-1): an agency may know its screening before its training. */
#ifndef PSEA_SCREENING_H
#define PSEA_SCREENING_H
#include <stddef.h>
#include <stdint.h>

#define SCREENING_COUNT_MAX 10000000   /* more people than any agency employs in a year */
#define SCREENING_FIRST_YEAR 2000

struct screening_figures {
	int64_t screened;       /* personnel screened before hiring */
	int64_t screened_out;   /* of them, not hired because of what the check found */
	int64_t to_train;       /* personnel who were to be trained on PSEA in the year */
	int64_t trained;        /* of them, those who completed the training */
};

/* The JSON members, in the order above. */
extern const char *const screening_fields[4];

/* One value that cannot be accepted. */
struct screening_problem {
	const char *field;
	const char *code;       /* out_of_range, more_than_screened, more_than_to_train */
	const char *message;
};

/* Checks the counts (each -1 unknown, or 0..SCREENING_COUNT_MAX) and the rules between them.
 * Writes at most max problems; returns how many there are. */
size_t screening_check(const struct screening_figures *f, struct screening_problem *problems, size_t max);

/* Whether figures may be entered for year, given this year: from SCREENING_FIRST_YEAR to this
 * year (a year not yet begun has nothing to count). */
int screening_year_ok(int64_t year, int this_year);

/* The training completion rate, trained / to_train as a percentage rounded to one decimal;
 * -1 when either count is unknown or nobody was to be trained. */
double screening_training_percent(const struct screening_figures *f);
/* The share of screened people screened out, the same way. */
double screening_out_percent(const struct screening_figures *f);
#endif
