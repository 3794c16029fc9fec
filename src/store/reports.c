/* reports.c: what the coverage figures read. The store counts the facts (active partnerships, partners
 * rated since a cut-off); the api and domain layers decide which cut-off makes a rating valid. */
#include <string.h>
#include "db.h"
#include "store.h"

/* Adds the rows (agency, count) of a finished query to *out: column 1 into active or assessed. */
static int read_counts(struct db_stmt *st, struct arena *a, bool assessed, struct coverage_count **out, size_t *n, size_t *cap)
{
	if (!st) return STORE_ERROR;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		int64_t agency = db_int(st, 0);
		size_t i = 0;
		while (i < *n && (*out)[i].agency_id != agency)
			i++;
		if (i == *n) {
			if (*n == *cap) {
				struct coverage_count *bigger = arena_alloc(a, 2 * *cap * sizeof *bigger);
				memcpy(bigger, *out, *cap * sizeof *bigger);
				*out = bigger;
				*cap *= 2;
			}
			(*out)[(*n)++] = (struct coverage_count){.agency_id = agency};
		}
		if (assessed)
			(*out)[i].assessed = db_int(st, 1);
		else
			(*out)[i].active = db_int(st, 1);
	}
	db_done(st);
	return store_code(rc);
}

static int read_edges(struct db_stmt *st, struct arena *a, struct coverage_edge **out, size_t *n)
{
	if (!st) return STORE_ERROR;
	size_t cap = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		if (*n == cap) {
			size_t bigger = cap ? 2 * cap : 16;
			struct coverage_edge *more = arena_alloc(a, bigger * sizeof *more);
			if (*n)
				memcpy(more, *out, *n * sizeof *more);
			*out = more;
			cap = bigger;
		}
		(*out)[(*n)++] = (struct coverage_edge){db_int(st, 0), db_int(st, 1), db_int(st, 2)};
	}
	db_done(st);
	return store_code(rc);
}

int store_coverage_counts(struct db *db, struct arena *a, instant_t day, instant_t window_from, instant_t sure_from,
			  struct coverage_count **out, size_t *n, struct coverage_edge **edges, size_t *nedges)
{
	size_t cap = 16;
	*out = arena_alloc(a, cap * sizeof **out);
	*n = 0;
	*edges = NULL;
	*nedges = 0;
	/* the active partners of each agency: one pass over partnerships_coverage, in its order */
	int rc = read_counts(db_query(db, "SELECT agency_id, count(DISTINCT partner_id) FROM partnerships "
		"WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?) GROUP BY agency_id", "ii", day, day),
		a, false, out, n, &cap);
	if (rc != STORE_OK) return rc;
	/* those rated since sure_from: from the (fewer) partners with such a rating to their active
	 * partnerships, instead of a lookup per active partnership */
	rc = read_counts(db_query(db, "SELECT p.agency_id, count(DISTINCT p.partner_id) "
		"FROM (SELECT partner_id FROM assessments WHERE rating IS NOT NULL AND rated_at >= ? "
		"UNION SELECT partner_id FROM past_assessments WHERE assessed_on >= ?) v "
		"JOIN partnerships p ON p.partner_id = v.partner_id "
		"WHERE p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?) GROUP BY p.agency_id",
		"iiii", sure_from, sure_from, day, day), a, true, out, n, &cap);
	if (rc != STORE_OK) return rc;
	/* the few whose latest rating lies in the window, with those ratings */
	return read_edges(db_query(db, "SELECT p.agency_id, p.partner_id, v.rated_at "
		"FROM (SELECT partner_id, rated_at FROM assessments WHERE rating IS NOT NULL AND rated_at >= ? AND rated_at < ? "
		"UNION ALL SELECT partner_id, assessed_on FROM past_assessments WHERE assessed_on >= ? AND assessed_on < ?) v "
		"JOIN partnerships p ON p.partner_id = v.partner_id "
		"WHERE p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?) "
		"AND NOT EXISTS (SELECT 1 FROM assessments x WHERE x.partner_id = v.partner_id AND x.rating IS NOT NULL AND x.rated_at >= ?) "
		"AND NOT EXISTS (SELECT 1 FROM past_assessments y WHERE y.partner_id = v.partner_id AND y.assessed_on >= ?) "
		"ORDER BY p.agency_id, p.partner_id",
		"iiiiiiii", window_from, sure_from, window_from, sure_from, day, day, sure_from, sure_from), a, edges, nedges);
}
