/* cli.h: the subcommands of psea, and a small option parser they share. */
#ifndef PSEA_CLI_H
#define PSEA_CLI_H
#include <stdbool.h>
#include <stdio.h>
#include "../store/store.h"

/* Options of one subcommand: "--db" takes a value; flags end with '!' ("--password-stdin!"). */
struct cli_opt {
	const char *name;
	const char *value; /* filled by cli_parse; "1" for a flag that was given */
};

/* Fills opts from argv (after the subcommand). Returns false after printing what was wrong;
 * leftover positional arguments go to rest (at most max_rest). */
bool cli_parse(int argc, char **argv, struct cli_opt *opts, int nopts, const char **rest, int max_rest, int *nrest);
bool cli_wants_help(int argc, char **argv);
/* Opens the database and applies the migrations; prints the reason and returns NULL on failure. */
struct store *cli_open_store(const char *target, int connections);
/* The interface's files (its text catalogues too): beside the binary's source tree, else ./web. */
const char *cli_default_web_dir(void);
/* Reads a password from standard input (first line, without the newline). */
char *cli_read_password(void);

int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
/* moving a deployment to PostgreSQL */
int cmd_copy(int argc, char **argv);
int cmd_import(int argc, char **argv); /* import.c */
/* Checks a past-assessments file as the import does, writing nothing: 0 when every row is good;
 * each bad row is reported on standard error. *good and *bad count the rows. */
int import_past_check(struct db *db, struct arena *a, FILE *f, instant_t now, size_t *good, long *bad);
int cmd_settings(int argc, char **argv); /* settings.c */
int cmd_alerts(int argc, char **argv);   /* alerts.c: the e-mail copy of the alerts */
int cmd_oidc(int argc, char **argv);     /* oidc.c: single sign-on providers */
int cmd_domains(int argc, char **argv);  /* oidc.c: an agency's e-mail domains */
#endif
