/* legacy.c: see legacy.h. */
#include "legacy.h"
#include <string.h>

int legacy_risk_parse(const char *s)
{
	if (!s) return -1;
	if (strcmp(s, "high") == 0) return LEGACY_RISK_HIGH;
	if (strcmp(s, "moderate") == 0) return LEGACY_RISK_MODERATE;
	if (strcmp(s, "low") == 0) return LEGACY_RISK_LOW;
	return -1;
}

const char *legacy_risk_name(enum legacy_risk r)
{
	switch (r) {
	case LEGACY_RISK_HIGH: return "high";
	case LEGACY_RISK_MODERATE: return "moderate";
	case LEGACY_RISK_LOW: return "low";
	default: return NULL;
	}
}

enum legacy_risk legacy_risk_from_score(int total)
{
	if (total < LEGACY_SCORE_MIN || total > LEGACY_SCORE_MAX) return LEGACY_RISK_NONE;
	if (total <= 8) return LEGACY_RISK_HIGH;
	if (total <= 14) return LEGACY_RISK_MODERATE;
	return LEGACY_RISK_LOW;
}

enum capacity legacy_capacity(enum legacy_risk r)
{
	switch (r) {
	case LEGACY_RISK_HIGH: return CAPACITY_LOW;
	case LEGACY_RISK_MODERATE: return CAPACITY_MEDIUM;
	case LEGACY_RISK_LOW: return CAPACITY_FULL;
	default: return CAPACITY_NONE;
	}
}
