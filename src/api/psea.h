/* psea.h: what the PSEA resources (partners, assessments, documents, observation, alerts)
 * share inside the api layer: the settings of ratings, the caller's relation to an assessment
 * and the JSON shapes of partners and documents. The partner's standing is standing.h's; the
 * whole assessment object, assessment_json.h's. */
#ifndef PSEA_API_PSEA_H
#define PSEA_API_PSEA_H
#include "api.h"
#include "../domain/assessment.h"
#include "../domain/rating.h"

/* The capacity bands of the settings table. */
int psea_bands(struct req *r, struct rating_bands *out);
/* The setting validity.years. Both: STORE_OK, or the store's failure (the request must fail). */
int psea_validity_years(struct req *r, int *out);
/* The end of a rating's validity after years (0 when not rated): the same date the partner's
 * standing shows, also after an administrator changes validity.years. */
instant_t psea_valid_until(instant_t rated_at, int years);

/* {"id", "name", "type", "country", "parent_id", "version", "created_at"} */
json_t *psea_partner_json(const struct partner *p);
json_t *psea_agency_json(struct req *r, int64_t agency_id);

/* The caller as an assessment sees it. */
struct assessment_actor psea_actor(struct req *r, const struct assessment *x);
/* Loads the assessment of path segment `param` and checks that the caller may do `act` in its
 * present status; answers 404/403/409 and returns false otherwise. */
bool psea_load(struct req *r, int param, enum assessment_action act, struct assessment *x);
/* {"id", "title", "standard", "kind", "content_type", "size", "sha256", "uploaded_by", "on_behalf",
 * "uploaded_at", "activity_id", "withdrawn": {"at", "by", "reason"}|null} */
json_t *psea_document_json(const struct document *d);
/* The document as withdrawal sees it, for the caller (the activity's state read when it is
 * plan-activity evidence), into *out: STORE_OK, or the store's failure to read the plan. */
int psea_document_facts(struct req *r, const struct assessment *x, const struct document *d, struct document_facts *out);
/* Withdraws the document inside the caller's write: the row marked, the audit line and
 * an entry in the assessment's history (action document_withdrawn, reason as given). */
int psea_document_withdraw(struct req *r, struct audit *audit, const struct assessment *x, const struct document *d,
			   const char *reason);
/* If-Match against the loaded version: false after answering 400/409. *version receives the
 * version to check at write time (0: none sent). */
bool psea_if_match(struct req *r, const struct assessment *x, int64_t *version);
#endif
