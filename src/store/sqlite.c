/* sqlite.c: the embedded back end. One connection per server thread, WAL so readers never
 * wait for the writer, a busy timeout so writers queue instead of failing, and a per-connection
 * cache of prepared statements keyed by the SQL text's address (store SQL is literal text). */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"

/* Open addressing over the SQL text's address; a power of two well above the number of
 * distinct statements, so every statement finds a slot and is prepared once per connection. */
#define STMT_CACHE 1024

struct sqlite_stmt {
	const struct db_engine *engine;
	struct sqlite_db *db;
	sqlite3_stmt *stmt;
	const char *sql;
	bool cached;
	unsigned slot;
	int64_t changes;
};

/* The transaction statements, run on every request: prepared once, not parsed each time. */
enum { TX_BEGIN, TX_BEGIN_IMMEDIATE, TX_COMMIT, TX_ROLLBACK, TX_COUNT };
static const char *const tx_sql[TX_COUNT] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};

struct sqlite_db {
	struct db base;
	sqlite3 *conn;
	int last_error;
	sqlite3_stmt *tx[TX_COUNT];
	struct { const char *sql; struct sqlite_stmt *st; bool busy; } cache[STMT_CACHE];
};

static int map_error(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT: return DB_ECONSTRAINT;
	case SQLITE_BUSY: case SQLITE_LOCKED: return DB_ERETRY;
	case SQLITE_NOTADB: return DB_ENOTADB;
	default: return DB_ERROR;
	}
}

/* Memory statistics make every allocation inside SQLite take one process-wide mutex, which
 * the server's threads then fight over on each statement; nothing here reads them. */
static void configure_library(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Keeps the error for db_error(); a busy database is worth running the request again for. */
static int record(struct sqlite_db *db, int code)
{
	db->last_error = code;
	if (code == DB_ERETRY)
		db->base.retry = true;
	return code;
}

static int sq_open(const char *target, struct db **out, char *err, size_t errlen)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, configure_library);
	struct sqlite_db *db = calloc(1, sizeof *db);
	if (!db) return DB_ERROR;
	db->base.engine = &db_sqlite_engine;
	int rc = sqlite3_open_v2(target, &db->conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", target, db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
		sqlite3_close(db->conn);
		free(db);
		return DB_ERROR;
	}
	/* Read before writing anything: a file that is not a database must stay untouched. */
	rc = sqlite3_exec(db->conn, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int mapped = map_error(sqlite3_extended_errcode(db->conn));
		snprintf(err, errlen, mapped == DB_ENOTADB ? "%s is not a PSEA Portal database (it is not an SQLite file)" :
			 "cannot read %s: %s", target, sqlite3_errmsg(db->conn));
		sqlite3_close(db->conn);
		free(db);
		return mapped;
	}
	sqlite3_busy_timeout(db->conn, 10000);
	/* mmap_size: pages are read straight from the operating system's cache instead of being
	 * copied in by a pread each (the coverage report at 200,000 partners reads a 7 MB index:
	 * 41 → 32 ms). The mapped pages are the page cache itself, counted in the process's
	 * resident size as file pages (RssFile), not as memory of its own. Writes still go through
	 * the WAL, as without it. */
	rc = sqlite3_exec(db->conn, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
			  "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=1073741824;",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot configure %s: %s", target, sqlite3_errmsg(db->conn));
		sqlite3_close(db->conn);
		free(db);
		return map_error(rc);
	}
	*out = &db->base;
	return 0;
}

static void sq_close(struct db *base)
{
	struct sqlite_db *db = (struct sqlite_db *)base;
	if (!db) return;
	for (int i = 0; i < STMT_CACHE; i++)
		if (db->cache[i].st) {
			sqlite3_finalize(db->cache[i].st->stmt);
			free(db->cache[i].st);
		}
	for (int i = 0; i < TX_COUNT; i++)
		sqlite3_finalize(db->tx[i]);
	sqlite3_close(db->conn);
	free(db);
}

/* Runs one of the transaction statements through its prepared form; -1 when sql is another. */
static int tx_exec(struct sqlite_db *db, const char *sql)
{
	int i = 0;
	while (i < TX_COUNT && strcmp(sql, tx_sql[i]) != 0)
		i++;
	if (i == TX_COUNT)
		return -1;
	if (!db->tx[i] && sqlite3_prepare_v3(db->conn, tx_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &db->tx[i], NULL) != SQLITE_OK)
		return sqlite3_errcode(db->conn);
	int rc = sqlite3_step(db->tx[i]);
	sqlite3_reset(db->tx[i]);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int sq_exec(struct db *base, const char *sql)
{
	struct sqlite_db *db = (struct sqlite_db *)base;
	int rc = tx_exec(db, sql);
	if (rc < 0)
		rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	return record(db, rc == SQLITE_OK ? 0 : map_error(sqlite3_extended_errcode(db->conn)));
}

static unsigned slot_of(const char *sql)
{
	uint64_t p = (uint64_t)(uintptr_t)sql * 0x9e3779b97f4a7c15ULL; /* Fibonacci hashing */
	return (unsigned)(p >> 54) & (STMT_CACHE - 1);
}

/* The slot holding sql, or the empty one where it goes; -1 when the table is full. */
static int slot_find(struct sqlite_db *db, const char *sql)
{
	unsigned slot = slot_of(sql);
	for (int probe = 0; probe < STMT_CACHE; probe++, slot = (slot + 1) & (STMT_CACHE - 1))
		if (db->cache[slot].sql == sql || !db->cache[slot].sql)
			return (int)slot;
	return -1;
}

static int bind_all(sqlite3_stmt *s, const char *fmt, va_list ap)
{
	int idx = 1, rc = SQLITE_OK;
	for (const char *f = fmt; f && *f && rc == SQLITE_OK; f++, idx++) {
		switch (*f) {
		case 'i': rc = sqlite3_bind_int64(s, idx, va_arg(ap, int64_t)); break;
		case 'n': {
			int64_t v = va_arg(ap, int64_t);
			rc = v ? sqlite3_bind_int64(s, idx, v) : sqlite3_bind_null(s, idx);
			break;
		}
		case 'b': rc = sqlite3_bind_int(s, idx, va_arg(ap, int) ? 1 : 0); break;
		case 's': {
			const char *v = va_arg(ap, const char *);
			rc = v ? sqlite3_bind_text(s, idx, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, idx);
			break;
		}
		default: return SQLITE_MISUSE;
		}
	}
	return rc;
}

static struct db_stmt *sq_query(struct db *base, const char *sql, const char *fmt, va_list ap)
{
	struct sqlite_db *db = (struct sqlite_db *)base;
	int slot = slot_find(db, sql);
	struct sqlite_stmt *st = NULL;
	/* SQL built at run time may reuse a freed address: a hit counts only if the text matches,
	 * and a stale entry at that address gives way to the new text. */
	if (slot >= 0 && db->cache[slot].sql == sql && !db->cache[slot].busy &&
	    strcmp(sqlite3_sql(db->cache[slot].st->stmt), sql) != 0) {
		sqlite3_finalize(db->cache[slot].st->stmt);
		free(db->cache[slot].st);
		db->cache[slot].sql = NULL;
		db->cache[slot].st = NULL;
	}
	if (slot >= 0 && db->cache[slot].sql == sql && !db->cache[slot].busy) {
		st = db->cache[slot].st;
		db->cache[slot].busy = true;
	} else {
		st = calloc(1, sizeof *st);
		if (!st) return NULL;
		st->engine = &db_sqlite_engine;
		st->db = db;
		st->sql = sql;
		int rc = sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->stmt, NULL);
		if (rc != SQLITE_OK) {
			record(db, map_error(rc));
			fprintf(stderr, "psea: SQL error: %s in: %s\n", sqlite3_errmsg(db->conn), sql);
			free(st);
			return NULL;
		}
		if (slot >= 0 && !db->cache[slot].sql) {
			db->cache[slot].sql = sql;
			db->cache[slot].st = st;
			db->cache[slot].busy = true;
			st->cached = true;
			st->slot = (unsigned)slot;
		}
	}
	/* A write inside a read snapshot would have to upgrade it, which fails at once (no busy
	 * wait) when another connection wrote since: end the snapshot and write on its own. */
	if (db->base.snapshot && !sqlite3_stmt_readonly(st->stmt)) {
		if (tx_exec(db, "COMMIT") != SQLITE_OK)
			tx_exec(db, "ROLLBACK");
		/* should both fail, the write runs inside the snapshot, and its end commits it */
		db->base.snapshot = !sqlite3_get_autocommit(db->conn);
	}
	int rc = bind_all(st->stmt, fmt, ap);
	if (rc != SQLITE_OK) {
		record(db, map_error(rc));
		st->changes = 0;
		sqlite3_reset(st->stmt);
		sqlite3_clear_bindings(st->stmt);
		if (st->cached) db->cache[st->slot].busy = false;
		else { sqlite3_finalize(st->stmt); free(st); }
		return NULL;
	}
	st->changes = 0;
	return (struct db_stmt *)st;
}

static int sq_next(struct db_stmt *s)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)s;
	int rc = sqlite3_step(st->stmt);
	if (rc == SQLITE_ROW) return DB_ROW;
	if (rc == SQLITE_DONE) {
		st->changes = sqlite3_changes(st->db->conn);
		return DB_DONE;
	}
	record(st->db, map_error(sqlite3_extended_errcode(st->db->conn)));
	if (st->db->last_error == DB_ERROR)
		fprintf(stderr, "psea: SQL error: %s in: %s\n", sqlite3_errmsg(st->db->conn), st->sql);
	return st->db->last_error;
}

static const char *sq_text(struct db_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(((struct sqlite_stmt *)s)->stmt, col);
}

static int64_t sq_integer(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(((struct sqlite_stmt *)s)->stmt, col);
}

static bool sq_is_null(struct db_stmt *s, int col)
{
	return sqlite3_column_type(((struct sqlite_stmt *)s)->stmt, col) == SQLITE_NULL;
}

static int64_t sq_changes(struct db_stmt *s) { return ((struct sqlite_stmt *)s)->changes; }

static void sq_done(struct db_stmt *s)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)s;
	sqlite3_reset(st->stmt);
	sqlite3_clear_bindings(st->stmt);
	if (st->cached) {
		st->db->cache[st->slot].busy = false;
	} else {
		sqlite3_finalize(st->stmt);
		free(st);
	}
}

static const char *sq_errmsg(struct db *base) { return sqlite3_errmsg(((struct sqlite_db *)base)->conn); }
static int sq_last_error(struct db *base) { int e = ((struct sqlite_db *)base)->last_error; return e ? e : DB_ERROR; }

const struct db_engine db_sqlite_engine = {
	.name = "sqlite",
	.open = sq_open, .close = sq_close, .exec = sq_exec, .query = sq_query, .next = sq_next,
	.text = sq_text, .integer = sq_integer, .is_null = sq_is_null, .changes = sq_changes,
	.done = sq_done, .errmsg = sq_errmsg, .last_error = sq_last_error,
	.id_column = "INTEGER PRIMARY KEY AUTOINCREMENT",
	/* IMMEDIATE takes the write lock now, so two writers queue on the busy timeout instead of
	 * deadlocking on a read-to-write upgrade; writers take turns, which is serializable. */
	.begin_sql = "BEGIN IMMEDIATE",
	.revision_read_sql = "SELECT n FROM store_revision WHERE id = 1",
	.revision_bump_sql = "UPDATE store_revision SET n = n + 1 WHERE id = 1",
	.revision_bump_in_tx = true,
};
