/* connection.c: see connection.h. */
#include "connection.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "app.h"
#include "compress.h"
#include "deadline.h"
#include "dispatch.h"
#include "req.h"
#include "request_state.h"
#include "route.h"
#include "statics.h"
#include "upload.h"
#include "../util/log.h"
#include "../util/text.h"

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
	if (settings_get(db, SETTING_UPLOAD_MAX_BYTES, &limit) != STORE_OK) {
		log_error("%s could not be read; the limit read at start applies", setting_defs[SETTING_UPLOAD_MAX_BYTES].key);
		limit = (int64_t)app->upload_max;
	}
	store_release(app->store, db);
	return limit > 0 ? (uint64_t)limit : app->upload_max;
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

/* The answers given before any of the body is read, so that an unknown caller cannot make the
 * server write a file or hold memory: true when one is ready. */
/* The whole body of an upload: its files (one, or several for ROUTE_UPLOAD_FILES) and the form's
 * own fields. */
static uint64_t upload_body_limit(const struct route *route, uint64_t file_max)
{
	uint64_t files = route->flags & ROUTE_UPLOAD_FILES ? HTTP_UPLOAD_FILES_FACTOR : 1;
	return file_max * files + 64 * 1024;
}

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
	if (st->route && (st->route->flags & ROUTE_UPLOAD) && !(st->upload = start_upload(app, st, conn))) {
		reply_problem(&st->r, 500, "upload_failed", "The file could not be stored; the error is logged. Try again later.", NULL);
		return send_reply(conn, st);
	}
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

enum MHD_Result connection_on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
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

void connection_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
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
