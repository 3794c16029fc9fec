/* migrate.c: the numbered migrations of src/store/migrations/, applied once each, in order. */
#include "migrate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "accounts.h"
#include "db.h"
#include "pool.h"
#include "transaction.h"

struct migration { int version; const char *name; const char *engine; const char *sql; };
extern const struct migration store_migrations[]; /* generated from the migrations folder */
extern const int store_migration_count;
#define map(rc) store_code(rc)

/* Replaces @ID@ with the engine's key column type; the rest of the SQL is common. */
static char *dialect(const struct db_engine *engine, const char *sql)
{
	size_t idlen = strlen(engine->id_column), n = 0;
	for (const char *p = sql; (p = strstr(p, "@ID@")); p += 4)
		n++;
	char *out = malloc(strlen(sql) + n * idlen + 1), *o = out;
	if (!out)
		return NULL;
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

static int migrate_locked(struct db *db, int *applied, char *err, size_t errlen);
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
	const struct db_engine *engine = db->engine;
	*applied = 0;
	if (engine->migrate_lock_sql && engine->exec(db, engine->migrate_lock_sql) < 0) {
		snprintf(err, errlen, "cannot lock the database for migrating: %s", db_errmsg(db));
		store_release(s, db);
		return STORE_ERROR;
	}
	int rc = migrate_locked(db, applied, err, errlen);
	if (engine->migrate_unlock_sql)
		engine->exec(db, engine->migrate_unlock_sql);
	store_release(s, db);
	return rc;
}

static int migrate_locked(struct db *db, int *applied, char *err, size_t errlen)
{
	int rc = db->engine->exec(db, "CREATE TABLE IF NOT EXISTS schema_version ("
				  "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
	if (rc < 0) {
		snprintf(err, errlen, "cannot create the version table: %s", db_errmsg(db));
		return map(rc);
	}
	for (int i = 0; i < store_migration_count; i++) {
		const struct migration *m = &store_migrations[i];
		if (!migration_applies(m, db->engine->name))
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
		char *sql = dialect(db->engine, m->sql);
		rc = sql ? db->engine->exec(db, sql) : DB_ERROR;
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

