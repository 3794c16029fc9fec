/* two_step.c: two-step sign-in (TOTP, RFC 6238, through liboath). A password account turns it
 * on in two moves: a new secret is shown (as an otpauth:// URI and as text to type), then a code
 * from the authenticator app confirms it, and ten recovery codes are shown once. Codes work once
 * each (a TOTP code's time step is recorded); wrong codes are throttled like wrong passwords. */
#include <liboath/oath.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "api.h"
#include "../domain/accounts.h"
#include "../http/auth.h"
#include "../util/fetch.h"

#define TOTP_SECRET_BYTES 20     /* 160 bits, as RFC 4226 recommends */
#define TOTP_STEP_SECONDS 30
#define TOTP_WINDOW 1            /* the step before and after too: clocks drift */
#define RECOVERY_CODES 10
#define CODE_WINDOW_SECONDS (15 * 60)
#define CODE_FAILURES_PER_ACCOUNT 5

/* A recovery code: four groups of four letters and digits that cannot be mistaken for each
 * other (no 0/o, 1/l/i), 80 bits. */
static char *recovery_code(struct arena *a)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789"; /* 31 symbols */
	char *out = arena_alloc(a, 20);
	for (int i = 0, o = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	}
	return out;
}

/* Lower case without spaces or hyphens, so "ABCD EFGH..." and "abcd-efgh-..." are the same code. */
static char *code_key(struct arena *a, const char *code)
{
	char *out = arena_alloc(a, strlen(code) + 1), *o = out;
	for (const char *p = code; *p; p++)
		if (*p != ' ' && *p != '-')
			*o++ = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	return out;
}

/* The time step of a valid code of secret_hex at now, or -1. */
static int64_t totp_step(const char *secret_hex, const char *code, instant_t now)
{
	unsigned char secret[64];
	size_t len;
	if (!secret_hex || strlen(code) != 6 || strspn(code, "0123456789") != 6 ||
	    sodium_hex2bin(secret, sizeof secret, secret_hex, strlen(secret_hex), NULL, &len, NULL) != 0)
		return -1;
	int pos;
	uint64_t counter;
	int rc = oath_totp_validate3((const char *)secret, len, (time_t)now, TOTP_STEP_SECONDS, 0, TOTP_WINDOW, &pos,
				     &counter, code);
	return rc >= 0 ? (int64_t)counter : -1;
}

/* True when wrong codes for this key have reached the limit (answered 429), or the store failed
 * (answered). */
static bool throttled(struct req *r, const char *key)
{
	int64_t failures;
	instant_t latest;
	int rc = store_login_failures_since(r->db, key, r->now - CODE_WINDOW_SECONDS, &failures, &latest);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return true;
	}
	if (failures < CODE_FAILURES_PER_ACCOUNT)
		return false;
	reply_header(r, "Retry-After", "900");
	reply_problem(r, 429, "too_many_attempts", "Too many wrong codes. Wait 15 minutes and try again.", NULL);
	return true;
}

static char *failure_key(struct req *r, int64_t user_id) { return arena_printf(&r->arena, "two_step:%lld", (long long)user_id); }

int api_two_step_verify(struct req *r, int64_t user_id, const char *code)
{
	if (throttled(r, failure_key(r, user_id)))
		return API_ANSWERED;
	struct totp_state t;
	int rc = store_totp_get(r->db, &r->arena, user_id, &t);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return API_ANSWERED;
	}
	char *key = code_key(&r->arena, code);
	int64_t step = totp_step(t.secret, key, r->now);
	if (step >= 0)
		rc = store_totp_use_step(r->db, user_id, step); /* STORE_ECONFLICT: that code was used already */
	else if (strlen(key) == 16) {
		char hash[65];
		secret_hash(key, hash);
		rc = store_recovery_code_use(r->db, user_id, hash, r->now);
	} else
		rc = STORE_ENOTFOUND;
	if (rc == STORE_OK)
		return 0;
	if (rc != STORE_ECONFLICT && rc != STORE_ENOTFOUND) {
		api_store_failed(r, rc);
		return API_ANSWERED;
	}
	return 1;
}

int api_two_step_failed(struct req *r, int64_t user_id)
{
	return store_login_failure_add(r->db, failure_key(r, user_id), r->now);
}

/* A password account of the caller's own: SSO accounts rely on their provider. */
static bool password_account(struct req *r)
{
	if (!r->user->sso)
		return true;
	reply_problem(r, 409, "sso_account", "This account signs in through its agency's provider, which asks for its own second step.", NULL);
	return false;
}

void two_step_show(struct req *r)
{
	int64_t left = r->user->two_step ? store_recovery_codes_left(r->db, r->user->id) : 0;
	if (left < 0) {
		api_store_failed(r, (int)left);
		return;
	}
	reply_json(r, 200, json_pack("{s:b, s:b, s:I}", "enabled", r->user->two_step, "available", !r->user->sso,
				     "recovery_codes_left", (json_int_t)left));
}

static int write_pending_secret(struct req *r, struct audit *audit, void *ctx)
{
	int rc = store_totp_set_pending(r->db, r->user->id, ctx);
	return rc != STORE_OK ? rc : audit_add(audit, "user", r->user->id, "two_step_begin");
}

void two_step_begin(struct req *r)
{
	if (!password_account(r))
		return;
	if (r->user->two_step) {
		reply_problem(r, 409, "already_enabled", "Two-step sign-in is on already; turn it off first to use another app.", NULL);
		return;
	}
	unsigned char secret[TOTP_SECRET_BYTES];
	randombytes_buf(secret, sizeof secret);
	char hex[TOTP_SECRET_BYTES * 2 + 1], *base32 = NULL;
	size_t base32_len;
	sodium_bin2hex(hex, sizeof hex, secret, sizeof secret);
	if (oath_base32_encode((const char *)secret, sizeof secret, &base32, &base32_len) != OATH_OK) {
		reply_problem(r, 500, "internal_error", "The secret could not be written out.", NULL);
		return;
	}
	char *text = arena_strndup(&r->arena, base32, base32_len);
	free(base32);
	char *eq = strchr(text, '=');
	if (eq)
		*eq = '\0';
	if (!api_write(r, write_pending_secret, hex))
		return;
	char *label = fetch_escape(&r->arena, arena_printf(&r->arena, "PSEA Portal:%s", r->user->email));
	char *uri = arena_printf(&r->arena, "otpauth://totp/%s?secret=%s&issuer=PSEA%%20Portal&algorithm=SHA1&digits=6&period=30",
				 label, text);
	reply_json(r, 200, json_pack("{s:s, s:s}", "secret", text, "otpauth_uri", uri));
}

/* A code checked inside a write: a wrong one is counted (and committed) before the answer. */
struct code_check {
	const char *code, *key;
	int64_t step;                   /* confirm: the app's time step, -1 when the code is wrong */
	char *hashes[RECOVERY_CODES];   /* confirm: the new recovery codes' */
	bool wrong;                     /* out */
};

static int write_two_step_on(struct req *r, struct audit *audit, void *ctx)
{
	struct code_check *w = ctx;
	if (w->step < 0) {
		w->wrong = true;
		return api_two_step_failed(r, r->user->id);
	}
	int rc = store_totp_enable(r->db, r->user->id, w->step);
	if (rc == STORE_OK)
		rc = store_recovery_codes_set(r->db, r->user->id, w->hashes, RECOVERY_CODES);
	if (rc == STORE_OK && store_login_failures_clear(r->db, w->key) != STORE_OK)
		rc = STORE_ERROR;
	return rc != STORE_OK ? rc : audit_add(audit, "user", r->user->id, "two_step_on");
}

void two_step_confirm(struct req *r)
{
	if (!password_account(r) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	const char *code = api_str(r->body, "code", 64, true, errs);
	if (api_invalid(r, errs))
		return;
	char *key = failure_key(r, r->user->id);
	if (throttled(r, key))
		return;
	struct totp_state t;
	int rc = store_totp_get(r->db, &r->arena, r->user->id, &t);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	if (!t.pending) {
		reply_problem(r, 409, "invalid_state", "Start by asking for a new secret (POST /api/v1/account/two-step).", NULL);
		return;
	}
	struct code_check w = {.step = totp_step(t.pending, code_key(&r->arena, code), r->now), .key = key};
	char *codes[RECOVERY_CODES];
	for (int i = 0; w.step >= 0 && i < RECOVERY_CODES; i++) {
		codes[i] = recovery_code(&r->arena);
		w.hashes[i] = arena_alloc(&r->arena, 65);
		secret_hash(code_key(&r->arena, codes[i]), w.hashes[i]);
	}
	if (!api_write(r, write_two_step_on, &w))
		return;
	if (w.wrong) {
		errs = json_array();
		json_array_append_new(errs, problem_error("code", "invalid_code",
			"This code is not the one the app shows now. Type the six digits shown for this account."));
		api_invalid(r, errs);
		return;
	}
	json_t *list = json_array();
	for (int i = 0; i < RECOVERY_CODES; i++)
		json_array_append_new(list, json_string(codes[i]));
	reply_json(r, 200, json_pack("{s:b, s:o}", "enabled", 1, "recovery_codes", list));
}

static int write_two_step_off(struct req *r, struct audit *audit, void *ctx)
{
	struct code_check *w = ctx;
	int rc = api_two_step_verify(r, r->user->id, w->code);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		w->wrong = true;
		return api_two_step_failed(r, r->user->id);
	}
	rc = store_totp_disable(r->db, r->user->id);
	return rc != STORE_OK ? rc : audit_add(audit, "user", r->user->id, "two_step_off");
}

void two_step_disable(struct req *r)
{
	if (!password_account(r) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	const char *code = api_str(r->body, "code", 64, true, errs);
	if (api_invalid(r, errs))
		return;
	if (!r->user->two_step) {
		reply_problem(r, 409, "invalid_state", "Two-step sign-in is off already.", NULL);
		return;
	}
	int64_t required;
	int set = settings_get(r->db, SETTING_AUTH_TWO_STEP_REQUIRED, &required);
	if (set != STORE_OK) {
		api_store_failed(r, set);
		return;
	}
	if (account_two_step_due((int)role_parse(r->user->role), false, false, required == 1)) {
		reply_problem(r, 409, "two_step_required", "Your role must sign in in two steps on this portal; it cannot be turned off.", NULL);
		return;
	}
	struct code_check w = {.code = code};
	if (!api_write(r, write_two_step_off, &w))
		return;
	if (w.wrong) {
		errs = json_array();
		json_array_append_new(errs, problem_error("code", "invalid_code", "This code is wrong or was used already. Type the six digits the app shows now, or a recovery code."));
		api_invalid(r, errs);
		return;
	}
	reply_json(r, 200, json_pack("{s:b}", "enabled", 0));
}
