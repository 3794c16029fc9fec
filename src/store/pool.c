/* pool.c: the connection pool, transactions, read snapshots and the data revision. */
#include "pool.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"
#include "transaction.h"
#include "../util/log.h"

struct store {
	const struct db_engine *engine;
	char *target;
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int size, open;
	struct db **idle;
	int nidle;
};

static const struct db_engine *engine_for(const char *target, const char **rest)
{
	if (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0) {
		*rest = target;
		return &db_pg_engine;
	}
	*rest = strncmp(target, "sqlite:", 7) == 0 ? target + 7 : target;
	return &db_sqlite_engine;
}

struct store *store_open(const char *target, int size, char *err, size_t errlen)
{
	const char *rest;
	const struct db_engine *engine = engine_for(target, &rest);
	struct db *first;
	int rc = engine->open(rest, &first, err, errlen);
	if (rc < 0)
		return NULL;
	struct store *s = calloc(1, sizeof *s);
	if (s) {
		s->target = strdup(rest);
		s->size = size < 1 ? 1 : size;
		s->idle = calloc((size_t)s->size, sizeof *s->idle);
	}
	if (!s || !s->target || !s->idle) {
		snprintf(err, errlen, "out of memory");
		engine->close(first);
		if (s) {
			free(s->target);
			free(s->idle);
			free(s);
		}
		return NULL;
	}
	s->engine = engine;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->freed, NULL);
	s->idle[s->nidle++] = first;
	s->open = 1;
	return s;
}

void store_close(struct store *s)
{
	if (!s) return;
	for (int i = 0; i < s->nidle; i++)
		s->engine->close(s->idle[i]);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->freed);
	free(s->idle);
	free(s->target);
	free(s);
}

const char *store_engine_name(struct store *s) { return s->engine->name; }

struct db *store_acquire(struct store *s)
{
	pthread_mutex_lock(&s->lock);
	for (;;) {
		if (s->nidle > 0) {
			struct db *db = s->idle[--s->nidle];
			pthread_mutex_unlock(&s->lock);
			return db;
		}
		if (s->open < s->size) {
			s->open++;
			pthread_mutex_unlock(&s->lock);
			struct db *db;
			char err[256];
			if (s->engine->open(s->target, &db, err, sizeof err) == 0)
				return db;
			log_error("database: %s", err);
			pthread_mutex_lock(&s->lock);
			s->open--;
			pthread_mutex_unlock(&s->lock);
			return NULL;
		}
		pthread_cond_wait(&s->freed, &s->lock);
	}
}

void store_release(struct store *s, struct db *db)
{
	if (!db) return;
	if (db->tx_depth > 0) { /* a handler returned inside a transaction: undo it */
		store_rollback(db);
	}
	store_snapshot_end(db);
	db->retry = false;
	pthread_mutex_lock(&s->lock);
	s->idle[s->nidle++] = db;
	pthread_cond_signal(&s->freed);
	pthread_mutex_unlock(&s->lock);
}

#define map(rc) store_code(rc)

int store_begin(struct db *db)
{
	store_snapshot_end(db);
	/* the isolation level is the engine's: see begin_sql in sqlite.c and pg.c */
	int rc = db->engine->exec(db, db->engine->begin_sql);
	if (rc == 0)
		db->tx_depth = 1;
	return map(rc);
}

/* Commits the open transaction, advancing the data revision when it wrote: inside the
 * transaction on SQLite (readers see the data and its revision together), just after it on
 * PostgreSQL. Either way the revision moves before the writer's answer leaves, and a reader
 * that read the revision first never sees data older than it. */
static int commit_with_revision(struct db *db)
{
	bool wrote = db->wrote;
	db->wrote = false;
	int rc = 0;
	if (wrote && db->engine->revision_bump_in_tx)
		rc = db_revision_bump(db);
	if (rc == 0)
		rc = db->engine->exec(db, "COMMIT");
	if (rc == 0 && wrote && !db->engine->revision_bump_in_tx)
		rc = db_revision_bump(db) < 0 ? DB_ERROR : 0;
	return rc;
}

int store_commit(struct db *db)
{
	int rc = commit_with_revision(db);
	if (rc < 0) {
		store_rollback(db);
		return map(rc);
	}
	db->tx_depth = 0;
	/* What follows a write (a server reading back its answer) reads in one snapshot, which sees
	 * the write, instead of taking the engine's read locks once per statement. */
	store_snapshot_begin(db);
	return STORE_OK;
}

void store_rollback(struct db *db)
{
	db->engine->exec(db, "ROLLBACK");
	db->tx_depth = 0;
	db->wrote = false;
}

int64_t store_revision(struct db *db)
{
	int64_t n;
	return db_scalar(db, &n, db->engine->revision_read_sql, "") == STORE_OK ? n : -1;
}

/* SQLite takes and drops its WAL read locks (system calls) around every statement run outside
 * a transaction; a deferred BEGIN takes them once, at the first read. PostgreSQL would pay two
 * more round trips for nothing, so it keeps autocommit. */
void store_snapshot_begin(struct db *db)
{
	if (db->engine != &db_sqlite_engine || db->tx_depth > 0 || db->snapshot)
		return;
	db->settings_read = 0;
	db->snapshot = db->engine->exec(db, "BEGIN") == 0;
}

void store_snapshot_end(struct db *db)
{
	if (!db->snapshot)
		return;
	db->snapshot = false;
	/* a GET may write (an audit line): its snapshot commits it */
	if (commit_with_revision(db) != 0)
		store_rollback(db);
}

bool store_retry_wanted(struct db *db) { return db->retry; }

void store_retry_reset(struct db *db)
{
	if (db->tx_depth > 0)
		store_rollback(db);
	store_snapshot_end(db);
	db->retry = false;
}
