/* demo.c: psea demo --db PATH: fills an empty database with a demonstration a newcomer can
 * click through, and prints the accounts. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "../http/auth.h"

static const char usage[] = "usage: psea demo --db PATH|postgresql://...\n";

#define DEMO_PASSWORD "demo-password"

struct demo_account { const char *email, *name, *role; bool partner; };

static const struct demo_account accounts[] = {
	{"admin@demo.psea", "Ada Admin", "admin", false},
	{"advanced@unicef.demo.psea", "Amina Advanced", "agency_advanced_editor", false},
	{"editor@unicef.demo.psea", "Eric Editor", "agency_editor", false},
	{"reader@unicef.demo.psea", "Rosa Reader", "agency_reader", false},
	{"focal@unicef.demo.psea", "Farid Focal", "agency_focal_point", false},
	{"editor@partner.demo.psea", "Pia Partner", "partner_editor", true},
	{"reader@partner.demo.psea", "Paulo Partner", "partner_reader", true},
};

static int fill(struct db *db, instant_t now)
{
	struct arena a;
	arena_init(&a);
	struct org unicef;
	int64_t partner = store_partner_org_add(db, "Hope Rising Foundation", now);
	int rc = store_agency_by_code(db, &a, "UNICEF", &unicef) == STORE_OK && partner > 0 ? 0 : -1;
	char hash[128];
	if (rc == 0 && password_hash(DEMO_PASSWORD, hash) != 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < sizeof accounts / sizeof accounts[0]; i++) {
		struct user u = {.email = (char *)accounts[i].email, .name = (char *)accounts[i].name,
				 .role = (char *)accounts[i].role, .language = "en", .org = unicef};
		if (accounts[i].partner)
			u.org.id = partner;
		if (store_user_add(db, &u, hash, now) < 0)
			rc = -1;
	}
	arena_free(&a);
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		fputs("Fills an empty database (no accounts yet) with a demonstration and prints its accounts.\n", stdout);
		return 0;
	}
	struct cli_opt o[] = {{"--db", NULL}};
	if (!cli_parse(argc, argv, o, 1, NULL, 0, NULL) || !o[0].value) {
		fputs(usage, stderr);
		return 2;
	}
	if (auth_init() != 0)
		return 1;
	struct store *s = cli_open_store(o[0].value, 1);
	if (!s)
		return 1;
	struct db *db = store_acquire(s);
	int rc = 1;
	if (store_user_count(db) > 0) {
		fprintf(stderr, "psea: the database has accounts already; the demonstration needs an empty one\n");
	} else if (store_begin(db) != STORE_OK || fill(db, clock_now()) != 0) {
		store_rollback(db);
		fprintf(stderr, "psea: the demonstration could not be written: %s\n", "database error");
	} else if (store_commit(db) != STORE_OK) {
		fprintf(stderr, "psea: the demonstration could not be committed\n");
	} else {
		printf("demo accounts (password for all: %s):\n", DEMO_PASSWORD);
		for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++)
			printf("  %-28s %s\n", accounts[i].email, accounts[i].role);
		rc = 0;
	}
	store_release(s, db);
	store_close(s);
	return rc;
}
