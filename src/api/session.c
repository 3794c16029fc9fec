/* session.c: signing in and out (in two steps where the account asks for it), and API tokens. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "api.h"
#include "handlers.h"
#include "../domain/accounts.h"
#include "../http/auth.h"

#define TWO_STEP_SECONDS 300   /* from the right password to the code */

/* Verifying against this when the e-mail is unknown makes both failures take the same time. */
static const char *dummy_hash(void)
{
	static char hash[128];
	static int ready;
	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		char local[128];
		password_hash("not-a-real-password-0", local);
		memcpy(hash, local, sizeof hash);
		__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
	}
	return hash;
}

/* The session, and the limits the interface checks before sending (an administrator may change
 * them, so they are not written into the interface). */
static void reply_session(struct req *r, const struct user *u, const char *csrf)
{
	int64_t upload_max, required;
	int rc = settings_get(r->db, SETTING_UPLOAD_MAX_BYTES, &upload_max);
	if (rc == STORE_OK)
		rc = settings_get(r->db, SETTING_AUTH_TWO_STEP_REQUIRED, &required);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	bool due = account_two_step_due((int)role_parse(u->role), u->sso, u->two_step, required == 1);
	reply_json(r, 200, json_pack("{s:o, s:s, s:{s:I}, s:b}", "user", api_user_json(u), "csrf_token", csrf,
				     "limits", "upload_max_bytes", (json_int_t)upload_max, "two_step_due", due));
}

/* A sign-in inside a write: the account, and what the write leaves for the answer. */
struct sign_in {
	struct user *u;
	const char *pair_key, *address_key, *hash, *code;
	int64_t user_id;
	char challenge[65]; /* a second step is asked for when set */
	char *csrf;         /* the session started */
	bool wrong;         /* a wrong password or code, counted */
};

/* The password was right and the account signs in in two steps: a challenge to send back with
 * the code (POST /api/v1/session/two-step), answered by two_step_challenge. */
static int add_two_step_challenge(struct req *r, struct sign_in *w)
{
	unsigned char raw[32];
	char hash[65];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(w->challenge, sizeof w->challenge, raw, sizeof raw);
	secret_hash(w->challenge, hash);
	if (store_two_step_challenge_add(r->db, hash, w->u->id, r->now, r->now + TWO_STEP_SECONDS) != STORE_OK)
		return STORE_ERROR;
	return STORE_OK;
}

/* 401 two_step_required with the challenge. */
static void two_step_challenge(struct req *r, const char *challenge)
{
	json_t *p = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i}", "type", "about:blank", "title", "Unauthorized", "status", 401,
			      "code", "two_step_required", "detail", "The password is right; now send the code of the authenticator app.",
			      "challenge", challenge, "expires_in", TWO_STEP_SECONDS);
	char *text = p ? json_dumps(p, JSON_COMPACT) : NULL;
	json_decref(p);
	if (!text) {
		api_store_failed(r, STORE_ERROR);
		return;
	}
	reply_bytes(r, 401, "application/problem+json", text, strlen(text));
	free(text);
}

/* How long the caller must wait before trying to sign in (0: now): the longer of the waits for
 * the account from this address (pair_key; NULL: none) and for the address. False when the
 * store failed (answered). */
static bool login_wait(struct req *r, const char *pair_key, const char *address_key, int64_t *wait)
{
	instant_t since = r->now - LOGIN_WINDOW_SECONDS, latest;
	int64_t failures;
	*wait = 0;
	int rc = pair_key ? store_login_failures_since(r->db, pair_key, since, &failures, &latest) : STORE_OK;
	if (rc == STORE_OK && pair_key)
		*wait = login_delay(failures, latest, LOGIN_FREE_FAILURES_PER_ACCOUNT, r->now);
	if (rc == STORE_OK)
		rc = store_login_failures_since(r->db, address_key, since, &failures, &latest);
	if (rc == STORE_OK) {
		int64_t w = login_delay(failures, latest, LOGIN_FREE_FAILURES_PER_ADDRESS, r->now);
		*wait = w > *wait ? w : *wait;
	}
	if (rc != STORE_OK)
		api_store_failed(r, rc);
	return rc == STORE_OK;
}

/* 429 too_many_attempts, with the seconds to wait before another try. */
static void refuse_for(struct req *r, int64_t wait)
{
	reply_header(r, "Retry-After", arena_printf(&r->arena, "%lld", (long long)wait));
	reply_problem(r, 429, "too_many_attempts", arena_printf(&r->arena,
		"Too many failed sign-ins from here. Wait %lld seconds and try again.", (long long)wait), NULL);
}

/* Inside the write: starts the session and audits it as action, by the account signing in. */
static int start_session(struct req *r, struct audit *audit, struct sign_in *w, const char *action)
{
	w->csrf = auth_session_start(r, w->u->id);
	if (!w->csrf)
		return STORE_ERROR;
	audit->user_id = w->u->id;
	return audit_add(audit, "session", w->u->id, action);
}

/* A wrong password: counted for the account from this address and for the address. */
static int write_wrong_password(struct req *r, struct audit *audit, void *ctx)
{
	(void)audit; /* nobody signed in */
	struct sign_in *w = ctx;
	if (store_login_failure_add(r->db, w->pair_key, r->now) != STORE_OK ||
	    store_login_failure_add(r->db, w->address_key, r->now) != STORE_OK)
		return STORE_ERROR;
	return STORE_OK;
}

static int write_password_sign_in(struct req *r, struct audit *audit, void *ctx)
{
	struct sign_in *w = ctx;
	if (store_login_failures_clear(r->db, w->pair_key) != STORE_OK)
		return STORE_ERROR;
	if (w->u->two_step)
		return add_two_step_challenge(r, w);
	return start_session(r, audit, w, "sign_in");
}

/* The answer after the write: the second step asked for, or the session. */
static void reply_signed_in(struct req *r, struct sign_in *w)
{
	if (w->challenge[0])
		two_step_challenge(r, w->challenge);
	else
		reply_session(r, w->u, w->csrf);
}

void session_create(struct req *r)
{
	if (!api_body_object(r))
		return;
	json_t *errs = json_array();
	const char *email = api_str(r->body, "email", API_NAME_MAX, true, errs);
	const char *password = api_str(r->body, "password", 256, true, errs);
	if (api_invalid(r, errs))
		return;
	email = account_email_normalize(&r->arena, email);
	/* the account is counted from this address only: failures elsewhere never slow its owner */
	const char *address = req_client_address(r);
	char *pair_key = arena_printf(&r->arena, "pair:%s|%s", address, email);
	char *address_key = arena_printf(&r->arena, "addr:%s", address);
	int64_t wait;
	if (!login_wait(r, pair_key, address_key, &wait))
		return;
	if (wait > 0) {
		refuse_for(r, wait);
		return;
	}
	struct user u;
	int rc = store_user_by_email(r->db, &r->arena, email, &u);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND) {
		api_store_failed(r, rc);
		return;
	}
	bool ok = password_verify(rc == STORE_OK ? u.password_hash : dummy_hash(), password) && rc == STORE_OK && u.active;
	struct sign_in w = {.u = &u, .pair_key = pair_key, .address_key = address_key};
	if (!ok) {
		if (api_write(r, write_wrong_password, &w))
			reply_problem(r, 401, "invalid_credentials", "The e-mail address or the password is wrong.", NULL);
		return;
	}
	if (api_write(r, write_password_sign_in, &w))
		reply_signed_in(r, &w);
}

void session_show(struct req *r)
{
	reply_session(r, r->user, r->csrf ? r->csrf : "");
}

static int write_sign_out(struct req *r, struct audit *audit, void *ctx)
{
	(void)ctx;
	if (auth_session_end(r) != STORE_OK)
		return STORE_ERROR;
	return audit_add(audit, "session", r->user->id, "sign_out");
}

void session_delete(struct req *r)
{
	if (api_write(r, write_sign_out, NULL))
		reply_bytes(r, 204, "application/json", "", 0);
}

static json_t *token_json(const struct api_token *t, instant_t now)
{
	return json_pack("{s:o, s:s, s:o, s:o, s:b}", "id", api_id(t->id), "name", t->name, "created_at",
			 api_instant(t->created_at), "expires_at", api_instant(t->expires_at), "expired", t->expires_at <= now);
}

struct new_token {
	struct api_token t;
	char *secret; /* out: shown once */
};

static int write_new_token(struct req *r, struct audit *audit, void *ctx)
{
	struct new_token *w = ctx;
	w->secret = auth_token_create(r, r->user->id, w->t.name, w->t.expires_at, &w->t.id);
	if (!w->secret)
		return STORE_ERROR;
	return audit_add(audit, "api_token", w->t.id, "create");
}

void token_create(struct req *r)
{
	if (!api_body_object(r))
		return;
	json_t *errs = json_array();
	const char *name = api_str(r->body, "name", API_NAME_MAX, true, errs);
	const char *expires_at = api_str(r->body, "expires_at", 32, false, errs);
	json_t *days = json_object_get(r->body, "expires_in_days");
	bool days_given = days && !json_is_null(days);
	instant_t expires = 0;
	const char *problem = NULL;
	if (days_given && !json_is_integer(days))
		json_array_append_new(errs, problem_error("expires_in_days", "invalid_type", "expires_in_days is a whole number of days."));
	else if ((problem = account_token_expiry(r->now, days_given, days_given ? json_integer_value(days) : 0, expires_at, &expires)))
		json_array_append_new(errs, problem_error(days_given ? "expires_in_days" : "expires_at", "invalid_value", problem));
	if (api_invalid(r, errs))
		return;
	struct new_token w = {{0, (char *)name, r->now, expires}, NULL};
	if (!api_write(r, write_new_token, &w))
		return;
	json_t *j = token_json(&w.t, r->now);
	json_object_set_new(j, "token", json_string(w.secret));
	reply_json(r, 201, j);
}

/* The caller's own tokens that are not revoked, expired ones marked: the secrets are never shown
 * again. */
void tokens_list(struct req *r)
{
	int limit;
	int64_t cursor;
	if (!api_limit(r, &limit) || !api_cursor(r, &cursor))
		return;
	struct api_token *list;
	size_t n;
	int rc = store_tokens_of_user(r->db, &r->arena, r->user->id, cursor, limit + 1, &list, &n);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(items, token_json(&list[i], r->now));
	reply_json(r, 200, api_list(items, n > (size_t)limit ? list[limit - 1].id : 0));
}

static int write_token_revoked(struct req *r, struct audit *audit, void *ctx)
{
	int64_t id = *(int64_t *)ctx;
	int rc = id ? store_token_revoke(r->db, id, r->user->id, r->now) : STORE_ENOTFOUND;
	return rc != STORE_OK ? rc : audit_add(audit, "api_token", id, "revoke");
}

void token_delete(struct req *r)
{
	int64_t id = req_param_id(r, 0);
	if (api_write(r, write_token_revoked, &id))
		reply_bytes(r, 204, "application/json", "", 0);
}

/* The code checked: a wrong one counted for the account and the address; a right one ends the
 * challenge and starts the session. */
static int write_two_step_sign_in(struct req *r, struct audit *audit, void *ctx)
{
	struct sign_in *w = ctx;
	int rc = api_two_step_verify(r, w->user_id, w->code);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		w->wrong = true;
		if (api_two_step_failed(r, w->user_id) != STORE_OK || store_login_failure_add(r->db, w->address_key, r->now) != STORE_OK)
			return STORE_ERROR;
		return STORE_OK;
	}
	if ((rc = store_user_get(r->db, &r->arena, w->user_id, w->u)) != STORE_OK || !w->u->active)
		return rc == STORE_OK ? STORE_ENOTFOUND : rc;
	if (store_two_step_challenge_delete(r->db, w->hash) != STORE_OK ||
	    store_login_failures_clear(r->db, arena_printf(&r->arena, "two_step:%lld", (long long)w->user_id)) != STORE_OK)
		return STORE_ERROR;
	return start_session(r, audit, w, "sign_in_two_step");
}

void session_two_step(struct req *r)
{
	if (!api_body_object(r))
		return;
	json_t *errs = json_array();
	const char *challenge = api_str(r->body, "challenge", 128, true, errs);
	const char *code = api_str(r->body, "code", 64, true, errs);
	if (api_invalid(r, errs))
		return;
	char hash[65];
	secret_hash(challenge, hash);
	/* wrong codes slow down this address like wrong passwords; each account also counts its own
	 * (api_two_step_verify) */
	char *address_key = arena_printf(&r->arena, "addr:%s", req_client_address(r));
	int64_t wait;
	if (!login_wait(r, NULL, address_key, &wait))
		return;
	if (wait > 0) {
		refuse_for(r, wait);
		return;
	}
	int64_t user_id = store_two_step_challenge_user(r->db, hash, r->now);
	if (user_id < 0) {
		api_store_failed(r, (int)user_id);
		return;
	}
	if (user_id == 0) {
		reply_problem(r, 401, "two_step_expired", "This sign-in has expired. Type your e-mail address and password again.", NULL);
		return;
	}
	struct user u;
	struct sign_in w = {.u = &u, .address_key = address_key, .hash = hash, .code = code, .user_id = user_id};
	if (!api_write(r, write_two_step_sign_in, &w))
		return;
	if (w.wrong)
		reply_problem(r, 401, "invalid_code", "This code is wrong or was used already. Type the six digits the app shows now, or a recovery code.", NULL);
	else
		reply_signed_in(r, &w);
}
