/* password_resets.c: "Forgot your password?". Asking for a link answers the same whether or not
 * an account has the address; the link, e-mailed to the account, is used once within the setting
 * password_reset.minutes, and choosing the new password ends every session and API token of the
 * account: whoever had got in with the old password is out. */
#include <stdio.h>
#include <string.h>
#include "api.h"
#include "outbox.h"
#include "../domain/accounts.h"
#include "../domain/invitations.h"
#include "../http/auth.h"

/* Requests counted per address asked about and per client, whatever the answer: enough for a
 * person who lost a message, too few to flood a mailbox or sweep addresses. */
#define RESET_WINDOW_SECONDS 3600
#define RESETS_PER_ACCOUNT 3
#define RESETS_PER_CLIENT 20

struct reset_request {
	const char *account_key, *client_key;
	const struct user *u; /* NULL: no active account has the address */
	int64_t minutes;
	char *secret;         /* out: the link's, when u */
};

/* Counts the request against both throttles and, for an account, writes the reset, recorded as
 * the account's own act. */
static int write_reset_request(struct req *r, struct audit *audit, void *ctx)
{
	struct reset_request *w = ctx;
	if (store_login_failure_add(r->db, w->account_key, r->now) != STORE_OK ||
	    store_login_failure_add(r->db, w->client_key, r->now) != STORE_OK)
		return STORE_ERROR;
	if (!w->u)
		return STORE_OK;
	w->secret = auth_link_secret(r);
	char hash[65];
	secret_hash(w->secret, hash);
	int64_t id = store_password_reset_add(r->db, w->u->id, hash, r->now, password_reset_expiry(r->now, w->minutes));
	if (id < 0)
		return (int)id;
	audit->user_id = w->u->id;
	return audit_add(audit, "user", w->u->id, "password_reset_request");
}

void password_reset_request(struct req *r)
{
	if (!api_body_object(r))
		return;
	json_t *errs = json_array();
	const char *email = api_str(r->body, "email", API_NAME_MAX, true, errs);
	const char *problem;
	if (email && (problem = account_email_problem(email)))
		json_array_append_new(errs, problem_error("email", "invalid_value", problem));
	if (api_invalid(r, errs) || !outbox_ready(r))
		return;
	email = account_email_normalize(&r->arena, email);
	/* the sign-in throttle's table, under keys of their own */
	char *account_key = arena_printf(&r->arena, "reset:email:%s", email);
	char *client_key = arena_printf(&r->arena, "reset:addr:%s", req_client_address(r));
	instant_t since = r->now - RESET_WINDOW_SECONDS, latest;
	int64_t for_account = 0, for_client = 0, minutes = 60;
	int rc = store_login_failures_since(r->db, account_key, since, &for_account, &latest);
	if (rc == STORE_OK)
		rc = store_login_failures_since(r->db, client_key, since, &for_client, &latest);
	if (rc == STORE_OK)
		rc = settings_get(r->db, SETTING_PASSWORD_RESET_MINUTES, &minutes);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	if (for_account >= RESETS_PER_ACCOUNT || for_client >= RESETS_PER_CLIENT) {
		reply_header(r, "Retry-After", "3600");
		reply_problem(r, 429, "too_many_attempts", "Too many password reset requests. Wait an hour and try again.", NULL);
		return;
	}
	struct user u;
	rc = store_user_by_email(r->db, &r->arena, email, &u);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND) {
		api_store_failed(r, rc);
		return;
	}
	struct reset_request w = {account_key, client_key, rc == STORE_OK && u.active ? &u : NULL, minutes, NULL};
	if (!api_write(r, write_reset_request, &w))
		return;
	char *secret = w.secret;
	/* The message leaves from a thread of its own, and an address without an account gets one
	 * written and dropped: the answer takes as long either way. One that cannot leave is logged. */
	char count[24];
	snprintf(count, sizeof count, "%lld", (long long)minutes);
	outbox_send_unseen(r, "reset", secret ? u.language : "en", secret ? u.name : "", secret ? u.email : NULL,
			   arena_printf(&r->arena, "/reset/%s", secret ? secret : ""), (struct outbox_fill[]){{"minutes", count, false}}, 1);
	reply_json(r, 202, json_pack("{s:s}", "detail",
		"If an account has this address, a message with a link to choose a new password is on its way."));
}

/* The reset the link's secret opens, or the answer why it opens nothing: 404 unknown, 409 used,
 * 410 expired. */
static bool usable_reset(struct req *r, struct password_reset *reset, struct user *u)
{
	const char *secret = req_param(r, 0);
	char hash[65];
	int rc = STORE_ENOTFOUND;
	if (secret && strlen(secret) == AUTH_LINK_SECRET_LEN) {
		secret_hash(secret, hash);
		rc = store_password_reset_by_token(r->db, hash, reset);
	}
	if (rc == STORE_OK)
		rc = store_user_get(r->db, &r->arena, reset->user_id, u);
	if (rc == STORE_ENOTFOUND) {
		reply_problem(r, 404, "unknown_link", "This link is not known. Copy the whole link from the message, or ask for a new one.", NULL);
		return false;
	}
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	if (reset->used_at) {
		reply_problem(r, 409, "link_used", "This link was used already. Ask for a new one on the sign-in page.", NULL);
		return false;
	}
	if (r->now >= reset->expires_at || !u->active) {
		reply_problem(r, 410, "link_expired", "This link has expired. Ask for a new one on the sign-in page.", NULL);
		return false;
	}
	return true;
}

void password_reset_show(struct req *r)
{
	struct password_reset reset;
	struct user u;
	if (!usable_reset(r, &reset, &u))
		return;
	reply_json(r, 200, json_pack("{s:s, s:o}", "email", u.email, "expires_at", api_instant(reset.expires_at)));
}

struct new_password {
	int64_t reset_id, user_id;
	const char *hash;
};

/* The link used up, the password set, every other link and sign-in of the account ended. */
static int write_new_password(struct req *r, struct audit *audit, void *ctx)
{
	struct new_password *w = ctx;
	/* used once even when two requests bring the same link at the same time */
	int rc = store_password_reset_use(r->db, w->reset_id, r->now);
	if (rc == STORE_ECONFLICT) {
		reply_problem(r, 409, "link_used", "This link was used already. Ask for a new one on the sign-in page.", NULL);
		return API_ANSWERED;
	}
	if (rc == STORE_OK)
		rc = store_user_update(r->db, w->user_id, 0, NULL, NULL, NULL, -1, w->hash);
	if (rc == STORE_OK)
		rc = store_password_resets_close(r->db, w->user_id, r->now);
	if (rc == STORE_OK)
		rc = store_user_signins_end(r->db, w->user_id);
	audit->user_id = w->user_id;
	return rc != STORE_OK ? rc : audit_add(audit, "user", w->user_id, "password_reset");
}

void password_reset_complete(struct req *r)
{
	if (!api_body_object(r))
		return;
	struct password_reset reset;
	struct user u;
	if (!usable_reset(r, &reset, &u))
		return;
	json_t *errs = json_array();
	const char *password = api_str(r->body, "password", ACCOUNT_PASSWORD_MAX, true, errs);
	if (password)
		api_password_ok(password, errs);
	if (api_invalid(r, errs))
		return;
	char hash[128];
	if (!api_password_hash(r, password, hash))
		return;
	struct new_password w = {reset.id, u.id, hash};
	if (!api_write(r, write_new_password, &w))
		return;
	reply_bytes(r, 204, "application/json", "", 0);
}
