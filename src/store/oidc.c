/* oidc.c: single sign-on providers, the sign-ins under way, and the identities they linked. */
#include <string.h>
#include "db.h"
#include "oidc.h"

#define PROVIDER_COLUMNS "id, name, display_name, issuer, client_id, secret_file, secret_env, role, active, version, email_trusted"

static int read_agencies(struct db *db, struct arena *a, struct oidc_provider *p)
{
	struct db_stmt *st = db_query(db, "SELECT agency_id FROM oidc_provider_agencies WHERE provider_id = ? ORDER BY agency_id",
				      "i", p->id);
	return db_read_ids(st, a, &p->agencies, &p->nagencies);
}

static void read_provider(struct db_stmt *st, struct arena *a, struct oidc_provider *p)
{
	p->id = db_int(st, 0);
	p->name = arena_strdup(a, db_text(st, 1));
	p->display_name = arena_strdup(a, db_text(st, 2));
	p->issuer = arena_strdup(a, db_text(st, 3));
	p->client_id = arena_strdup(a, db_text(st, 4));
	p->secret_file = arena_strdup(a, db_text(st, 5));
	p->secret_env = arena_strdup(a, db_text(st, 6));
	p->role = arena_strdup(a, db_text(st, 7));
	p->active = db_int(st, 8) != 0;
	p->version = db_int(st, 9);
	p->email_trusted = db_int(st, 10) != 0;
	p->agencies = NULL;
	p->nagencies = 0;
}

int64_t store_oidc_provider_add(struct db *db, const struct oidc_provider *p, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO oidc_providers (name, display_name, issuer, client_id, secret_file, "
			       "secret_env, role, email_trusted, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "sssssssii",
			       p->name, p->display_name, p->issuer, p->client_id, p->secret_file, p->secret_env,
			       p->role, (int64_t)p->email_trusted, now);
	if (id < 0)
		return store_code(id);
	for (size_t i = 0; i < p->nagencies; i++) {
		int64_t rc = db_exec(db, "INSERT INTO oidc_provider_agencies (provider_id, agency_id) VALUES (?, ?)", "ii",
				     id, p->agencies[i]);
		if (rc < 0)
			return store_code(rc);
	}
	return id;
}

static int one_provider(struct db *db, struct db_stmt *st, struct arena *a, struct oidc_provider *out)
{
	if (!st) return STORE_ERROR;
	int rc = db_next(st);
	if (rc == DB_ROW)
		read_provider(st, a, out);
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? STORE_ENOTFOUND : store_code(rc);
	return read_agencies(db, a, out);
}

int store_oidc_provider_get(struct db *db, struct arena *a, int64_t id, struct oidc_provider *out)
{
	return one_provider(db, db_query(db, "SELECT " PROVIDER_COLUMNS " FROM oidc_providers WHERE id = ?", "i", id), a, out);
}

int store_oidc_provider_by_name(struct db *db, struct arena *a, const char *name, struct oidc_provider *out)
{
	return one_provider(db, db_query(db, "SELECT " PROVIDER_COLUMNS " FROM oidc_providers WHERE name = ?", "s", name),
			    a, out);
}

int store_oidc_providers(struct db *db, struct arena *a, bool active_only, struct oidc_provider **out, size_t *n)
{
	struct db_stmt *st = db_query(db, "SELECT " PROVIDER_COLUMNS " FROM oidc_providers WHERE (? = 0 OR active = 1) "
				      "ORDER BY name", "i", (int64_t)active_only);
	if (!st) return STORE_ERROR;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		*out = arena_grow(a, *out, &cap, *n, sizeof **out);
		read_provider(st, a, &(*out)[(*n)++]);
	}
	db_done(st);
	for (size_t i = 0; rc == DB_DONE && i < *n; i++)
		if (read_agencies(db, a, &(*out)[i]) != STORE_OK)
			return STORE_ERROR;
	return store_code(rc);
}

int store_oidc_provider_set_active(struct db *db, int64_t id, bool active)
{
	int64_t n = db_exec(db, "UPDATE oidc_providers SET active = ?, version = version + 1 WHERE id = ?", "ii",
			    (int64_t)active, id);
	return n < 0 ? store_code(n) : n == 0 ? STORE_ENOTFOUND : STORE_OK;
}

int store_oidc_login_add(struct db *db, const struct oidc_login *l)
{
	/* sign-ins abandoned at the provider are forgotten when they expire */
	int64_t rc = db_exec(db, "DELETE FROM oidc_logins WHERE expires_at <= ?", "i", l->created_at);
	if (rc < 0)
		return store_code(rc);
	return store_code(db_exec(db, "INSERT INTO oidc_logins (state_hash, browser_hash, provider_id, nonce, code_verifier, "
				  "next_path, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ssisssii",
				  l->state_hash, l->browser_hash, l->provider_id, l->nonce, l->code_verifier, l->next_path,
				  l->created_at, l->expires_at));
}

int store_oidc_login_take(struct db *db, struct arena *a, const char *state_hash, struct oidc_login *out)
{
	/* one statement reads and removes it: two returns with the same state cannot both find it */
	struct db_stmt *st = db_query(db, "DELETE FROM oidc_logins WHERE state_hash = ? RETURNING browser_hash, provider_id, "
				      "nonce, code_verifier, next_path, created_at, expires_at", "s", state_hash);
	if (!st) return STORE_ERROR;
	int rc = db_next(st);
	if (rc == DB_ROW) {
		out->state_hash = arena_strdup(a, state_hash);
		out->browser_hash = arena_strdup(a, db_text(st, 0));
		out->provider_id = db_int(st, 1);
		out->nonce = arena_strdup(a, db_text(st, 2));
		out->code_verifier = arena_strdup(a, db_text(st, 3));
		out->next_path = arena_strdup(a, db_text(st, 4));
		out->created_at = db_int(st, 5);
		out->expires_at = db_int(st, 6);
	}
	/* run to the end so that the engine finishes the delete */
	int last = rc;
	while (last == DB_ROW)
		last = db_next(st);
	db_done(st);
	if (last < 0)
		return store_code(last);
	return rc == DB_ROW ? STORE_OK : STORE_ENOTFOUND;
}

int64_t store_oidc_identity_user(struct db *db, int64_t provider_id, const char *subject)
{
	int64_t value = 0;
	int rc = db_scalar(db, &value, "SELECT user_id FROM oidc_identities WHERE provider_id = ? AND subject = ?", "is",
			 provider_id, subject);
	return rc == STORE_OK ? value : rc == STORE_ENOTFOUND ? 0 : rc;
}

int store_oidc_identity_add(struct db *db, int64_t provider_id, const char *subject, int64_t user_id, instant_t now)
{
	return store_code(db_exec(db, "INSERT INTO oidc_identities (provider_id, subject, user_id, created_at) "
				  "VALUES (?, ?, ?, ?)", "isii", provider_id, subject, user_id, now));
}
