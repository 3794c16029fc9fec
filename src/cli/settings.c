/* settings.c: psea settings --db PATH [KEY=VALUE ...]: shows the settings an administrator may
 * change, or changes some, with the same checks as PATCH /api/v1/settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "../domain/settings.h"
#include "../store/write.h"

static const char usage[] = "usage: psea settings --db PATH [KEY=VALUE ...]\n";

static void settings_print(const int64_t values[])
{
	for (size_t i = 0; i < SETTING_COUNT; i++) {
		const struct setting_def *d = &setting_defs[i];
		printf("%-26s %10lld   (%s; default %lld, from %lld to %lld)\n", d->key, (long long)values[i], d->unit,
		       (long long)d->def, (long long)d->min, (long long)d->max);
	}
}

/* Reads KEY=VALUE arguments into values; prints the first problem and returns false. */
static bool parse_changes(int n, const char **args, int64_t values[])
{
	for (int k = 0; k < n; k++) {
		const char *eq = strchr(args[k], '=');
		char key[64];
		size_t len = eq ? (size_t)(eq - args[k]) : 0;
		if (!eq || len == 0 || len >= sizeof key) {
			fprintf(stderr, "psea: '%s' is not KEY=VALUE\n", args[k]);
			return false;
		}
		memcpy(key, args[k], len);
		key[len] = '\0';
		int i = setting_index(key);
		char *end;
		long long v = strtoll(eq + 1, &end, 10);
		if (i < 0) {
			fprintf(stderr, "psea: there is no setting '%s'; psea settings --db PATH lists them\n", key);
			return false;
		}
		if (!eq[1] || *end) {
			fprintf(stderr, "psea: the value of %s must be a whole number\n", key);
			return false;
		}
		values[i] = v;
	}
	return true;
}

struct settings_change {
	const int64_t *before;
	const int64_t *after;
};

/* Writes the values that differ, each with its audit line. */
static int write_settings(struct db *db, struct audit *audit, void *ctx)
{
	struct settings_change *w = ctx;
	for (size_t i = 0; i < SETTING_COUNT; i++) {
		if (w->before[i] == w->after[i])
			continue;
		char action[SETTING_ACTION_MAX];
		setting_change_action(action, i, w->before[i], w->after[i]);
		if (settings_set(db, (enum setting)i, w->after[i]) != STORE_OK ||
		    audit_add(audit, "setting", 0, action) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

/* All the changes in one transaction, or none. */
static int write_changes(struct db *db, const int64_t before[], const int64_t after[])
{
	struct settings_change w = {before, after};
	struct audit audit = {.request_id = "cli", .now = clock_now()};
	return store_write(db, &audit, write_settings, &w) == STORE_OK ? STORE_OK : STORE_ERROR;
}

static int run(struct db *db, int n, const char **args)
{
	int64_t before[SETTING_COUNT], after[SETTING_COUNT];
	if (settings_get_all(db, before) != STORE_OK) {
		fputs("psea: the settings could not be read\n", stderr);
		return 1;
	}
	memcpy(after, before, sizeof after);
	if (!parse_changes(n, args, after))
		return 1;
	struct setting_problem problems[SETTING_COUNT + 2];
	size_t np = settings_check(after, problems, SETTING_COUNT + 2);
	for (size_t i = 0; i < np && i < SETTING_COUNT + 2; i++)
		fprintf(stderr, "psea: %s\n", problems[i].message);
	if (np)
		return 1;
	if (n && write_changes(db, before, after) != STORE_OK) {
		fputs("psea: the settings could not be written; nothing was changed\n", stderr);
		return 1;
	}
	settings_print(after);
	return 0;
}

int cmd_settings(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		fputs("Without KEY=VALUE, lists the settings. With them, checks all the changes together and\n"
		      "writes them, or none. A change applies to what is decided from then on.\n", stdout);
		return 0;
	}
	struct cli_opt o[] = {{"--db", NULL}};
	const char *changes[SETTING_COUNT];
	int n;
	if (!cli_parse(argc, argv, o, 1, changes, SETTING_COUNT, &n) || !o[0].value) {
		fputs(usage, stderr);
		return 2;
	}
	struct store *s = cli_open_store(o[0].value, 1);
	if (!s)
		return 1;
	struct db *db = store_acquire(s);
	int rc = db ? run(db, n, changes) : 1;
	if (db)
		store_release(s, db);
	store_close(s);
	return rc;
}
