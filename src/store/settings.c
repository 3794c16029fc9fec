/* settings.c (store): the settings table, one row per setting an administrator changed. */
#include "settings.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include "db.h"

_Static_assert(SETTING_COUNT <= 32, "struct db keeps one bit per setting read in a snapshot");

/* A stored text that is not a whole number (written by hand) reads as nothing stored. */
static bool parse_value(const char *t, int64_t *out)
{
	if (!t || !*t)
		return false;
	char *end;
	long long v = strtoll(t, &end, 10);
	if (*end != '\0')
		return false;
	*out = v;
	return true;
}

static int read_stored(struct db_stmt *st, void *ctx)
{
	int64_t *value = ctx;
	parse_value(db_text(st, 0), value);
	return STORE_OK;
}

int settings_get(struct db *db, enum setting s, int64_t *out)
{
	uint32_t bit = 1u << s;
	if (db->snapshot && (db->settings_read & bit)) {
		*out = db->settings[s];
		return STORE_OK;
	}
	int64_t value = setting_defs[s].def;
	int rc = db_each(db, read_stored, &value, "SELECT value FROM settings WHERE key = ?", "s", setting_defs[s].key);
	if (rc != STORE_OK)
		return rc;
	/* a snapshot cannot see a change, so a list that asks once per partner reads once */
	if (db->snapshot) {
		db->settings[s] = value;
		db->settings_read |= bit;
	}
	*out = value;
	return STORE_OK;
}

int settings_get_all(struct db *db, int64_t values[SETTING_COUNT])
{
	for (int s = 0; s < SETTING_COUNT; s++) {
		int rc = settings_get(db, (enum setting)s, &values[s]);
		if (rc != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

int settings_set(struct db *db, enum setting s, int64_t value)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", (long long)value);
	const char *key = setting_defs[s].key;
	int64_t n = db_exec(db, "UPDATE settings SET value = ? WHERE key = ?", "ss", text, key);
	if (n == 0)
		n = db_exec(db, "INSERT INTO settings (key, value) VALUES (?, ?)", "ss", key, text);
	return store_code(n < 0 ? n : 0);
}
