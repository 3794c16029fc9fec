/* agencies.c: the participating UN agencies (DOMAIN.md, "Organisations and people"). Everyone
 * signed in reads them; an administrator adds one (code, name, e-mail domains) and changes its
 * name and domains. The code names the agency on the command line and in imported files, so it
 * never changes once given. */
#include <stdlib.h>
#include <string.h>
#include "handlers.h"
#include "api.h"
#include "../domain/accounts.h"
#include "../domain/roles.h"

/* {"id", "kind", "name", "code", "version", "domains": [...]}; domains: the agency's, from the
 * list read (every agency's, by agency). New reference. */
static json_t *agency_json(struct req *r, const struct org *o, const struct agency_domain *d, size_t nd)
{
	json_t *j = api_org_json(o);
	json_t *domains = json_array();
	for (size_t i = 0; i < nd; i++)
		if (d[i].agency_id == o->id)
			json_array_append_new(domains, json_string(d[i].domain));
	json_object_set_new(j, "domains", domains);
	int64_t version = store_org_version(r->db, o->id);
	json_object_set_new(j, "version", version > 0 ? json_integer(version) : json_null());
	return j;
}

void agencies_list(struct req *r)
{
	struct org *agencies;
	struct agency_domain *domains;
	size_t n, nd;
	int rc = store_agencies(r->db, &r->arena, &agencies, &n);
	if (rc == STORE_OK)
		rc = store_agency_domains(r->db, &r->arena, 0, &domains, &nd);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, agency_json(r, &agencies[i], domains, nd));
	reply_json(r, 200, api_list(items, 0));
}

/* Reads "domains": an array of e-mail domains, normalised, each checked, repeats dropped.
 * Appends an error per bad entry; *out is NULL when the member is absent. */
static void parse_domains(struct req *r, json_t *errs, char ***out, size_t *n)
{
	json_t *list = json_object_get(r->body, "domains");
	*out = NULL;
	*n = 0;
	if (!list)
		return;
	if (!json_is_array(list)) {
		json_array_append_new(errs, problem_error("domains", "invalid_type",
			"domains is a list of e-mail domains, such as [\"unops.org\"]."));
		return;
	}
	if (json_array_size(list) > AGENCY_DOMAINS_MAX) {
		json_array_append_new(errs, problem_error("domains", "too_many", "An agency has at most 20 e-mail domains."));
		return;
	}
	*out = arena_alloc(&r->arena, (json_array_size(list) + 1) * sizeof **out);
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		char *field = arena_printf(&r->arena, "domains[%zu]", i);
		const char *text = json_string_value(v);
		if (!text) {
			json_array_append_new(errs, problem_error(field, "invalid_type", "Each domain is text, such as unops.org."));
			continue;
		}
		if (strlen(text) > AGENCY_DOMAIN_MAX + 2) {
			json_array_append_new(errs, problem_error(field, "too_long", "A domain has at most 253 characters."));
			continue;
		}
		char *domain = agency_domain_normalize(&r->arena, text);
		const char *problem = agency_domain_problem(domain);
		if (problem) {
			json_array_append_new(errs, problem_error(field, "invalid_value", problem));
			continue;
		}
		bool repeated = false;
		for (size_t k = 0; k < *n; k++)
			repeated = repeated || strcmp((*out)[k], domain) == 0;
		if (!repeated)
			(*out)[(*n)++] = domain;
	}
}

/* Writes the domains (inside a write), or answers 409 when one is another agency's. */
static int write_domains(struct req *r, int64_t agency_id, char **domains, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int64_t owner = store_agency_of_domain(r->db, domains[i]);
		if (owner < 0)
			return (int)owner;
		if (owner && owner != agency_id) {
			reply_problem(r, 409, "domain_taken", arena_printf(&r->arena,
				"The domain %s is another agency's already; remove it there first, or leave it out.", domains[i]), NULL);
			return API_ANSWERED;
		}
	}
	return store_agency_set_domains(r->db, agency_id, domains, n);
}

/* What agencies_create and agencies_update write. */
struct agency_write {
	int64_t id, version;
	const char *code, *name;
	char **domains;
	size_t nd;
};

static int write_new_agency(struct req *r, struct audit *audit, void *ctx)
{
	struct agency_write *w = ctx;
	w->id = store_agency_add(r->db, w->code, w->name, r->now);
	if (w->id == STORE_ECONSTRAINT) {
		reply_problem(r, 409, "code_taken", "An agency with this code exists already; change that one instead.", NULL);
		return API_ANSWERED;
	}
	int rc = w->id < 0 ? (int)w->id : write_domains(r, w->id, w->domains, w->nd);
	return rc != STORE_OK ? rc : audit_add(audit, "agency", w->id, "create");
}

static int write_agency_change(struct req *r, struct audit *audit, void *ctx)
{
	struct agency_write *w = ctx;
	int rc = store_agency_update(r->db, w->id, w->version, w->name);
	if (rc == STORE_OK && w->domains)
		rc = write_domains(r, w->id, w->domains, w->nd);
	return rc != STORE_OK ? rc : audit_add(audit, "agency", w->id, "update");
}

static void reply_agency(struct req *r, int status, int64_t id)
{
	struct org o;
	struct agency_domain *domains;
	size_t nd;
	int rc = store_org_get(r->db, &r->arena, id, &o);
	if (rc == STORE_OK)
		rc = store_agency_domains(r->db, &r->arena, id, &domains, &nd);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	reply_json(r, status, agency_json(r, &o, domains, nd));
}

void agencies_create(struct req *r)
{
	if (!api_allow(r, api_role(r) == ROLE_ADMIN) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	const char *code = api_str(r->body, "code", AGENCY_CODE_MAX * 4, true, errs);
	const char *name = api_str(r->body, "name", API_NAME_MAX, true, errs);
	const char *problem;
	if (code && (problem = agency_code_problem(code)))
		json_array_append_new(errs, problem_error("code", "invalid_value", problem));
	if (name && !name[strspn(name, " ")])
		json_array_append_new(errs, problem_error("name", "required", "Give the agency's name, such as UNOPS."));
	char **domains;
	size_t nd;
	parse_domains(r, errs, &domains, &nd);
	if (api_invalid(r, errs))
		return;
	struct org existing;
	if (store_agency_by_code(r->db, &r->arena, code, &existing) == STORE_OK) {
		reply_problem(r, 409, "code_taken", arena_printf(&r->arena,
			"An agency with the code %s exists already; change that one instead.", code), NULL);
		return;
	}
	struct agency_write w = {.code = code, .name = name, .domains = domains, .nd = nd};
	if (api_write(r, write_new_agency, &w))
		reply_agency(r, 201, w.id);
}

void agencies_update(struct req *r)
{
	if (!api_allow(r, api_role(r) == ROLE_ADMIN) || !api_body_object(r))
		return;
	int64_t id = req_param_id(r, 0), version = 0;
	if (api_if_match(r, &version) < 0)
		return;
	struct org o;
	int rc = id ? store_org_get(r->db, &r->arena, id, &o) : STORE_ENOTFOUND;
	if (rc == STORE_OK && strcmp(o.kind, "agency") != 0)
		rc = STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		if (rc == STORE_ENOTFOUND)
			reply_problem(r, 404, "not_found", "There is no agency with this id.", NULL);
		else
			api_store_failed(r, rc);
		return;
	}
	json_t *errs = json_array();
	const char *name = api_str(r->body, "name", API_NAME_MAX, false, errs);
	if (name && !name[strspn(name, " ")])
		json_array_append_new(errs, problem_error("name", "required", "Give the agency's name, or leave name out to keep it."));
	const char *code = api_str(r->body, "code", AGENCY_CODE_MAX * 4, false, errs);
	if (code && strcmp(code, o.code ? o.code : "") != 0)
		json_array_append_new(errs, problem_error("code", "immutable",
			"An agency's code never changes (accounts and imported files name it); leave code out."));
	char **domains;
	size_t nd;
	parse_domains(r, errs, &domains, &nd);
	if (api_invalid(r, errs))
		return;
	struct agency_write w = {.id = id, .version = version, .name = name, .domains = domains, .nd = nd};
	if (api_write(r, write_agency_change, &w))
		reply_agency(r, 200, id);
}
