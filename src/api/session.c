/* session.c: signing in and out, and API tokens. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "api.h"
#include "handlers.h"
#include "../domain/accounts.h"
#include "../http/auth.h"

#define LOGIN_WINDOW_SECONDS (15 * 60)
#define LOGIN_FAILURES_PER_ACCOUNT 5
#define LOGIN_FAILURES_PER_ADDRESS 30
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
static json_t *session_json(struct req *r, const struct user *u, const char *csrf)
{
	json_int_t upload_max = (json_int_t)store_setting_int(r->db, "upload.max_bytes", 20 * 1024 * 1024);
	bool due = account_two_step_due((int)role_parse(u->role), u->sso, u->two_step,
					store_setting_int(r->db, "auth.two_step_required", 0) == 1);
	return json_pack("{s:o, s:s, s:{s:I}, s:b}", "user", api_user_json(u), "csrf_token", csrf,
			 "limits", "upload_max_bytes", upload_max, "two_step_due", due);
}

/* The password was right and the account signs in in two steps: 401 two_step_required with a
 * challenge to send back with the code (POST /api/v1/session/two-step). */
static void two_step_challenge(struct req *r, const struct user *u)
{
	unsigned char raw[32];
	char challenge[65], hash[65];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(challenge, sizeof challenge, raw, sizeof raw);
	secret_hash(challenge, hash);
	if (store_two_step_challenge_add(r->db, hash, u->id, r->now, r->now + TWO_STEP_SECONDS) != STORE_OK) {
		api_store_failed(r, STORE_ERROR);
		return;
	}
	if (!api_commit(r))
		return;
	json_t *p = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i}", "type", "about:blank", "title", "Unauthorized", "status", 401,
			      "code", "two_step_required", "detail", "The password is right; now send the code of the authenticator app.",
			      "challenge", challenge, "expires_in", TWO_STEP_SECONDS);
	char *text = json_dumps(p, JSON_COMPACT);
	json_decref(p);
	reply_bytes(r, 401, "application/problem+json", text, strlen(text));
	free(text);
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
	char *account_key = arena_printf(&r->arena, "email:%s", email);
	char *address_key = arena_printf(&r->arena, "addr:%s", req_client_address(r));
	instant_t since = r->now - LOGIN_WINDOW_SECONDS;
	if (store_login_failures_since(r->db, account_key, since) >= LOGIN_FAILURES_PER_ACCOUNT ||
	    store_login_failures_since(r->db, address_key, since) >= LOGIN_FAILURES_PER_ADDRESS) {
		reply_header(r, "Retry-After", "900");
		reply_problem(r, 429, "too_many_attempts", "Too many failed sign-ins. Wait 15 minutes and try again.", NULL);
		return;
	}
	struct user u;
	int rc = store_user_by_email(r->db, &r->arena, email, &u);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND) {
		api_store_failed(r, rc);
		return;
	}
	bool ok = password_verify(rc == STORE_OK ? u.password_hash : dummy_hash(), password) && rc == STORE_OK && u.active;
	if (!ok) {
		if (!api_begin(r))
			return;
		if (store_login_failure_add(r->db, account_key, r->now) != STORE_OK ||
		    store_login_failure_add(r->db, address_key, r->now) != STORE_OK) {
			api_store_failed(r, STORE_ERROR);
			return;
		}
		if (!api_commit(r))
			return;
		reply_problem(r, 401, "invalid_credentials", "The e-mail address or the password is wrong.", NULL);
		return;
	}
	if (!api_begin(r))
		return;
	store_login_failures_clear(r->db, account_key);
	if (u.two_step) {
		two_step_challenge(r, &u);
		return;
	}
	char *csrf = auth_session_start(r, u.id);
	if (!csrf) {
		api_store_failed(r, STORE_ERROR);
		return;
	}
	r->user = &u;
	api_audit(r, "session", u.id, "sign_in");
	r->user = NULL;
	if (!api_commit(r))
		return;
	reply_json(r, 200, session_json(r, &u, csrf));
}

void session_show(struct req *r)
{
	reply_json(r, 200, session_json(r, r->user, r->csrf ? r->csrf : ""));
}

void session_delete(struct req *r)
{
	if (!api_begin(r))
		return;
	if (auth_session_end(r) != STORE_OK) {
		api_store_failed(r, STORE_ERROR);
		return;
	}
	api_audit(r, "session", r->user->id, "sign_out");
	if (!api_commit(r))
		return;
	reply_bytes(r, 204, "application/json", "", 0);
}

void token_create(struct req *r)
{
	if (!api_body_object(r))
		return;
	json_t *errs = json_array();
	const char *name = api_str(r->body, "name", API_NAME_MAX, true, errs);
	if (api_invalid(r, errs))
		return;
	int64_t id;
	if (!api_begin(r))
		return;
	char *secret = auth_token_create(r, r->user->id, name, &id);
	if (!secret) {
		api_store_failed(r, STORE_ERROR);
		return;
	}
	api_audit(r, "api_token", id, "create");
	if (!api_commit(r))
		return;
	reply_json(r, 201, json_pack("{s:o, s:s, s:s}", "id", api_id(id), "name", name, "token", secret));
}

void token_delete(struct req *r)
{
	int64_t id = req_param_id(r, 0);
	if (!api_begin(r))
		return;
	int rc = id ? store_token_revoke(r->db, id, r->user->id, r->now) : STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	api_audit(r, "api_token", id, "revoke");
	if (!api_commit(r))
		return;
	reply_bytes(r, 204, "application/json", "", 0);
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
	char *address_key = arena_printf(&r->arena, "addr:%s", req_client_address(r));
	if (store_login_failures_since(r->db, address_key, r->now - LOGIN_WINDOW_SECONDS) >= LOGIN_FAILURES_PER_ADDRESS) {
		reply_header(r, "Retry-After", "900");
		reply_problem(r, 429, "too_many_attempts", "Too many failed sign-ins. Wait 15 minutes and try again.", NULL);
		return;
	}
	int64_t user_id = store_two_step_challenge_user(r->db, hash, r->now);
	if (user_id <= 0) {
		reply_problem(r, 401, "two_step_expired", "This sign-in has expired. Type your e-mail address and password again.", NULL);
		return;
	}
	if (!api_begin(r))
		return;
	int rc = api_two_step_verify(r, user_id, code);
	if (rc < 0)
		return;
	if (rc > 0) {
		if (api_two_step_failed(r, user_id) != STORE_OK || store_login_failure_add(r->db, address_key, r->now) != STORE_OK) {
			api_store_failed(r, STORE_ERROR);
			return;
		}
		if (!api_commit(r))
			return;
		reply_problem(r, 401, "invalid_code", "This code is wrong or was used already. Type the six digits the app shows now, or a recovery code.", NULL);
		return;
	}
	struct user u;
	if ((rc = store_user_get(r->db, &r->arena, user_id, &u)) != STORE_OK || !u.active) {
		api_store_failed(r, rc == STORE_OK ? STORE_ENOTFOUND : rc);
		return;
	}
	store_two_step_challenge_delete(r->db, hash);
	store_login_failures_clear(r->db, arena_printf(&r->arena, "two_step:%lld", (long long)user_id));
	char *csrf = auth_session_start(r, u.id);
	if (!csrf) {
		api_store_failed(r, STORE_ERROR);
		return;
	}
	r->user = &u;
	api_audit(r, "session", u.id, "sign_in_two_step");
	r->user = NULL;
	if (!api_commit(r))
		return;
	reply_json(r, 200, session_json(r, &u, csrf));
}
