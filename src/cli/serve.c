/* serve.c: psea serve --db PATH --listen HOST:PORT --data DIR [--web DIR] [--threads N]
 *          [--trust-proxy ADDRESS] [--cache-mb N] [--receive-timeout SECONDS]
 *          [--connections-per-address N] [--base-url URL [--sendmail "CMD"] [--mail-from ADDRESS]] */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "../util/fetch.h"
#include "../api/api.h"
#include "../http/auth.h"
#include "../http/cache.h"
#include "../http/server.h"
#include "../util/log.h"
#include "../util/mail.h"
#include "../util/sendmail.h"

static const char usage[] =
	"usage: psea serve --db PATH|postgresql://... --listen HOST:PORT --data DIR [--web DIR] [--threads N]\n"
	"                  [--trust-proxy ADDRESS] [--cache-mb N] [--receive-timeout SECONDS]\n"
	"                  [--connections-per-address N]\n"
	"                  [--base-url URL [--sendmail \"CMD\"] [--mail-from ADDRESS]]\n";

#define PER_ADDRESS_DEFAULT 128

/* Files of <data>/tmp are uploads and exports on their way: none outlives its request, so one
 * left there was a killed server's, and may weigh megabytes. Another server sharing the data
 * directory may be writing its own there, so only files untouched for LEFTOVER_SECONDS go: a file
 * in use is written at least once a minute (an upload idle longer loses its connection), and
 * an export is open before it lies idle. Checked at start and each minute after. */
#define LEFTOVER_SECONDS 120

static void remove_leftovers(const char *tmp)
{
	time_t before = time(NULL) - LEFTOVER_SECONDS;
	DIR *dir = opendir(tmp);
	if (!dir)
		return;
	int removed = 0;
	for (struct dirent *e; (e = readdir(dir));) {
		struct stat sb;
		if (fstatat(dirfd(dir), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_mtime < before && unlinkat(dirfd(dir), e->d_name, 0) == 0)
			removed++;
	}
	closedir(dir);
	if (removed)
		log_info("removed %d temporary file%s left in %s", removed, removed > 1 ? "s" : "", tmp);
}

static int make_dirs(const char *data)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s/tmp", data);
	if ((mkdir(data, 0750) != 0 && errno != EEXIST) || (mkdir(tmp, 0750) != 0 && errno != EEXIST)) {
		fprintf(stderr, "psea: cannot create the data directory %s: %s\n", data, strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof tmp, "%s/blobs", data);
	if (mkdir(tmp, 0750) != 0 && errno != EEXIST) {
		fprintf(stderr, "psea: cannot create %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		fputs("Serves the JSON API under /api/v1 and the browser interface. PORT 0 picks a free port.\n"
		      "Logs one line per request on standard error; stops cleanly on SIGTERM or SIGINT.\n"
		      "--threads: default, the number of processors (four times that on PostgreSQL).\n"
		      "--trust-proxy: requests from that address (a reverse proxy) come from the client named\n"
		      "in their X-Real-IP header, so that sign-in throttling counts each client apart.\n"
		      "--cache-mb: memory for answers of read routes kept while the data is unchanged\n"
		      "(default 16; 0 computes every answer).\n"
		      "--receive-timeout: seconds a client has to send a request's headers, from the\n"
		      "connection's start or the previous answer (default 30); a body may take one more\n"
		      "second per 2 KiB. Slower requests are cut off.\n"
		      "--connections-per-address: connections one address may hold at once (default 128;\n"
		      "0: no limit, the default with --trust-proxy, where every connection is the proxy's).\n"
		      "--base-url: the portal's address (https://psea.example.org), which turns on the e-mail the\n"
		      "server sends: invitations and password reset links. Each message is piped to --sendmail\n"
		      "(default \"" SENDMAIL_DEFAULT "\") from --mail-from (default psea@ this machine's name).\n", stdout);
		return 0;
	}
	struct cli_opt o[] = {{"--db", NULL}, {"--listen", NULL}, {"--data", NULL}, {"--web", NULL}, {"--threads", NULL},
			      {"--trust-proxy", NULL}, {"--cache-mb", NULL}, {"--receive-timeout", NULL},
			      {"--connections-per-address", NULL}, {"--base-url", NULL}, {"--sendmail", NULL},
			      {"--mail-from", NULL}};
	if (!cli_parse(argc, argv, o, 12, NULL, 0, NULL) || !o[0].value || !o[1].value || !o[2].value ||
	    (o[10].value && !*o[10].value)) {
		fputs(usage, stderr);
		return 2;
	}
	const char *colon = strrchr(o[1].value, ':');
	char *end;
	long port = colon ? strtol(colon + 1, &end, 10) : -1;
	if (!colon || *end || port < 0 || port > 65535 || colon == o[1].value) {
		fprintf(stderr, "psea: --listen must be HOST:PORT, such as 127.0.0.1:8080\n");
		return 2;
	}
	/* On PostgreSQL a thread waits for the database server during each query: four threads per
	 * processor keep the processors busy (measured with scripts/bench-pg). */
	bool remote = strncmp(o[0].value, "postgres", 8) == 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long threads = o[4].value ? strtol(o[4].value, NULL, 10) : remote ? (cpus * 4 < 64 ? cpus * 4 : 64) : cpus;
	if (threads < 1 || threads > 64) {
		fprintf(stderr, "psea: --threads must be from 1 to 64\n");
		return 2;
	}
	long cache_mb = o[6].value ? strtol(o[6].value, &end, 10) : 16;
	if (o[6].value && (*end || cache_mb < 0 || cache_mb > 4096)) {
		fprintf(stderr, "psea: --cache-mb must be from 0 to 4096\n");
		return 2;
	}
	long receive = o[7].value ? strtol(o[7].value, &end, 10) : 0;
	if (o[7].value && (*end || receive < 1 || receive > 3600)) {
		fprintf(stderr, "psea: --receive-timeout must be from 1 to 3600 seconds\n");
		return 2;
	}
	long per_address = o[8].value ? strtol(o[8].value, &end, 10) : o[5].value ? 0 : PER_ADDRESS_DEFAULT;
	if (o[8].value && (*end || per_address < 0 || per_address > 1000)) {
		fprintf(stderr, "psea: --connections-per-address must be from 0 to 1000\n");
		return 2;
	}
	char *base_url = o[9].value ? sendmail_base_url(o[9].value) : NULL;
	if (o[9].value && !base_url) {
		fputs("psea: --base-url must be an http:// or https:// address without spaces\n", stderr);
		return 2;
	}
	const char *mail_from = o[11].value ? o[11].value : sendmail_default_from();
	if (base_url && !mail_address_ok(mail_from)) {
		fprintf(stderr, "psea: '%s' cannot be the sender's address; give --mail-from ADDRESS\n", mail_from);
		free(base_url);
		return 2;
	}
	char host[64];
	snprintf(host, sizeof host, "%.*s", (int)(colon - o[1].value), o[1].value);
	if (auth_init() != 0 || fetch_init() != 0 || make_dirs(o[2].value) != 0) {
		free(base_url);
		return 1;
	}
	/* Block the stop signals before threads start, so only sigwait below receives them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct store *s = cli_open_store(o[0].value, (int)threads + 1);
	if (!s) {
		free(base_url);
		return 1;
	}
	struct db *db = store_acquire(s);
	int64_t upload_max;
	int rc = db ? settings_get(db, SETTING_UPLOAD_MAX_BYTES, &upload_max) : STORE_ERROR;
	if (db)
		store_release(s, db);
	if (rc != STORE_OK) {
		fputs("psea: the settings could not be read\n", stderr);
		store_close(s);
		free(base_url);
		return 1;
	}
	struct app app = {.store = s, .data_dir = o[2].value, .web_dir = o[3].value ? o[3].value : cli_default_web_dir(),
			  .routes = api_routes, .threads = (int)threads, .trusted_proxy = o[5].value,
			  .upload_max = (uint64_t)upload_max,
			  .cache = response_cache_new((size_t)cache_mb * 1024 * 1024),
			  .receive_seconds = (unsigned)receive, .per_address_max = (unsigned)per_address,
			  .base_url = base_url, .sendmail = o[10].value ? o[10].value : SENDMAIL_DEFAULT, .mail_from = mail_from};
	char err[256];
	struct http_server *server = http_server_start(&app, host, (uint16_t)port, err, sizeof err);
	if (!server) {
		fprintf(stderr, "psea: %s\n", err);
		response_cache_free(app.cache);
		store_close(s);
		free(base_url);
		return 1;
	}
	log_info("listening on http://%s:%u (database: %s, %ld threads)", host, http_server_port(server),
		 store_engine_name(s), threads);
	if (password_hash_is_minimum())
		log_info("PSEA_PASSWORD_HASH=minimum: new passwords are hashed at the lowest cost, fit for tests only");
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s/tmp", o[2].value);
	struct timespec minute = {60, 0};
	int sig;
	do
		remove_leftovers(tmp);
	while ((sig = sigtimedwait(&stop, NULL, &minute)) < 0);
	log_info("stopping on signal %d", sig);
	http_server_stop(server);
	response_cache_free(app.cache);
	store_close(s);
	free(base_url);
	log_info("stopped");
	return 0;
}
