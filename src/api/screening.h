/* screening.h: an agency's screening and training figures for a year, as the figures of the
 * register (incidents.c) show and export them beside their own. */
#ifndef PSEA_API_SCREENING_H
#define PSEA_API_SCREENING_H
#include <jansson.h>
#include <stdbool.h>
#include "../domain/screening.h"
#include "../http/http.h"

/* The agency's figures for the year (every count -1 when none were entered; *updated_at 0).
 * False after answering the store's failure. */
bool screening_read(struct req *r, int64_t agency_id, int year, struct screening_figures *f, instant_t *updated_at);
/* {"agency", "year", the four counts (null when unknown), screened_out_percent, training_percent,
 * updated_at}. */
json_t *screening_json(const struct org *agency, int year, const struct screening_figures *f, instant_t updated_at);
#endif
