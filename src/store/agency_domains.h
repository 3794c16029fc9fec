/* agency_domains.h (store): the e-mail domains of each agency (agency_domains.c). */
#ifndef PSEA_STORE_AGENCY_DOMAINS_H
#define PSEA_STORE_AGENCY_DOMAINS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"

/* --- the e-mail domains of each agency (agency_domains.c) --- */
/* The agency's domain names in alphabetical order (none: the agency accepts any address). */
int store_agency_domain_names(struct db *db, struct arena *a, int64_t agency_id, char ***out, size_t *n);
int store_agency_domain_add(struct db *db, int64_t agency_id, const char *domain); /* kept when listed already */
/* The domains a newly seeded agency starts with (its own, by code). */
int store_seed_agency_domains(struct db *db, int64_t agency_id, const char *code);
#endif
