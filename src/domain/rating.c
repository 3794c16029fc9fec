/* rating.c: see rating.h. */
#include "rating.h"
#include <string.h>

static const char *const titles[STANDARD_COUNT] = {
	"Organisational policy",
	"Organisational management",
	"Human resources systems",
	"Mandatory training",
	"Reporting",
	"Assistance and referrals",
	"Investigations",
	"Corrective action",
};

int answer_parse(const char *s)
{
	if (!s) return ANSWER_NONE;
	if (strcmp(s, "yes") == 0) return ANSWER_YES;
	if (strcmp(s, "no") == 0) return ANSWER_NO;
	if (strcmp(s, "na") == 0) return ANSWER_NA;
	return -1;
}

const char *answer_name(enum answer a)
{
	switch (a) {
	case ANSWER_YES: return "yes";
	case ANSWER_NO: return "no";
	case ANSWER_NA: return "na";
	default: return NULL;
	}
}

bool answer_allowed(int standard, enum answer a)
{
	if (standard < 1 || standard > STANDARD_COUNT)
		return false;
	/* "Not applicable" exists only for corrective action: a partner that never had an allegation. */
	if (a == ANSWER_NA)
		return standard == STANDARD_CORRECTIVE_ACTION;
	return a == ANSWER_YES || a == ANSWER_NO || a == ANSWER_NONE;
}

bool standard_met(int standard, enum answer a)
{
	return a == ANSWER_YES || (a == ANSWER_NA && standard == STANDARD_CORRECTIVE_ACTION);
}

const char *standard_title(int standard)
{
	return standard >= 1 && standard <= STANDARD_COUNT ? titles[standard - 1] : NULL;
}

int capacity_parse(const char *s)
{
	if (!s) return -1;
	if (strcmp(s, "full") == 0) return CAPACITY_FULL;
	if (strcmp(s, "medium") == 0) return CAPACITY_MEDIUM;
	if (strcmp(s, "low") == 0) return CAPACITY_LOW;
	return -1;
}

const char *capacity_name(enum capacity c)
{
	switch (c) {
	case CAPACITY_FULL: return "full";
	case CAPACITY_MEDIUM: return "medium";
	case CAPACITY_LOW: return "low";
	default: return NULL;
	}
}

enum capacity capacity_for(int standards_met, struct rating_bands bands)
{
	if (standards_met >= bands.full_min) return CAPACITY_FULL;
	if (standards_met >= bands.medium_min) return CAPACITY_MEDIUM;
	return CAPACITY_LOW;
}

struct rating rating_compute(const enum answer answers[STANDARD_COUNT], struct rating_bands bands)
{
	struct rating r = {0};
	int met = 0;
	for (int i = 0; i < STANDARD_COUNT; i++) {
		if (answers[i] == ANSWER_NONE || !answer_allowed(i + 1, answers[i]))
			return r;
		met += standard_met(i + 1, answers[i]);
	}
	r.complete = true;
	r.standards_met = met;
	r.capacity = capacity_for(met, bands);
	/* The FAQ's only case of ineligibility: no adequate corrective action on a past allegation. */
	r.eligible = answers[STANDARD_CORRECTIVE_ACTION - 1] != ANSWER_NO;
	return r;
}
