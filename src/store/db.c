/* db.c: the engine-neutral helpers over struct db_engine. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "db.h"
#include "../util/arena.h"

struct db_stmt_head { const struct db_engine *engine; };

struct db_stmt *db_query(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct db_stmt *st = db->engine->query(db, sql, fmt, ap);
	va_end(ap);
	return st;
}

/* One chunk of ids, the rest of the DB_ID_CHUNK places 0. */
#define V16(b) v[b], v[b + 1], v[b + 2], v[b + 3], v[b + 4], v[b + 5], v[b + 6], v[b + 7], v[b + 8], v[b + 9], \
	v[b + 10], v[b + 11], v[b + 12], v[b + 13], v[b + 14], v[b + 15]
static struct db_stmt *query_chunk(struct db *db, const char *sql, const int64_t *ids, size_t n)
{
	int64_t v[DB_ID_CHUNK] = {0};
	memcpy(v, ids, n * sizeof *ids);
	return db_query(db, sql, "iiiiiiiiiiiiiiii" "iiiiiiiiiiiiiiii" "iiiiiiiiiiiiiiii" "iiiiiiiiiiiiiiii",
			V16(0), V16(16), V16(32), V16(48));
}

int db_query_ids(struct db *db, const char *sql_one, const char *sql_chunk, const int64_t *ids, size_t n,
		 void (*row)(struct db_stmt *st, void *ctx), void *ctx)
{
	_Static_assert(DB_ID_CHUNK == 64, "query_chunk binds 64 values");
	for (size_t from = 0; from < n; from += DB_ID_CHUNK) {
		size_t k = n - from < DB_ID_CHUNK ? n - from : DB_ID_CHUNK;
		struct db_stmt *st = n == 1 ? db_query(db, sql_one, "i", ids[0]) : query_chunk(db, sql_chunk, ids + from, k);
		if (!st)
			return store_code(db_error(db));
		int rc;
		while ((rc = db_next(st)) == DB_ROW)
			row(st, ctx);
		db_done(st);
		if (rc < 0)
			return store_code(rc);
	}
	return 0;
}

struct id_at { int64_t id; size_t pos; };

static int id_at_cmp(const void *a, const void *b)
{
	const struct id_at *x = a, *y = b;
	if (x->id != y->id) return x->id < y->id ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void db_id_map_init(struct db_id_map *m, struct arena *a, const int64_t *ids, size_t n)
{
	struct id_at *pairs = arena_alloc(a, (n ? n : 1) * sizeof *pairs);
	for (size_t i = 0; i < n; i++)
		pairs[i] = (struct id_at){ids[i], i};
	qsort(pairs, n, sizeof *pairs, id_at_cmp);
	m->ids = arena_alloc(a, (n ? n : 1) * sizeof *m->ids);
	m->pos = arena_alloc(a, (n ? n : 1) * sizeof *m->pos);
	m->n = n;
	for (size_t i = 0; i < n; i++) {
		m->ids[i] = pairs[i].id;
		m->pos[i] = pairs[i].pos;
	}
}

long db_id_map_find(const struct db_id_map *m, int64_t id)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->ids[mid] < id) lo = mid + 1;
		else hi = mid;
	}
	return lo < m->n && m->ids[lo] == id ? (long)m->pos[lo] : -1;
}

/* Every engine's statement starts with its engine pointer, so the helpers can dispatch. */
#define ENGINE(st) (((struct db_stmt_head *)(void *)(st))->engine)

int db_next(struct db_stmt *st) { return ENGINE(st)->next(st); }
const char *db_text(struct db_stmt *st, int col) { return ENGINE(st)->text(st, col); }
int64_t db_int(struct db_stmt *st, int col) { return ENGINE(st)->integer(st, col); }
bool db_null(struct db_stmt *st, int col) { return ENGINE(st)->is_null(st, col); }
void db_done(struct db_stmt *st) { if (st) ENGINE(st)->done(st); }
const char *db_errmsg(struct db *db) { return db->engine->errmsg(db); }
int db_error(struct db *db) { return db->engine->last_error(db); }

int store_code(int64_t rc)
{
	return rc >= 0 ? STORE_OK : rc == DB_ECONSTRAINT ? STORE_ECONSTRAINT :
	       rc == DB_ERETRY ? STORE_ERETRY : rc == DB_ENOTADB ? STORE_ENOTADB : STORE_ERROR;
}

int db_revision_bump(struct db *db)
{
	struct db_stmt *st = db_query(db, db->engine->revision_bump_sql, "");
	if (!st)
		return db->engine->last_error(db);
	int rc;
	while ((rc = db_next(st)) == DB_ROW)
		;
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* Every statement that is not a plain SELECT counts as a write: a false alarm costs one
 * recomputed answer, a missed write would serve an outdated one. */
static bool may_write(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	return strncasecmp(sql, "SELECT", 6) != 0;
}

static int64_t run(struct db *db, const char *sql, const char *fmt, va_list ap, bool want_id)
{
	if (may_write(sql))
		db->wrote = true;
	struct db_stmt *st = db->engine->query(db, sql, fmt, ap);
	if (!st)
		return db->engine->last_error(db);
	int rc = db_next(st);
	int64_t result;
	if (rc < 0)
		result = rc;
	else if (want_id)
		result = rc == DB_ROW ? db_int(st, 0) : DB_ERROR;
	else {
		while (rc == DB_ROW)
			rc = db_next(st);
		result = rc < 0 ? rc : ENGINE(st)->changes(st);
	}
	db_done(st);
	/* a write outside any transaction is committed already */
	if (db->wrote && db->tx_depth == 0 && !db->snapshot) {
		db->wrote = false;
		if (result >= 0 && db_revision_bump(db) < 0)
			result = DB_ERROR;
	}
	return result;
}

int64_t db_exec(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int64_t r = run(db, sql, fmt, ap, false);
	va_end(ap);
	return r;
}

int64_t db_insert(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int64_t r = run(db, sql, fmt, ap, true);
	va_end(ap);
	return r;
}

int db_read_ids(struct db_stmt *st, struct arena *a, int64_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!st)
		return STORE_ERROR;
	size_t cap = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		*out = arena_grow(a, *out, &cap, *n, sizeof **out);
		(*out)[(*n)++] = db_int(st, 0);
	}
	db_done(st);
	return store_code(rc < 0 ? rc : 0);
}

int db_scalar(struct db *db, int64_t *out, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct db_stmt *st = db->engine->query(db, sql, fmt, ap);
	va_end(ap);
	if (!st)
		return STORE_ERROR;
	int rc = db_next(st), status;
	if (rc == DB_ROW && !db_null(st, 0)) {
		*out = db_int(st, 0);
		status = STORE_OK;
	} else {
		status = rc == DB_ROW || rc == DB_DONE ? STORE_ENOTFOUND : store_code(rc);
	}
	db_done(st);
	return status;
}

int db_missing_or_moved(struct db *db, const char *count_sql, int64_t id)
{
	int64_t n = 0;
	int rc = db_scalar(db, &n, count_sql, "i", id);
	return rc != STORE_OK ? rc : n > 0 ? STORE_ECONFLICT : STORE_ENOTFOUND;
}

/* Runs a query from a va_list: NULL after setting *rc to the failure. */
static struct db_stmt *query_v(struct db *db, int *rc, const char *sql, const char *fmt, va_list ap)
{
	struct db_stmt *st = db->engine->query(db, sql, fmt, ap);
	*rc = st ? STORE_OK : store_code(db_error(db));
	return st;
}

/* Steps st to its end through row; finishes st. */
static int each_row(struct db_stmt *st, db_row_fn row, void *ctx)
{
	int rc, stop = STORE_OK;
	while (stop == STORE_OK && (rc = db_next(st)) == DB_ROW)
		stop = row(st, ctx);
	db_done(st);
	return stop != STORE_OK ? stop : store_code(rc);
}

int db_each(struct db *db, db_row_fn row, void *ctx, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc;
	struct db_stmt *st = query_v(db, &rc, sql, fmt, ap);
	va_end(ap);
	return st ? each_row(st, row, ctx) : rc;
}

int db_read_one(struct db *db, struct arena *a, db_map_fn map, void *out, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc;
	struct db_stmt *st = query_v(db, &rc, sql, fmt, ap);
	va_end(ap);
	if (!st)
		return rc;
	rc = db_next(st);
	if (rc == DB_ROW)
		map(st, a, out);
	db_done(st);
	return rc == DB_ROW ? STORE_OK : rc == DB_DONE ? STORE_ENOTFOUND : store_code(rc);
}

struct read_all { struct arena *a; db_map_fn map; size_t size, cap, n; char *rows; };

static int append_row(struct db_stmt *st, void *ctx)
{
	struct read_all *r = ctx;
	r->rows = arena_grow(r->a, r->rows, &r->cap, r->n, r->size);
	void *row = r->rows + r->n++ * r->size;
	memset(row, 0, r->size);
	r->map(st, r->a, row);
	return STORE_OK;
}

int db_read_all(struct db *db, struct arena *a, db_map_fn map, size_t size, void **out, size_t *n, const char *sql,
		const char *fmt, ...)
{
	*out = NULL;
	*n = 0;
	va_list ap;
	va_start(ap, fmt);
	int rc;
	struct db_stmt *st = query_v(db, &rc, sql, fmt, ap);
	va_end(ap);
	if (!st)
		return rc;
	struct read_all r = {.a = a, .map = map, .size = size};
	rc = each_row(st, append_row, &r);
	*out = r.rows;
	*n = r.n;
	return rc;
}
