/* partners.h (store): partners, partnerships, past assessments and the rows a partner's standing
 * is computed from (partners.c). */
#ifndef PSEA_STORE_PARTNERS_H
#define PSEA_STORE_PARTNERS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"
#include "../domain/rating.h"

/* --- partners, partnerships, assessments, documents (migration 002_assessments) ---
 * A partner is an organisation of kind 'partner' plus its partners row (same id). */
struct partner {
	int64_t id;            /* the organisation's id */
	char *name;
	char *type;            /* national_ngo, international_cso, cbo, academic, red_cross_red_crescent */
	char *country;
	int64_t parent_id;     /* an INGO country office's headquarters record; 0 when none */
	int64_t version;
	instant_t created_at;
	char *sort_key;        /* in a sorted list, the key it was sorted by (NULL in any other read) */
};
/* Creates the organisation and its partner record (in the caller's transaction). */
int64_t store_partner_add(struct db *db, const struct partner *p, int64_t user_id, instant_t now);
int store_partner_get(struct db *db, struct arena *a, int64_t id, struct partner *out);
/* The partners of those ids that exist (ids ascending, none repeated), ordered by id; one query
 * per DB_ID_CHUNK ids. */
int store_partners_of(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct partner **out, size_t *nout);
/* The orders of a list of partners: by id (the default), or by a key with the id breaking ties,
 * ascending or descending (descending is the exact reverse: ties by id descending too). The
 * name's key is the name with A-Z folded to a-z; keys compare byte by byte on both engines. */
enum partner_sort { PARTNER_BY_ID, PARTNER_BY_NAME, PARTNER_BY_COUNTRY, PARTNER_BY_TYPE };

struct partner_filter {
	const char *q;         /* part of the name, case-insensitive */
	const char *country, *type;
	int64_t agency_id;     /* partners with a partnership with this agency (0: any) */
	int64_t after;         /* cursor: the partners after the one of this id, in the order (0: from the start) */
	int limit;
	enum partner_sort sort;
	bool descending;
	const char *after_key; /* with a sort and a cursor: the sort key of the partner `after` */
};
/* Partners in the filter's order, each with its sort_key when sorted by a key. */
int store_partners_list(struct db *db, struct arena *a, const struct partner_filter *f, struct partner **out, size_t *n);
/* Country offices whose headquarters is parent_id. */
int store_partner_children(struct db *db, struct arena *a, int64_t parent_id, struct partner **out, size_t *n);

struct partnership {
	int64_t id, partner_id, agency_id, version;
	instant_t start, end;  /* dates; end 0 when open-ended */
	char *exception_reason; /* recorded with a partner that was not eligible; NULL otherwise */
};
int64_t store_partnership_add(struct db *db, const struct partnership *p, int64_t user_id, instant_t now);
/* The partnerships of an agency (0: all), optionally of one partner (0: all), ordered by id. */
int store_partnerships_list(struct db *db, struct arena *a, int64_t agency_id, int64_t partner_id, int64_t after,
			    int limit, struct partnership **out, size_t *n);
/* Whether the agency has a partnership with the partner active on that day. */
int store_partnership_active(struct db *db, int64_t agency_id, int64_t partner_id, instant_t day, bool *active);


struct past_assessment {
	int64_t id, partner_id, agency_id, created_by;
	instant_t date, created_at;
	char *rating, *legacy_sea_risk;
	int legacy_sea_score;  /* 0 when none */
};
int64_t store_past_assessment_add(struct db *db, const struct past_assessment *p, instant_t now);
int store_past_assessments_of_partner(struct db *db, struct arena *a, int64_t partner_id, struct past_assessment **out, size_t *n);

/* Every rating a partner received (the input of its standing): finalized or accepted assessments
 * (rated, or rating_unlocked whose earlier rating stays in force until the new one) and migrated
 * past assessments. source: "verified", "previous" or "migrated"; answers NULL unless verified. */
struct rating_record {
	char *source;
	int64_t id, agency_id;
	instant_t rated_at;
	char *rating;
	int eligible;             /* -1 unknown */
	bool answers_in_force;    /* answers below are those of the rating */
	char *answers[8];         /* the answers of the rating as finalized, "yes"/"no"/"na" or NULL */
	struct rating_bands bands;  /* the bands it was given with; {0, 0}: unknown */
	instant_t decided_at;     /* when it was last finalized or accepted; 0: unknown */
	/* What a plan for this rating reads (assessments only): Section 1's contact with
	 * beneficiaries (-1 unanswered) and the verified answers of the rating (as finalized; while
	 * the rating is unlocked, the draft stays out of the plan). */
	int contact_with_beneficiaries;
	char *verified[8];
};
/* --- the standings of a page of partners, in a fixed number of queries whatever its size --- */
struct partner_standing_rows {
	int64_t partner_id;
	struct rating_record *ratings;  /* its assessments' ratings by id, then its migrated ones, latest first */
	size_t nratings;
	instant_t inadequate_since;     /* as store_partner_inadequate_since gives it */
};
/* out[i] for partner_ids[i]: four queries per 64 partners, each a statement parsed once. */
int store_standing_rows(struct db *db, struct arena *a, const int64_t *partner_ids, size_t n,
			struct partner_standing_rows *out);
/* The partners an agency works with or has rated: partnerships, assessments it takes part in,
 * migrated past assessments it gave. */
int store_agency_partner_ids(struct db *db, struct arena *a, int64_t agency_id, int64_t **out, size_t *n);
#endif
