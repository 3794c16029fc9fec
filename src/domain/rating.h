/* rating.h: the eight core standards, the answers to them and the rating they give (DOMAIN.md,
 * "The eight core standards" and "Answers and the rating"). One function computes both the
 * partner's preliminary self-assessed rating and the agency's verified rating. */
#ifndef PSEA_RATING_H
#define PSEA_RATING_H
#include <stdbool.h>
#include "settings.h"

#define STANDARD_COUNT 8
#define STANDARD_CORRECTIVE_ACTION 8   /* the standard that decides eligibility */

enum answer { ANSWER_NONE = 0, ANSWER_YES, ANSWER_NO, ANSWER_NA };
enum capacity { CAPACITY_NONE = 0, CAPACITY_LOW, CAPACITY_MEDIUM, CAPACITY_FULL };

/* The capacity bands (settings rating.full_min and rating.medium_min). */
struct rating_bands {
	int full_min;    /* standards met for `full` (8) */
	int medium_min;  /* standards met for `medium` (6) */
};
#define RATING_BANDS_DEFAULT \
	((struct rating_bands){(int)SETTING_DEFAULT(SETTING_RATING_FULL_MIN), (int)SETTING_DEFAULT(SETTING_RATING_MEDIUM_MIN)})

struct rating {
	bool complete;            /* all eight answers present; otherwise nothing below is set */
	enum capacity capacity;
	int standards_met;
	bool eligible;            /* false when standard 8 is `no` */
};

/* "yes"/"no"/"na" → the answer; NULL → ANSWER_NONE; anything else → -1. */
int answer_parse(const char *s);
const char *answer_name(enum answer a);      /* NULL for ANSWER_NONE */
/* Whether the value may answer that standard (`na` only for standard 8). */
bool answer_allowed(int standard, enum answer a);
/* A standard is met by `yes`, or by `na` for standard 8. */
bool standard_met(int standard, enum answer a);
const char *standard_title(int standard);   /* 1..8; NULL otherwise */

int capacity_parse(const char *s);          /* "full"/"medium"/"low"; -1 otherwise */
const char *capacity_name(enum capacity c); /* NULL for CAPACITY_NONE */
/* The capacity for a number of standards met. */
enum capacity capacity_for(int standards_met, struct rating_bands bands);

/* The rating from the answers to standards 1..8 (answers[0] is standard 1). With fewer than eight
 * answers the rating is incomplete (`null`), never a guess. */
struct rating rating_compute(const enum answer answers[STANDARD_COUNT], struct rating_bands bands);

#endif
