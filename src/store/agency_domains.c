/* agency_domains.c: the e-mail domains of each agency. An agency account's address must be in
 * one of them; an agency without any accepts every address, so that deployments made before the
 * domains existed keep working until an administrator lists them. */
#include <string.h>
#include "db.h"
#include "agency_domains.h"

/* The domains a new database starts with, by agency code: the agencies' own. */
static const struct { const char *code, *domains[3]; } seeded_domains[] = {
	{"UNSEC", {"un.org"}}, {"UNWOMEN", {"unwomen.org"}}, {"FAO", {"fao.org"}}, {"IOM", {"iom.int"}},
	{"UNDP", {"undp.org"}}, {"UNFPA", {"unfpa.org"}}, {"UNHCR", {"unhcr.org"}}, {"UNICEF", {"unicef.org"}},
	{"WHO", {"who.int"}}, {"WFP", {"wfp.org"}},
};

int store_seed_agency_domains(struct db *db, int64_t agency_id, const char *code)
{
	for (size_t i = 0; i < sizeof seeded_domains / sizeof seeded_domains[0]; i++) {
		if (strcmp(seeded_domains[i].code, code) != 0)
			continue;
		for (size_t j = 0; j < 3 && seeded_domains[i].domains[j]; j++) {
			int rc = store_agency_domain_add(db, agency_id, seeded_domains[i].domains[j]);
			if (rc != STORE_OK)
				return rc;
		}
	}
	return STORE_OK;
}

static void read_text(struct db_stmt *st, struct arena *a, void *row) { *(char **)row = arena_strdup(a, db_text(st, 0)); }

int store_agency_domain_names(struct db *db, struct arena *a, int64_t agency_id, char ***out, size_t *n)
{
	return DB_READ_ALL(db, a, read_text, out, n, "SELECT domain FROM agency_domains WHERE agency_id = ? ORDER BY domain",
			   "i", agency_id);
}

int store_agency_domain_add(struct db *db, int64_t agency_id, const char *domain)
{
	int64_t listed = 0;
	int rc = db_scalar(db, &listed, "SELECT count(*) FROM agency_domains WHERE agency_id = ? AND domain = ?", "is",
			   agency_id, domain);
	if (rc != STORE_OK || listed > 0)
		return rc;
	return store_code(db_exec(db, "INSERT INTO agency_domains (agency_id, domain) VALUES (?, ?)", "is",
				  agency_id, domain));
}
