/* incidents.h (store): the allegations register and corrective-action reviews (incidents.c). */
#ifndef PSEA_STORE_INCIDENTS_H
#define PSEA_STORE_INCIDENTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"
#include "../domain/incident.h"

/* --- incidents: the allegations register and corrective-action reviews (incidents.c) --- */
/* Writes the incident with its victim counts and measures (call inside a transaction). */
int64_t store_incident_add(struct db *db, const struct incident *inc, int64_t recorded_by);
/* The incident with its details and latest review. */
int store_incident_get(struct db *db, struct arena *a, int64_t id, struct incident *out);
/* Rewrites every field and detail of inc (by inc->id); version-checked when if_version > 0. */
int store_incident_update(struct db *db, const struct incident *inc, int64_t if_version);
/* Incidents of one agency (0: every agency) ordered by id after `after`; at most limit. */
int store_incidents_list(struct db *db, struct arena *a, int64_t agency_id, int64_t after, int limit,
			 struct incident **out, size_t *n);
/* Calls fn for each incident of the agency received in [from, to), with its actions but without
 * victims or review: the figures need the words, instants and actions alone. */
int store_incidents_each(struct db *db, struct arena *a, int64_t agency_id, instant_t from, instant_t to,
			 void (*fn)(const struct incident *inc, void *ctx), void *ctx);
/* The agency's incidents that may call for an alert, without details, oldest first, at most
 * limit each; the domain decides which of them alert. Self-disclosures still `received`: */
int store_incident_disclosures_waiting(struct db *db, struct arena *a, int64_t agency_id, int limit,
				       struct incident **out, size_t *n);
/* and records not yet reported onward, not closed, received at or before received_until: */
int store_incident_onward_pending(struct db *db, struct arena *a, int64_t agency_id, instant_t received_until, int limit,
				  struct incident **out, size_t *n);
/* Records a corrective-action review of an incident's partner; the incident's version moves. */
int64_t store_review_add(struct db *db, int64_t incident_id, int64_t partner_id, bool adequate, const char *notes,
			 instant_t at, int64_t by);
/* The latest instant at which an incident's current review found the partner's corrective action
 * inadequate; 0 when none does. */
int store_partner_inadequate_since(struct db *db, int64_t partner_id, instant_t *since);
#endif
