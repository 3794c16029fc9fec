/* demo_incidents.h: the allegations register of the demonstration. */
#ifndef PSEA_DEMO_INCIDENTS_H
#define PSEA_DEMO_INCIDENTS_H
#include "demo_partners.h"

/* A few allegations in the lead agency's register over this year and the last, one of them
 * disclosed by partner_id and reviewed; focal_user_id records them. 0 or < 0 on failure. */
int demo_incidents(struct demo_ctx *c, int64_t partner_id, int64_t focal_user_id);
#endif
