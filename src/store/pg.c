/* pg.c: the PostgreSQL back end through libpq. Parameters travel as text; '?' placeholders are
 * renumbered to $1..$n once per statement. Results are read whole (PQexecParams), which suits
 * the short queries of the store. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"

#define PG_MAX_PARAMS 32

struct pg_db {
	struct db base;
	PGconn *conn;
	int last_error;
};

struct pg_stmt {
	const struct db_engine *engine;
	struct pg_db *db;
	PGresult *res;
	int row, nrows;
	int64_t changes;
};

static int map_state(PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (!state) return DB_ERROR;
	if (strncmp(state, "23", 2) == 0) return DB_ECONSTRAINT;           /* integrity violation */
	if (!strcmp(state, "40001") || !strcmp(state, "40P01")) return DB_ERETRY; /* serialization, deadlock */
	return DB_ERROR;
}

static int pg_open(const char *target, struct db **out, char *err, size_t errlen)
{
	struct pg_db *db = calloc(1, sizeof *db);
	if (!db) return DB_ERROR;
	db->base.engine = &db_pg_engine;
	db->conn = PQconnectdb(target);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s", PQerrorMessage(db->conn));
		err[strcspn(err, "\n")] = '\0';
		PQfinish(db->conn);
		free(db);
		return DB_ERROR;
	}
	PQclear(PQexec(db->conn, "SET client_min_messages = warning"));
	*out = &db->base;
	return 0;
}

static void pg_close(struct db *base)
{
	struct pg_db *db = (struct pg_db *)base;
	if (!db) return;
	PQfinish(db->conn);
	free(db);
}

static int pg_exec(struct db *base, const char *sql)
{
	struct pg_db *db = (struct pg_db *)base;
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType s = PQresultStatus(res);
	db->last_error = (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) ? 0 : map_state(res);
	if (db->last_error == DB_ERROR)
		fprintf(stderr, "psea: SQL error: %s", PQerrorMessage(db->conn));
	PQclear(res);
	return db->last_error;
}

/* '?' → '$n', leaving quoted text alone. */
static char *renumber(const char *sql)
{
	size_t len = strlen(sql);
	char *out = malloc(len * 4 + 1), *o = out;
	int n = 0;
	bool quoted = false;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'') quoted = !quoted;
		if (*p == '?' && !quoted)
			o += sprintf(o, "$%d", ++n);
		else
			*o++ = *p;
	}
	*o = '\0';
	return out;
}

static struct db_stmt *pg_query(struct db *base, const char *sql, const char *fmt, va_list ap)
{
	struct pg_db *db = (struct pg_db *)base;
	const char *values[PG_MAX_PARAMS];
	char numbers[PG_MAX_PARAMS][24];
	int n = 0;
	for (const char *f = fmt; f && *f; f++, n++) {
		if (n == PG_MAX_PARAMS) { db->last_error = DB_ERROR; return NULL; }
		switch (*f) {
		case 'i': snprintf(numbers[n], 24, "%lld", (long long)va_arg(ap, int64_t)); values[n] = numbers[n]; break;
		case 'n': {
			int64_t v = va_arg(ap, int64_t);
			snprintf(numbers[n], 24, "%lld", (long long)v);
			values[n] = v ? numbers[n] : NULL;
			break;
		}
		case 'b': values[n] = va_arg(ap, int) ? "1" : "0"; break;
		case 's': values[n] = va_arg(ap, const char *); break;
		default: db->last_error = DB_ERROR; return NULL;
		}
	}
	char *text = renumber(sql);
	PGresult *res = PQexecParams(db->conn, text, n, NULL, values, NULL, NULL, 0);
	free(text);
	ExecStatusType s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		db->last_error = map_state(res);
		if (db->last_error == DB_ERROR)
			fprintf(stderr, "psea: SQL error: %s in: %s\n", PQresultErrorMessage(res), sql);
		PQclear(res);
		return NULL;
	}
	struct pg_stmt *st = calloc(1, sizeof *st);
	st->engine = &db_pg_engine;
	st->db = db;
	st->res = res;
	st->row = -1;
	st->nrows = PQntuples(res);
	const char *tuples = PQcmdTuples(res);
	st->changes = tuples && *tuples ? strtoll(tuples, NULL, 10) : 0;
	return (struct db_stmt *)st;
}

static int pg_next(struct db_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	return ++st->row < st->nrows ? DB_ROW : DB_DONE;
}

static const char *pg_text(struct db_stmt *s, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	return PQgetisnull(st->res, st->row, col) ? NULL : PQgetvalue(st->res, st->row, col);
}

static int64_t pg_integer(struct db_stmt *s, int col)
{
	const char *t = pg_text(s, col);
	if (!t) return 0;
	if (*t == 't') return 1; /* booleans */
	if (*t == 'f') return 0;
	return strtoll(t, NULL, 10);
}

static bool pg_is_null(struct db_stmt *s, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	return PQgetisnull(st->res, st->row, col);
}

static int64_t pg_changes(struct db_stmt *s) { return ((struct pg_stmt *)s)->changes; }

static void pg_done(struct db_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	PQclear(st->res);
	free(st);
}

static const char *pg_errmsg(struct db *base) { return PQerrorMessage(((struct pg_db *)base)->conn); }
static int pg_last_error(struct db *base) { int e = ((struct pg_db *)base)->last_error; return e ? e : DB_ERROR; }

const struct db_engine db_pg_engine = {
	.name = "postgresql",
	.open = pg_open, .close = pg_close, .exec = pg_exec, .query = pg_query, .next = pg_next,
	.text = pg_text, .integer = pg_integer, .is_null = pg_is_null, .changes = pg_changes,
	.done = pg_done, .errmsg = pg_errmsg, .last_error = pg_last_error,
	.id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
};
