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
struct rating_bands psea_bands(struct req *r);
int psea_validity_years(struct req *r);

/* The partner's current standing, computed from every rating it received (store) with the
 * settings applied. The standing's record points into memory of r's arena. */
int psea_standing(struct req *r, int64_t partner_id, struct standing *out);
/* Fills the parts of the standing input that other records decide (plan progress, reviews of
 * corrective action); see standing_extend.c. */
void psea_standing_extend(struct req *r, int64_t partner_id, struct standing_input *in);
/* {"status", "rating", "rating_date", "valid_until", "assessed_by", "csip", "eligible",
 *  "standards_met", "source", "standards": [...]}: the `psea` summary of API.md. */
json_t *psea_summary_json(struct req *r, int64_t partner_id);
/* {"id", "name", "type", "country", "parent_id", "version", "created_at"} */
json_t *psea_partner_json(const struct partner *p);
json_t *psea_agency_json(struct req *r, int64_t agency_id);

/* The caller as an assessment sees it. */
struct assessment_actor psea_actor(struct req *r, const struct assessment *x);
/* Loads the assessment of path segment `param` and checks that the caller may do `act` in its
 * present status; answers 404/403/409 and returns false otherwise. */
bool psea_load(struct req *r, int param, enum assessment_action act, struct assessment *x);
/* The whole assessment object of API.md. */
json_t *psea_assessment_json(struct req *r, const struct assessment *x);
json_t *psea_document_json(const struct document *d);
#endif
