/* settings.h (store): reading and writing the settings of src/domain/settings.h, by name. A
 * setting never written reads as its default; a database that cannot answer is an error, never
 * the default. */
#ifndef PSEA_STORE_SETTINGS_H
#define PSEA_STORE_SETTINGS_H
#include <stdint.h>
#include "status.h"
#include "../domain/settings.h"

/* STORE_OK with *out the value in force (the default when none is stored); another STORE_E*
 * when the database failed, *out untouched. Inside a read snapshot each is read once. */
int settings_get(struct db *db, enum setting s, int64_t *out);
/* Every setting in force, indexed by enum setting; the first failure stops it. */
int settings_get_all(struct db *db, int64_t values[SETTING_COUNT]);
/* Stores a value (the caller checked it with settings_check, in its transaction). */
int settings_set(struct db *db, enum setting s, int64_t value);
#endif
