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

static void read_provider(struct db_stmt *st, struct arena *a, void *row)
{
	struct oidc_provider *p = row;
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

/* A provider with its agencies, or the status of reading it. */
static int with_agencies(struct db *db, struct arena *a, struct oidc_provider *out, int rc)
{
	return rc == STORE_OK ? read_agencies(db, a, out) : rc;
}

int store_oidc_provider_get(struct db *db, struct arena *a, int64_t id, struct oidc_provider *out)
{
	return with_agencies(db, a, out, db_read_one(db, a, read_provider, out, "SELECT " PROVIDER_COLUMNS
						     " FROM oidc_providers WHERE id = ?", "i", id));
}

int store_oidc_provider_by_name(struct db *db, struct arena *a, const char *name, struct oidc_provider *out)
{
	return with_agencies(db, a, out, db_read_one(db, a, read_provider, out, "SELECT " PROVIDER_COLUMNS
						     " FROM oidc_providers WHERE name = ?", "s", name));
}

int store_oidc_providers(struct db *db, struct arena *a, bool active_only, struct oidc_provider **out, size_t *n)
{
	int rc = DB_READ_ALL(db, a, read_provider, out, n, "SELECT " PROVIDER_COLUMNS " FROM oidc_providers "
			     "WHERE (? = 0 OR active = 1) ORDER BY name", "i", (int64_t)active_only);
	for (size_t i = 0; rc == STORE_OK && i < *n; i++)
		if (read_agencies(db, a, &(*out)[i]) != STORE_OK)
			return STORE_ERROR;
	return rc;
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

struct login_taken { struct arena *a; struct oidc_login *out; bool found; };

static int login_row(struct db_stmt *st, void *ctx)
{
	struct login_taken *t = ctx;
	if (t->found)
		return STORE_OK;
	t->found = true;
	t->out->browser_hash = arena_strdup(t->a, db_text(st, 0));
	t->out->provider_id = db_int(st, 1);
	t->out->nonce = arena_strdup(t->a, db_text(st, 2));
	t->out->code_verifier = arena_strdup(t->a, db_text(st, 3));
	t->out->next_path = arena_strdup(t->a, db_text(st, 4));
	t->out->created_at = db_int(st, 5);
	t->out->expires_at = db_int(st, 6);
	return STORE_OK;
}

int store_oidc_login_take(struct db *db, struct arena *a, const char *state_hash, struct oidc_login *out)
{
	/* one statement reads and removes it: two returns with the same state cannot both find it */
	/* every row is stepped through, so that the engine finishes the delete; the first is kept */
	struct login_taken taken = {.a = a, .out = out};
	out->state_hash = arena_strdup(a, state_hash);
	int rc = db_each(db, login_row, &taken, "DELETE FROM oidc_logins WHERE state_hash = ? RETURNING browser_hash, "
			 "provider_id, nonce, code_verifier, next_path, created_at, expires_at", "s", state_hash);
	return rc != STORE_OK ? rc : taken.found ? STORE_OK : STORE_ENOTFOUND;
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
