/* db.h: private to src/store. The thin layer over the two database engines, so that the store
 * files write their SQL once. SQL uses '?' placeholders; the PostgreSQL back end numbers them.
 * Values are bound from a format string: 'i' int64_t, 's' const char * (NULL binds NULL),
 * 'b' bool stored as 0/1, 'n' an int64_t that binds NULL when it is 0 (optional references). */
#ifndef PSEA_DB_H
#define PSEA_DB_H
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "status.h"
#include "../domain/settings.h"
#include "../util/arena.h"

enum { DB_ROW = 1, DB_DONE = 0 };
enum {
	DB_ERROR = -1,      /* anything else; the message is in db_errmsg() */
	DB_ECONSTRAINT = -2, /* unique or foreign key violated */
	DB_ERETRY = -3,     /* busy, deadlock or serialization failure: run the transaction again */
	DB_ENOTADB = -4,    /* the file is not a database */
};

struct db;
struct db_stmt;

struct db_engine {
	const char *name;
	int (*open)(const char *target, struct db **out, char *err, size_t errlen);
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql); /* several statements, no parameters */
	struct db_stmt *(*query)(struct db *db, const char *sql, const char *fmt, va_list ap);
	int (*next)(struct db_stmt *st);             /* DB_ROW, DB_DONE or an error */
	const char *(*text)(struct db_stmt *st, int col); /* NULL for SQL NULL */
	int64_t (*integer)(struct db_stmt *st, int col);
	bool (*is_null)(struct db_stmt *st, int col);
	int64_t (*changes)(struct db_stmt *st);    /* rows written by a finished statement */
	void (*done)(struct db_stmt *st);
	const char *(*errmsg)(struct db *db);
	int (*last_error)(struct db *db);
	const char *id_column; /* the primary key type written as @ID@ in migrations */
	const char *begin_sql; /* starts a write transaction at the engine's isolation level */
	/* Taken around the migrations, so that servers starting together migrate once (NULL: the
	 * engine's write transactions serialize them already). */
	const char *migrate_lock_sql, *migrate_unlock_sql;
	/* The data revision (see store_revision): read it, and advance it after a write, either
	 * inside the writing transaction (revision_bump_in_tx) or just after its commit. */
	const char *revision_read_sql, *revision_bump_sql;
	bool revision_bump_in_tx;
};

/* Every connection starts with a pointer to its engine. */
struct db {
	const struct db_engine *engine;
	int tx_depth;
	bool snapshot; /* inside store_snapshot_begin's read transaction */
	/* Settings read inside the current snapshot, which cannot change them: a list of partners
	 * asks for the same few settings once per partner. settings_read has bit 1 << s for each
	 * setting s in settings[]; emptied when a snapshot begins. */
	uint32_t settings_read;
	int64_t settings[SETTING_COUNT];
	bool retry; /* a statement failed with DB_ERETRY since the last store_retry_reset */
	bool wrote; /* a statement that may change data ran in the current transaction */
};

extern const struct db_engine db_sqlite_engine;
extern const struct db_engine db_pg_engine;

struct db_stmt *db_query(struct db *db, const char *sql, const char *fmt, ...);
/* Queries over a set of ids. The engines cache prepared statements by the address of the SQL
 * text, so SQL must be literal text: a text built per request (an id list written into it)
 * would take a cache slot, and on PostgreSQL a server-side statement, that no later request
 * finds again, until the cache is full and the statements that follow go unprepared. So a
 * set of ids is written "IN " DB_IDS(head, tail): one id runs head "(?)" tail; more run
 * head DB_ID_SLOTS tail, DB_ID_CHUNK ids at a time (places left over bind 0, which no id is).
 * Both texts are literal, parsed once per connection. row is called for every row. */
#define DB_ID_CHUNK 64
#define DB_ID_SLOTS "(" DB_ID_SLOTS_16 "," DB_ID_SLOTS_16 "," DB_ID_SLOTS_16 "," DB_ID_SLOTS_16 ")"
#define DB_ID_SLOTS_16 "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?"
#define DB_IDS(head, tail) head "(?)" tail, head DB_ID_SLOTS tail
int db_query_ids(struct db *db, const char *sql_one, const char *sql_chunk, const int64_t *ids, size_t n,
		 void (*row)(struct db_stmt *st, void *ctx), void *ctx);
int db_next(struct db_stmt *st);

/* The read loop, written once: the store's files say what a row becomes, not how to step.
 * Each returns STORE_OK or the failure as a STORE_* code (a failed query, or a row function's
 * negative return, which stops the read). */
typedef int (*db_row_fn)(struct db_stmt *st, void *ctx);
/* Calls row for every row of the query. */
int db_each(struct db *db, db_row_fn row, void *ctx, const char *sql, const char *fmt, ...);
/* Fills *out from one row. */
typedef void (*db_map_fn)(struct db_stmt *st, struct arena *a, void *out);
/* The first row through map into out; STORE_ENOTFOUND when there is none (out untouched). */
int db_read_one(struct db *db, struct arena *a, db_map_fn map, void *out, const char *sql, const char *fmt, ...);
/* Every row through map into a new array of the arena (size bytes each, zeroed first): *n rows
 * at *out. DB_READ_ALL passes the size of the caller's element type. */
int db_read_all(struct db *db, struct arena *a, db_map_fn map, size_t size, void **out, size_t *n, const char *sql,
		const char *fmt, ...);
#define DB_READ_ALL(db, a, map, out, n, sql, ...) \
	db_read_all((db), (a), (map), sizeof **(out), (void **)(out), (n), (sql), __VA_ARGS__)
const char *db_text(struct db_stmt *st, int col);
int64_t db_int(struct db_stmt *st, int col);
bool db_null(struct db_stmt *st, int col);
void db_done(struct db_stmt *st);
/* Where each id of a set is among the caller's ids, for matching the rows of a query over the
 * set to what the caller asked for. Ids may come in any order; a repeated id finds its first. */
struct db_id_map { int64_t *ids; size_t *pos; size_t n; };
void db_id_map_init(struct db_id_map *m, struct arena *a, const int64_t *ids, size_t n);
/* The index of id in the caller's ids, or -1 when it is not one of them. */
long db_id_map_find(const struct db_id_map *m, int64_t id);
/* Runs a statement that returns no rows: rows changed (>= 0) or an error. */
int64_t db_exec(struct db *db, const char *sql, const char *fmt, ...);
/* Runs an INSERT ... RETURNING id: the new id (> 0) or an error. */
int64_t db_insert(struct db *db, const char *sql, const char *fmt, ...);
/* The first column of every row of st, as ids into a new array of the arena; finishes st
 * (NULL st: the query failed). */
int db_read_ids(struct db_stmt *st, struct arena *a, int64_t **out, size_t *n);
/* One integer from the first row: STORE_OK with *out filled; STORE_ENOTFOUND when there is no
 * row or its value is NULL (*out untouched); another STORE_E* when the query failed. */
int db_scalar(struct db *db, int64_t *out, const char *sql, const char *fmt, ...) __attribute__((nonnull(1, 2, 3)));
/* After an UPDATE ... WHERE version = ? changed nothing: STORE_ECONFLICT when the row whose id
 * count_sql counts exists (it moved on), STORE_ENOTFOUND when it does not, else the failure. */
int db_missing_or_moved(struct db *db, const char *count_sql, int64_t id);
const char *db_errmsg(struct db *db);
/* Turns a db result into a STORE_* code (values >= 0 become STORE_OK). */
int store_code(int64_t rc);
int db_error(struct db *db);
/* Advances the data revision: called once the writes it covers are in (see store.c). */
int db_revision_bump(struct db *db);

/* Bulk loading into PostgreSQL (COPY ... FROM STDIN, text format), used by store_copy: begin
 * with a table and its columns, send rows of text values (NULL for SQL NULL), end. Names must
 * be plain identifiers (checked by the caller). */
int db_pg_copy_begin(struct db *db, const char *table, const char *const *columns, int ncolumns);
int db_pg_copy_row(struct db *db, const char *const *values, int n);
int db_pg_copy_end(struct db *db);




#endif
