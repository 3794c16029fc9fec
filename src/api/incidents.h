/* incidents.h: what the register's figures (incident_figures.c) share with the register. */
#ifndef PSEA_API_INCIDENTS_H
#define PSEA_API_INCIDENTS_H
#include "api.h"

/* The agency whose register the caller may see: its own for a focal point, 0 (every agency) for
 * an administrator, -1 for anyone else. */
int64_t incidents_register_scope(struct req *r);
/* The setting incident.onward_hours: false after answering the store's failure. */
bool incidents_onward_hours(struct req *r, int64_t *hours);

#endif
