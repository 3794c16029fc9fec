/* db.c: the engine-neutral helpers over struct db_engine. */
#include "db.h"

struct db_stmt_head { const struct db_engine *engine; };

struct db_stmt *db_query(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct db_stmt *st = db->engine->query(db, sql, fmt, ap);
	va_end(ap);
	return st;
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

static int64_t run(struct db *db, const char *sql, const char *fmt, va_list ap, bool want_id)
{
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

int64_t db_scalar(struct db *db, int64_t def, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct db_stmt *st = db->engine->query(db, sql, fmt, ap);
	va_end(ap);
	if (!st)
		return def;
	int64_t v = def;
	if (db_next(st) == DB_ROW && !db_null(st, 0))
		v = db_int(st, 0);
	db_done(st);
	return v;
}
