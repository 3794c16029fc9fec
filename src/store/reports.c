/* reports.c: what the coverage figures read. The store hands over the facts (who is actively
 * partnered, when each partner was last rated); the api and domain layers decide what is valid. */
#include "db.h"
#include "store.h"

int store_active_partnerships_each(struct db *db, instant_t day,
				   void (*fn)(const struct active_partnership *p, void *ctx), void *ctx)
{
	/* one row per agency and partner, however many partnerships they have on that day */
	struct db_stmt *st = db_query(db,
		"SELECT ps.agency_id, ps.partner_id, "
		"(SELECT max(a.rated_at) FROM assessments a WHERE a.partner_id = ps.partner_id "
		"AND a.rated_at IS NOT NULL AND a.rating IS NOT NULL), "
		"(SELECT max(pa.assessed_on) FROM past_assessments pa WHERE pa.partner_id = ps.partner_id) "
		"FROM (SELECT DISTINCT agency_id, partner_id FROM partnerships WHERE start_date <= ? "
		"AND (end_date IS NULL OR end_date >= ?)) ps ORDER BY ps.agency_id, ps.partner_id", "ii", day, day);
	if (!st) return STORE_ERROR;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		struct active_partnership p = {.agency_id = db_int(st, 0), .partner_id = db_int(st, 1)};
		instant_t assessed = db_int(st, 2), migrated = db_int(st, 3);
		p.last_rated_at = assessed > migrated ? assessed : migrated;
		fn(&p, ctx);
	}
	db_done(st);
	return store_code(rc);
}
