/* reports.c: what the coverage figures read. The store counts the facts (active partnerships, partners
 * rated since a cut-off); the api and domain layers decide which cut-off makes a rating valid. */
#include <string.h>
#include "db.h"
#include "store.h"

int store_coverage_counts(struct db *db, struct arena *a, instant_t day, instant_t rated_from,
			  struct coverage_count **out, size_t *n)
{
	/* one aggregate over the active (agency, partner) pairs joined to the set of partners with a
	 * rating still valid: the database does the per-partner work with its indexes */
	struct db_stmt *st = db_query(db,
		"SELECT ps.agency_id, count(*), count(v.partner_id) "
		"FROM (SELECT DISTINCT agency_id, partner_id FROM partnerships WHERE start_date <= ? "
		"AND (end_date IS NULL OR end_date >= ?)) ps "
		"LEFT JOIN (SELECT partner_id FROM assessments WHERE rating IS NOT NULL AND rated_at >= ? "
		"UNION SELECT partner_id FROM past_assessments WHERE assessed_on >= ?) v ON v.partner_id = ps.partner_id "
		"GROUP BY ps.agency_id ORDER BY ps.agency_id", "iiii", day, day, rated_from, rated_from);
	if (!st) return STORE_ERROR;
	size_t cap = 16;
	*out = arena_alloc(a, cap * sizeof **out);
	*n = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		if (*n == cap) {
			struct coverage_count *bigger = arena_alloc(a, 2 * cap * sizeof *bigger);
			memcpy(bigger, *out, cap * sizeof *bigger);
			*out = bigger;
			cap *= 2;
		}
		(*out)[(*n)++] = (struct coverage_count){db_int(st, 0), db_int(st, 1), db_int(st, 2)};
	}
	db_done(st);
	return store_code(rc);
}
