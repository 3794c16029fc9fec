/* store.c: the connection pool, transactions, migrations and settings. */
#include "store.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"
#include "../util/log.h"

struct migration { int version; const char *name; const char *engine; const char *sql; };
extern const struct migration store_migrations[]; /* generated from the migrations folder */
extern const int store_migration_count;

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
	s->engine = engine;
	s->target = strdup(rest);
	s->size = size < 1 ? 1 : size;
	s->idle = calloc((size_t)s->size, sizeof *s->idle);
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

/* Replaces @ID@ with the engine's key column type; the rest of the SQL is common. */
static char *dialect(const struct db_engine *engine, const char *sql)
{
	size_t idlen = strlen(engine->id_column), n = 0;
	for (const char *p = sql; (p = strstr(p, "@ID@")); p += 4)
		n++;
	char *out = malloc(strlen(sql) + n * idlen + 1), *o = out;
	for (const char *p = sql;;) {
		const char *at = strstr(p, "@ID@");
		size_t len = at ? (size_t)(at - p) : strlen(p);
		memcpy(o, p, len);
		o += len;
		if (!at) break;
		memcpy(o, engine->id_column, idlen);
		o += idlen;
		p = at + 4;
	}
	*o = '\0';
	return out;
}

int store_schema_version(struct db *db, int *version)
{
	int64_t v = 0;
	int rc = db_scalar(db, &v, "SELECT max(version) FROM schema_version", "");
	*version = (int)v;
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

static int migrate_locked(struct store *s, struct db *db, int *applied, char *err, size_t errlen);
#define REVISION_MIGRATION 7 /* the one that creates the data revision */

/* Whether the engine runs this migration: a file for one engine (NNN_name.postgresql.sql)
 * replaces the common one (NNN_name.sql) on that engine. */
static bool migration_applies(const struct migration *m, const char *engine)
{
	if (m->engine)
		return strcmp(m->engine, engine) == 0;
	for (int j = 0; j < store_migration_count; j++)
		if (store_migrations[j].version == m->version && store_migrations[j].engine &&
		    strcmp(store_migrations[j].engine, engine) == 0)
			return false;
	return true;
}

int store_migrations_check(const char *engine, char *err, size_t errlen)
{
	int last = 0;
	for (int i = 0; i < store_migration_count; i++) {
		const struct migration *m = &store_migrations[i];
		if (!migration_applies(m, engine))
			continue;
		if (m->version <= last) {
			snprintf(err, errlen, "%s: migration %s repeats or comes before version %d", engine, m->name, last);
			return -1;
		}
		last = m->version;
	}
	return last;
}

int store_migrate(struct store *s, int *applied, char *err, size_t errlen)
{
	struct db *db = store_acquire(s);
	if (!db) {
		snprintf(err, errlen, "cannot connect to the database");
		return STORE_ERROR;
	}
	*applied = 0;
	if (s->engine->migrate_lock_sql && s->engine->exec(db, s->engine->migrate_lock_sql) < 0) {
		snprintf(err, errlen, "cannot lock the database for migrating: %s", db_errmsg(db));
		store_release(s, db);
		return STORE_ERROR;
	}
	int rc = migrate_locked(s, db, applied, err, errlen);
	if (s->engine->migrate_unlock_sql)
		s->engine->exec(db, s->engine->migrate_unlock_sql);
	store_release(s, db);
	return rc;
}

static int migrate_locked(struct store *s, struct db *db, int *applied, char *err, size_t errlen)
{
	int rc = db->engine->exec(db, "CREATE TABLE IF NOT EXISTS schema_version ("
				  "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
	if (rc < 0) {
		snprintf(err, errlen, "cannot create the version table: %s", db_errmsg(db));
		return map(rc);
	}
	for (int i = 0; i < store_migration_count; i++) {
		const struct migration *m = &store_migrations[i];
		if (!migration_applies(m, s->engine->name))
			continue;
		if ((rc = store_begin(db)) < 0)
			break;
		/* checked inside the transaction, so two processes migrating at once apply each once */
		int64_t done = 0;
		if (db_scalar(db, &done, "SELECT count(*) FROM schema_version WHERE version = ?", "i",
			      (int64_t)m->version) != STORE_OK) {
			snprintf(err, errlen, "cannot read the schema version: %s", db_errmsg(db));
			store_rollback(db);
			rc = DB_ERROR;
			break;
		}
		if (done > 0) {
			store_rollback(db);
			continue;
		}
		char *sql = dialect(s->engine, m->sql);
		rc = db->engine->exec(db, sql);
		free(sql);
		if (rc == 0)
			rc = (int)db_exec(db, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
					  "isi", (int64_t)m->version, m->name, clock_now());
		if (rc < 0) {
			snprintf(err, errlen, "migration %s failed: %s", m->name, db_errmsg(db));
			store_rollback(db);
			break;
		}
		/* a migration changes data the cached answers came from; the revision it would advance
		 * exists from migration 007_revision on */
		db->wrote = m->version >= REVISION_MIGRATION;
		if ((rc = store_commit(db)) < 0) {
			snprintf(err, errlen, "migration %s could not be committed: %s", m->name, db_errmsg(db));
			break;
		}
		(*applied)++;
		rc = 0;
	}
	if (rc >= 0)
		rc = store_seed_agencies(db, err, errlen);
	return rc < 0 ? map(rc) : STORE_OK;
}

