/* partners.c: partners, partnerships, migrated past assessments, and the ratings a partner
 * received (the input of its standing). */
#include <stdio.h>
#include <string.h>
#include "db.h"
#include "partners.h"
#include "accounts.h"
#include "reports.h"

#define PARTNER_COLUMNS "o.id, o.name, p.type, p.country, p.parent_id, p.version, p.created_at"
#define PARTNER_FROM " FROM partners p JOIN organizations o ON o.id = p.org_id "

static void read_partner(struct db_stmt *st, struct arena *a, void *row)
{
	struct partner *p = row;
	p->id = db_int(st, 0);
	p->name = arena_strdup(a, db_text(st, 1));
	p->type = arena_strdup(a, db_text(st, 2));
	p->country = arena_strdup(a, db_text(st, 3));
	p->parent_id = db_null(st, 4) ? 0 : db_int(st, 4);
	p->version = db_int(st, 5);
	p->created_at = db_int(st, 6);
	p->sort_key = NULL;
}

/* The rows of st; with keyed, each row's sort key follows the partner's columns. */
/* A partner with the key a sorted list was ordered by (column 7). */
static void read_keyed_partner(struct db_stmt *st, struct arena *a, void *row)
{
	struct partner *p = row;
	read_partner(st, a, p);
	p->sort_key = arena_strdup(a, db_text(st, 7));
}

int64_t store_partner_add(struct db *db, const struct partner *p, int64_t user_id, instant_t now)
{
	int64_t id = store_partner_org_add(db, p->name, now);
	if (id < 0)
		return id;
	int64_t rc = db_exec(db, "INSERT INTO partners (org_id, type, country, parent_id, created_by, created_at) "
			     "VALUES (?, ?, ?, ?, ?, ?)", "issnni", id, p->type, p->country, p->parent_id, user_id, now);
	return rc < 0 ? store_code(rc) : id;
}

int store_partner_get(struct db *db, struct arena *a, int64_t id, struct partner *out)
{
	return db_read_one(db, a, read_partner, out, "SELECT " PARTNER_COLUMNS PARTNER_FROM "WHERE p.org_id = ?", "i", id);
}

struct partners_read {
	struct arena *a;
	struct partner *rows;
	size_t n, cap;
};

static void partner_row(struct db_stmt *st, void *ctx)
{
	struct partners_read *read = ctx;
	read->rows = arena_grow(read->a, read->rows, &read->cap, read->n, sizeof *read->rows);
	read_partner(st, read->a, &read->rows[read->n++]);
}

int store_partners_of(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct partner **out, size_t *nout)
{
	struct partners_read read = {.a = a};
	int rc = db_query_ids(db, DB_IDS("SELECT " PARTNER_COLUMNS PARTNER_FROM "WHERE p.org_id IN ", " ORDER BY p.org_id"),
			      ids, n, partner_row, &read);
	*out = read.rows;
	*nout = read.n;
	return rc;
}

/* "%text%" for LIKE, with the wildcards of the text itself escaped. */
static char *like_pattern(struct arena *a, const char *q)
{
	size_t len = strlen(q);
	char *p = arena_alloc(a, 2 * len + 3), *w = p;
	*w++ = '%';
	for (const char *c = q; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			*w++ = '\\';
		*w++ = *c;
	}
	*w++ = '%';
	*w = '\0';
	return p;
}

/* What a list of partners matches, with its parameters: the name pattern twice, the country
 * twice, the type twice, the agency twice. */
#define PARTNER_MATCH "(CAST(? AS TEXT) IS NULL OR lower(o.name) LIKE lower(?) ESCAPE '\\') " \
	"AND (CAST(? AS TEXT) IS NULL OR p.country = ?) AND (CAST(? AS TEXT) IS NULL OR p.type = ?) " \
	"AND (? = 0 OR EXISTS (SELECT 1 FROM partnerships s WHERE s.partner_id = p.org_id AND s.agency_id = ?)) "

/* A sorted list reads its index on (key, id) in order: the first page from the start, a later
 * one from just past the (key, id) of the cursor, so that no page reads the rows before it. The
 * first page has its own text: "(key, id) > (?, ?) OR no cursor" would hide the index's range
 * from the planner, which prepares the statement once for both cases. */
struct sorted_sql { const char *first, *next; };
#define SORTED_SQL(key, id, cmp, dir) { \
	"SELECT " PARTNER_COLUMNS ", " key PARTNER_FROM "WHERE " PARTNER_MATCH \
	"ORDER BY " key dir ", " id dir " LIMIT ?", \
	"SELECT " PARTNER_COLUMNS ", " key PARTNER_FROM "WHERE (" key ", " id ") " cmp " (?, ?) AND " PARTNER_MATCH \
	"ORDER BY " key dir ", " id dir " LIMIT ?" }
#define SORTED_BOTH_WAYS(key, id) {SORTED_SQL(key, id, ">", ""), SORTED_SQL(key, id, "<", " DESC")}

/* By enum partner_sort (less one), then ascending or descending. The name's key, name_key,
 * is lower(name), computed by the database (migration 009). */
static const struct sorted_sql sorted_lists[3][2] = {
	SORTED_BOTH_WAYS("o.name_key", "o.id"),
	SORTED_BOTH_WAYS("p.country", "p.org_id"),
	SORTED_BOTH_WAYS("p.type", "p.org_id"),
};

static int partners_sorted(struct db *db, struct arena *a, const struct partner_filter *f, const char *like,
			   struct partner **out, size_t *n)
{
	const struct sorted_sql *sql = &sorted_lists[f->sort - PARTNER_BY_NAME][f->descending];
	if (f->after_key)
		return DB_READ_ALL(db, a, read_keyed_partner, out, n, sql->next, "sissssssiii", f->after_key, f->after, like,
				   like, f->country, f->country, f->type, f->type, f->agency_id, f->agency_id, (int64_t)f->limit);
	return DB_READ_ALL(db, a, read_keyed_partner, out, n, sql->first, "ssssssiii", like, like, f->country, f->country,
			   f->type, f->type, f->agency_id, f->agency_id, (int64_t)f->limit);
}

int store_partners_list(struct db *db, struct arena *a, const struct partner_filter *f, struct partner **out, size_t *n)
{
	const char *like = f->q && *f->q ? like_pattern(a, f->q) : NULL;
	if (f->sort != PARTNER_BY_ID)
		return partners_sorted(db, a, f, like, out, n);
	return DB_READ_ALL(db, a, read_partner, out, n, "SELECT " PARTNER_COLUMNS PARTNER_FROM "WHERE p.org_id > ? AND "
			   PARTNER_MATCH "ORDER BY p.org_id LIMIT ?", "issssssiii", f->after, like, like, f->country, f->country,
			   f->type, f->type, f->agency_id, f->agency_id, (int64_t)f->limit);
}

int store_partner_children(struct db *db, struct arena *a, int64_t parent_id, struct partner **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_partner, out, n, "SELECT " PARTNER_COLUMNS PARTNER_FROM
			   "WHERE p.parent_id = ? ORDER BY p.org_id LIMIT 1000", "i", parent_id);
}

int64_t store_partnership_add(struct db *db, const struct partnership *p, int64_t user_id, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO partnerships (partner_id, agency_id, start_date, end_date, created_by, created_at, "
			       "exception_reason) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", "iiinnis", p->partner_id, p->agency_id,
			       p->start, p->end, user_id, now, p->exception_reason);
	if (id < 0) return store_code(id);
	int rc = store_partner_rated_refresh(db, p->partner_id);
	return rc != STORE_OK ? rc : id;
}

static void read_partnership(struct db_stmt *st, struct arena *a, void *row)
{
	struct partnership *p = row;
	p->id = db_int(st, 0);
	p->partner_id = db_int(st, 1);
	p->agency_id = db_int(st, 2);
	p->start = db_int(st, 3);
	p->end = db_null(st, 4) ? 0 : db_int(st, 4);
	p->version = db_int(st, 5);
	p->exception_reason = db_text(st, 6) ? arena_strdup(a, db_text(st, 6)) : NULL;
}

int store_partnerships_list(struct db *db, struct arena *a, int64_t agency_id, int64_t partner_id, int64_t after,
			    int limit, struct partnership **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_partnership, out, n, "SELECT id, partner_id, agency_id, start_date, end_date, version, "
			   "exception_reason FROM partnerships WHERE (? = 0 OR agency_id = ?) AND (? = 0 OR partner_id = ?) "
			   "AND id > ? ORDER BY id LIMIT ?", "iiiiii", agency_id, agency_id, partner_id, partner_id, after,
			   (int64_t)limit);
}

int store_partnership_active(struct db *db, int64_t agency_id, int64_t partner_id, instant_t day, bool *active)
{
	int64_t n = 0;
	int rc = db_scalar(db, &n, "SELECT count(*) FROM partnerships WHERE agency_id = ? AND partner_id = ? AND start_date <= ? "
			   "AND (end_date IS NULL OR end_date >= ?)", "iiii", agency_id, partner_id, day, day);
	*active = rc == STORE_OK && n > 0;
	return rc;
}

int64_t store_past_assessment_add(struct db *db, const struct past_assessment *p, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO past_assessments (partner_id, agency_id, assessed_on, rating, legacy_sea_risk, "
			       "legacy_sea_score, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			       "iiissnni", p->partner_id, p->agency_id, p->date, p->rating, p->legacy_sea_risk,
			       (int64_t)p->legacy_sea_score, p->created_by, now);
	if (id < 0) return store_code(id);
	int rc = store_partner_rated_refresh(db, p->partner_id);
	return rc != STORE_OK ? rc : id;
}

static void read_past_assessment(struct db_stmt *st, struct arena *a, void *row)
{
	struct past_assessment *p = row;
	p->id = db_int(st, 0);
	p->partner_id = db_int(st, 1);
	p->agency_id = db_int(st, 2);
	p->date = db_int(st, 3);
	p->rating = arena_strdup(a, db_text(st, 4));
	p->legacy_sea_risk = arena_strdup(a, db_text(st, 5));
	p->legacy_sea_score = db_null(st, 6) ? 0 : (int)db_int(st, 6);
	p->created_by = db_null(st, 7) ? 0 : db_int(st, 7);
	p->created_at = db_int(st, 8);
}

int store_past_assessments_of_partner(struct db *db, struct arena *a, int64_t partner_id, struct past_assessment **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_past_assessment, out, n, "SELECT id, partner_id, agency_id, assessed_on, rating, "
			   "legacy_sea_risk, legacy_sea_score, created_by, created_at FROM past_assessments WHERE partner_id = ? "
			   "ORDER BY assessed_on DESC, id DESC", "i", partner_id);
}

/* Rating rows of several partners as read, each with the partner it belongs to. */
struct rows_read {
	struct arena *a;
	struct rating_record *rows;
	int64_t *owners;
	size_t n, cap, owners_cap;
	size_t at;  /* the row the answers read last went to */
};

static struct rating_record *row_add(struct rows_read *r, int64_t owner)
{
	r->rows = arena_grow(r->a, r->rows, &r->cap, r->n, sizeof *r->rows);
	r->owners = arena_grow(r->a, r->owners, &r->owners_cap, r->n, sizeof *r->owners);
	r->owners[r->n] = owner;
	struct rating_record *row = &r->rows[r->n++];
	memset(row, 0, sizeof *row);
	return row;
}

static void assessed_row(struct db_stmt *st, void *ctx)
{
	struct rows_read *read = ctx;
	struct rating_record *r = row_add(read, db_int(st, 0));
	r->id = db_int(st, 1);
	r->agency_id = db_int(st, 2);
	r->rated_at = db_int(st, 3);
	r->rating = arena_strdup(read->a, db_text(st, 4));
	r->eligible = db_null(st, 5) ? -1 : (int)db_int(st, 5);
	r->source = arena_strdup(read->a, db_text(st, 6));
	/* The answers in force are those frozen when the rating was finalized (rated_answer): while
	 * the rating is unlocked the verified answers are a draft beside them. A rating unlocked
	 * before they were kept has none: its recorded rating stands until finalized again. */
	r->answers_in_force = false;
	r->contact_with_beneficiaries = db_null(st, 8) ? -1 : (int)db_int(st, 8);
	if (!db_null(st, 9) && !db_null(st, 10))
		r->bands = (struct rating_bands){(int)db_int(st, 9), (int)db_int(st, 10)};
	r->decided_at = db_null(st, 11) ? 0 : db_int(st, 11);
}

/* The verified answers, to the rows read just before (they come in the same order). */
static void verified_row(struct db_stmt *st, void *ctx)
{
	struct rows_read *read = ctx;
	int64_t id = db_int(st, 0), k = db_int(st, 1);
	if (read->at >= read->n || read->rows[read->at].id != id) {
		size_t i = read->at + 1; /* most often the next row */
		while (i < read->n && read->rows[i].id != id)
			i++;
		if (i >= read->n)
			for (i = 0; i < read->n && read->rows[i].id != id; i++)
				;
		read->at = i;
	}
	if (read->at >= read->n || k < 1 || k > 8)
		return;
	struct rating_record *r = &read->rows[read->at];
	if (db_null(st, 3) || strcmp(r->source, "verified") != 0) {
		r->verified[k - 1] = arena_strdup(read->a, db_text(st, 2));
		return;
	}
	/* the plan, like the standing, reads the answers of the rating, not a draft */
	r->answers[k - 1] = r->verified[k - 1] = arena_strdup(read->a, db_text(st, 3));
	r->answers_in_force = true;
}

static void migrated_row(struct db_stmt *st, void *ctx)
{
	struct rows_read *read = ctx;
	struct rating_record *r = row_add(read, db_int(st, 0));
	r->source = "migrated";
	r->id = db_int(st, 1);
	r->agency_id = db_int(st, 2);
	r->rated_at = db_int(st, 3);
	r->rating = arena_strdup(read->a, db_text(st, 4));
	r->eligible = -1;
	r->contact_with_beneficiaries = -1;
}

/* Hands each partner its rows, in the order read: its assessments' ratings, then its migrated
 * ones. */
static void distribute(struct arena *a, const struct db_id_map *m, struct partner_standing_rows *out,
		       const struct rows_read *assessed, const struct rows_read *migrated)
{
	const struct rows_read *parts[2] = {assessed, migrated};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < parts[k]->n; i++) {
			long p = db_id_map_find(m, parts[k]->owners[i]);
			if (p >= 0) out[p].nratings++;
		}
	for (size_t p = 0; p < m->n; p++) {
		if (out[p].nratings)
			out[p].ratings = arena_alloc(a, out[p].nratings * sizeof *out[p].ratings);
		out[p].nratings = 0;
	}
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < parts[k]->n; i++) {
			long p = db_id_map_find(m, parts[k]->owners[i]);
			if (p >= 0) out[p].ratings[out[p].nratings++] = parts[k]->rows[i];
		}
}

struct inadequate_read {
	const struct db_id_map *m;
	struct partner_standing_rows *out;
};

static void inadequate_row(struct db_stmt *st, void *ctx)
{
	struct inadequate_read *read = ctx;
	long p = db_id_map_find(read->m, db_int(st, 0));
	if (p >= 0 && !db_null(st, 1))
		read->out[p].inadequate_since = db_int(st, 1);
}

int store_standing_rows(struct db *db, struct arena *a, const int64_t *partner_ids, size_t n, struct partner_standing_rows *out)
{
	memset(out, 0, n * sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i].partner_id = partner_ids[i];
	if (!n)
		return STORE_OK;
	struct db_id_map m;
	db_id_map_init(&m, a, partner_ids, n);
	struct rows_read assessed = {.a = a}, migrated = {.a = a};
	/* who rated: the rater's agency (the lead agency when unknown); for an accepted prior
	 * assessment, the agency that gave it */
	int rc = db_query_ids(db, DB_IDS("SELECT x.partner_id, x.id, CASE WHEN x.source = 'previous' "
		"THEN coalesce(x.previous_agency_id, x.lead_agency_id) "
		"ELSE coalesce((SELECT u.org_id FROM users u WHERE u.id = x.rated_by), x.lead_agency_id) END, "
		"x.rated_at, x.rating, x.eligible, x.source, x.status, x.contact_with_beneficiaries, "
		"x.rating_full_min, x.rating_medium_min, x.decided_at "
		"FROM assessments x WHERE x.rated_at IS NOT NULL AND x.rating IS NOT NULL AND x.partner_id IN ",
		" ORDER BY x.partner_id, x.id"), partner_ids, n, assessed_row, &assessed);
	if (rc == STORE_OK && assessed.n)
		rc = db_query_ids(db, DB_IDS("SELECT x.id, g.standard, g.answer, g.rated_answer FROM assessments x "
			"JOIN assessment_answers g ON g.assessment_id = x.id AND g.side = 'verified' "
			"WHERE x.rated_at IS NOT NULL AND x.rating IS NOT NULL AND x.partner_id IN ",
			" ORDER BY x.partner_id, x.id"), partner_ids, n, verified_row, &assessed);
	if (rc == STORE_OK)
		rc = db_query_ids(db, DB_IDS("SELECT partner_id, id, agency_id, assessed_on, rating FROM past_assessments "
			"WHERE partner_id IN ", " ORDER BY partner_id, assessed_on DESC, id DESC"), partner_ids, n,
			migrated_row, &migrated);
	if (rc != STORE_OK)
		return rc;
	distribute(a, &m, out, &assessed, &migrated);
	/* the current review of each incident is its latest one */
	struct inadequate_read inadequate = {&m, out};
	return db_query_ids(db, DB_IDS("SELECT r.partner_id, max(r.reviewed_at) FROM corrective_action_reviews r "
		"WHERE r.adequate = 0 AND r.id = (SELECT max(r2.id) FROM corrective_action_reviews r2 "
		"WHERE r2.incident_id = r.incident_id) AND r.partner_id IN ", " GROUP BY r.partner_id"), partner_ids, n,
		inadequate_row, &inadequate);
}

int store_agency_partner_ids(struct db *db, struct arena *a, int64_t agency_id, int64_t **out, size_t *n)
{
	struct db_stmt *st = db_query(db, "SELECT partner_id FROM partnerships WHERE agency_id = ? "
				      "UNION SELECT x.partner_id FROM assessments x JOIN assessment_agencies g ON g.assessment_id = x.id "
				      "WHERE g.agency_id = ? UNION SELECT partner_id FROM past_assessments WHERE agency_id = ? "
				      "ORDER BY 1 LIMIT 5000", "iii", agency_id, agency_id, agency_id);
	return db_read_ids(st, a, out, n);
}
