/* users.c: accounts, for administrators. */
#include <stdlib.h>
#include <string.h>
#include "api.h"
#include "../domain/accounts.h"
#include "../http/auth.h"

static bool is_admin(struct req *r) { return api_allow(r, api_role(r) == ROLE_ADMIN); }

void users_list(struct req *r)
{
	int limit;
	int64_t cursor;
	if (!is_admin(r) || !api_limit(r, &limit) || !api_cursor(r, &cursor))
		return;
	struct user *users;
	size_t n;
	int rc = store_users_list(r->db, &r->arena, cursor, limit + 1, &users, &n);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(items, api_user_json(&users[i]));
	reply_json(r, 200, api_list(items, n > (size_t)limit ? users[limit - 1].id : 0));
}

/* Resolves "organization_id" (an id) into an organisation; appends an error when unknown. */
static bool find_org(struct req *r, const char *id_text, struct org *org, json_t *errs)
{
	char *end;
	long long id = id_text ? strtoll(id_text, &end, 10) : 0;
	if (!id_text || *end || id <= 0 || store_org_get(r->db, &r->arena, id, org) != STORE_OK) {
		json_array_append_new(errs, problem_error("organization_id", "unknown", "There is no organisation with this id."));
		return false;
	}
	return true;
}

/* An account written: u (and hash, the new password's, or NULL) in; the new account's id out. */
struct account_write {
	struct user *u;
	const char *hash;
	int active; /* a change: 0 or 1, -1 kept */
};

static int write_new_account(struct req *r, struct audit *audit, void *ctx)
{
	struct account_write *w = ctx;
	int64_t id = api_user_add(r, w->u, w->hash, "An account with this e-mail address exists already.");
	if (id < 0)
		return (int)id;
	w->u->id = id;
	return audit_add(audit, "user", id, "create");
}

static int write_account_change(struct req *r, struct audit *audit, void *ctx)
{
	struct account_write *w = ctx;
	const struct user *u = w->u;
	int rc = store_user_update(r->db, u->id, u->version, u->name, u->role, u->language, w->active, w->hash);
	/* A new password or a deactivation ends every way in made before it; an administrator
	 * resetting their own password keeps the session they do it from. */
	if (rc == STORE_OK && (w->hash || w->active == 0))
		rc = store_user_credentials_end(r->db, u->id, u->id == r->user->id ? r->session_hash : NULL, r->now);
	return rc != STORE_OK ? rc : audit_add(audit, "user", u->id, "update");
}

void users_create(struct req *r)
{
	if (!is_admin(r) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	struct user u = {0};
	u.email = (char *)api_str(r->body, "email", API_NAME_MAX, true, errs);
	u.name = (char *)api_str(r->body, "name", API_NAME_MAX, true, errs);
	u.role = (char *)api_str(r->body, "role", 64, true, errs);
	u.language = (char *)api_str(r->body, "language", 8, false, errs);
	const char *password = api_str(r->body, "password", PASSWORD_MAX, true, errs);
	const char *org_id = api_str(r->body, "organization_id", 24, true, errs);
	const char *problem;
	if (u.email && (problem = account_email_problem(u.email)))
		json_array_append_new(errs, problem_error("email", "invalid_value", problem));
	if (password)
		api_password_ok(password, errs);
	if (u.language && !account_language_ok(u.language))
		json_array_append_new(errs, problem_error("language", "invalid_value", "Choose en, fr or es."));
	enum role role = u.role ? role_parse(u.role) : ROLE_NONE;
	if (u.role && role == ROLE_NONE)
		json_array_append_new(errs, problem_error("role", "invalid_value", "This is not one of the roles."));
	if (org_id && find_org(r, org_id, &u.org, errs) && role != ROLE_NONE &&
	    !role_fits_org(role, strcmp(u.org.kind, "agency") == 0))
		json_array_append_new(errs, problem_error("role", "invalid_value",
			"This role does not fit this kind of organisation (partner roles for partners, agency roles for agencies)."));
	if (u.email && u.org.id && (problem = api_email_domain_problem(r->db, &r->arena, &u.org, u.email)))
		json_array_append_new(errs, problem_error("email", "domain_not_allowed", problem));
	if (api_invalid(r, errs))
		return;
	u.email = account_email_normalize(&r->arena, u.email);
	char hash[128];
	if (!api_password_hash(r, password, hash))
		return;
	struct account_write w = {.u = &u, .hash = hash};
	if (!api_write(r, write_new_account, &w))
		return;
	struct user created;
	store_user_get(r->db, &r->arena, u.id, &created);
	reply_json(r, 201, api_user_json(&created));
}

void users_show(struct req *r)
{
	if (!is_admin(r))
		return;
	int64_t id = req_param_id(r, 0);
	struct user u;
	int rc = id ? store_user_get(r->db, &r->arena, id, &u) : STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	reply_json(r, 200, api_user_json(&u));
}

void users_update(struct req *r)
{
	if (!is_admin(r) || !api_body_object(r))
		return;
	int64_t id = req_param_id(r, 0), version = 0;
	if (api_if_match(r, &version) < 0)
		return;
	struct user old;
	int rc = id ? store_user_get(r->db, &r->arena, id, &old) : STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *errs = json_array();
	const char *name = api_str(r->body, "name", API_NAME_MAX, false, errs);
	const char *role = api_str(r->body, "role", 64, false, errs);
	const char *language = api_str(r->body, "language", 8, false, errs);
	const char *password = api_str(r->body, "password", PASSWORD_MAX, false, errs);
	json_t *active = json_object_get(r->body, "active");
	if (active && !json_is_boolean(active))
		json_array_append_new(errs, problem_error("active", "invalid_type", "active must be true or false."));
	if (name && !*name)
		json_array_append_new(errs, problem_error("name", "required", "The name must not be empty."));
	if (role && (role_parse(role) == ROLE_NONE || !role_fits_org(role_parse(role), strcmp(old.org.kind, "agency") == 0)))
		json_array_append_new(errs, problem_error("role", "invalid_value", "This role does not exist or does not fit the organisation."));
	if (language && !account_language_ok(language))
		json_array_append_new(errs, problem_error("language", "invalid_value", "Choose en, fr or es."));
	if (password)
		api_password_ok(password, errs);
	if (api_invalid(r, errs))
		return;
	char hash[128];
	if (password && !api_password_hash(r, password, hash))
		return;
	struct user change = {.id = id, .version = version, .name = (char *)name, .role = (char *)role,
			      .language = (char *)language};
	struct account_write w = {.u = &change, .hash = password ? hash : NULL, .active = active ? json_is_true(active) : -1};
	if (!api_write(r, write_account_change, &w))
		return;
	struct user updated;
	store_user_get(r->db, &r->arena, id, &updated);
	reply_json(r, 200, api_user_json(&updated));
}

void audit_list(struct req *r)
{
	int limit;
	int64_t cursor;
	if (!is_admin(r) || !api_limit(r, &limit) || !api_cursor(r, &cursor))
		return;
	const char *type = req_query(r, "object_type");
	const char *object_id = req_query(r, "object_id"), *user_id = req_query(r, "user_id");
	int64_t oid = object_id ? strtoll(object_id, NULL, 10) : 0, uid = user_id ? strtoll(user_id, NULL, 10) : 0;
	struct audit_entry *entries;
	size_t n;
	int rc = store_audit_list(r->db, &r->arena, type, oid, uid, cursor, limit + 1, &entries, &n);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(items, json_pack("{s:o, s:o, s:o, s:s, s:o, s:s, s:s?}", "id", api_id(entries[i].id),
			"at", api_instant(entries[i].at), "user_id", entries[i].user_id ? api_id(entries[i].user_id) : json_null(),
			"object_type", entries[i].object_type, "object_id", entries[i].object_id ? api_id(entries[i].object_id) : json_null(),
			"action", entries[i].action, "request_id", entries[i].request_id));
	reply_json(r, 200, api_list(items, n > (size_t)limit ? entries[limit - 1].id : 0));
}
