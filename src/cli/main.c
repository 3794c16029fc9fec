/* main.c: psea's entry point: a table of subcommands, one file each. */
#include <stdio.h>
#include <string.h>
#include "cli.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"init", cmd_init, "create or migrate a database and seed the agencies"},
	{"user", cmd_user, "manage accounts (psea user add ...)"},
	{"serve", cmd_serve, "serve the API and the interface"},
	{"demo", cmd_demo, "fill an empty database with a demonstration"},
	{"settings", cmd_settings, "show or change the settings an administrator may change"},
	{"alerts", cmd_alerts, "e-mail each account what awaits it (psea alerts send ...)"},
	{"oidc", cmd_oidc, "single sign-on providers (psea oidc add|list ...)"},
	{"domains", cmd_domains, "show or set an agency's e-mail domains"},
	/* moving a deployment to PostgreSQL */
	{"copy", cmd_copy, "copy an SQLite deployment into PostgreSQL, verified"},
	/* migrating ratings from earlier tools */
	{"import", cmd_import, "import past assessments (CSV) or a filled offline form (XLSX)"},
};

static void usage(FILE *out)
{
	fputs("usage: psea <command> [options]   (psea <command> --help for its options)\n\ncommands:\n", out);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 2, argv + 2);
	fprintf(stderr, "psea: '%s' is not a command\n", argv[1]);
	usage(stderr);
	return 2;
}
