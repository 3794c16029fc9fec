/* settings.c: the values an administrator may change (DOMAIN.md *(setting)*). A change applies
 * to what is decided from then on: ratings already given keep their capacity and validity. */
#include <string.h>
#include "api.h"
#include "../domain/settings.h"

static bool is_admin(struct req *r) { return api_allow(r, api_role(r) == ROLE_ADMIN); }

/* Every setting in force; false after answering the store's failure. */
static bool settings_read(struct req *r, int64_t values[])
{
	int rc = settings_get_all(r->db, values);
	if (rc != STORE_OK)
		api_store_failed(r, rc);
	return rc == STORE_OK;
}

static json_t *settings_json(const int64_t values[])
{
	json_t *items = json_array();
	for (size_t i = 0; i < SETTING_COUNT; i++) {
		const struct setting_def *d = &setting_defs[i];
		json_array_append_new(items, json_pack("{s:s, s:I, s:I, s:I, s:I, s:s}", "key", d->key, "value", (json_int_t)values[i],
						       "default", (json_int_t)d->def, "min", (json_int_t)d->min,
						       "max", (json_int_t)d->max, "unit", d->unit));
	}
	return api_list(items, 0);
}

void settings_list(struct req *r)
{
	if (!is_admin(r))
		return;
	int64_t values[SETTING_COUNT];
	if (settings_read(r, values))
		reply_json(r, 200, settings_json(values));
}

/* Applies the body's {"key": value} members to values; every unknown key or non-integer value
 * is listed in errs. */
static void apply_changes(json_t *body, int64_t values[], json_t *errs)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		int i = setting_index(key);
		if (i < 0)
			json_array_append_new(errs, problem_error(key, "unknown_setting", "There is no such setting; GET /api/v1/settings lists them."));
		else if (!json_is_integer(v))
			json_array_append_new(errs, problem_error(key, "invalid_type", "The value must be a whole number."));
		else
			values[i] = (int64_t)json_integer_value(v);
	}
}

/* The values in force are read inside the write, so that the check sees what it replaces.
 * after receives the values written. */
static int write_settings(struct req *r, struct audit *audit, void *ctx)
{
	int64_t before[SETTING_COUNT], *after = ctx;
	if (!settings_read(r, before))
		return API_ANSWERED;
	memcpy(after, before, sizeof before);
	json_t *errs = json_array();
	apply_changes(r->body, after, errs);
	struct setting_problem problems[SETTING_COUNT + 2];
	size_t n = json_array_size(errs) ? 0 : settings_check(after, problems, SETTING_COUNT + 2);
	for (size_t i = 0; i < n && i < SETTING_COUNT + 2; i++)
		json_array_append_new(errs, problem_error(problems[i].key, problems[i].code, problems[i].message));
	if (api_invalid(r, errs))
		return API_ANSWERED;
	for (size_t i = 0; i < SETTING_COUNT; i++) {
		if (after[i] == before[i])
			continue;
		int rc = settings_set(r->db, (enum setting)i, after[i]);
		char action[SETTING_ACTION_MAX];
		setting_change_action(action, i, before[i], after[i]);
		if (rc != STORE_OK || (rc = audit_add(audit, "setting", 0, action)) != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

/* PATCH /settings {"key": value, ...}: every change is checked against the others and the values
 * in force, and all are written or none. */
void settings_update(struct req *r)
{
	if (!is_admin(r) || !api_body_object(r))
		return;
	if (json_object_size(r->body) == 0) {
		reply_problem(r, 422, "validation_failed", "Name at least one setting to change, such as {\"validity.years\": 5}.", NULL);
		return;
	}
	int64_t after[SETTING_COUNT];
	if (api_write(r, write_settings, after))
		reply_json(r, 200, settings_json(after));
}
