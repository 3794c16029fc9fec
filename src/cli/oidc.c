/* oidc.c: psea oidc add|list: the single sign-on providers, with the same checks as
 * POST /api/v1/oidc-providers; and psea domains: an agency's e-mail domains. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "../api/api.h"
#include "../domain/accounts.h"

static const char usage[] =
	"usage: psea oidc add --db PATH --name NAME --issuer URL --client-id ID (--secret-file PATH | --secret-env VAR)\n"
	"                     --agency CODE[,CODE...] [--role ROLE] [--display-name TEXT] [--trust-email]\n"
	"       psea oidc list --db PATH\n";
static const char domains_usage[] = "usage: psea domains --db PATH --agency CODE [DOMAIN ... | --none]\n";

/* "UNICEF,WFP" into codes (arena). */
static size_t split_codes(struct arena *a, const char *list, const char ***codes)
{
	char *copy = arena_strdup(a, list ? list : "");
	size_t n = 0, cap = 0;
	*codes = NULL;
	for (char *save, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		*codes = arena_grow(a, *codes, &cap, n, sizeof **codes);
		(*codes)[n++] = tok;
	}
	return n;
}

struct provider_add {
	struct oidc_provider *provider;
	int64_t id;             /* 0 until the write runs */
};

static int write_provider(struct db *db, struct audit *audit, void *ctx)
{
	struct provider_add *w = ctx;
	w->id = store_oidc_provider_add(db, w->provider, audit->now);
	return w->id > 0 ? audit_add(audit, "oidc_provider", w->id, "create") : (int)w->id;
}

struct domains_set {
	int64_t agency_id;
	char **domains;
	size_t n;
};

static int write_domains(struct db *db, struct audit *audit, void *ctx)
{
	struct domains_set *w = ctx;
	int rc = store_agency_set_domains(db, w->agency_id, w->domains, w->n);
	return rc == STORE_OK ? audit_add(audit, "agency", w->agency_id, "domains") : rc;
}

static int set_domains(struct db *db, int64_t agency_id, char **domains, size_t n)
{
	struct domains_set w = {agency_id, domains, n};
	struct audit audit = {.request_id = "cli", .now = clock_now()};
	return store_write(db, &audit, write_domains, &w);
}

static int oidc_add(struct store *s, struct cli_opt *o)
{
	struct arena a;
	arena_init(&a);
	struct db *db = store_acquire(s);
	struct oidc_provider p = {.name = (char *)o[1].value, .issuer = (char *)o[2].value, .client_id = (char *)o[3].value,
				  .secret_file = (char *)o[4].value, .secret_env = (char *)o[5].value,
				  .role = (char *)(o[7].value ? o[7].value : "agency_reader"),
				  .display_name = (char *)(o[8].value ? o[8].value : o[1].value), .email_trusted = o[9].value != NULL};
	const char **codes;
	size_t ncodes = split_codes(&a, o[6].value, &codes);
	json_t *errs = json_array();
	api_oidc_provider_check(db, &a, &p, codes, ncodes, errs);
	int rc = 1;
	if (!errs) {
		fputs("psea: out of memory\n", stderr);
	} else if (json_array_size(errs) > 0) {
		fprintf(stderr, "psea: %s\n", json_string_value(json_object_get(json_array_get(errs, 0), "message")));
	} else {
		struct provider_add w = {&p, 0};
		struct audit audit = {.request_id = "cli", .now = clock_now()};
		if (store_write(db, &audit, write_provider, &w) == STORE_OK) {
			printf("added provider %s (id %lld); register this redirect URI with it: https://YOUR-PORTAL/api/v1/auth/oidc/callback\n",
			       p.name, (long long)w.id);
			rc = 0;
		} else if (w.id == 0) {
			/* the transaction did not begin: nothing was tried */
			fputs("psea: the database is busy; try again\n", stderr);
		} else {
			fprintf(stderr, w.id == STORE_ECONSTRAINT ? "psea: a provider named %s exists already\n"
								  : "psea: the provider %s could not be written\n", p.name);
		}
	}
	json_decref(errs);
	store_release(s, db);
	arena_free(&a);
	return rc;
}

static int oidc_list(struct store *s)
{
	struct arena a;
	arena_init(&a);
	struct db *db = store_acquire(s);
	struct oidc_provider *ps;
	size_t n;
	int rc = store_oidc_providers(db, &a, false, &ps, &n) == STORE_OK ? 0 : 1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		printf("%s\t%s\t%s\tclient %s\trole %s\tagencies", ps[i].name, ps[i].active ? "active" : "inactive", ps[i].issuer,
		       ps[i].client_id, ps[i].role);
		for (size_t j = 0; j < ps[i].nagencies; j++) {
			struct org o;
			if (store_org_get(db, &a, ps[i].agencies[j], &o) == STORE_OK)
				printf("%s%s", j ? "," : " ", o.code);
		}
		putchar('\n');
	}
	if (rc)
		fputs("psea: the providers could not be read\n", stderr);
	store_release(s, db);
	arena_free(&a);
	return rc;
}

int cmd_oidc(int argc, char **argv)
{
	if (cli_wants_help(argc, argv) || argc < 1) {
		fputs(usage, argc < 1 ? stderr : stdout);
		if (argc >= 1)
			fputs("Registers an OpenID Connect provider for single sign-on. The client secret stays in the file or\n"
			      "environment variable named; accounts it creates get ROLE (default agency_reader) in the agency\n"
			      "whose e-mail domains hold the person's address. --trust-email: the provider's addresses count as\n"
			      "verified without an email_verified claim (Entra ID sends none; use it for your own tenant only).\n", stdout);
		return argc < 1 ? 2 : 0;
	}
	struct cli_opt o[] = {{"--db", NULL}, {"--name", NULL}, {"--issuer", NULL}, {"--client-id", NULL},
			      {"--secret-file", NULL}, {"--secret-env", NULL}, {"--agency", NULL}, {"--role", NULL},
			      {"--display-name", NULL}, {"--trust-email!", NULL}};
	bool add = strcmp(argv[0], "add") == 0, list = strcmp(argv[0], "list") == 0;
	if ((!add && !list) || !cli_parse(argc - 1, argv + 1, o, 10, NULL, 0, NULL) || !o[0].value ||
	    (add && (!o[1].value || !o[2].value || !o[3].value || !o[6].value))) {
		fputs(usage, stderr);
		return 2;
	}
	struct store *s = cli_open_store(o[0].value, 1);
	if (!s)
		return 1;
	int rc = add ? oidc_add(s, o) : oidc_list(s);
	store_close(s);
	return rc;
}

int cmd_domains(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(domains_usage, stdout);
		fputs("Shows an agency's e-mail domains, or replaces them with those given. Agency accounts need an\n"
		      "address in one of them; an agency without any (--none) accepts every address.\n", stdout);
		return 0;
	}
	struct cli_opt o[] = {{"--db", NULL}, {"--agency", NULL}, {"--none!", NULL}};
	const char *rest[64];
	int nrest = 0;
	if (!cli_parse(argc, argv, o, 3, rest, 64, &nrest) || !o[0].value || !o[1].value || (o[2].value && nrest > 0)) {
		fputs(domains_usage, stderr);
		return 2;
	}
	struct arena a;
	arena_init(&a);
	const char *problem = NULL;
	char **lowered = arena_alloc(&a, (size_t)(nrest + 1) * sizeof *lowered);
	for (int i = 0; i < nrest && !problem; i++) {
		/* the rule and the writing of the API's (PATCH /api/v1/agencies) */
		lowered[i] = agency_domain_normalize(&a, rest[i]);
		problem = agency_domain_problem(lowered[i]);
	}
	if (problem) {
		fprintf(stderr, "psea: %s\n", problem);
		arena_free(&a);
		return 2;
	}
	struct store *s = cli_open_store(o[0].value, 1);
	if (!s) {
		arena_free(&a);
		return 1;
	}
	struct db *db = store_acquire(s);
	struct org agency;
	char **domains;
	size_t n;
	int rc = 1;
	if (store_agency_by_code(db, &a, o[1].value, &agency) != STORE_OK)
		fprintf(stderr, "psea: there is no agency '%s'\n", o[1].value);
	else if ((nrest > 0 || o[2].value) && set_domains(db, agency.id, lowered, (size_t)nrest) != STORE_OK) {
		fputs("psea: the domains could not be written\n", stderr);
	} else if (store_agency_domain_names(db, &a, agency.id, &domains, &n) != STORE_OK) {
		fputs("psea: the domains could not be read\n", stderr);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%s\n", domains[i]);
		if (n == 0)
			printf("(none: %s accepts every e-mail address)\n", agency.code);
		rc = 0;
	}
	store_release(s, db);
	store_close(s);
	arena_free(&a);
	return rc;
}
