/* reports.c: what the coverage figures read. The store counts the facts (active partnerships, partners
 * rated since a cut-off); the api and domain layers decide which cut-off makes a rating valid. It also
 * keeps partnerships.partner_rated_at, the partner's latest rating on every partnership row, which
 * lets coverage read the active partnerships alone. */
#include <string.h>
#include "db.h"
#include "reports.h"

/* A row (agency, partner, rating instant). */
static void read_edge(struct db_stmt *st, struct arena *a, void *row)
{
	*(struct coverage_edge *)row = (struct coverage_edge){db_int(st, 0), db_int(st, 1), db_int(st, 2)};
}

/* Sets partner_rated_at to the instant of the partner's latest rating, assessed or migrated (NULL:
 * never rated); migration 008 fills it with the same expression. Recomputed from the ratings,
 * never just moved forward, so that whatever replaced a rating, the value is the right one. */
#define SET_PARTNER_RATED_AT "UPDATE partnerships SET partner_rated_at = (SELECT max(t) FROM (" \
	"SELECT rated_at AS t FROM assessments a WHERE a.partner_id = partnerships.partner_id AND a.rating IS NOT NULL " \
	"UNION ALL SELECT assessed_on FROM past_assessments m WHERE m.partner_id = partnerships.partner_id) latest) "

int store_partner_rated_refresh(struct db *db, int64_t partner_id)
{
	return store_code(db_exec(db, SET_PARTNER_RATED_AT "WHERE partner_id = ?", "i", partner_id));
}

int store_assessment_rated_refresh(struct db *db, int64_t assessment_id)
{
	return store_code(db_exec(db, SET_PARTNER_RATED_AT "WHERE partner_id = (SELECT partner_id FROM assessments WHERE id = ?)",
				  "i", assessment_id));
}

/* The agencies' ids, in id order. */
static int agency_ids(struct db *db, struct arena *a, int64_t **out, size_t *n)
{
	return db_read_ids(db_query(db, "SELECT id FROM organizations WHERE kind = 'agency' ORDER BY id", ""), a, out, n);
}

/* One agency's active partners and those of them rated at or after sure_from: one range of
 * partnerships_coverage_rated, whose order already groups each partner's rows, so that DISTINCT
 * needs no temporary table (one statement per agency, as a GROUP BY over the distinct pairs of
 * every agency at once would sort them all). */
static void read_counts(struct db_stmt *st, struct arena *a, void *row)
{
	struct coverage_count *c = row;
	c->active = db_int(st, 0);
	c->assessed = db_int(st, 1);
}

static int agency_counts(struct db *db, int64_t agency_id, instant_t day, instant_t sure_from, struct coverage_count *out)
{
	*out = (struct coverage_count){.agency_id = agency_id};
	int rc = db_read_one(db, NULL, read_counts, out, "SELECT count(*), count(*) FILTER (WHERE partner_rated_at >= ?) "
			     "FROM (SELECT DISTINCT partner_id, partner_rated_at FROM partnerships "
			     "WHERE agency_id = ? AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)) active",
			     "iiii", sure_from, agency_id, day, day);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

int store_coverage_counts(struct db *db, struct arena *a, instant_t day, instant_t window_from, instant_t sure_from,
			  struct coverage_count **out, size_t *n, struct coverage_edge **edges, size_t *nedges)
{
	int64_t *agencies;
	size_t nagencies;
	*out = NULL;
	*n = 0;
	*edges = NULL;
	*nedges = 0;
	int rc = agency_ids(db, a, &agencies, &nagencies);
	if (rc != STORE_OK) return rc;
	*out = arena_alloc(a, (nagencies ? nagencies : 1) * sizeof **out);
	for (size_t i = 0; i < nagencies; i++) {
		if ((rc = agency_counts(db, agencies[i], day, sure_from, &(*out)[i])) != STORE_OK)
			return rc;
		*n = i + 1;
	}
	/* the few whose latest rating lies in the window: found from the ratings given in it (every
	 * such partner has one), then kept only where that rating is still the latest */
	return DB_READ_ALL(db, a, read_edge, edges, nedges, "SELECT DISTINCT p.agency_id, p.partner_id, p.partner_rated_at FROM partnerships p "
		"WHERE p.partner_id IN (SELECT partner_id FROM assessments WHERE rating IS NOT NULL AND rated_at >= ? AND rated_at < ? "
		"UNION SELECT partner_id FROM past_assessments WHERE assessed_on >= ? AND assessed_on < ?) "
		"AND p.partner_rated_at >= ? AND p.partner_rated_at < ? "
		"AND p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?) "
		"ORDER BY p.agency_id, p.partner_id",
		"iiiiiiii", window_from, sure_from, window_from, sure_from, window_from, sure_from, day, day);
}
