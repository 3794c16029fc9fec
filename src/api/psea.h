/* psea.h: what the PSEA resources (partners, assessments, documents, observation, alerts)
 * share inside the api layer: the caller's relation to an assessment, the partner's standing
 * and the JSON shapes of API.md. */
#ifndef PSEA_API_PSEA_H
#define PSEA_API_PSEA_H
#include "api.h"
#include "../domain/assessment.h"
#include "../domain/rating.h"
#include "../domain/standing.h"

/* The capacity bands of the settings table. */
int psea_bands(struct req *r, struct rating_bands *out);
/* The setting validity.years. Both: STORE_OK, or the store's failure (the request must fail). */
int psea_validity_years(struct req *r, int *out);
/* The end of a rating's validity after years (0 when not rated): the same date the partner's
 * standing shows, also after an administrator changes validity.years. */
instant_t psea_valid_until(instant_t rated_at, int years);

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
 * corrective action); see standing_extend.c. */
void psea_standing_extend(struct req *r, const struct partner_standing_rows *rows, struct csip_of_record *plan,
			  struct standing_input *in);
/* {"id", "name", "type", "country", "parent_id", "version", "created_at"} */
json_t *psea_partner_json(const struct partner *p);
json_t *psea_agency_json(struct req *r, int64_t agency_id);

/* The caller as an assessment sees it. */
struct assessment_actor psea_actor(struct req *r, const struct assessment *x);
/* Loads the assessment of path segment `param` and checks that the caller may do `act` in its
 * present status; answers 404/403/409 and returns false otherwise. */
bool psea_load(struct req *r, int param, enum assessment_action act, struct assessment *x);
/* The whole assessment object of API.md into *out (new reference): STORE_OK, or the store's
 * failure (*out NULL): a part that cannot be read fails the answer, never reads as empty. */
int psea_assessment_json(struct req *r, const struct assessment *x, json_t **out);
/* Answers status with the whole assessment object, or the store's failure. */
void psea_reply_assessment(struct req *r, int status, const struct assessment *x);
/* {"id", "title", "standard", "kind", "content_type", "size", "sha256", "uploaded_by", "on_behalf",
 * "uploaded_at", "activity_id", "withdrawn": {"at", "by", "reason"}|null} */
json_t *psea_document_json(const struct document *d);
/* The document as withdrawal sees it, for the caller (the activity's state read when it is
 * plan-activity evidence). Points into r's arena. */
const struct document_facts *psea_document_facts(struct req *r, const struct assessment *x, const struct document *d);
/* Withdraws the document inside the caller's write: the row marked, the audit line and
 * an entry in the assessment's history (action document_withdrawn, reason as given). */
int psea_document_withdraw(struct req *r, struct audit *audit, const struct assessment *x, const struct document *d,
			   const char *reason);
#endif
