/* dispatch.c: see dispatch.h. */
#include "dispatch.h"
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "auth.h"
#include "cache.h"
#include "compress.h"
#include "../domain/accounts.h"
#include "../domain/roles.h"

static struct MHD_Connection *conn_of(struct req *r) { return r->conn; }

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
	int rc = settings_get(r->db, SETTING_AUTH_TWO_STEP_REQUIRED, &required);
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

bool caller_refused_early(struct app *app, struct request_state *st)
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

void dispatch(struct app *app, struct request_state *st)
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
