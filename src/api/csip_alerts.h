/* csip_alerts.h: the alerts of capacity strengthening plans, among the caller's (alerts.c). */
#ifndef PSEA_API_CSIP_ALERTS_H
#define PSEA_API_CSIP_ALERTS_H
#include "api.h"

/* Appends the plan alerts of the caller's side (due, overdue, to approve, reassessment reached,
 * activity due) to items, in the shape of alerts.c. */
void csip_alerts_add(struct req *r, json_t *items);
#endif
