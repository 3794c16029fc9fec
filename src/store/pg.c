/* pg.c: the PostgreSQL back end through libpq. Parameters travel as text; '?' placeholders are
 * renumbered to $1..$n. Each connection prepares a statement the first time it runs it and keeps
 * it, keyed by the address of the SQL text (store SQL is literal text) and checked against the
 * text itself, so a statement costs one round trip and no parsing or planning from then on.
 * Results are read whole, which suits the short queries of the store. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"

#define PG_MAX_PARAMS 64 /* a chunk of ids (db.h, DB_ID_CHUNK) is the most */
#define PG_CACHE 1024 /* prepared statements per connection: more than the store has */
#define PG_PROBES 16

struct pg_prepared {
	const char *sql; /* the caller's text, as the key */
	char *text;      /* a copy, to tell apart two texts that came to share an address */
	char name[16];
};

struct pg_db {
	struct db base;
	PGconn *conn;
	int last_error;
	/* The connection was lost inside a transaction: the new one must not run the rest of it
	 * statement by statement, so everything fails until the caller rolls back. */
	bool lost_transaction;
	int nprepared;
	struct pg_prepared cache[PG_CACHE];
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

/* Records a failure; a lost connection is re-established (its prepared statements go with it)
 * and counts as worth a retry, since the next attempt will most likely work. */
static int failed(struct pg_db *db, PGresult *res)
{
	db->last_error = map_state(res);
	if (PQstatus(db->conn) == CONNECTION_BAD) {
		for (int i = 0; i < PG_CACHE; i++) {
			free(db->cache[i].text);
			db->cache[i] = (struct pg_prepared){0};
		}
		db->nprepared = 0;
		if (db->base.tx_depth > 0)
			db->lost_transaction = true;
		PQreset(db->conn);
		if (PQstatus(db->conn) == CONNECTION_OK) {
			PQclear(PQexec(db->conn, "SET client_min_messages = warning"));
			db->last_error = DB_ERETRY;
		}
	}
	if (db->last_error == DB_ERETRY)
		db->base.retry = true;
	return db->last_error;
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
	for (int i = 0; i < PG_CACHE; i++)
		free(db->cache[i].text);
	PQfinish(db->conn);
	free(db);
}

/* While a lost transaction is pending, only its ROLLBACK succeeds. */
static int lost(struct pg_db *db, const char *sql)
{
	bool rollback = sql && strcmp(sql, "ROLLBACK") == 0;
	if (rollback)
		db->lost_transaction = false;
	db->base.retry = true;
	db->last_error = rollback ? 0 : DB_ERETRY;
	return db->last_error;
}

static int pg_exec(struct db *base, const char *sql)
{
	struct pg_db *db = (struct pg_db *)base;
	if (db->lost_transaction)
		return lost(db, sql);
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = 0;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		rc = failed(db, res);
		if (rc == DB_ERROR)
			fprintf(stderr, "psea: SQL error: %s", PQerrorMessage(db->conn));
	} else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0 && strcmp(sql, "COMMIT") == 0) {
		/* COMMIT after a failed statement "succeeds" by rolling back: that is a failure here */
		rc = DB_ERROR;
	}
	db->last_error = rc;
	PQclear(res);
	return rc;
}

/* '?' → '$n', leaving quoted text alone. */
static char *renumber(const char *sql)
{
	size_t len = strlen(sql);
	char *out = malloc(len * 4 + 1), *o = out;
	if (!out)
		return NULL;
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

static unsigned slot_of(const char *sql)
{
	uintptr_t p = (uintptr_t)sql;
	return (unsigned)((p >> 3) ^ (p >> 13)) % PG_CACHE;
}

/* Runs sql through its prepared statement, preparing it first when there is room in the cache;
 * unprepared when there is none. A statement that cannot be prepared fails with the reason
 * (inside a transaction, the failed PREPARE has aborted it anyway). */
static PGresult *run(struct pg_db *db, const char *sql, int n, const char *const *values)
{
	unsigned slot = slot_of(sql);
	struct pg_prepared *free_slot = NULL;
	for (int probe = 0; probe < PG_PROBES; probe++) {
		struct pg_prepared *p = &db->cache[(slot + (unsigned)probe) % PG_CACHE];
		if (!p->sql) {
			free_slot = p;
			break;
		}
		if (p->sql == sql && strcmp(p->text, sql) == 0)
			return PQexecPrepared(db->conn, p->name, n, values, NULL, NULL, 0);
	}
	char *text = renumber(sql);
	if (!text)
		return NULL;
	char *copy = free_slot ? strdup(sql) : NULL;
	if (!copy) { /* no room: once, unprepared */
		PGresult *res = PQexecParams(db->conn, text, n, NULL, values, NULL, NULL, 0);
		free(text);
		return res;
	}
	char name[16];
	snprintf(name, sizeof name, "s%d", db->nprepared + 1);
	PGresult *res = PQprepare(db->conn, name, text, n, NULL);
	free(text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		free(copy);
		return res;
	}
	PQclear(res);
	db->nprepared++;
	free_slot->sql = sql;
	free_slot->text = copy;
	memcpy(free_slot->name, name, sizeof name);
	return PQexecPrepared(db->conn, name, n, values, NULL, NULL, 0);
}

static struct db_stmt *pg_query(struct db *base, const char *sql, const char *fmt, va_list ap)
{
	struct pg_db *db = (struct pg_db *)base;
	if (db->lost_transaction) {
		lost(db, NULL);
		return NULL;
	}
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
	PGresult *res = run(db, sql, n, values);
	if (!res) { /* out of memory before it reached the server */
		db->last_error = DB_ERROR;
		return NULL;
	}
	ExecStatusType s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		if (failed(db, res) == DB_ERROR)
			fprintf(stderr, "psea: SQL error: %s in: %s\n", PQresultErrorMessage(res), sql);
		PQclear(res);
		return NULL;
	}
	struct pg_stmt *st = calloc(1, sizeof *st);
	if (!st) {
		PQclear(res);
		db->last_error = DB_ERROR;
		return NULL;
	}
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

/* --- bulk loading --- */

int db_pg_copy_begin(struct db *base, const char *table, const char *const *columns, int ncolumns)
{
	struct pg_db *db = (struct pg_db *)base;
	size_t len = strlen(table) + 64;
	for (int i = 0; i < ncolumns; i++)
		len += strlen(columns[i]) + 4;
	char *sql = malloc(len), *o = sql;
	if (!sql)
		return DB_ERROR;
	o += sprintf(o, "COPY \"%s\" (", table);
	for (int i = 0; i < ncolumns; i++)
		o += sprintf(o, "%s\"%s\"", i ? ", " : "", columns[i]);
	strcpy(o, ") FROM STDIN");
	PGresult *res = PQexec(db->conn, sql);
	free(sql);
	int rc = PQresultStatus(res) == PGRES_COPY_IN ? 0 : failed(db, res);
	if (rc < 0)
		fprintf(stderr, "psea: cannot load %s: %s", table, PQerrorMessage(db->conn));
	PQclear(res);
	return rc;
}

/* One row in COPY's text format: tab between values, \N for NULL, backslash escapes. */
int db_pg_copy_row(struct db *base, const char *const *values, int n)
{
	struct pg_db *db = (struct pg_db *)base;
	size_t len = 2;
	for (int i = 0; i < n; i++)
		len += (values[i] ? 2 * strlen(values[i]) : 2) + 1;
	char *line = malloc(len), *o = line;
	if (!line)
		return DB_ERROR;
	for (int i = 0; i < n; i++) {
		if (i) *o++ = '\t';
		if (!values[i]) {
			*o++ = '\\';
			*o++ = 'N';
			continue;
		}
		for (const char *p = values[i]; *p; p++) {
			switch (*p) {
			case '\\': *o++ = '\\'; *o++ = '\\'; break;
			case '\n': *o++ = '\\'; *o++ = 'n'; break;
			case '\r': *o++ = '\\'; *o++ = 'r'; break;
			case '\t': *o++ = '\\'; *o++ = 't'; break;
			default: *o++ = *p;
			}
		}
	}
	*o++ = '\n';
	int rc = PQputCopyData(db->conn, line, (int)(o - line)) == 1 ? 0 : DB_ERROR;
	free(line);
	return rc;
}

int db_pg_copy_end(struct db *base)
{
	struct pg_db *db = (struct pg_db *)base;
	if (PQputCopyEnd(db->conn, NULL) != 1)
		return DB_ERROR;
	int rc = 0;
	PGresult *res;
	while ((res = PQgetResult(db->conn))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == 0) {
			rc = failed(db, res);
			fprintf(stderr, "psea: loading failed: %s", PQresultErrorMessage(res));
		}
		PQclear(res);
	}
	return rc;
}

const struct db_engine db_pg_engine = {
	.name = "postgresql",
	.open = pg_open, .close = pg_close, .exec = pg_exec, .query = pg_query, .next = pg_next,
	.text = pg_text, .integer = pg_integer, .is_null = pg_is_null, .changes = pg_changes,
	.done = pg_done, .errmsg = pg_errmsg, .last_error = pg_last_error,
	.id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	/* Write transactions check and then write (a version, a state, a count): SERIALIZABLE makes
	 * those checks as safe as on SQLite, where writers take turns. The price is an occasional
	 * serialization failure, which the server answers by running the request again. */
	.begin_sql = "BEGIN ISOLATION LEVEL SERIALIZABLE",
	.revision_read_sql = "SELECT last_value FROM store_revision",
	.revision_bump_sql = "SELECT nextval('store_revision')",
	.revision_bump_in_tx = false,
	/* a session-level advisory lock; the number is arbitrary but fixed ("psea" in ASCII) */
	.migrate_lock_sql = "SELECT pg_advisory_lock(1886610785)",
	.migrate_unlock_sql = "SELECT pg_advisory_unlock(1886610785)",
};
