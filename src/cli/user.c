/* user.c: psea user add --db PATH --email E --name N --role ROLE --org CODE|partner:ID --password-stdin */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "../domain/accounts.h"
#include "../domain/roles.h"
#include "../http/auth.h"
#include "../api/api.h"

static const char usage[] =
	"usage: psea user add --db PATH --email E --name N --role ROLE --org CODE|partner:ID --password-stdin [--language en|fr|es]\n";

/* Finds the organisation named by --org: an agency code or partner:ID. */
static int find_org(struct db *db, struct arena *a, const char *spec, struct org *org)
{
	if (strncmp(spec, "partner:", 8) == 0) {
		char *end;
		long long id = strtoll(spec + 8, &end, 10);
		if (*end || id <= 0 || store_org_get(db, a, id, org) != STORE_OK || strcmp(org->kind, "partner") != 0)
			return -1;
		return 0;
	}
	return store_agency_by_code(db, a, spec, org) == STORE_OK ? 0 : -1;
}

struct user_add {
	struct user *user;
	const char *hash;
	int64_t id;
};

/* The account and its audit line are written together, or neither. */
static int write_user(struct db *db, struct audit *audit, void *ctx)
{
	struct user_add *w = ctx;
	w->id = store_user_add(db, w->user, w->hash, audit->now);
	return w->id > 0 ? audit_add(audit, "user", w->id, "create") : (int)w->id;
}

/* Checks every field before anything is written; prints the first problem. */
static int add_user(struct store *s, struct cli_opt *o, const char *password)
{
	struct arena a;
	arena_init(&a);
	struct db *db = store_acquire(s);
	struct user u = {.email = account_email_normalize(&a, o[1].value), .name = (char *)o[2].value,
			 .role = (char *)o[3].value, .language = (char *)(o[6].value ? o[6].value : "en")};
	const char *problem = NULL;
	enum role role = role_parse(u.role);
	int rc = 1;
	if ((problem = account_email_problem(u.email)) || (problem = account_password_problem(password)))
		fprintf(stderr, "psea: %s\n", problem);
	else if (!*u.name)
		fprintf(stderr, "psea: the name must not be empty\n");
	else if (strpbrk(u.name, "\r\n\t"))
		fprintf(stderr, "psea: the name must be one line, without line breaks or tabs\n");
	else if (role == ROLE_NONE)
		fprintf(stderr, "psea: '%s' is not a role; use partner_reader, partner_editor, agency_reader, agency_editor, "
			"agency_advanced_editor, agency_focal_point or admin\n", u.role);
	else if (!account_language_ok(u.language))
		fprintf(stderr, "psea: the language must be en, fr or es\n");
	else if (find_org(db, &a, o[4].value, &u.org) != 0)
		fprintf(stderr, "psea: there is no organisation '%s'; give an agency code such as UNICEF, or partner:ID\n", o[4].value);
	else if (!role_fits_org(role, strcmp(u.org.kind, "agency") == 0))
		fprintf(stderr, "psea: the role %s does not fit %s, which is %s\n", u.role, u.org.name,
			strcmp(u.org.kind, "agency") == 0 ? "an agency" : "a partner");
	else if ((problem = api_email_domain_problem(db, &a, &u.org, u.email)))
		fprintf(stderr, "psea: %s\n", problem);
	else {
		char hash[128];
		struct user_add w = {&u, hash, 0};
		struct audit audit = {.request_id = "cli", .now = clock_now()};
		int64_t id = password_hash(password, hash) != 0 ? STORE_ERROR : store_write(db, &audit, write_user, &w);
		if (id == STORE_OK)
			id = w.id;
		if (id == STORE_ECONSTRAINT)
			fprintf(stderr, "psea: an account with the e-mail %s exists already\n", u.email);
		else if (id < 0)
			fprintf(stderr, "psea: the account could not be written\n");
		else {
			printf("created user %lld (%s, %s)\n", (long long)id, u.email, u.role);
			rc = 0;
		}
	}
	store_release(s, db);
	arena_free(&a);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		fputs("Creates an account. The password is read from the first line of standard input.\n", stdout);
		return 0;
	}
	if (argc < 1 || strcmp(argv[0], "add") != 0) {
		fputs(usage, stderr);
		return 2;
	}
	struct cli_opt o[] = {{"--db", NULL}, {"--email", NULL}, {"--name", NULL}, {"--role", NULL}, {"--org", NULL},
			      {"--password-stdin!", NULL}, {"--language", NULL}};
	if (!cli_parse(argc - 1, argv + 1, o, 7, NULL, 0, NULL) || !o[0].value || !o[1].value || !o[2].value ||
	    !o[3].value || !o[4].value || !o[5].value) {
		fputs(usage, stderr);
		return 2;
	}
	if (auth_init() != 0) {
		fputs("psea: the cryptography library could not start\n", stderr);
		return 1;
	}
	char *password = cli_read_password();
	if (!password) {
		fputs("psea: no password on standard input\n", stderr);
		return 1;
	}
	struct store *s = cli_open_store(o[0].value, 1);
	if (!s)
		return 1;
	int rc = add_user(s, o, password);
	store_close(s);
	return rc;
}
