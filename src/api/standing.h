/* standing.h: the standing of a partner (DOMAIN.md, "Validity and the partner's standing"):
 * its ratings loaded for a page of partners at once, completed by what its plan and the reviews
 * of corrective action decide, computed by the domain's pure functions, and the `psea` summary
 * of API.md. */
#ifndef PSEA_API_STANDING_H
#define PSEA_API_STANDING_H
#include "psea.h"
#include "../domain/standing.h"

/* The standings of a set of partners (a page of a list with the headquarters of its country
 * offices), loaded in a fixed number of queries whatever their number: every rating, the
 * reviews of corrective action, and the plan of each rating in force, once per partner. Then
 * computed by the domain's pure functions. Everything lives in r's arena. */
struct csip_of_record;
struct psea_standing_of {
	int64_t partner_id;
	struct standing standing;
	struct csip_of_record *plan;  /* of standing.record; not present for a migrated rating or none */
};
struct psea_standings {
	struct psea_standing_of *items; /* one per distinct partner id, by id */
	size_t n;
	struct org *agencies;           /* who rated: read once, by the first summary that names one */
	size_t nagencies;
	bool agencies_read;
};
int psea_standings_load(struct req *r, const int64_t *partner_ids, size_t n, struct psea_standings *out);
/* NULL when the partner was not among those loaded. */
const struct psea_standing_of *psea_standings_find(const struct psea_standings *s, int64_t partner_id);
/* The partner's `psea` summary of API.md, {"status", "rating", "rating_date", "valid_until",
 * "assessed_by", "csip", "eligible", "standards_met", "source", "standards": [...], "assessment_id"}; JSON null
 * when it was not loaded. New reference. */
json_t *psea_standings_summary_json(struct req *r, struct psea_standings *s, int64_t partner_id);
/* The agency that gave a loaded standing's rating (s->record->agency_id): from the raters read
 * once for the whole set, else read alone; NULL when it does not exist. */
const struct org *psea_standings_rater(struct req *r, struct psea_standings *s, int64_t agency_id);

/* Runs fn over every partner (agency_id: only those with a partnership with it), ordered by id,
 * a page at a time: one psea_standings_load per page, in an arena of the page's own that is
 * freed before the next, so that memory stays that of one page whatever the number of partners.
 * fn's allocations in r->arena go with the page. */
typedef void psea_partner_fn(struct req *r, const struct partner *p, const struct psea_standing_of *s,
			     struct psea_standings *page, void *ctx);
int psea_each_partner(struct req *r, int64_t agency_id, psea_partner_fn *fn, void *ctx);

/* One partner's standing and summary: the same with one partner. The standing's record points
 * into memory of r's arena. */
int psea_standing(struct req *r, int64_t partner_id, struct standing *out);
json_t *psea_summary_json(struct req *r, int64_t partner_id);
/* Fills the parts of the standing input that other records decide (plan progress, reviews of
 * corrective action): see standing.c. */
void psea_standing_extend(struct req *r, const struct partner_standing_rows *rows, struct csip_of_record *plan,
			  struct standing_input *in);
#endif
