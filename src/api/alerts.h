/* alerts.h: what awaits an account (DOMAIN.md, "Alerts"), for GET /api/v1/alerts and for the
 * e-mail copy that psea alerts send hands to sendmail. */
#ifndef PSEA_API_ALERTS_H
#define PSEA_API_ALERTS_H
#include <jansson.h>
#include "../store/store.h"

/* The account's alerts at now, as a JSON array (new reference; NULL when out of memory). Reads
 * the database and nothing of a request. */
json_t *alerts_of_account(struct db *db, struct user *account, instant_t now);

#endif
