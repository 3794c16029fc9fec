/* demo.c: psea demo --db PATH: fills an empty database with a demonstration a newcomer can
 * click through, and prints the accounts. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "../http/auth.h"
#include "../store/write.h"
#include "demo_partners.h"
#include "demo_csip.h"
#include <stdlib.h>
#include "demo_generate.h"
#include "demo_incidents.h" /* the allegations register */

static const char usage[] = "usage: psea demo --db PATH|postgresql://... [--data DIR] [--partners N [--seed S]]\n";

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

#define DAY 86400
#define YEAR (365 * DAY)

/* Partners in every status of the process, so that each page has something to show. */
static int fill_partners(struct demo_ctx *c, int64_t hope, int64_t partner_editor, int64_t who)
{
	instant_t now = c->now;
	int64_t id;
	/* The demo partner accounts' own organisation: a self-assessment under way. */
	c->partner_user_id = partner_editor;
	if (demo_assessment(c, hope, DEMO_SELF_ASSESSMENT, "yyn-----", now - 20 * DAY, 0) < 0 ||
	    demo_partnership(c, hope, c->lead_agency_id, now - 2 * YEAR) < 0)
		return -1;
	c->partner_user_id = 0; /* the others are filled by the agency on the partner's behalf */
	static const struct { const char *name, *type, *country; enum demo_stage stage; const char *answers; int age_days; } rows[] = {
		{"Sunrise Women's Network", "cbo", "KE", DEMO_INTRO, "--------", 3},
		{"Lake Region Youth Alliance", "national_ngo", "UG", DEMO_SUBMITTED, "yyynyyna", 25},
		{"Green Valley University", "academic", "KE", DEMO_RATED, "yyyyyyyy", 200},
		{"Kenya Red Cross Society", "red_cross_red_crescent", "KE", DEMO_RATED, "yyyyyyna", 400},
		{"Rural Voices Community Group", "cbo", "SO", DEMO_RATED, "ynnynnyn", 150},
		{"Safe Harbour Trust", "national_ngo", "KE", DEMO_RATING_UNLOCKED, "yyyyyyyy", 500},
		{"Northern Relief Association", "national_ngo", "ET", DEMO_RATED, "yyyyyyna", 5 * 365 + 120},
		{"Amani Peace Forum", "national_ngo", "KE", DEMO_RATED, "yyyyyynn", 4 * 365 + 200},
		{"Bridgeway Community Services", "national_ngo", "UG", DEMO_RATED, "yyyyyyyn", 300},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if ((id = demo_partner(c, rows[i].name, rows[i].type, rows[i].country, 0)) < 0 ||
		    demo_partnership(c, id, c->lead_agency_id, now - 3 * YEAR) < 0 ||
		    demo_assessment(c, id, rows[i].stage, rows[i].answers, now - rows[i].age_days * DAY, 40) < 0)
			return -1;
	}
	/* A shared partner: UNICEF and WHO verify one assessment together. */
	if ((id = demo_partner(c, "Coastal Health Initiative", "national_ngo", "TZ", 0)) < 0)
		return -1;
	int64_t shared = demo_assessment(c, id, DEMO_VERIFICATION, "yyyynyya", now - 35 * DAY, 0);
	if (shared < 0 || store_assessment_add_agency(c->db, shared, who, 0, now - 30 * DAY) != STORE_OK ||
	    demo_partnership(c, id, who, now - YEAR) < 0)
		return -1;
	/* An INGO: headquarters assessed, its country office not yet. */
	int64_t hq = demo_partner(c, "Global Aid International", "international_cso", "CH", 0);
	if (hq < 0 || demo_assessment(c, hq, DEMO_RATED, "yyyyyyya", now - 300 * DAY, 40) < 0)
		return -1;
	if ((id = demo_partner(c, "Global Aid International - Kenya", "international_cso", "KE", hq)) < 0 ||
	    demo_partnership(c, id, c->lead_agency_id, now - YEAR) < 0 ||
	    demo_assessment(c, id, DEMO_INTRO, "--------", now - 5 * DAY, 0) < 0)
		return -1;
	/* A rating migrated from UNICEF's earlier tool (moderate risk: medium capacity). */
	if ((id = demo_partner(c, "Horizon Learning Trust", "national_ngo", "KE", 0)) < 0 ||
	    demo_partnership(c, id, c->lead_agency_id, now - 4 * YEAR) < 0 ||
	    demo_past_assessment(c, id, c->lead_agency_id, now - 2 * YEAR, "medium", "moderate") < 0)
		return -1;
	/* Never assessed. */
	if ((id = demo_partner(c, "Valley Farmers Cooperative", "cbo", "UG", 0)) < 0 ||
	    demo_partnership(c, id, c->lead_agency_id, now - 100 * DAY) < 0)
		return -1;
	return 0;
}

static int fill(struct db *db, instant_t now, const char *data_dir)
{
	struct arena a;
	arena_init(&a);
	struct org unicef, who;
	int64_t user_ids[sizeof accounts / sizeof accounts[0]] = {0};
	struct demo_ctx c = {.db = db, .arena = &a, .now = now, .data_dir = data_dir};
	int64_t partner = demo_partner(&c, "Hope Rising Foundation", "national_ngo", "KE", 0);
	int rc = store_agency_by_code(db, &a, "UNICEF", &unicef) == STORE_OK &&
		 store_agency_by_code(db, &a, "WHO", &who) == STORE_OK && partner > 0 ? 0 : -1;
	/* the demonstration's addresses are at its own domains */
	if (rc == 0 && (store_agency_domain_add(db, unicef.id, "unicef.demo.psea") != STORE_OK ||
			store_agency_domain_add(db, unicef.id, "demo.psea") != STORE_OK))
		rc = -1;
	char hash[128];
	if (rc == 0 && password_hash(DEMO_PASSWORD, hash) != 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < sizeof accounts / sizeof accounts[0]; i++) {
		struct user u = {.email = (char *)accounts[i].email, .name = (char *)accounts[i].name,
				 .role = (char *)accounts[i].role, .language = "en", .org = unicef};
		if (accounts[i].partner)
			u.org.id = partner;
		if ((user_ids[i] = store_user_add(db, &u, hash, now)) < 0)
			rc = -1;
	}
	if (rc == 0) {
		c.lead_agency_id = unicef.id;
		c.advanced_user_id = user_ids[1];
		c.editor_user_id = user_ids[2];
		rc = fill_partners(&c, partner, user_ids[5], who.id);
		if (rc == 0)
			rc = demo_csip_fill(&c); /* plans in draft, overdue, active and completed */
	}
	/* the allegations register: recorded by the focal point */
	if (rc == 0)
		rc = demo_incidents(&c, partner, user_ids[4]);
	arena_free(&a);
	return rc;
}

/* Documents go under --data, or beside an SQLite database file in "data" (where `make run`
 * serves them from); a PostgreSQL demonstration without --data has no documents. */
static const char *default_data_dir(const char *db)
{
	static char dir[4096];
	if (strncmp(db, "postgres", 8) == 0)
		return NULL;
	if (strncmp(db, "sqlite:", 7) == 0)
		db += 7;
	const char *slash = strrchr(db, '/');
	if (!slash)
		return "data";
	snprintf(dir, sizeof dir, "%.*s/data", (int)(slash - db), db);
	return dir;
}

struct demo_write {
	const char *data_dir;
	long partners;          /* generated partners beside the fixed ones, 0 for none */
	unsigned long long seed;
	struct demo_generated generated;
	bool written;           /* everything was written; only the commit is left */
};

static int fill_demo(struct db *db, struct audit *audit, void *ctx)
{
	struct demo_write *w = ctx;
	if (fill(db, audit->now, w->data_dir) != 0 ||
	    (w->partners > 0 && demo_generate(db, w->partners, w->seed, audit->now, &w->generated) != STORE_OK))
		return STORE_ERROR;
	w->written = true;
	return STORE_OK;
}

/* The whole demonstration in one transaction, or nothing. */
static int write_demo(struct db *db, struct demo_write *w)
{
	struct audit audit = {.request_id = "cli", .now = clock_now()};
	return store_write(db, &audit, fill_demo, w);
}

int cmd_demo(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		fputs("Fills an empty database (no accounts yet) with a demonstration and prints its accounts.\n", stdout);
		fputs("--partners N adds N generated partners in realistic proportions (for benchmarks);\n"
		      "--seed S picks another, equally repeatable, data set (default 1).\n", stdout);
		return 0;
	}
	struct cli_opt o[] = {{"--db", NULL}, {"--data", NULL}, {"--partners", NULL}, {"--seed", NULL}};
	if (!cli_parse(argc, argv, o, 4, NULL, 0, NULL) || !o[0].value) {
		fputs(usage, stderr);
		return 2;
	}
	/* --- the generated data set (demo_generate.c) --- */
	char *end = "";
	long partners = o[2].value ? strtol(o[2].value, &end, 10) : 0;
	bool bad_partners = *end || partners < 0 || partners > 10000000;
	unsigned long long seed = o[3].value ? strtoull(o[3].value, &end, 10) : 1;
	if (bad_partners || *end) {
		fputs("psea: --partners must be a number from 0 to 10000000 and --seed a whole number\n", stderr);
		return 2;
	}
	/* --- end of the generated data set's options --- */
	if (auth_init() != 0)
		return 1;
	struct store *s = cli_open_store(o[0].value, 1);
	if (!s)
		return 1;
	struct db *db = store_acquire(s);
	int rc = 1;
	int64_t users = 0;
	struct demo_write w = {o[1].value ? o[1].value : default_data_dir(o[0].value), partners, seed, {0}, false};
	struct demo_generated *generated = &w.generated;
	if (store_user_count(db, &users) != STORE_OK) {
		fprintf(stderr, "psea: cannot count the accounts: the database failed\n");
	} else if (users > 0) {
		fprintf(stderr, "psea: the database has accounts already; the demonstration needs an empty one\n");
	} else if (write_demo(db, &w) != STORE_OK) {
		fprintf(stderr, w.written ? "psea: the demonstration could not be committed\n"
					  : "psea: the demonstration could not be written: database error\n");
	} else {
		printf("demo accounts (password for all: %s):\n", DEMO_PASSWORD);
		for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++)
			printf("  %-28s %s\n", accounts[i].email, accounts[i].role);
		if (partners > 0)
			printf("generated: %ld partners, %ld partnerships, %ld assessments (%ld rated), %ld documents, "
			       "%ld plans (%ld activities)\n", generated->partners, generated->partnerships,
			       generated->assessments, generated->rated, generated->documents, generated->plans,
			       generated->activities);
		rc = 0;
	}
	store_release(s, db);
	store_close(s);
	return rc;
}
