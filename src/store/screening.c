/* screening.c: an agency's screening and training figures per year. A count the agency does not
 * know is NULL in the table and -1 in struct screening_figures. */
#include <stdio.h>
#include "db.h"
#include "screening.h"

static int64_t count_or_unknown(struct db_stmt *st, int col) { return db_null(st, col) ? -1 : db_int(st, col); }

struct figures_row { struct screening_figures *figures; instant_t *updated_at; };

static void read_figures(struct db_stmt *st, struct arena *a, void *row)
{
	struct figures_row *r = row;
	*r->figures = (struct screening_figures){count_or_unknown(st, 0), count_or_unknown(st, 1),
						 count_or_unknown(st, 2), count_or_unknown(st, 3)};
	*r->updated_at = db_int(st, 4);
}

int store_screening_get(struct db *db, int64_t agency_id, int year, struct screening_figures *out, instant_t *updated_at)
{
	struct figures_row row = {out, updated_at};
	return db_read_one(db, NULL, read_figures, &row,
			   "SELECT personnel_screened, screened_out, people_to_train, people_trained, updated_at "
			   "FROM screening_training WHERE agency_id = ? AND year = ?", "ii", agency_id, (int64_t)year);
}

/* The count as SQL text, or NULL (unknown): the binding's 'n' form would take 0 for NULL, and 0
 * is a count like any other. */
static const char *count_text(int64_t n, char buf[24])
{
	if (n < 0)
		return NULL;
	snprintf(buf, 24, "%lld", (long long)n);
	return buf;
}

int store_screening_set(struct db *db, int64_t agency_id, int year, const struct screening_figures *f,
			instant_t now, int64_t user_id)
{
	char a[24], b[24], c[24], d[24];
	int64_t rc = db_exec(db,
		"INSERT INTO screening_training (agency_id, year, personnel_screened, screened_out, people_to_train, "
		"people_trained, updated_at, updated_by) VALUES (?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), "
		"CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?) "
		"ON CONFLICT (agency_id, year) DO UPDATE SET personnel_screened = excluded.personnel_screened, "
		"screened_out = excluded.screened_out, people_to_train = excluded.people_to_train, "
		"people_trained = excluded.people_trained, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
		"iissssin", agency_id, (int64_t)year, count_text(f->screened, a), count_text(f->screened_out, b),
		count_text(f->to_train, c), count_text(f->trained, d), (int64_t)now, user_id);
	return store_code(rc);
}
