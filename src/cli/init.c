/* init.c: psea init --db PATH */
#include <stdio.h>
#include "cli.h"

static const char usage[] = "usage: psea init --db PATH|postgresql://...\n";

int cmd_init(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		fputs("Creates the database, or applies the migrations it lacks, and seeds the agencies.\n"
		      "On an up-to-date database it changes nothing.\n", stdout);
		return 0;
	}
	struct cli_opt opts[] = {{"--db", NULL}};
	if (!cli_parse(argc, argv, opts, 1, NULL, 0, NULL) || !opts[0].value) {
		fputs(usage, stderr);
		return 2;
	}
	char err[512];
	struct store *s = store_open(opts[0].value, 1, err, sizeof err);
	if (!s) {
		fprintf(stderr, "psea: %s\n", err);
		return 1;
	}
	int applied;
	if (store_migrate(s, &applied, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "psea: %s\n", err);
		store_close(s);
		return 1;
	}
	struct db *db = store_acquire(s);
	int version;
	if (!db || store_schema_version(db, &version) != STORE_OK) {
		fprintf(stderr, "psea: cannot read the schema version of %s\n", opts[0].value);
		if (db)
			store_release(s, db);
		store_close(s);
		return 1;
	}
	printf("database %s is at schema version %d (%d migration%s applied)\n", opts[0].value,
	       version, applied, applied == 1 ? "" : "s");
	store_release(s, db);
	store_close(s);
	return 0;
}
