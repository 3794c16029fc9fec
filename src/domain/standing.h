/* standing.h: the partner's current PSEA standing (DOMAIN.md, "Validity and the partner's
 * standing"): its latest rating still in force, with what happened since applied, or
 * `not_assessed` / `expired`. Pure: the caller gathers the records and passes `now`. */
#ifndef PSEA_STANDING_H
#define PSEA_STANDING_H
#include <stdbool.h>
#include <stdint.h>
#include "rating.h"
#include "../util/timeutil.h"

enum rating_source {
	RATING_SOURCE_VERIFIED = 0,  /* finalized verification of an assessment */
	RATING_SOURCE_PREVIOUS,      /* a prior assessment accepted in Section 1 */
	RATING_SOURCE_MIGRATED,      /* a past assessment migrated from an earlier tool */
};
const char *rating_source_name(enum rating_source s);

/* One rating the partner received. Only verified ratings carry answers per standard. */
struct standing_record {
	enum rating_source source;
	int64_t id;                 /* the assessment's or past assessment's id */
	int64_t agency_id;          /* who rated */
	instant_t rated_at;         /* the rating's date: validity runs from it */
	/* A verified rating: when it was last finalized, later than rated_at after a revision that
	 * kept the date; what a corrective-action review compares with. 0: rated_at. */
	instant_t decided_at;
	enum capacity capacity;
	bool eligible;
	bool has_answers;
	enum answer answers[STANDARD_COUNT];  /* as finalized: an unlocked rating's draft is not here */
	/* The capacity bands the rating was given with: plan progress recomputes the capacity with
	 * these, so that a later change of the settings leaves it as given. {0, 0}: unknown, the
	 * input's bands apply. */
	struct rating_bands bands;
};

struct standing_input {
	const struct standing_record *records;  /* every rating of the partner, in any order */
	int nrecords;
	/* Plan progress: standard i + 1 became met because every plan activity for it is completed
	 * (filled by the capacity strengthening plan). */
	bool met_by_plan[STANDARD_COUNT];
	/* A focal point judged the partner's corrective action on an allegation inadequate, at
	 * corrective_action_reviewed_at: standard 8 counts as `no` and the partner is not eligible,
	 * until a rating given after that review says otherwise, or a plan activity for standard 8
	 * confirmed after it (met_by_plan[7]). reviewed_at 0: applies regardless. */
	bool corrective_action_inadequate;
	instant_t corrective_action_reviewed_at;
	struct rating_bands bands;  /* the settings' bands, for ratings that do not carry their own */
	int validity_years;     /* setting validity.years (5) */
	int expiring_months;    /* setting expiring.months (12) */
};

enum standing_status {
	STANDING_NOT_ASSESSED = 0,
	STANDING_VALID,
	STANDING_EXPIRING,     /* valid, in its last expiring_months */
	STANDING_EXPIRED,      /* only expired ratings: reassessment needed */
};
const char *standing_status_name(enum standing_status s);

struct standing {
	enum standing_status status;
	const struct standing_record *record;  /* the rating in force (or the latest expired); NULL when none */
	enum capacity capacity;                /* CAPACITY_NONE unless valid or expiring */
	int standards_met;                     /* -1 when the record has no answers per standard */
	bool eligible;
	instant_t rated_at, valid_until;
	enum answer met[STANDARD_COUNT];       /* the answers in force, plan and review applied */
};

struct standing standing_compute(const struct standing_input *in, instant_t now);
/* When the record's rating was last decided: decided_at, else rated_at. */
instant_t standing_record_decided_at(const struct standing_record *r);
/* The bands a record's capacity is worked out with: its own, else the input's. */
struct rating_bands standing_bands_of(const struct standing_input *in, const struct standing_record *r);
/* The record standing_compute takes as the standing's (the latest rating; on equal instants a
 * verified one over a declared one), so that its plan can be read before the standing is
 * computed. NULL when there is none. */
const struct standing_record *standing_latest(const struct standing_input *in);
#endif
