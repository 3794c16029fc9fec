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

int store_agency_domain_names(struct db *db, struct arena *a, int64_t agency_id, char ***out, size_t *n)
{
	struct db_stmt *st = db_query(db, "SELECT domain FROM agency_domains WHERE agency_id = ? ORDER BY domain",
				      "i", agency_id);
	if (!st) return STORE_ERROR;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		*out = arena_grow(a, *out, &cap, *n, sizeof **out);
		(*out)[(*n)++] = arena_strdup(a, db_text(st, 0));
	}
	db_done(st);
	return store_code(rc);
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
