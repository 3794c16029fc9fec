/* reports.h (store): what the coverage figures read (reports.c). */
#ifndef PSEA_STORE_REPORTS_H
#define PSEA_STORE_REPORTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"

/* --- reports: what the coverage figures read (reports.c) --- */
/* Coverage counted in the database: per agency (every agency, in id order) the distinct partners
 * with a partnership active on `day` and those of them whose latest rating (assessed or migrated)
 * is at or after sure_from. The caller picks sure_from so that every rating since then is valid,
 * and window_from so that none before it is; the partners whose latest rating falls between the
 * two come back in *edges (one row per agency and partner, with that rating, ordered by agency
 * and partner) for the caller to decide. One pass over the active partnerships: linear in them. */
struct coverage_count {
	int64_t agency_id, active, assessed;
};
struct coverage_edge {
	int64_t agency_id, partner_id;
	instant_t rated_at;
};
int store_coverage_counts(struct db *db, struct arena *a, instant_t day, instant_t window_from, instant_t sure_from,
			  struct coverage_count **out, size_t *n, struct coverage_edge **edges, size_t *nedges);

/* Coverage (reports.c) reads each partnership's partner_rated_at, the instant of its partner's
 * latest rating: every store function that writes a rating, a past assessment or a partnership
 * calls this for the partner, in the same transaction, so that it is never stale. */
int store_partner_rated_refresh(struct db *db, int64_t partner_id);
/* The same for the partner of an assessment. */
int store_assessment_rated_refresh(struct db *db, int64_t assessment_id);
#endif
