/* screening.h (store): an agency's screening and training figures per year (screening.c). */
#ifndef PSEA_STORE_SCREENING_H
#define PSEA_STORE_SCREENING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"
#include "../domain/screening.h"

/* --- an agency's screening and training figures per year (screening.c) --- */
/* The agency's figures for the year: STORE_OK with *out filled (-1 for counts not known) and
 * *updated_at, or STORE_ENOTFOUND when none were entered. */
int store_screening_get(struct db *db, int64_t agency_id, int year, struct screening_figures *out, instant_t *updated_at);
/* Writes the agency's figures for the year, replacing those entered before. */
int store_screening_set(struct db *db, int64_t agency_id, int year, const struct screening_figures *f,
			instant_t now, int64_t user_id);
#endif
