/* store.h: the only way to the database. Nothing above src/store/ knows which engine is behind
 * it (SQLite file or PostgreSQL server) or sees a line of SQL.
 *
 * Conventions: functions return 0 (or a positive id) on success and a negative STORE_E* code on
 * failure; objects they return are allocated in the caller's arena and live as long as it.
 * Instants are seconds since the epoch (instant_t); dates are instants at midnight UTC. */
#ifndef PSEA_STORE_H
#define PSEA_STORE_H
/* Each part of the store has its own header, named after its file; this one gathers them for the
 * layers above. Files inside src/store include the parts they use, never this header. */
#include "status.h"
#include "pool.h"
#include "migrate.h"
#include "settings.h"
#include "accounts.h"
#include "agency_domains.h"
#include "invitations.h"
#include "two_step.h"
#include "oidc.h"
#include "partners.h"
#include "assessments.h"
#include "documents.h"
#include "csip.h"
#include "incidents.h"
#include "screening.h"
#include "reports.h"
#include "copy.h"
#endif
