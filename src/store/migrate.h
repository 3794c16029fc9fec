/* migrate.h (store): the schema: numbered migrations applied once each (migrate.c). */
#ifndef PSEA_STORE_MIGRATE_H
#define PSEA_STORE_MIGRATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"

/* Applies the migrations not yet applied, each in its own transaction, and seeds the agencies.
 * applied: how many ran (0 when the database was up to date). */
int store_migrate(struct store *s, int *applied, char *err, size_t errlen);
int store_schema_version(struct db *db, int *version);
/* The embedded migrations as the engine ("sqlite", "postgresql") sees them must have increasing
 * versions, none repeated: the last version, or -1 with the reason in err. */
int store_migrations_check(const char *engine, char *err, size_t errlen);
#endif
