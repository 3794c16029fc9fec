/* accounts.c: organisations, users, sessions, API tokens, login throttling and the audit log. */
#include <stdio.h>
#include <string.h>
#include "db.h"
#include "accounts.h"
#include "agency_domains.h"
#include "transaction.h"

static const struct { const char *code, *name; } seeded_agencies[] = {
	{"UNSEC", "UN Secretariat"}, {"UNWOMEN", "UN Women"}, {"FAO", "FAO"}, {"IOM", "IOM"},
	{"UNDP", "UNDP"}, {"UNFPA", "UNFPA"}, {"UNHCR", "UNHCR"}, {"UNICEF", "UNICEF"},
	{"WHO", "WHO"}, {"WFP", "WFP"},
};

int store_seed_agencies(struct db *db, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof seeded_agencies / sizeof seeded_agencies[0]; i++) {
		int64_t n = 0;
		if (db_scalar(db, &n, "SELECT count(*) FROM organizations WHERE code = ?", "s", seeded_agencies[i].code) != STORE_OK) {
			snprintf(err, errlen, "cannot read the agencies: %s", db_errmsg(db));
			return STORE_ERROR;
		}
		if (n > 0)
			continue;
		int64_t id = store_agency_add(db, seeded_agencies[i].code, seeded_agencies[i].name, clock_now());
		if (id < 0 || store_seed_agency_domains(db, id, seeded_agencies[i].code) != STORE_OK) {
			snprintf(err, errlen, "cannot seed agency %s: %s", seeded_agencies[i].code, db_errmsg(db));
			return STORE_ERROR;
		}
	}
	return STORE_OK;
}

static void read_org(struct db_stmt *st, int col, struct arena *a, struct org *o)
{
	o->id = db_int(st, col);
	o->kind = arena_strdup(a, db_text(st, col + 1));
	o->code = arena_strdup(a, db_text(st, col + 2));
	o->name = arena_strdup(a, db_text(st, col + 3));
}

static void org_map(struct db_stmt *st, struct arena *a, void *row) { read_org(st, 0, a, row); }

int store_org_get(struct db *db, struct arena *a, int64_t id, struct org *out)
{
	return db_read_one(db, a, org_map, out, "SELECT id, kind, code, name FROM organizations WHERE id = ?", "i", id);
}

struct orgs_read {
	struct arena *a;
	struct org *rows;
	size_t n, cap;
};

static void org_row(struct db_stmt *st, void *ctx)
{
	struct orgs_read *read = ctx;
	read->rows = arena_grow(read->a, read->rows, &read->cap, read->n, sizeof *read->rows);
	read_org(st, 0, read->a, &read->rows[read->n++]);
}

int store_orgs_of(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct org **out, size_t *nout)
{
	struct orgs_read read = {.a = a};
	int rc = db_query_ids(db, DB_IDS("SELECT id, kind, code, name FROM organizations WHERE id IN ", " ORDER BY id"),
			      ids, n, org_row, &read);
	*out = read.rows;
	*nout = read.n;
	return rc;
}

int store_agency_by_code(struct db *db, struct arena *a, const char *code, struct org *out)
{
	return db_read_one(db, a, org_map, out, "SELECT id, kind, code, name FROM organizations WHERE kind = 'agency' AND code = ?",
			   "s", code);
}

int store_agencies(struct db *db, struct arena *a, struct org **out, size_t *n)
{
	return DB_READ_ALL(db, a, org_map, out, n, "SELECT id, kind, code, name FROM organizations WHERE kind = 'agency' ORDER BY code", "");
}

int64_t store_agency_add(struct db *db, const char *code, const char *name, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO organizations (kind, code, name, created_at) VALUES ('agency', ?, ?, ?) RETURNING id",
			       "ssi", code, name, now);
	return id < 0 ? store_code(id) : id;
}

int store_agency_update(struct db *db, int64_t id, int64_t if_version, const char *name)
{
	int64_t n = db_exec(db, "UPDATE organizations SET name = coalesce(?, name), version = version + 1 "
			    "WHERE id = ? AND kind = 'agency' AND (? = 0 OR version = ?)", "siii", name, id, if_version, if_version);
	if (n < 0) return store_code(n);
	if (n == 0)
		return db_missing_or_moved(db, "SELECT count(*) FROM organizations WHERE id = ? AND kind = 'agency'", id);
	return STORE_OK;
}

int64_t store_org_version(struct db *db, int64_t id)
{
	int64_t value = 0;
	int rc = db_scalar(db, &value, "SELECT version FROM organizations WHERE id = ?", "i", id);
	return rc == STORE_OK ? value : rc == STORE_ENOTFOUND ? 0 : rc;
}

static void agency_domain_map(struct db_stmt *st, struct arena *a, void *row)
{
	struct agency_domain *d = row;
	d->agency_id = db_int(st, 0);
	d->domain = arena_strdup(a, db_text(st, 1));
}

int store_agency_domains(struct db *db, struct arena *a, int64_t agency_id, struct agency_domain **out, size_t *n)
{
	return DB_READ_ALL(db, a, agency_domain_map, out, n, "SELECT agency_id, domain FROM agency_domains "
			   "WHERE ? = 0 OR agency_id = ? ORDER BY agency_id, domain", "ii", agency_id, agency_id);
}

int64_t store_agency_of_domain(struct db *db, const char *domain)
{
	int64_t value = 0;
	int rc = db_scalar(db, &value, "SELECT agency_id FROM agency_domains WHERE domain = ?", "s", domain);
	return rc == STORE_OK ? value : rc == STORE_ENOTFOUND ? 0 : rc;
}

int store_agency_set_domains(struct db *db, int64_t agency_id, char *const *domains, size_t n)
{
	int64_t rc = db_exec(db, "DELETE FROM agency_domains WHERE agency_id = ?", "i", agency_id);
	for (size_t i = 0; rc >= 0 && i < n; i++)
		rc = db_exec(db, "INSERT INTO agency_domains (agency_id, domain) VALUES (?, ?)", "is", agency_id, domains[i]);
	return rc < 0 ? store_code(rc) : STORE_OK;
}

int64_t store_partner_org_add(struct db *db, const char *name, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO organizations (kind, name, created_at) VALUES ('partner', ?, ?) RETURNING id",
			       "si", name, now);
	return id < 0 ? store_code(id) : id;
}

#define USER_COLUMNS "u.id, u.email, u.name, u.role, u.language, u.active, u.version, " \
	"o.id, o.kind, o.code, o.name, u.password_hash, " \
	"CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END, CASE WHEN u.password_hash = '" STORE_SSO_PASSWORD_HASH "' THEN 1 ELSE 0 END"
#define USER_FROM " FROM users u JOIN organizations o ON o.id = u.org_id "

static void read_user(struct db_stmt *st, struct arena *a, struct user *u)
{
	u->id = db_int(st, 0);
	u->email = arena_strdup(a, db_text(st, 1));
	u->name = arena_strdup(a, db_text(st, 2));
	u->role = arena_strdup(a, db_text(st, 3));
	u->language = arena_strdup(a, db_text(st, 4));
	u->active = db_int(st, 5) != 0;
	u->version = db_int(st, 6);
	read_org(st, 7, a, &u->org);
	u->password_hash = NULL;
	u->two_step = db_int(st, 12) != 0;
	u->sso = db_int(st, 13) != 0;
}

static void user_map(struct db_stmt *st, struct arena *a, void *row) { read_user(st, a, row); }

static void user_with_hash_map(struct db_stmt *st, struct arena *a, void *row)
{
	struct user *u = row;
	read_user(st, a, u);
	u->password_hash = arena_strdup(a, db_text(st, 11));
}

int64_t store_user_add(struct db *db, const struct user *u, const char *password_hash, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO users (email, name, password_hash, role, org_id, language, created_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", "ssssisi", u->email, u->name,
			       password_hash, u->role, u->org.id, u->language ? u->language : "en", now);
	return id < 0 ? store_code(id) : id;
}

int store_user_get(struct db *db, struct arena *a, int64_t id, struct user *out)
{
	return db_read_one(db, a, user_map, out, "SELECT " USER_COLUMNS USER_FROM "WHERE u.id = ?", "i", id);
}

int store_user_by_email(struct db *db, struct arena *a, const char *email, struct user *out)
{
	return db_read_one(db, a, user_with_hash_map, out, "SELECT " USER_COLUMNS USER_FROM "WHERE u.email = ?", "s", email);
}

int store_users_list(struct db *db, struct arena *a, int64_t after, int limit, struct user **out, size_t *n)
{
	return DB_READ_ALL(db, a, user_map, out, n, "SELECT " USER_COLUMNS USER_FROM "WHERE u.id > ? ORDER BY u.id LIMIT ?",
			   "ii", after, (int64_t)limit);
}

int store_user_update(struct db *db, int64_t id, int64_t if_version, const char *name, const char *role,
		      const char *language, int active, const char *password_hash)
{
	int64_t n = db_exec(db, "UPDATE users SET name = coalesce(?, name), role = coalesce(?, role), "
			    "language = coalesce(?, language), active = CASE WHEN ? < 0 THEN active ELSE ? END, "
			    "password_hash = coalesce(?, password_hash), version = version + 1 "
			    "WHERE id = ? AND (? = 0 OR version = ?)", "sssiisiii", name, role, language,
			    (int64_t)active, (int64_t)active, password_hash, id, if_version, if_version);
	if (n < 0) return store_code(n);
	if (n == 0)
		return db_missing_or_moved(db, "SELECT count(*) FROM users WHERE id = ?", id);
	return STORE_OK;
}

int store_user_count(struct db *db, int64_t *n) { return db_scalar(db, n, "SELECT count(*) FROM users", ""); }

int store_session_add(struct db *db, const char *id_hash, int64_t user_id, const char *csrf,
		      instant_t now, instant_t expires)
{
	return store_code(db_exec(db, "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) "
				  "VALUES (?, ?, ?, ?, ?)", "sisii", id_hash, user_id, csrf, now, expires));
}

struct session_row { struct user *user; char **csrf; };

static void session_map(struct db_stmt *st, struct arena *a, void *row)
{
	struct session_row *s = row;
	read_user(st, a, s->user);
	*s->csrf = arena_strdup(a, db_text(st, 14));
}

int store_session_get(struct db *db, struct arena *a, const char *id_hash, instant_t now,
		      struct user *user, char **csrf)
{
	struct session_row row = {user, csrf};
	return db_read_one(db, a, session_map, &row, "SELECT " USER_COLUMNS ", s.csrf_token" USER_FROM
			   "JOIN sessions s ON s.user_id = u.id WHERE s.id_hash = ? AND s.expires_at > ? AND u.active = 1",
			   "si", id_hash, now);
}

int store_session_delete(struct db *db, const char *id_hash)
{
	return store_code(db_exec(db, "DELETE FROM sessions WHERE id_hash = ?", "s", id_hash));
}

int64_t store_token_add(struct db *db, int64_t user_id, const char *name, const char *token_hash, instant_t now,
			instant_t expires)
{
	int64_t id = db_insert(db, "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) "
			       "VALUES (?, ?, ?, ?, ?) RETURNING id", "issii", user_id, name, token_hash, now, expires);
	return id < 0 ? store_code(id) : id;
}

int store_token_get(struct db *db, struct arena *a, const char *token_hash, instant_t now, struct user *user)
{
	return db_read_one(db, a, user_map, user, "SELECT " USER_COLUMNS USER_FROM "JOIN api_tokens t ON t.user_id = u.id "
			   "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND u.active = 1",
			   "si", token_hash, now);
}

static void token_map(struct db_stmt *st, struct arena *a, void *row)
{
	struct api_token *t = row;
	t->id = db_int(st, 0);
	t->name = arena_strdup(a, db_text(st, 1));
	t->created_at = db_int(st, 2);
	t->expires_at = db_int(st, 3);
}

int store_tokens_of_user(struct db *db, struct arena *a, int64_t user_id, int64_t after, int limit,
			 struct api_token **out, size_t *n)
{
	return DB_READ_ALL(db, a, token_map, out, n, "SELECT id, name, created_at, expires_at FROM api_tokens "
			   "WHERE user_id = ? AND revoked_at IS NULL AND id > ? ORDER BY id LIMIT ?",
			   "iii", user_id, after, (int64_t)limit);
}

int store_user_credentials_end(struct db *db, int64_t user_id, const char *keep_session_hash, instant_t now)
{
	int64_t n = db_exec(db, "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?", "is", user_id,
			    keep_session_hash ? keep_session_hash : "");
	if (n >= 0)
		n = db_exec(db, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", "ii", now, user_id);
	return n < 0 ? store_code(n) : STORE_OK;
}

int store_token_revoke(struct db *db, int64_t id, int64_t user_id, instant_t now)
{
	int64_t n = db_exec(db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
			    "iii", now, id, user_id);
	return n < 0 ? store_code(n) : n == 0 ? STORE_ENOTFOUND : STORE_OK;
}

int store_login_failure_add(struct db *db, const char *key, instant_t now)
{
	return store_code(db_exec(db, "INSERT INTO login_failures (key, at) VALUES (?, ?)", "si", key, now));
}

static void int_pair_map(struct db_stmt *st, struct arena *a, void *row)
{
	int64_t *pair = row;
	pair[0] = db_int(st, 0);
	pair[1] = db_int(st, 1);
}

int store_login_failures_since(struct db *db, const char *key, instant_t since, int64_t *count, instant_t *latest)
{
	*count = 0;
	*latest = 0;
	int64_t row[2];
	int rc = db_read_one(db, NULL, int_pair_map, row, "SELECT count(*), coalesce(max(at), 0) FROM login_failures "
			     "WHERE key = ? AND at >= ?", "si", key, since);
	if (rc == STORE_OK) {
		*count = row[0];
		*latest = row[1];
	}
	return rc == STORE_ENOTFOUND ? STORE_ERROR : rc;  /* an aggregate always has its row */
}

int store_login_failures_clear(struct db *db, const char *key)
{
	return store_code(db_exec(db, "DELETE FROM login_failures WHERE key = ?", "s", key));
}

int store_sign_ins_forget_stale(struct db *db, instant_t now, instant_t failures_before)
{
	int64_t n = db_exec(db, "DELETE FROM sessions WHERE expires_at <= ?", "i", now);
	if (n >= 0)
		n = db_exec(db, "DELETE FROM login_failures WHERE at < ?", "i", failures_before);
	return n < 0 ? store_code(n) : STORE_OK;
}

int store_audit(struct db *db, int64_t user_id, const char *object_type, int64_t object_id,
		const char *action, const char *request_id, instant_t now)
{
	return store_code(db_exec(db, "INSERT INTO audit_log (at, user_id, object_type, object_id, action, request_id) "
				  "VALUES (?, ?, ?, ?, ?, ?)", "insnss", now, user_id, object_type, object_id,
				  action, request_id));
}

static void audit_map(struct db_stmt *st, struct arena *a, void *row)
{
	struct audit_entry *e = row;
	e->id = db_int(st, 0);
	e->at = db_int(st, 1);
	e->user_id = db_int(st, 2);
	e->object_type = arena_strdup(a, db_text(st, 3));
	e->object_id = db_int(st, 4);
	e->action = arena_strdup(a, db_text(st, 5));
	e->request_id = arena_strdup(a, db_text(st, 6));
}

int store_audit_list(struct db *db, struct arena *a, const char *object_type, int64_t object_id,
		     int64_t user_id, int64_t before, int limit, struct audit_entry **out, size_t *n)
{
	return DB_READ_ALL(db, a, audit_map, out, n, "SELECT id, at, user_id, object_type, object_id, action, request_id "
			   "FROM audit_log WHERE (CAST(? AS TEXT) IS NULL OR object_type = ?) AND (? = 0 OR object_id = ?) "
			   "AND (? = 0 OR user_id = ?) AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?",
			   "ssiiiiiii", object_type, object_type, object_id, object_id, user_id, user_id,
			   before, before, (int64_t)limit);
}
