/* server.c: libmicrohttpd glue. The access handler is called several times per request: the
 * first call sets up and refuses what can be refused before any of the body is read (answering
 * then forces "Connection: close", which is fine for refusals), the middle calls receive the
 * body, the last one checks the request's text and dispatches. Per-request state is freed in
 * the request-completed callback. */
#include "server.h"
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "auth.h"
#include "cache.h"
#include "compress.h"
#include "deadline.h"
#include "json_out.h"
#include "req.h"
#include "statics.h"
#include "upload.h"
#include "../domain/accounts.h"
#include "../domain/roles.h"
#include "../util/log.h"
#include "../util/text.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct app *app;
	struct deadlines *deadlines;
};

#define RECEIVE_SECONDS_DEFAULT 30
#define CONNECTIONS_MAX 1000

struct request_state {
	struct req r;
	const struct route *route;
	char *body;
	size_t body_len, body_cap;
	uint64_t body_max;
	bool answered;
	struct upload_state *upload;
	struct conn_clock *clock; /* the connection's, see deadline.h */
	struct timespec started;
	char request_id[17];
	int attempts; /* more than 1 when a database conflict made the request run again */
};

static struct MHD_Connection *conn_of(struct req *r) { return r->conn; }

/* --- routing --- */

/* Matches path against pattern, filling params; true on a match. */
static bool route_match(const char *pattern, const char *path, struct req *r)
{
	const char *p = pattern, *s = path;
	int n = 0;
	while (*p && *s) {
		if (p[0] == '{' && p[1] == '}') {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (len == 0 || n >= HTTP_MAX_PARAMS)
				return false;
			if (r)
				r->params[n] = arena_strndup(&r->arena, s, len);
			n++;
			s += len;
			p += 2;
		} else if (*p == *s) {
			p++;
			s++;
		} else {
			return false;
		}
	}
	return *p == '\0' && *s == '\0';
}

/* The route for method and path; *path_known tells whether another method would match. */
static const struct route *route_find(const struct route *routes, const char *method, const char *path,
				      bool *path_known, char *allow, size_t allow_len)
{
	*path_known = false;
	allow[0] = '\0';
	const struct route *found = NULL;
	for (const struct route *rt = routes; rt->method; rt++) {
		if (!route_match(rt->pattern, path, NULL))
			continue;
		*path_known = true;
		if (strlen(allow) + strlen(rt->method) + 3 < allow_len) {
			if (allow[0]) strcat(allow, ", ");
			strcat(allow, rt->method);
		}
		if (!found && (strcmp(rt->method, method) == 0 ||
			       (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0)))
			found = rt;
	}
	return found;
}

/* --- sending --- */

static void add_common_headers(struct MHD_Response *resp, struct request_state *st)
{
	MHD_add_response_header(resp, "X-Request-Id", st->request_id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct request_state *st)
{
	struct req *r = &st->r;
	struct MHD_Response *resp = NULL;
	deadline_answering(st->clock);
	if (r->file_out) {
		int fd = open(r->file_out, O_RDONLY | O_CLOEXEC);
		struct stat sb;
		if (fd >= 0 && fstat(fd, &sb) == 0) {
			resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
		} else {
			if (fd >= 0) close(fd);
			log_error("cannot open %s: %s", r->file_out, strerror(errno));
			reply_problem(r, 500, "internal_error", "The stored file could not be read.", NULL);
		}
	}
	if (!resp) {
		if (!r->body_out)
			reply_problem(r, 500, "internal_error", "The request produced no answer.", NULL);
		resp = MHD_create_response_from_buffer(r->body_len, r->body_out, MHD_RESPMEM_MUST_COPY);
	}
	if (!resp)
		return MHD_NO;
	add_common_headers(resp, st);
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	if (strncmp(r->path, "/api/", 5) == 0) {
		MHD_add_response_header(resp, "Cache-Control", "no-store");
		if (r->body_gzip)
			MHD_add_response_header(resp, "Content-Encoding", "gzip");
		if (!r->file_out && http_compressible(r->content_type))
			MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	}
	for (int i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	st->answered = true;
	return ret;
}

/* --- the request's life --- */

/* Attempts at a request whose transaction lost a race to a concurrent one (see store.h), and
 * the longest pause between two, in microseconds: the pause doubles, randomly shortened, so that
 * the requests that collided spread out. */
#define DB_ATTEMPTS 10
#define DB_PAUSE_MAX 100000u

/* --- answers kept in the response cache (see cache.h) --- */

#define CACHE_KEY_MAX 4096 /* longer requests are not cached */

struct key_builder { char *text; size_t len; bool too_long; };

static void key_append(struct key_builder *k, const char *s)
{
	size_t n = strlen(s);
	if (k->too_long || k->len + n + 2 > CACHE_KEY_MAX) {
		k->too_long = true;
		return;
	}
	memcpy(k->text + k->len, s, n);
	k->len += n;
	k->text[k->len++] = '\x1f'; /* a separator no decoded query value is let through with */
	k->text[k->len] = '\0';
}

static enum MHD_Result key_add_argument(void *cls, enum MHD_ValueKind kind, const char *name, const char *value)
{
	(void)kind;
	struct key_builder *k = cls;
	if ((value && strchr(value, '\x1f')) || strchr(name, '\x1f'))
		k->too_long = true;
	key_append(k, name);
	key_append(k, value ? value : "\x1e"); /* "?a" and "?a=" differ */
	return MHD_YES;
}

/* The request as the cache knows it: path, caller (user, role, organisation), whether the answer
 * is kept gzipped, and query, in the order sent. NULL when it cannot be cached. */
static const char *cache_key(struct req *r, bool gzip)
{
	struct key_builder k = {arena_alloc(&r->arena, CACHE_KEY_MAX), 0, false};
	char caller[96];
	snprintf(caller, sizeof caller, "%lld:%s:%lld", (long long)r->user->id, r->user->role, (long long)r->user->org.id);
	key_append(&k, r->path);
	key_append(&k, caller);
	key_append(&k, gzip ? "gzip" : "identity");
	MHD_get_connection_values(conn_of(r), MHD_GET_ARGUMENT_KIND, key_add_argument, &k);
	return k.too_long ? NULL : k.text;
}

static bool accepts_gzip(struct req *r) { return http_accepts_gzip(req_header(r, "Accept-Encoding")); }

/* Gzips an API answer held in memory, when it is text and large enough to gain. */
static void compress_answer(struct req *r)
{
	if (r->body_gzip || r->file_out || !r->body_out || r->body_len < COMPRESS_MIN_BYTES ||
	    !http_compressible(r->content_type) || strncmp(r->path, "/api/", 5) != 0)
		return;
	size_t len;
	char *gz = http_gzip(&r->arena, r->body_out, r->body_len, &len);
	if (gz) {
		r->body_out = gz;
		r->body_len = len;
		r->body_gzip = true;
	}
}

/* Runs the handler of a read route, or answers from the cache when the same request was
 * answered on the same data in the same second. */
static void run_handler_cached(struct request_state *st)
{
	struct req *r = &st->r;
	struct response_cache *cache = r->app->cache;
	bool gzip = accepts_gzip(r);
	const char *key = cache && (st->route->flags & ROUTE_CACHED) && r->user ? cache_key(r, gzip) : NULL;
	int64_t revision = key ? store_revision(r->db) : -1;
	if (revision >= 0 && response_cache_get(cache, key, revision, r->now, &r->arena, &r->body_out, &r->body_len)) {
		r->status = 200;
		r->content_type = arena_strdup(&r->arena, "application/json");
		/* an answer too small to compress is kept as it is, under the gzip key too */
		r->body_gzip = http_is_gzip(r->body_out, r->body_len);
		reply_header(r, "X-Cache", "hit");
		return;
	}
	st->route->handler(r);
	if (gzip) /* kept compressed: a hit then costs no compression */
		compress_answer(r);
	if (revision >= 0 && r->status == 200 && r->body_out && !r->file_out && r->nheaders == 0 &&
	    r->content_type && strcmp(r->content_type, "application/json") == 0 && !store_retry_wanted(r->db))
		response_cache_put(cache, key, revision, r->now, r->body_out, r->body_len);
}

/* Whether the caller must turn two-step sign-in on before anything else (the setting
 * auth.two_step_required, read only for the roles it concerns): 1 due, 0 not, or the store's
 * failure. */
static int two_step_due(struct req *r)
{
	int role = (int)role_parse(r->user->role);
	if (r->user->sso || r->user->two_step || (role != ROLE_AGENCY_FOCAL_POINT && role != ROLE_ADMIN))
		return 0;
	int64_t required;
	int rc = store_setting_int(r->db, "auth.two_step_required", 0, &required);
	if (rc != STORE_OK)
		return rc;
	return account_two_step_due(role, false, false, required == 1) ? 1 : 0;
}

/* Answers when the caller may not make this request: unknown on a route that needs sign-in, a
 * role that must turn two-step sign-in on first, or signed in by cookie without the CSRF token
 * on a write. auth is auth_resolve's result. */
static bool caller_refused(struct request_state *st, int auth)
{
	struct req *r = &st->r;
	const struct route *rt = st->route;
	int due = 0;
	if (auth < 0)
		reply_problem(r, 503, "database_unavailable", "The database cannot be reached; try again shortly.", NULL);
	else if (!(rt->flags & ROUTE_PUBLIC) && !r->user)
		reply_problem(r, 401, "not_signed_in", "Sign in first, or send an API token.", NULL);
	else if (r->user && !(rt->flags & (ROUTE_PUBLIC | ROUTE_BEFORE_TWO_STEP)) && (due = two_step_due(r)) != 0)
		reply_problem(r, due < 0 ? 503 : 403, due < 0 ? "database_unavailable" : "two_step_due",
			      due < 0 ? "The database cannot be reached; try again shortly."
				      : "Turn two-step sign-in on first (your role requires it on this portal).", NULL);
	else if (r->user && r->via_cookie && strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0 &&
		 !(rt->flags & ROUTE_NO_CSRF) && !auth_csrf_ok(r))
		reply_problem(r, 403, "csrf_failed", "The X-CSRF-Token header is missing or wrong; reload the page.", NULL);
	else
		return false;
	return true;
}

static void forget_caller(struct req *r)
{
	r->user = NULL;
	r->via_cookie = false;
	r->csrf = NULL;
	r->session_hash = NULL;
}

/* Checks the caller and runs the route's handler: one attempt at answering the request. */
static void run_route(struct request_state *st)
{
	struct req *r = &st->r;
	forget_caller(r);
	/* one read snapshot per attempt: see store_snapshot_begin. A write request's reads before
	 * its transaction (the caller, the object's state) share it too; store_begin ends it. */
	store_snapshot_begin(r->db);
	if (caller_refused(st, auth_resolve(r)))
		; /* answered */
	else if (r->body || (st->route->flags & ROUTE_UPLOAD))
		st->route->handler(r);
	else
		run_handler_cached(st);
	store_snapshot_end(r->db);
}

/* A request runs again only when its input is still there: an upload's file may have been
 * moved into the document store by the failed attempt. */
static bool may_run_again(struct req *r)
{
	if (!r->upload)
		return true;
	for (int i = 0; i < r->upload->nfiles; i++)
		if (r->upload->files[i].tmp_path && access(r->upload->files[i].tmp_path, F_OK) != 0)
			return false;
	return r->upload->tmp_path && access(r->upload->tmp_path, F_OK) == 0;
}

/* The whole body of an upload: its files (one, or several for ROUTE_UPLOAD_FILES) and the form's
 * own fields. */
static uint64_t upload_body_limit(const struct route *route, uint64_t file_max)
{
	uint64_t files = route->flags & ROUTE_UPLOAD_FILES ? HTTP_UPLOAD_FILES_FACTOR : 1;
	return file_max * files + 64 * 1024;
}

static void forget_answer(struct req *r)
{
	r->status = 0;
	r->content_type = NULL;
	r->body_out = NULL;
	r->body_len = 0;
	r->file_out = NULL;
	r->body_gzip = false;
	r->nheaders = 0;
}

/* The upload limit in force: an administrator may change the setting while the server runs, so
 * it is read for each upload (uploads are few). */
static uint64_t upload_limit(struct app *app)
{
	struct db *db = store_acquire(app->store);
	if (!db)
		return app->upload_max;
	int64_t limit;
	/* the limit read at start stands in when the database cannot answer: the route then fails
	 * on its own reads, and the upload is bounded meanwhile */
	if (store_setting_int(db, "upload.max_bytes", (int64_t)app->upload_max, &limit) != STORE_OK) {
		log_error("upload.max_bytes could not be read; the limit read at start applies");
		limit = (int64_t)app->upload_max;
	}
	store_release(app->store, db);
	return limit > 0 ? (uint64_t)limit : app->upload_max;
}

static void dispatch(struct app *app, struct request_state *st)
{
	struct req *r = &st->r;
	r->db = store_acquire(app->store);
	if (!r->db) {
		reply_problem(r, 503, "database_unavailable", "The database cannot be reached; try again shortly.", NULL);
		return;
	}
	for (st->attempts = 1;; st->attempts++) {
		store_retry_reset(r->db);
		run_route(st);
		if (!store_retry_wanted(r->db) || st->attempts == DB_ATTEMPTS || !may_run_again(r))
			break;
		/* A concurrent transaction won (or the connection was lost): nothing of this attempt
		 * was kept, so run the whole request again after a short, random pause. */
		store_retry_reset(r->db);
		forget_answer(r);
		uint32_t pause = 1000u << (st->attempts < 7 ? st->attempts : 7);
		usleep((useconds_t)(randombytes_uniform(pause < DB_PAUSE_MAX ? pause : DB_PAUSE_MAX) + 500));
	}
	if (r->status == 0)
		reply_problem(r, 500, "internal_error", "The request produced no answer.", NULL);
	if (accepts_gzip(r))
		compress_answer(r);
	store_release(app->store, r->db);
	r->db = NULL;
}

/* Request ids need to be unique, not secret: a per-thread random start and a counter, mixed
 * (splitmix64), instead of a getrandom system call per request. */
static void new_request_id(char out[17])
{
	static _Thread_local uint64_t next;
	if (next == 0)
		randombytes_buf(&next, sizeof next);
	uint64_t z = (next += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	snprintf(out, 17, "%016llx", (unsigned long long)z);
}

static bool is_api(const char *url) { return strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0; }

/* Finds the route, or prepares the 404 or 405 answer. */
static void route_request(struct app *app, struct request_state *st, const char *method, const char *url)
{
	bool known;
	char allow[128];
	st->route = route_find(app->routes, method, url, &known, allow, sizeof allow);
	if (st->route) {
		route_match(st->route->pattern, url, &st->r);
	} else if (known) {
		/* the method is not repeated: it may be any bytes at all */
		reply_problem(&st->r, 405, "method_not_allowed",
			      arena_printf(&st->r.arena, "This method is not allowed here; use %s.", allow), NULL);
		reply_header(&st->r, "Allow", allow);
	} else {
		reply_problem(&st->r, 404, "not_found", "There is no such API route.", NULL);
	}
}

static bool has_body(struct MHD_Connection *conn)
{
	const char *len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	return (len && strtoull(len, NULL, 10) > 0) ||
	       MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

static bool is_json(const char *content_type)
{
	size_t n = strlen("application/json");
	return content_type && strncasecmp(content_type, "application/json", n) == 0 &&
	       (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ');
}

/* Who calls, known before the body is read: one more look-up of the session or token, paid only
 * by requests that bring a body. */
static bool caller_refused_early(struct app *app, struct request_state *st)
{
	struct req *r = &st->r;
	r->db = store_acquire(app->store);
	if (!r->db)
		return caller_refused(st, -1);
	store_snapshot_begin(r->db);
	bool refused = caller_refused(st, auth_resolve(r));
	store_snapshot_end(r->db);
	store_release(app->store, r->db);
	r->db = NULL;
	return refused;
}

/* The answers given before any of the body is read, so that an unknown caller cannot make the
 * server write a file or hold memory: true when one is ready. */
static bool refused_before_body(struct app *app, struct request_state *st, struct MHD_Connection *conn)
{
	struct req *r = &st->r;
	/* Signing in is the one write without a CSRF token: a page on another site can post
	 * text/plain or a form to it, but not application/json without the browser asking first. */
	if ((st->route->flags & ROUTE_NO_CSRF) && !is_json(req_header(r, "Content-Type"))) {
		reply_problem(r, 415, "unsupported_media_type", "Send the body as application/json.", NULL);
		return true;
	}
	if (!has_body(conn))
		return false;
	if (caller_refused_early(app, st))
		return true;
	bool upload = st->route->flags & ROUTE_UPLOAD;
	st->body_max = upload ? upload_limit(app) : HTTP_JSON_BODY_MAX;
	uint64_t limit = upload ? upload_body_limit(st->route, st->body_max) : st->body_max;
	const char *len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (len && strtoull(len, NULL, 10) > limit) {
		bool files = upload && (st->route->flags & ROUTE_UPLOAD_FILES);
		reply_problem(r, 413, "too_large", files
			? arena_printf(&r->arena, "The body is larger than the limit of %llu bytes (%d times the upload limit of %llu bytes).",
				       (unsigned long long)(limit - 64 * 1024), HTTP_UPLOAD_FILES_FACTOR, (unsigned long long)st->body_max)
			: arena_printf(&r->arena, "The body is larger than the limit of %llu bytes.", (unsigned long long)st->body_max), NULL);
		return true;
	}
	return false;
}

static struct upload_state *start_upload(struct app *app, struct request_state *st, struct MHD_Connection *conn)
{
	uint64_t file_max = st->body_max ? st->body_max : app->upload_max;
	bool files = st->route->flags & ROUTE_UPLOAD_FILES;
	return upload_begin(conn, app->data_dir, file_max, files ? HTTP_UPLOAD_FILES_MAX : 0,
			    files ? upload_body_limit(st->route, file_max) : 0);
}

/* The first call of a request: no byte of the body has been read yet. */
static enum MHD_Result request_begin(struct app *app, struct MHD_Connection *conn, const char *url,
				     const char *method, void **con_cls)
{
	struct request_state *st = calloc(1, sizeof *st);
	if (!st)
		return MHD_NO;
	*con_cls = st;
	clock_gettime(CLOCK_MONOTONIC, &st->started);
	arena_init(&st->r.arena);
	new_request_id(st->request_id);
	st->r.request_id = st->request_id;
	st->r.method = arena_strdup(&st->r.arena, method);
	st->r.path = arena_strdup(&st->r.arena, url);
	st->r.conn = conn;
	st->r.app = app;
	st->r.now = clock_now();
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	st->clock = info ? info->socket_context : NULL;
	if (is_api(url))
		route_request(app, st, method, url);
	if (st->route && refused_before_body(app, st, conn))
		return send_reply(conn, st);
	if (st->route && (st->route->flags & ROUTE_UPLOAD))
		st->upload = start_upload(app, st, conn);
	return MHD_YES;
}

/* A middle call: n more bytes of the body. Once an answer is decided (an error), the rest of the
 * body is read and dropped, so that the client can then read the answer: libmicrohttpd cannot
 * queue one while a body is still arriving. False when memory runs out. */
static bool receive_body(struct request_state *st, const char *data, size_t n)
{
	struct req *r = &st->r;
	if (r->status != 0 || !st->route)
		return true; /* a static file takes no body; dropped bytes earn no more time */
	deadline_body_received(st->clock, n);
	if (st->upload) {
		int rc = upload_feed(st->upload, data, n);
		if (rc == UPLOAD_NOT_STORED)
			reply_problem(r, 500, "upload_failed", "The file could not be stored; the error is logged. Try again later.", NULL);
		else if (rc < 0)
			reply_problem(r, 400, "malformed_form", "The multipart form could not be read.", NULL);
		return true;
	}
	if (st->body_len + n > HTTP_JSON_BODY_MAX) {
		reply_problem(r, 413, "too_large", arena_printf(&r->arena, "The body is larger than the limit of %d bytes.",
								 HTTP_JSON_BODY_MAX), NULL);
		free(st->body);
		st->body = NULL;
		st->body_len = st->body_cap = 0;
		return true;
	}
	if (st->body_len + n > st->body_cap) {
		size_t cap = st->body_cap ? st->body_cap : 4096;
		while (cap < st->body_len + n)
			cap *= 2;
		char *b = realloc(st->body, cap);
		if (!b)
			return false;
		st->body = b;
		st->body_cap = cap;
	}
	memcpy(st->body + st->body_len, data, n);
	st->body_len += n;
	return true;
}

/* The text a request brings, checked before any handler sees it (422 otherwise). */
static bool input_accepted(struct request_state *st)
{
	struct req *r = &st->r;
	if (!req_check_query(r))
		return false;
	if (st->route->flags & ROUTE_UPLOAD) {
		r->upload = upload_result(st->upload, &r->arena);
		return req_check_form(r);
	}
	return st->body_len == 0 || req_read_json(r, st->body, st->body_len);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)version;
	struct app *app = cls;
	struct request_state *st = *con_cls;
	if (!st)
		return request_begin(app, conn, url, method, con_cls);
	if (st->answered)
		return MHD_YES;
	if (*upload_data_size > 0) {
		bool ok = receive_body(st, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return ok ? MHD_YES : MHD_NO;
	}
	deadline_answering(st->clock);
	if (st->r.status == 0) {
		if (!st->route)
			statics_serve(app->statics, &st->r);
		else if (input_accepted(st))
			dispatch(app, st);
	}
	return send_reply(conn, st);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	struct request_state *st = *con_cls;
	if (!st)
		return;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double ms = (double)(end.tv_sec - st->started.tv_sec) * 1e3 + (double)(end.tv_nsec - st->started.tv_nsec) / 1e6;
	char attempts[24] = "";
	if (st->attempts > 1)
		snprintf(attempts, sizeof attempts, " attempts=%d", st->attempts);
	char method[64], path[1024]; /* escaped: a request must not write lines of its own into the log */
	log_info("%s %s %d %zu %.1fms id=%s user=%lld%s%s", text_for_log(st->r.method, method, sizeof method),
		 text_for_log(st->r.path, path, sizeof path), st->r.status,
		 st->r.body_len, ms, st->request_id, st->r.user ? (long long)st->r.user->id : 0LL, attempts,
		 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (interrupted)");
	deadline_restart(st->clock);
	upload_end(st->upload);
	if (st->r.body)
		json_decref(st->r.body);
	arena_free(&st->r.arena);
	free(st->body);
	free(st);
	*con_cls = NULL;
}

/* Each connection gets a clock when it opens (see deadline.h); it is dropped before the socket
 * is closed. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct http_server *s = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = info ? deadline_track(s->deadlines, info->connect_fd) : NULL;
	} else {
		deadline_forget(*socket_context);
		*socket_context = NULL;
	}
}

static struct MHD_Daemon *daemon_start(struct http_server *s, struct sockaddr_in *addr, uint16_t port)
{
	struct app *app = s->app;
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
				port, NULL, NULL, on_request, app,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)addr,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned)app->threads,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, app,
				MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, /* idle, while an answer is sent */
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTIONS_MAX,
				/* one address cannot take every connection (libmicrohttpd closes the excess) */
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, app->per_address_max,
				MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
				MHD_OPTION_END);
}

struct http_server *http_server_start(struct app *app, const char *host, uint16_t port, char *err, size_t errlen)
{
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		snprintf(err, errlen, "the listen address %s is not an IPv4 address", host);
		return NULL;
	}
	/* Large transient buffers (an uploaded file's first megabytes read to recognise its type, a
	 * big export) get pages of their own that go back to the system when freed. By default glibc
	 * raises this threshold after the first such free, and from then on keeps the memory in each
	 * thread's heap for good: every thread that once took a 19 MiB upload held 7 MiB more. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	/* Fixing that threshold also fixes glibc's trim threshold at 128 KiB: a request that built a
	 * list of partners then freed its arena handed the pages back (madvise) and faulted them in
	 * again on the next request, and each such madvise stalled the other threads' processors.
	 * Keeping up to 4 MiB free at the top of each heap made a 50-partner page 3 to 6 times
	 * faster at 64 connections (perf and strace under wrk, bench/README.md). */
	mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
	app->statics = statics_load(app->web_dir);
	struct http_server *s = calloc(1, sizeof *s);
	s->app = app;
	s->deadlines = deadlines_start(app->receive_seconds ? app->receive_seconds : RECEIVE_SECONDS_DEFAULT);
	s->daemon = s->deadlines ? daemon_start(s, &addr, port) : NULL;
	if (!s->daemon) {
		snprintf(err, errlen, "cannot listen on %s:%u (is the port in use?)", host, port);
		deadlines_stop(s->deadlines);
		statics_free(app->statics);
		free(s);
		return NULL;
	}
	return s;
}

uint16_t http_server_port(struct http_server *s)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	return info ? info->port : 0;
}

void http_server_stop(struct http_server *s)
{
	if (!s) return;
	MHD_stop_daemon(s->daemon);
	deadlines_stop(s->deadlines);
	statics_free(s->app->statics);
	free(s);
}
