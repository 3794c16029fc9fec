/* partners.c: partners, partnerships, migrated past assessments, and the ratings a partner
 * received (the input of its standing). */
#include <stdio.h>
#include <string.h>
#include "db.h"
#include "store.h"

#define PARTNER_COLUMNS "o.id, o.name, p.type, p.country, p.parent_id, p.version, p.created_at"
#define PARTNER_FROM " FROM partners p JOIN organizations o ON o.id = p.org_id "

static void read_partner(struct db_stmt *st, struct arena *a, struct partner *p)
{
	p->id = db_int(st, 0);
	p->name = arena_strdup(a, db_text(st, 1));
	p->type = arena_strdup(a, db_text(st, 2));
	p->country = arena_strdup(a, db_text(st, 3));
	p->parent_id = db_null(st, 4) ? 0 : db_int(st, 4);
	p->version = db_int(st, 5);
	p->created_at = db_int(st, 6);
}

static int partner_rows(struct db_stmt *st, struct arena *a, struct partner **out, size_t *n, size_t max)
{
	if (!st) return STORE_ERROR;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW && *n < max) {
		*out = arena_grow(a, *out, &cap, *n, sizeof **out);
		read_partner(st, a, &(*out)[(*n)++]);
	}
	db_done(st);
	return store_code(rc < 0 ? rc : 0);
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
	struct partner *rows;
	size_t n;
	int rc = partner_rows(db_query(db, "SELECT " PARTNER_COLUMNS PARTNER_FROM "WHERE p.org_id = ?", "i", id), a, &rows, &n, 1);
	if (rc != STORE_OK) return rc;
	if (n == 0) return STORE_ENOTFOUND;
	*out = rows[0];
	return STORE_OK;
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

int store_partners_list(struct db *db, struct arena *a, const struct partner_filter *f, struct partner **out, size_t *n)
{
	const char *like = f->q && *f->q ? like_pattern(a, f->q) : NULL;
	return partner_rows(db_query(db, "SELECT " PARTNER_COLUMNS PARTNER_FROM
		"WHERE p.org_id > ? AND (CAST(? AS TEXT) IS NULL OR lower(o.name) LIKE lower(?) ESCAPE '\\') "
		"AND (CAST(? AS TEXT) IS NULL OR p.country = ?) AND (CAST(? AS TEXT) IS NULL OR p.type = ?) "
		"AND (? = 0 OR EXISTS (SELECT 1 FROM partnerships s WHERE s.partner_id = p.org_id AND s.agency_id = ?)) "
		"ORDER BY p.org_id LIMIT ?", "issssssiii", f->after, like, like, f->country, f->country, f->type, f->type,
		f->agency_id, f->agency_id, (int64_t)f->limit), a, out, n, (size_t)f->limit);
}

int store_partner_children(struct db *db, struct arena *a, int64_t parent_id, struct partner **out, size_t *n)
{
	return partner_rows(db_query(db, "SELECT " PARTNER_COLUMNS PARTNER_FROM "WHERE p.parent_id = ? ORDER BY p.org_id LIMIT 1000",
				     "i", parent_id), a, out, n, 1000);
}

int64_t store_partnership_add(struct db *db, const struct partnership *p, int64_t user_id, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO partnerships (partner_id, agency_id, start_date, end_date, created_by, created_at) "
			       "VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "iiinni", p->partner_id, p->agency_id, p->start,
			       p->end, user_id, now);
	return id < 0 ? store_code(id) : id;
}

int store_partnerships_list(struct db *db, struct arena *a, int64_t agency_id, int64_t partner_id, int64_t after,
			    int limit, struct partnership **out, size_t *n)
{
	struct db_stmt *st = db_query(db, "SELECT id, partner_id, agency_id, start_date, end_date, version FROM partnerships "
				      "WHERE (? = 0 OR agency_id = ?) AND (? = 0 OR partner_id = ?) AND id > ? ORDER BY id LIMIT ?",
				      "iiiiii", agency_id, agency_id, partner_id, partner_id, after, (int64_t)limit);
	if (!st) return STORE_ERROR;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		*out = arena_grow(a, *out, &cap, *n, sizeof **out);
		struct partnership *p = &(*out)[(*n)++];
		p->id = db_int(st, 0);
		p->partner_id = db_int(st, 1);
		p->agency_id = db_int(st, 2);
		p->start = db_int(st, 3);
		p->end = db_null(st, 4) ? 0 : db_int(st, 4);
		p->version = db_int(st, 5);
	}
	db_done(st);
	return store_code(rc < 0 ? rc : 0);
}

bool store_partnership_active(struct db *db, int64_t agency_id, int64_t partner_id, instant_t day)
{
	return db_scalar(db, 0, "SELECT count(*) FROM partnerships WHERE agency_id = ? AND partner_id = ? AND start_date <= ? "
			 "AND (end_date IS NULL OR end_date >= ?)", "iiii", agency_id, partner_id, day, day) > 0;
}

int64_t store_past_assessment_add(struct db *db, const struct past_assessment *p, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO past_assessments (partner_id, agency_id, assessed_on, rating, legacy_sea_risk, "
			       "legacy_sea_score, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			       "iiissnni", p->partner_id, p->agency_id, p->date, p->rating, p->legacy_sea_risk,
			       (int64_t)p->legacy_sea_score, p->created_by, now);
	return id < 0 ? store_code(id) : id;
}

int store_past_assessments_of_partner(struct db *db, struct arena *a, int64_t partner_id, struct past_assessment **out, size_t *n)
{
	struct db_stmt *st = db_query(db, "SELECT id, partner_id, agency_id, assessed_on, rating, legacy_sea_risk, legacy_sea_score, "
				      "created_by, created_at FROM past_assessments WHERE partner_id = ? ORDER BY assessed_on DESC, id DESC",
				      "i", partner_id);
	if (!st) return STORE_ERROR;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		*out = arena_grow(a, *out, &cap, *n, sizeof **out);
		struct past_assessment *p = &(*out)[(*n)++];
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
	db_done(st);
	return store_code(rc < 0 ? rc : 0);
}

int store_partner_ratings(struct db *db, struct arena *a, int64_t partner_id, struct rating_record **out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_query(db, "SELECT id, CASE WHEN source = 'previous' THEN coalesce(previous_agency_id, lead_agency_id) "
				      "ELSE coalesce((SELECT org_id FROM users u WHERE u.id = rated_by), lead_agency_id) END, "
				      "rated_at, rating, eligible, source, status FROM assessments "
				      "WHERE partner_id = ? AND rated_at IS NOT NULL AND rating IS NOT NULL ORDER BY id", "i", partner_id);
	if (!st) return STORE_ERROR;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		*out = arena_grow(a, *out, &cap, *n, sizeof **out);
		struct rating_record *r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = db_int(st, 0);
		r->agency_id = db_int(st, 1);
		r->rated_at = db_int(st, 2);
		r->rating = arena_strdup(a, db_text(st, 3));
		r->eligible = db_null(st, 4) ? -1 : (int)db_int(st, 4);
		r->source = arena_strdup(a, db_text(st, 5));
		/* While a rating is unlocked the verified answers are a draft: the recorded rating
		 * stands, without answers per standard, until finalized again. */
		r->answers_in_force = strcmp(db_text(st, 6), "rated") == 0;
	}
	db_done(st);
	if (rc < 0) return store_code(rc);
	size_t assessed = *n;
	for (size_t i = 0; i < assessed; i++) {
		if (strcmp((*out)[i].source, "verified") != 0 || !(*out)[i].answers_in_force)
			continue;
		st = db_query(db, "SELECT standard, answer FROM assessment_answers WHERE assessment_id = ? AND side = 'verified'",
			      "i", (*out)[i].id);
		if (!st) return STORE_ERROR;
		while ((rc = db_next(st)) == DB_ROW) {
			int64_t k = db_int(st, 0);
			if (k >= 1 && k <= 8)
				(*out)[i].answers[k - 1] = arena_strdup(a, db_text(st, 1));
		}
		db_done(st);
		if (rc < 0) return store_code(rc);
	}
	struct past_assessment *past;
	size_t npast;
	rc = store_past_assessments_of_partner(db, a, partner_id, &past, &npast);
	if (rc != STORE_OK) return rc;
	for (size_t i = 0; i < npast; i++) {
		*out = arena_grow(a, *out, &cap, *n, sizeof **out);
		struct rating_record *r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		r->source = "migrated";
		r->id = past[i].id;
		r->agency_id = past[i].agency_id;
		r->rated_at = past[i].date;
		r->rating = past[i].rating;
		r->eligible = -1;
	}
	return STORE_OK;
}

int store_agency_partner_ids(struct db *db, struct arena *a, int64_t agency_id, int64_t **out, size_t *n)
{
	struct db_stmt *st = db_query(db, "SELECT partner_id FROM partnerships WHERE agency_id = ? "
				      "UNION SELECT x.partner_id FROM assessments x JOIN assessment_agencies g ON g.assessment_id = x.id "
				      "WHERE g.agency_id = ? UNION SELECT partner_id FROM past_assessments WHERE agency_id = ? "
				      "ORDER BY 1 LIMIT 5000", "iii", agency_id, agency_id, agency_id);
	if (!st) return STORE_ERROR;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		*out = arena_grow(a, *out, &cap, *n, sizeof **out);
		(*out)[(*n)++] = db_int(st, 0);
	}
	db_done(st);
	return store_code(rc < 0 ? rc : 0);
}
