/* harness.c: see harness.h. */
#include "harness.h"
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../../src/api/api.h"
#include "../../src/cli/cli.h"
#include "../../src/http/auth.h"
#include "../../src/http/server.h"

static const char *const demo_emails[FUZZ_ROLES] = {
	"admin@demo.psea", "advanced@unicef.demo.psea", "editor@unicef.demo.psea", "reader@unicef.demo.psea",
	"focal@unicef.demo.psea", "editor@partner.demo.psea", "reader@partner.demo.psea", NULL,
};

int64_t fuzz_spare_user_first;
static char dir[64], db_path[128], data_dir[128];
static struct store *store;
static char auth_headers[FUZZ_ROLES][128];
static struct http_server *server; /* runs until the process ends */
static uint16_t port;

static void fail(const char *what)
{
	dprintf(2, "fuzz harness: %s\n", what);
	abort();
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(path);
}

static void remove_dir(void)
{
	if (dir[0])
		nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Directories of earlier runs that crashed (their process is gone) under parent. */
static void remove_stale_dirs(const char *parent)
{
	DIR *d = opendir(parent);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		int pid;
		if (sscanf(e->d_name, "psea-fuzz-%d-", &pid) != 1 || pid <= 0 || kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
		nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	if (d)
		closedir(d);
}

/* The program's own messages (a refused import row, a log line per request) would drown the
 * fuzzer's: they go to /dev/null, while the fuzzer and the sanitizers keep descriptor 2. */
static void quiet(void)
{
	FILE *null = fopen("/dev/null", "w");
	if (null)
		stderr = null;
}

static void add_spare_users(struct db *db, struct arena *a)
{
	struct org unicef;
	if (store_agency_by_code(db, a, "UNICEF", &unicef) != STORE_OK)
		fail("no UNICEF agency in the demonstration");
	for (int i = 0; i < FUZZ_SPARE_USERS; i++) {
		char email[64];
		snprintf(email, sizeof email, "spare%d@fuzz.psea", i);
		struct user u = {.email = email, .name = "Spare Account", .role = "agency_editor", .language = "en",
				 .active = true, .org = unicef};
		int64_t id = store_user_add(db, &u, "", clock_now());
		if (id <= 0)
			fail("cannot add an account");
		if (i == 0)
			fuzz_spare_user_first = id;
	}
}

static void add_tokens(struct db *db, struct arena *a)
{
	for (int i = 0; i < FUZZ_ROLES; i++) {
		if (!demo_emails[i])
			continue;
		struct user u;
		if (store_user_by_email(db, a, demo_emails[i], &u) != STORE_OK)
			fail("a demonstration account is missing");
		unsigned char raw[24];
		char secret[49], hash[65];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(secret, sizeof secret, raw, sizeof raw);
		secret_hash(secret, hash);
		if (store_token_add(db, u.id, "fuzz", hash, clock_now(), clock_now() + 365 * 86400) <= 0)
			fail("cannot add a token");
		snprintf(auth_headers[i], sizeof auth_headers[i], "Authorization: Bearer %s\r\n", secret);
	}
}

struct store *fuzz_demo_store(void)
{
	if (store)
		return store;
	quiet();
	const char *parent = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	remove_stale_dirs(parent);
	snprintf(dir, sizeof dir, "%s/psea-fuzz-%d-XXXXXX", parent, (int)getpid());
	if (!mkdtemp(dir))
		fail("cannot create a directory");
	atexit(remove_dir);
	snprintf(db_path, sizeof db_path, "%s/psea.db", dir);
	snprintf(data_dir, sizeof data_dir, "%s/data", dir);
	char tmp[160];
	snprintf(tmp, sizeof tmp, "%s/tmp", data_dir);
	if (mkdir(data_dir, 0700) != 0 || mkdir(tmp, 0700) != 0)
		fail("cannot create the data directory");
	char *argv[] = {"--db", db_path, "--data", data_dir, NULL};
	if (cmd_demo(4, argv) != 0)
		fail("psea demo failed");
	store = cli_open_store(db_path, 4);
	if (!store)
		fail("cannot open the demonstration database");
	struct db *db = store_acquire(store);
	struct arena a;
	arena_init(&a);
	add_spare_users(db, &a);
	add_tokens(db, &a);
	arena_free(&a);
	store_release(store, db);
	return store;
}

void fuzz_server_start(void)
{
	if (port)
		return;
	fuzz_demo_store();
	if (auth_init() != 0)
		fail("auth_init failed");
	signal(SIGPIPE, SIG_IGN);
	static struct app app;
	app = (struct app){.store = store, .data_dir = data_dir, .web_dir = "web", .routes = api_routes,
			   .threads = 2, .upload_max = 20 * 1024 * 1024};
	char err[256];
	server = http_server_start(&app, "127.0.0.1", 0, err, sizeof err);
	if (!server)
		fail(err);
	port = http_server_port(server);
}

const char *fuzz_auth_header(enum fuzz_role role)
{
	return role < FUZZ_ROLES ? auth_headers[role] : "";
}

int fuzz_http(const char *request, size_t len)
{
	static int strict = -1;
	if (strict < 0)
		strict = getenv("FUZZ_STRICT") && strcmp(getenv("FUZZ_STRICT"), "1") == 0;
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = -1;
	/* A machine busy with other connections may refuse one for a moment (once in 15,000 here);
	 * a server that stays unreachable for 5 s has lost its descriptors or its threads. */
	for (int attempt = 0; fd < 0; attempt++) {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
			int e = errno;
			close(fd);
			fd = -1;
			errno = e;
		}
		if (fd < 0 && attempt == 50) {
			dprintf(2, "fuzz harness: cannot connect to the server: %s\n", strerror(errno));
			abort();
		}
		if (fd < 0)
			usleep(100000);
	}
	/* closed with a reset: a million connections leave no TIME_WAIT behind */
	struct linger reset = {1, 0};
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
	for (size_t sent = 0; sent < len;) {
		ssize_t n = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
		if (n <= 0)
			break; /* the server answered early (a body too large) and closed */
		sent += (size_t)n;
	}
	char head[64];
	size_t got = 0;
	for (;;) {
		char buf[16384];
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n <= 0)
			break;
		if (got < sizeof head - 1) {
			size_t take = (size_t)n < sizeof head - 1 - got ? (size_t)n : sizeof head - 1 - got;
			memcpy(head + got, buf, take);
			got += take;
		}
	}
	close(fd);
	head[got] = '\0';
	int status = 0;
	if (sscanf(head, "HTTP/1.%*d %d", &status) != 1)
		status = 0;
	if (status >= 500 && strict) {
		dprintf(2, "fuzz harness: the server answered %d to this request:\n%.*s\n", status,
			(int)(len < 2000 ? len : 2000), request);
		abort();
	}
	return status;
}

void fuzz_buf_add(struct fuzz_buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->len + len + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d)
			fail("out of memory");
		b->data = d;
		b->cap = cap;
	}
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void fuzz_buf_str(struct fuzz_buf *b, const char *s) { fuzz_buf_add(b, s, strlen(s)); }

void fuzz_buf_line(struct fuzz_buf *b, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (data[i] != '\r' && data[i] != '\n' && data[i] != '\0')
			fuzz_buf_add(b, &data[i], 1);
}

void fuzz_buf_free(struct fuzz_buf *b)
{
	free(b->data);
	*b = (struct fuzz_buf){0};
}
