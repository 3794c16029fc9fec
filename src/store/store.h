/* store.h: the only way to the database. Nothing above src/store/ knows which engine is behind
 * it (SQLite file or PostgreSQL server) or sees a line of SQL.
 *
 * Conventions: functions return 0 (or a positive id) on success and a negative STORE_E* code on
 * failure; objects they return are allocated in the caller's arena and live as long as it.
 * Instants are seconds since the epoch (instant_t); dates are instants at midnight UTC. */
#ifndef PSEA_STORE_H
#define PSEA_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../util/arena.h"
#include "../util/timeutil.h"

enum {
	STORE_OK = 0,
	STORE_ERROR = -1,      /* the database failed; logged */
	STORE_ECONSTRAINT = -2, /* a unique or foreign key rule refused the write */
	STORE_ERETRY = -3,     /* busy or serialization failure: run the transaction again */
	STORE_ENOTADB = -4,
	STORE_ENOTFOUND = -5,
	STORE_ECONFLICT = -6,  /* the object's version moved on */
};

struct store;   /* a pool of connections to one database */
struct db;      /* one connection, held for one request */

/* Opens a pool. target: a file path, "sqlite:PATH" or "postgresql://...". size: connections. */
struct store *store_open(const char *target, int size, char *err, size_t errlen);
void store_close(struct store *s);
/* Borrows a connection (waits for one when all are busy) and gives it back. */
struct db *store_acquire(struct store *s);
void store_release(struct store *s, struct db *db);
const char *store_engine_name(struct store *s);

int store_begin(struct db *db);   /* a write transaction */
int store_commit(struct db *db);
void store_rollback(struct db *db);
/* Write transactions are serializable on both engines (SQLite: writers take turns; PostgreSQL:
 * SERIALIZABLE). On PostgreSQL a transaction may then fail with STORE_ERETRY because a concurrent
 * one got there first; so may any statement after a deadlock or a lost connection. Nothing of
 * the failed transaction remains, so the whole request may run again: store_retry_wanted tells
 * whether that is worth it, store_retry_reset rolls back what is open and clears the mark. */
bool store_retry_wanted(struct db *db);
void store_retry_reset(struct db *db);

/* Applies the migrations not yet applied, each in its own transaction, and seeds the agencies.
 * applied: how many ran (0 when the database was up to date). */
int store_migrate(struct store *s, int *applied, char *err, size_t errlen);
int store_schema_version(struct db *db);

/* --- settings (DOMAIN.md values an administrator may change) --- */
int64_t store_setting_int(struct db *db, const char *key, int64_t def);
int store_setting_set(struct db *db, const char *key, const char *value);

/* --- organisations: agencies and partners --- */
struct org {
	int64_t id;
	char *kind;   /* "agency" or "partner" */
	char *code;   /* agencies: UNICEF, ...; partners: NULL */
	char *name;
};
int store_org_get(struct db *db, struct arena *a, int64_t id, struct org *out);
int store_agency_by_code(struct db *db, struct arena *a, const char *code, struct org *out);
/* All agencies ordered by code; *n receives the count. */
int store_agencies(struct db *db, struct arena *a, struct org **out, size_t *n);
int64_t store_agency_add(struct db *db, const char *code, const char *name, instant_t now);
/* A partner organisation with only its name (the partner record itself is in store_partners). */
int64_t store_partner_org_add(struct db *db, const char *name, instant_t now);

/* --- users --- */
struct user {
	int64_t id;
	char *email;
	char *name;
	char *role;
	char *language;
	bool active;
	int64_t version;
	struct org org;
	char *password_hash; /* only filled by store_user_by_email */
};
int64_t store_user_add(struct db *db, const struct user *u, const char *password_hash, instant_t now);
int store_user_get(struct db *db, struct arena *a, int64_t id, struct user *out);
int store_user_by_email(struct db *db, struct arena *a, const char *email, struct user *out);
/* Users ordered by id after `after`; at most limit. */
int store_users_list(struct db *db, struct arena *a, int64_t after, int limit, struct user **out, size_t *n);
/* Changes name, role, language, active (NULL / -1 keep); version-checked when if_version > 0. */
int store_user_update(struct db *db, int64_t id, int64_t if_version, const char *name, const char *role,
		      const char *language, int active, const char *password_hash);
int64_t store_user_count(struct db *db);

/* --- sessions and API tokens: only hashes of the secrets are stored --- */
int store_session_add(struct db *db, const char *id_hash, int64_t user_id, const char *csrf,
		      instant_t now, instant_t expires);
/* Finds a live session; fills the user and the CSRF token. */
int store_session_get(struct db *db, struct arena *a, const char *id_hash, instant_t now,
		      struct user *user, char **csrf);
int store_session_delete(struct db *db, const char *id_hash);
int64_t store_token_add(struct db *db, int64_t user_id, const char *name, const char *token_hash, instant_t now);
int store_token_get(struct db *db, struct arena *a, const char *token_hash, struct user *user);
/* Revokes a token of that user; STORE_ENOTFOUND when the user has no such token. */
int store_token_revoke(struct db *db, int64_t id, int64_t user_id, instant_t now);

/* --- login throttling, shared by every server on the database --- */
int store_login_failure_add(struct db *db, const char *key, instant_t now);
int64_t store_login_failures_since(struct db *db, const char *key, instant_t since);
int store_login_failures_clear(struct db *db, const char *key);

/* --- audit log --- */
int store_audit(struct db *db, int64_t user_id, const char *object_type, int64_t object_id,
		const char *action, const char *request_id, instant_t now);
struct audit_entry {
	int64_t id, user_id, object_id;
	char *object_type, *action, *request_id;
	instant_t at;
};
int store_audit_list(struct db *db, struct arena *a, const char *object_type, int64_t object_id,
		     int64_t user_id, int64_t before, int limit, struct audit_entry **out, size_t *n);

/* --- copying a deployment from SQLite to PostgreSQL (psea copy) --- */
struct store_copy_table {
	const char *name;
	int64_t rows, target_rows;
	char checksum[65], target_checksum[65]; /* order-independent sums of the rows' SHA-256 */
	bool verified;
};
typedef void (*store_copy_report)(const struct store_copy_table *table, void *ctx);
/* Copies every table of from (SQLite) into to (PostgreSQL), both migrated to the same version,
 * in one transaction, ids kept; then reads both back and reports each table's counts and
 * checksums. A target holding more than its migrations' seed rows is refused (STORE_ECONFLICT).
 * err says what failed. */
int store_copy(struct store *from, struct store *to, store_copy_report report, void *ctx, char *err, size_t errlen);

/* --- incidents: the allegations register and corrective-action reviews (incidents.c) --- */
#include "../domain/incident.h"
/* Writes the incident with its victim counts and measures (call inside a transaction). */
int64_t store_incident_add(struct db *db, const struct incident *inc, int64_t recorded_by);
/* The incident with its details and latest review. */
int store_incident_get(struct db *db, struct arena *a, int64_t id, struct incident *out);
/* Rewrites every field and detail of inc (by inc->id); version-checked when if_version > 0. */
int store_incident_update(struct db *db, const struct incident *inc, int64_t if_version);
/* Incidents of one agency (0: every agency) ordered by id after `after`; at most limit. */
int store_incidents_list(struct db *db, struct arena *a, int64_t agency_id, int64_t after, int limit,
			 struct incident **out, size_t *n);
/* Calls fn for each incident of the agency received in [from, to), without details: the figures
 * need only the instants and the type. */
int store_incidents_each(struct db *db, struct arena *a, int64_t agency_id, instant_t from, instant_t to,
			 void (*fn)(const struct incident *inc, void *ctx), void *ctx);
/* Records a corrective-action review of an incident's partner; the incident's version moves. */
int64_t store_review_add(struct db *db, int64_t incident_id, int64_t partner_id, bool adequate, const char *notes,
			 instant_t at, int64_t by);
/* The latest instant at which an incident's current review found the partner's corrective action
 * inadequate; 0 when none does. */
instant_t store_partner_inadequate_since(struct db *db, int64_t partner_id);

#endif
