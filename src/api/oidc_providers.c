/* oidc_providers.c: the single sign-on providers an administrator registers (API and
 * `psea oidc add` share the checks). */
#include <ctype.h>
#include <string.h>
#include "api.h"
#include "../domain/roles.h"

#define PROVIDER_NAME_MAX 40

/* Issuers are reached over TLS; plain HTTP only on this machine (a provider run for tests). */
static bool issuer_ok(const char *issuer)
{
	if (strncmp(issuer, "https://", 8) == 0)
		return strlen(issuer) > 8 && !strpbrk(issuer, " \t\r\n?#");
	static const char *const loopback[] = {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/",
					       "http://[::1]:"};
	for (size_t i = 0; i < sizeof loopback / sizeof loopback[0]; i++)
		if (strncmp(issuer, loopback[i], strlen(loopback[i])) == 0)
			return !strpbrk(issuer, " \t\r\n?#");
	return false;
}

static bool name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > PROVIDER_NAME_MAX)
		return false;
	for (const char *p = name; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-')
			return false;
	return true;
}

void api_oidc_provider_check(struct db *db, struct arena *a, struct oidc_provider *p, const char *const *codes,
			     size_t ncodes, json_t *errs)
{
	if (p->name && !name_ok(p->name))
		json_array_append_new(errs, problem_error("name", "invalid_value",
			"The name goes in the sign-in address: 1 to 40 lower-case letters, digits or hyphens, such as entra or unicef-okta."));
	if (p->issuer && !issuer_ok(p->issuer))
		json_array_append_new(errs, problem_error("issuer", "invalid_value",
			"The issuer is the provider's https:// address as its discovery document gives it (plain http only on 127.0.0.1 or localhost)."));
	if (!p->secret_file == !p->secret_env)
		json_array_append_new(errs, problem_error("client_secret_file", "required",
			"Name either the file (client_secret_file) or the environment variable (client_secret_env) that holds the client secret."));
	if (p->secret_env && (!*p->secret_env || strpbrk(p->secret_env, "= \t\r\n")))
		json_array_append_new(errs, problem_error("client_secret_env", "invalid_value", "Give the name of an environment variable, such as PSEA_ENTRA_SECRET."));
	if (p->secret_file && p->secret_file[0] != '/')
		json_array_append_new(errs, problem_error("client_secret_file", "invalid_value", "Give the absolute path of the file holding the secret."));
	enum role role = role_parse(p->role);
	if (!role_is_agency(role))
		json_array_append_new(errs, problem_error("role", "invalid_value",
			"New accounts get an agency role: agency_reader, agency_editor, agency_advanced_editor or agency_focal_point."));
	if (ncodes == 0)
		json_array_append_new(errs, problem_error("agencies", "required", "Name at least one agency the provider serves, by code (such as UNICEF)."));
	p->agencies = arena_alloc(a, (ncodes ? ncodes : 1) * sizeof *p->agencies);
	p->nagencies = 0;
	for (size_t i = 0; i < ncodes; i++) {
		struct org agency;
		if (store_agency_by_code(db, a, codes[i], &agency) != STORE_OK) {
			json_array_append_new(errs, problem_error("agencies", "unknown",
				arena_printf(a, "There is no agency with the code %s.", codes[i])));
			continue;
		}
		bool repeated = false;
		for (size_t j = 0; j < p->nagencies; j++)
			repeated |= p->agencies[j] == agency.id;
		if (!repeated)
			p->agencies[p->nagencies++] = agency.id;
	}
}

static json_t *provider_json(struct req *r, const struct oidc_provider *p)
{
	json_t *agencies = json_array();
	for (size_t i = 0; i < p->nagencies; i++) {
		struct org o;
		if (store_org_get(r->db, &r->arena, p->agencies[i], &o) == STORE_OK)
			json_array_append_new(agencies, json_string(o.code));
	}
	return json_pack("{s:o, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s, s:o, s:b, s:b, s:I, s:s}", "id", api_id(p->id),
			 "name", p->name, "display_name", p->display_name, "issuer", p->issuer, "client_id", p->client_id,
			 "client_secret_file", p->secret_file, "client_secret_env", p->secret_env, "role", p->role,
			 "agencies", agencies, "email_trusted", p->email_trusted, "active", p->active, "version", (json_int_t)p->version,
			 "redirect_path", "/api/v1/auth/oidc/callback");
}

static bool is_admin(struct req *r) { return api_allow(r, api_role(r) == ROLE_ADMIN); }

void oidc_providers_list(struct req *r)
{
	if (!is_admin(r))
		return;
	struct oidc_provider *ps;
	size_t n;
	int rc = store_oidc_providers(r->db, &r->arena, false, &ps, &n);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, provider_json(r, &ps[i]));
	reply_json(r, 200, api_list(items, 0));
}

static int write_new_provider(struct req *r, struct audit *audit, void *ctx)
{
	struct oidc_provider *p = ctx;
	p->id = store_oidc_provider_add(r->db, p, r->now);
	if (p->id == STORE_ECONSTRAINT) {
		reply_problem(r, 409, "name_taken", "A provider with this name exists already; choose another name.", NULL);
		return API_ANSWERED;
	}
	return p->id < 0 ? (int)p->id : audit_add(audit, "oidc_provider", p->id, "create");
}

void oidc_providers_create(struct req *r)
{
	if (!is_admin(r) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	struct oidc_provider p = {0};
	p.name = (char *)api_str(r->body, "name", PROVIDER_NAME_MAX + 1, true, errs);
	p.display_name = (char *)api_str(r->body, "display_name", API_NAME_MAX, false, errs);
	p.issuer = (char *)api_str(r->body, "issuer", 1000, true, errs);
	p.client_id = (char *)api_str(r->body, "client_id", API_NAME_MAX, true, errs);
	p.secret_file = (char *)api_str(r->body, "client_secret_file", 1000, false, errs);
	p.secret_env = (char *)api_str(r->body, "client_secret_env", 200, false, errs);
	p.role = (char *)api_str(r->body, "role", 64, false, errs);
	if (!p.role)
		p.role = "agency_reader";
	json_t *trusted = json_object_get(r->body, "email_trusted");
	if (trusted && !json_is_boolean(trusted))
		json_array_append_new(errs, problem_error("email_trusted", "invalid_type", "email_trusted must be true or false."));
	p.email_trusted = json_is_true(trusted);
	json_t *agencies = json_object_get(r->body, "agencies"), *v;
	size_t ncodes = 0, i;
	const char **codes = arena_alloc(&r->arena, (json_array_size(agencies) + 1) * sizeof *codes);
	if (agencies && !json_is_array(agencies))
		json_array_append_new(errs, problem_error("agencies", "invalid_type", "agencies is a list of agency codes, such as [\"UNICEF\"]."));
	json_array_foreach(agencies, i, v)
		if (json_is_string(v))
			codes[ncodes++] = json_string_value(v);
	if (json_array_size(errs) == 0)
		api_oidc_provider_check(r->db, &r->arena, &p, codes, ncodes, errs);
	if (api_invalid(r, errs))
		return;
	if (!p.display_name || !*p.display_name)
		p.display_name = p.name;
	if (!api_write(r, write_new_provider, &p))
		return;
	struct oidc_provider created;
	store_oidc_provider_get(r->db, &r->arena, p.id, &created);
	reply_json(r, 201, provider_json(r, &created));
}

static int write_provider_active(struct req *r, struct audit *audit, void *ctx)
{
	const struct oidc_provider *change = ctx;
	int rc = change->id ? store_oidc_provider_set_active(r->db, change->id, change->active) : STORE_ENOTFOUND;
	return rc != STORE_OK ? rc : audit_add(audit, "oidc_provider", change->id, change->active ? "activate" : "deactivate");
}

void oidc_providers_update(struct req *r)
{
	if (!is_admin(r) || !api_body_object(r))
		return;
	int64_t id = req_param_id(r, 0);
	json_t *active = json_object_get(r->body, "active");
	if (!json_is_boolean(active)) {
		json_t *errs = json_array();
		json_array_append_new(errs, problem_error("active", "invalid_type", "Send {\"active\": true} or {\"active\": false}."));
		api_invalid(r, errs);
		return;
	}
	struct oidc_provider change = {.id = id, .active = json_is_true(active)};
	if (!api_write(r, write_provider_active, &change))
		return;
	struct oidc_provider p;
	store_oidc_provider_get(r->db, &r->arena, id, &p);
	reply_json(r, 200, provider_json(r, &p));
}
