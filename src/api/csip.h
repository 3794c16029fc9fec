/* csip.h: what the other PSEA resources need of the capacity strengthening plan: the plan
 * embedded as `csip` in the assessment object, the partner's `psea.csip` summary, the plan's
 * progress applied to the standing, and the plan's alerts. */
#ifndef PSEA_API_CSIP_H
#define PSEA_API_CSIP_H
#include <jansson.h>
#include "psea.h"

/* The plan object of API.md, or JSON null when the assessment has none. New reference. */
json_t *csip_assessment_json(struct req *r, const struct assessment *x);
/* The partner summary `csip` for the rating in force: {"status": word|null, "due", "overdue",
 * "reassessment": {"date", "score"}}; status null and due set while a required plan does not
 * exist yet; JSON null when no plan is required or exists. New reference. */
json_t *csip_summary_json(struct req *r, const struct standing_record *in_force);
/* Fills in->met_by_plan from the plan of the assessment whose rating is in force. */
void csip_standing_extend(struct req *r, struct standing_input *in);
/* Appends the plan alerts of the caller's side (due, overdue, to approve, reassessment reached,
 * activity due) to items, in the shape of alerts.c. */
void csip_alerts_add(struct req *r, json_t *items);
#endif
