/* invitations.c: bringing people in by e-mail. An administrator invites anyone; an agency
 * advanced editor invites a partner's people into partners its agency works with
 * (domain/invitations.h). The person follows a one-time link, valid for the setting
 * invitation.days, and chooses their name, password and language; the account gets the role and
 * organisation of the invitation. Invitations stay listed as pending, accepted, withdrawn or
 * expired. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api.h"
#include "outbox.h"
#include "../domain/accounts.h"
#include "../domain/invitations.h"
#include "../http/auth.h"

static bool may_invite(struct req *r)
{
	enum role role = api_role(r);
	return api_allow(r, role == ROLE_ADMIN || role == ROLE_AGENCY_ADVANCED_EDITOR);
}

static json_t *invitation_json(struct req *r, const struct invitation *inv)
{
	const char *status = invitation_status_name(invitation_status(inv->accepted_at, inv->withdrawn_at, inv->expires_at, r->now));
	return json_pack("{s:o, s:s, s:s, s:o, s:s, s:{s:o, s:s}, s:o, s:o, s:o, s:o, s:s, s:o}",
		"id", api_id(inv->id), "email", inv->email, "role", inv->role, "organization", api_org_json(&inv->org),
		"language", inv->language, "invited_by", "id", api_id(inv->invited_by), "name", inv->invited_by_name,
		"created_at", api_instant(inv->created_at), "expires_at", api_instant(inv->expires_at),
		"accepted_at", api_instant(inv->accepted_at), "withdrawn_at", api_instant(inv->withdrawn_at),
		"status", status, "user_id", inv->user_id ? api_id(inv->user_id) : json_null());
}

/* An administrator sees every invitation; an advanced editor those sent from its agency. */
static int64_t visible_from(struct req *r)
{
	return api_role(r) == ROLE_ADMIN ? 0 : r->user->org.id;
}

void invitations_list(struct req *r)
{
	int limit;
	int64_t cursor;
	if (!may_invite(r) || !api_limit(r, &limit) || !api_cursor(r, &cursor))
		return;
	struct invitation *list;
	size_t n;
	int rc = store_invitations_list(r->db, &r->arena, visible_from(r), cursor, limit + 1, &list, &n);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(items, invitation_json(r, &list[i]));
	reply_json(r, 200, api_list(items, n > (size_t)limit ? list[limit - 1].id : 0));
}

/* The organisation named by organization_id; an error appended when there is none. */
static bool find_org(struct req *r, json_t *id_json, struct org *org, json_t *errs)
{
	int64_t id = api_json_id(id_json);
	if (!id_json || json_is_null(id_json)) {
		json_array_append_new(errs, problem_error("organization_id", "required", "Name the organisation the person joins."));
		return false;
	}
	if (!id || store_org_get(r->db, &r->arena, id, org) != STORE_OK) {
		json_array_append_new(errs, problem_error("organization_id", "unknown", "There is no organisation with this id."));
		return false;
	}
	return true;
}

/* The fields of a new invitation, checked; false after answering 422. */
static bool read_invitation(struct req *r, struct invitation *inv, enum role *role)
{
	json_t *errs = json_array();
	const char *email = api_str(r->body, "email", API_NAME_MAX, true, errs);
	const char *role_text = api_str(r->body, "role", 64, true, errs);
	const char *language = api_str(r->body, "language", 8, false, errs);
	const char *problem;
	if (email && (problem = account_email_problem(email)))
		json_array_append_new(errs, problem_error("email", "invalid_value", problem));
	*role = role_text ? role_parse(role_text) : ROLE_NONE;
	if (role_text && *role == ROLE_NONE)
		json_array_append_new(errs, problem_error("role", "invalid_value", "This is not one of the roles."));
	if (language && !account_language_ok(language))
		json_array_append_new(errs, problem_error("language", "invalid_value", "Choose en, fr or es."));
	if (find_org(r, json_object_get(r->body, "organization_id"), &inv->org, errs) && *role != ROLE_NONE &&
	    !role_fits_org(*role, strcmp(inv->org.kind, "agency") == 0))
		json_array_append_new(errs, problem_error("role", "invalid_value",
			"This role does not fit this kind of organisation (partner roles for partners, agency roles for agencies)."));
	/* agency staff are invited at their agency's address, as every agency account is */
	if (email && !(problem = account_email_problem(email)) && inv->org.kind &&
	    (problem = api_email_domain_problem(r->db, &r->arena, &inv->org, account_email_normalize(&r->arena, email))))
		json_array_append_new(errs, problem_error("email", "domain_not_allowed", problem));
	if (api_invalid(r, errs))
		return false;
	inv->email = account_email_normalize(&r->arena, email);
	inv->role = (char *)role_name(*role);
	inv->language = (char *)(language ? language : r->user->language);
	return true;
}

/* Refuses with 409 an address that has an account, or an invitation still pending. */
static bool address_free(struct req *r, const char *email)
{
	struct user existing;
	int rc = store_user_by_email(r->db, &r->arena, email, &existing);
	if (rc == STORE_OK) {
		reply_problem(r, 409, "email_taken", "An account with this e-mail address exists already.", NULL);
		return false;
	}
	if (rc != STORE_ENOTFOUND) {
		api_store_failed(r, rc);
		return false;
	}
	int64_t pending = store_invitations_pending(r->db, email, r->now);
	if (pending < 0) {
		api_store_failed(r, (int)pending);
		return false;
	}
	if (pending > 0) {
		reply_problem(r, 409, "invitation_pending",
			      "An invitation to this address is still pending. Withdraw it first to send a new one.", NULL);
		return false;
	}
	return true;
}

static bool send_invitation(struct req *r, const struct invitation *inv, const char *secret, int64_t days)
{
	char count[24];
	snprintf(count, sizeof count, "%lld", (long long)days);
	const struct outbox_fill fills[] = {
		{"inviter", r->user->name, false}, {"organization", inv->org.name, false},
		{"role", arena_printf(&r->arena, "role.%s", inv->role), true}, {"days", count, false},
	};
	return outbox_send(r, "invitation", inv->language, NULL, inv->email, arena_printf(&r->arena, "/invitation/%s", secret),
			   fills, sizeof fills / sizeof fills[0]);
}

struct sending {
	struct invitation *inv;
	const char *secret, *hash;
	int64_t days;
};

static int write_invitation(struct req *r, struct audit *audit, void *ctx)
{
	struct sending *w = ctx;
	w->inv->id = store_invitation_add(r->db, w->inv, w->hash);
	int rc = w->inv->id < 0 ? (int)w->inv->id : audit_add(audit, "invitation", w->inv->id, "create");
	if (rc != STORE_OK)
		return rc;
	/* sent before the commit: a message that cannot leave leaves no invitation behind */
	if (!send_invitation(r, w->inv, w->secret, w->days)) {
		reply_problem(r, 503, "mail_failed", "The invitation could not be sent by e-mail, so it was not recorded. Try again later.", NULL);
		return API_ANSWERED;
	}
	return STORE_OK;
}

void invitations_create(struct req *r)
{
	if (!may_invite(r) || !api_body_object(r))
		return;
	struct invitation inv = {0};
	enum role role;
	if (!read_invitation(r, &inv, &role))
		return;
	bool into_partner = strcmp(inv.org.kind, "partner") == 0;
	instant_t today = r->now - r->now % 86400;
	bool works_with = false;
	int rc = into_partner && role_is_agency(api_role(r))
		? store_partnership_active(r->db, r->user->org.id, inv.org.id, today, &works_with) : STORE_OK;
	int64_t days = 7;
	if (rc == STORE_OK)
		rc = settings_get(r->db, SETTING_INVITATION_DAYS, &days);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	if (!invitation_allowed(api_role(r), role, into_partner, works_with)) {
		reply_problem(r, 403, "forbidden", "An agency advanced editor invites people into a partner its agency works with "
			      "(an active partnership), with a partner role; other invitations are sent by an administrator.", NULL);
		return;
	}
	if (!address_free(r, inv.email) || !outbox_ready(r))
		return;
	inv.invited_by = r->user->id;
	inv.invited_by_name = r->user->name;
	inv.created_at = r->now;
	inv.expires_at = invitation_expiry(r->now, days);
	char *secret = auth_link_secret(r);
	char hash[65];
	secret_hash(secret, hash);
	struct sending w = {&inv, secret, hash, days};
	if (!api_write(r, write_invitation, &w))
		return;
	reply_json(r, 201, invitation_json(r, &inv));
}

static int write_withdrawal(struct req *r, struct audit *audit, void *ctx)
{
	int64_t id = *(int64_t *)ctx;
	int rc = store_invitation_withdraw(r->db, id, r->user->id, r->now);
	if (rc == STORE_ECONFLICT) {
		reply_problem(r, 409, "invalid_state", "This invitation was accepted or withdrawn already.", NULL);
		return API_ANSWERED;
	}
	return rc != STORE_OK ? rc : audit_add(audit, "invitation", id, "withdraw");
}

void invitations_withdraw(struct req *r)
{
	if (!may_invite(r))
		return;
	int64_t id = req_param_id(r, 0);
	struct invitation inv;
	int rc = id ? store_invitation_get(r->db, &r->arena, id, &inv) : STORE_ENOTFOUND;
	if (rc == STORE_OK && visible_from(r)) { /* another agency's invitation is not known here */
		struct user sender;
		if (store_user_get(r->db, &r->arena, inv.invited_by, &sender) != STORE_OK || sender.org.id != visible_from(r))
			rc = STORE_ENOTFOUND;
	}
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	if (!api_write(r, write_withdrawal, &id))
		return;
	reply_bytes(r, 204, "application/json", "", 0);
}

/* The invitation the link's secret opens, or the answer why it opens nothing: 404 unknown,
 * 409 accepted already, 410 withdrawn or expired. */
static bool usable_invitation(struct req *r, struct invitation *inv)
{
	const char *secret = req_param(r, 0);
	int rc = STORE_ENOTFOUND;
	if (secret && strlen(secret) == AUTH_LINK_SECRET_LEN) {
		char hash[65];
		secret_hash(secret, hash);
		rc = store_invitation_by_token(r->db, &r->arena, hash, inv);
	}
	if (rc == STORE_ENOTFOUND) {
		reply_problem(r, 404, "unknown_link", "This link is not known. Copy the whole link from the message.", NULL);
		return false;
	}
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	switch (invitation_status(inv->accepted_at, inv->withdrawn_at, inv->expires_at, r->now)) {
	case INVITATION_ACCEPTED:
		reply_problem(r, 409, "invitation_accepted", "This invitation was accepted already: sign in with the account it made.", NULL);
		return false;
	case INVITATION_WITHDRAWN:
		reply_problem(r, 410, "invitation_withdrawn", "This invitation was withdrawn. Ask the person who invited you.", NULL);
		return false;
	case INVITATION_EXPIRED:
		reply_problem(r, 410, "link_expired", "This invitation has expired. Ask the person who invited you to send a new one.", NULL);
		return false;
	case INVITATION_PENDING:
		break;
	}
	return true;
}

void invitation_link_show(struct req *r)
{
	struct invitation inv;
	if (!usable_invitation(r, &inv))
		return;
	reply_json(r, 200, json_pack("{s:s, s:s, s:o, s:s, s:{s:s}, s:o}", "email", inv.email, "role", inv.role,
				     "organization", api_org_json(&inv.org), "language", inv.language,
				     "invited_by", "name", inv.invited_by_name, "expires_at", api_instant(inv.expires_at)));
}

struct acceptance {
	const struct invitation *inv;
	struct user *u;
	const char *hash;
};

/* The account, the invitation marked accepted; both recorded as the new account's acts. */
static int write_acceptance(struct req *r, struct audit *audit, void *ctx)
{
	struct acceptance *w = ctx;
	int64_t id = api_user_add(r, w->u, w->hash, "An account with this e-mail address exists already: sign in with it.");
	if (id < 0)
		return (int)id;
	w->u->id = id;
	int rc = store_invitation_accept(r->db, w->inv->id, id, r->now);
	if (rc == STORE_ECONFLICT) { /* accepted or withdrawn since it was read */
		reply_problem(r, 409, "invitation_accepted", "This invitation was accepted or withdrawn in the meantime.", NULL);
		return API_ANSWERED;
	}
	audit->user_id = id;
	if (rc == STORE_OK)
		rc = audit_add(audit, "user", id, "create_by_invitation");
	return rc != STORE_OK ? rc : audit_add(audit, "invitation", w->inv->id, "accept");
}

void invitation_link_accept(struct req *r)
{
	if (!api_body_object(r))
		return;
	struct invitation inv;
	if (!usable_invitation(r, &inv))
		return;
	json_t *errs = json_array();
	struct user u = {.email = inv.email, .role = inv.role, .org = inv.org};
	u.name = (char *)api_str(r->body, "name", API_NAME_MAX, true, errs);
	u.language = (char *)api_str(r->body, "language", 8, false, errs);
	const char *password = api_str(r->body, "password", ACCOUNT_PASSWORD_MAX, true, errs);
	if (u.language && !account_language_ok(u.language))
		json_array_append_new(errs, problem_error("language", "invalid_value", "Choose en, fr or es."));
	if (password)
		api_password_ok(password, errs);
	if (api_invalid(r, errs))
		return;
	if (!u.language)
		u.language = inv.language;
	char hash[128];
	if (!api_password_hash(r, password, hash))
		return;
	struct acceptance w = {&inv, &u, hash};
	if (!api_write(r, write_acceptance, &w))
		return;
	struct user created;
	store_user_get(r->db, &r->arena, u.id, &created);
	reply_json(r, 201, json_pack("{s:o}", "user", api_user_json(&created)));
}
