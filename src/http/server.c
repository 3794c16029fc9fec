/* server.c: libmicrohttpd glue. The access handler is called several times per request: the
 * first call only sets up (answering then would force "Connection: close"), the middle calls
 * receive the body, the last one dispatches. Per-request state is freed in the
 * request-completed callback. */
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
#include "json_out.h"
#include "statics.h"
#include "upload.h"
#include "../util/log.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct app *app;
};

struct request_state {
	struct req r;
	const struct route *route;
	char *body;
	size_t body_len, body_cap;
	bool too_large;
	bool answered;
	struct upload_state *upload;
	struct timespec started;
	char request_id[17];
	int attempts; /* more than 1 when a database conflict made the request run again */
};

/* --- the req_* and reply_* functions --- */

static struct MHD_Connection *conn_of(struct req *r) { return r->conn; }

const char *req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(conn_of(r), MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(conn_of(r), MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(conn_of(r), MHD_COOKIE_KIND, name);
}

const char *req_client_address(struct req *r)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(conn_of(r), MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	static const char unknown[] = "unknown";
	if (!info || !info->client_addr)
		return unknown;
	char host[64];
	if (getnameinfo(info->client_addr, sizeof(struct sockaddr_storage), host, sizeof host, NULL, 0,
			NI_NUMERICHOST) != 0)
		return unknown;
	const char *forwarded = r->app->trusted_proxy && strcmp(host, r->app->trusted_proxy) == 0 ?
		req_header(r, "X-Real-IP") : NULL;
	unsigned char parsed[sizeof(struct in6_addr)];
	if (forwarded && (inet_pton(AF_INET, forwarded, parsed) == 1 || inet_pton(AF_INET6, forwarded, parsed) == 1))
		return arena_strdup(&r->arena, forwarded);
	return arena_strdup(&r->arena, host);
}

int64_t req_param_id(struct req *r, int i)
{
	const char *s = i < HTTP_MAX_PARAMS ? r->params[i] : NULL;
	if (!s || !*s || strlen(s) > 18)
		return 0;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

const char *req_data_dir(struct req *r) { return r->app->data_dir; }
const char *req_web_dir(struct req *r) { return r->app->web_dir; }
const char *req_base_url(struct req *r) { return r->app ? r->app->base_url : NULL; }
const char *req_sendmail(struct req *r) { return r->app ? r->app->sendmail : NULL; }
const char *req_mail_from(struct req *r) { return r->app ? r->app->mail_from : NULL; }
const char *req_param(struct req *r, int i) { return i >= 0 && i < HTTP_MAX_PARAMS ? r->params[i] : NULL; }

const char *req_form_field(struct req *r, const char *name)
{
	if (!r->upload)
		return NULL;
	for (int i = 0; i < r->upload->nfields; i++)
		if (strcmp(r->upload->fields[i].name, name) == 0)
			return r->upload->fields[i].value;
	return NULL;
}

void reply_bytes(struct req *r, int status, const char *content_type, const char *data, size_t len)
{
	r->status = status;
	r->content_type = arena_strdup(&r->arena, content_type);
	r->body_out = arena_strndup(&r->arena, data, len);
	r->body_len = len;
	r->file_out = NULL;
}

void reply_json(struct req *r, int status, json_t *json)
{
	size_t len = 0;
	const char *text = json ? json_out(json, &len) : NULL;
	if (!text) {
		json_decref(json);
		reply_bytes(r, 500, "application/problem+json",
			    "{\"type\":\"about:blank\",\"title\":\"Internal error\",\"status\":500,\"code\":\"internal_error\"}", 86);
		return;
	}
	reply_bytes(r, status, "application/json", text, len);
	json_decref(json);
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Not signed in";
	case 403: return "Not allowed";
	case 404: return "Not found";
	case 405: return "Method not allowed";
	case 409: return "Conflict";
	case 413: return "Too large";
	case 415: return "Unsupported media type";
	case 422: return "Invalid data";
	case 429: return "Too many attempts";
	case 503: return "Unavailable";
	default: return status >= 500 ? "Internal error" : "Error";
	}
}

json_t *problem_error(const char *field, const char *code, const char *message)
{
	return json_pack("{s:s, s:s, s:s}", "field", field ? field : "", "code", code, "message", message);
}

void reply_problem(struct req *r, int status, const char *code, const char *detail, json_t *errors)
{
	json_t *p = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", "about:blank", "title", status_title(status),
			      "status", status, "code", code, "detail", detail ? detail : status_title(status));
	if (errors)
		json_object_set_new(p, "errors", errors);
	char *text = json_dumps(p, JSON_COMPACT);
	json_decref(p);
	reply_bytes(r, status, "application/problem+json", text, strlen(text));
	free(text);
}

void reply_file(struct req *r, const char *path, const char *content_type)
{
	r->status = 200;
	r->content_type = arena_strdup(&r->arena, content_type);
	r->file_out = arena_strdup(&r->arena, path);
}

void reply_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders >= (int)(sizeof r->headers / sizeof r->headers[0]))
		return;
	r->headers[r->nheaders].name = arena_strdup(&r->arena, name);
	r->headers[r->nheaders].value = arena_strdup(&r->arena, value);
	r->nheaders++;
}

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

/* Checks the caller and runs the route's handler: one attempt at answering the request. */
static void run_route(struct request_state *st)
{
	struct req *r = &st->r;
	const struct route *rt = st->route;
	r->user = NULL;
	r->via_cookie = false;
	r->csrf = NULL;
	r->session_hash = NULL;
	/* one read snapshot per attempt: see store_snapshot_begin. A write request's reads before
	 * its transaction (the caller, the object's state) share it too; store_begin ends it. */
	store_snapshot_begin(r->db);
	int auth = auth_resolve(r);
	if (auth < 0) {
		reply_problem(r, 503, "database_unavailable", "The database cannot be reached; try again shortly.", NULL);
	} else if (!(rt->flags & ROUTE_PUBLIC) && !r->user) {
		reply_problem(r, 401, "not_signed_in", "Sign in first, or send an API token.", NULL);
	} else if (r->user && r->via_cookie && strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0 &&
		   !(rt->flags & ROUTE_NO_CSRF) && !auth_csrf_ok(r)) {
		reply_problem(r, 403, "csrf_failed", "The X-CSRF-Token header is missing or wrong; reload the page.", NULL);
	} else if (st->body_len > 0 && !(rt->flags & ROUTE_UPLOAD)) {
		json_error_t jerr;
		if (!r->body) /* parsed once, kept across attempts */
			r->body = json_loadb(st->body, st->body_len, JSON_REJECT_DUPLICATES, &jerr);
		if (!r->body) {
			char *detail = arena_printf(&r->arena, "The body is not valid JSON: %s (line %d, column %d).",
						    jerr.text, jerr.line, jerr.column);
			reply_problem(r, 400, "malformed_json", detail, NULL);
		} else {
			rt->handler(r);
		}
	} else if (rt->flags & ROUTE_UPLOAD) {
		if (!r->upload)
			r->upload = upload_result(st->upload, &r->arena);
		rt->handler(r);
	} else {
		run_handler_cached(st);
	}
	store_snapshot_end(r->db);
}

/* A request runs again only when its input is still there: an upload's file may have been
 * moved into the document store by the failed attempt. */
static bool may_run_again(struct req *r)
{
	return !r->upload || (r->upload->tmp_path && access(r->upload->tmp_path, F_OK) == 0);
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
	int64_t limit = store_setting_int(db, "upload.max_bytes", (int64_t)app->upload_max);
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)version;
	struct app *app = cls;
	struct request_state *st = *con_cls;
	if (!st) {
		st = calloc(1, sizeof *st);
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
		if (is_api(url)) {
			bool known;
			char allow[128];
			st->route = route_find(app->routes, method, url, &known, allow, sizeof allow);
			if (st->route) {
				route_match(st->route->pattern, url, &st->r);
			} else if (known) {
				reply_problem(&st->r, 405, "method_not_allowed",
					      arena_printf(&st->r.arena, "%s is not allowed here; use %s.", method, allow), NULL);
				reply_header(&st->r, "Allow", allow);
			} else {
				reply_problem(&st->r, 404, "not_found", "There is no such API route.", NULL);
			}
		}
		/* Refuse a body known to be too large before reading any of it. */
		const char *len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		bool upload = st->route && (st->route->flags & ROUTE_UPLOAD) && st->r.status == 0;
		uint64_t body_max = upload ? upload_limit(app) : HTTP_JSON_BODY_MAX;
		uint64_t limit = upload ? body_max + 64 * 1024 : body_max; /* the form's own fields */
		if (len && strtoull(len, NULL, 10) > limit && st->r.status == 0) {
			reply_problem(&st->r, 413, "too_large",
				      arena_printf(&st->r.arena, "The body is larger than the limit of %llu bytes.",
						   (unsigned long long)body_max), NULL);
			return send_reply(conn, st);
		}
		if (upload)
			st->upload = upload_begin(conn, app->data_dir, body_max);
		return MHD_YES;
	}
	if (st->answered)
		return MHD_YES;
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (st->r.status != 0)
			return MHD_YES; /* an error is ready; drop the body */
		if (st->upload) {
			if (upload_feed(st->upload, upload_data, n) < 0) {
				reply_problem(&st->r, 400, "malformed_form", "The multipart form could not be read.", NULL);
				return send_reply(conn, st);
			}
			return MHD_YES;
		}
		if (st->body_len + n > HTTP_JSON_BODY_MAX) {
			reply_problem(&st->r, 413, "too_large", "The body is larger than the limit of 1048576 bytes.", NULL);
			return send_reply(conn, st); /* the rest is not read; the connection closes */
		}
		if (st->body_len + n > st->body_cap) {
			size_t cap = st->body_cap ? st->body_cap : 4096;
			while (cap < st->body_len + n) cap *= 2;
			char *b = realloc(st->body, cap);
			if (!b) return MHD_NO;
			st->body = b;
			st->body_cap = cap;
		}
		memcpy(st->body + st->body_len, upload_data, n);
		st->body_len += n;
		return MHD_YES;
	}
	if (st->r.status == 0) {
		if (st->route)
			dispatch(app, st);
		else
			statics_serve(app->statics, &st->r);
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
	log_info("%s %s %d %zu %.1fms id=%s user=%lld%s%s", st->r.method, st->r.path, st->r.status,
		 st->r.body_len, ms, st->request_id, st->r.user ? (long long)st->r.user->id : 0LL, attempts,
		 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (interrupted)");
	upload_end(st->upload);
	if (st->r.body)
		json_decref(st->r.body);
	arena_free(&st->r.arena);
	free(st->body);
	free(st);
	*con_cls = NULL;
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
	s->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
				     port, NULL, NULL, on_request, app,
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)app->threads,
				     MHD_OPTION_NOTIFY_COMPLETED, on_completed, app,
				     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
				     MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
				     MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
				     MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(err, errlen, "cannot listen on %s:%u (is the port in use?)", host, port);
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
	statics_free(s->app->statics);
	free(s);
}
