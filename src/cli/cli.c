/* cli.c: option parsing and database opening shared by the subcommands. */
#include "cli.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../util/text.h"

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

/* Arguments follow the rule of every text from outside (util/text.h): a name in Latin-1 would
 * be stored, and every answer that shows it would then fail. */
static bool argument_is_text(const char *name, const char *value)
{
	enum text_fault f = text_check(value, strlen(value), TEXT_ONE_LINE);
	if (f)
		fprintf(stderr, "psea: %s: %s\n", name, text_fault_message(f));
	return f == TEXT_OK;
}

bool cli_parse(int argc, char **argv, struct cli_opt *opts, int nopts, const char **rest, int max_rest, int *nrest)
{
	if (nrest) *nrest = 0;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (strncmp(arg, "--", 2) != 0) {
			if (!nrest || *nrest >= max_rest) {
				fprintf(stderr, "psea: unexpected argument '%s'\n", arg);
				return false;
			}
			if (!argument_is_text("an argument", arg))
				return false;
			rest[(*nrest)++] = arg;
			continue;
		}
		const char *eq = strchr(arg, '=');
		size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
		int k;
		for (k = 0; k < nopts; k++)
			if (strncmp(opts[k].name, arg, len) == 0 &&
			    (opts[k].name[len] == '\0' || (opts[k].name[len] == '!' && opts[k].name[len + 1] == '\0')))
				break;
		if (k == nopts) {
			fprintf(stderr, "psea: unknown option '%.*s'\n", (int)len, arg);
			return false;
		}
		if (opts[k].name[len] == '!') {
			opts[k].value = "1";
		} else if (eq) {
			opts[k].value = eq + 1;
		} else if (i + 1 < argc) {
			opts[k].value = argv[++i];
		} else {
			fprintf(stderr, "psea: option '%s' needs a value\n", arg);
			return false;
		}
		if (!argument_is_text(opts[k].name, opts[k].value))
			return false;
	}
	return true;
}

struct store *cli_open_store(const char *target, int connections)
{
	char err[512];
	struct store *s = store_open(target, connections, err, sizeof err);
	if (!s) {
		fprintf(stderr, "psea: %s\n", err);
		return NULL;
	}
	int applied;
	if (store_migrate(s, &applied, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "psea: %s\n", err);
		store_close(s);
		return NULL;
	}
	return s;
}

char *cli_read_password(void)
{
	static char buf[1024];
	if (!fgets(buf, sizeof buf, stdin))
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf;
}

/* The interface ships beside the binary's source tree: <exe>/../web, else ./web. */
const char *cli_default_web_dir(void)
{
	static char path[PATH_MAX + 32];
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			for (int up = 0; up < 3; up++) {
				snprintf(path, sizeof path, "%s/web/index.html", exe);
				if (access(path, R_OK) == 0) {
					snprintf(path, sizeof path, "%s/web", exe);
					return path;
				}
				if (!(slash = strrchr(exe, '/')))
					break;
				*slash = '\0';
			}
		}
	}
	return "web";
}
