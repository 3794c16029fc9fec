/* accounts.h (store): organisations, agencies, users, sessions, API tokens, login throttling and
 * the audit log (accounts.c). */
#ifndef PSEA_STORE_ACCOUNTS_H
#define PSEA_STORE_ACCOUNTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"

/* --- organisations: agencies and partners --- */
struct org {
	int64_t id;
	char *kind;   /* "agency" or "partner" */
	char *code;   /* agencies: UNICEF, ...; partners: NULL */
	char *name;
};
int store_org_get(struct db *db, struct arena *a, int64_t id, struct org *out);
/* The organisations of those ids that exist (ids ascending, none repeated), ordered by id. */
int store_orgs_of(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct org **out, size_t *nout);
int store_agency_by_code(struct db *db, struct arena *a, const char *code, struct org *out);
/* All agencies ordered by code; *n receives the count. */
int store_agencies(struct db *db, struct arena *a, struct org **out, size_t *n);
int64_t store_agency_add(struct db *db, const char *code, const char *name, instant_t now);
/* Renames an agency (name NULL: keeps it) and advances its version; if_version 0: whatever the
 * version. STORE_ECONFLICT when the version moved on, STORE_ENOTFOUND when no agency has that id. */
int store_agency_update(struct db *db, int64_t id, int64_t if_version, const char *name);
/* An organisation's version (0 when there is none). */
int64_t store_org_version(struct db *db, int64_t id); /* negative: the store's failure */
/* The e-mail domains of agencies (lower case, e.g. unops.org; a domain names one agency only). */
struct agency_domain {
	int64_t agency_id;
	char *domain;
};
/* One agency's domains (agency_id 0: every agency's), by agency then domain. */
int store_agency_domains(struct db *db, struct arena *a, int64_t agency_id, struct agency_domain **out, size_t *n);
/* The agency whose e-mail domain this is (lower case, without '@'): its id, 0 when none. */
int64_t store_agency_of_domain(struct db *db, const char *domain); /* negative: the store's failure */
/* Replaces an agency's domains with these (in the caller's transaction). STORE_ECONSTRAINT when
 * one of them is another agency's. */
int store_agency_set_domains(struct db *db, int64_t agency_id, char *const *domains, size_t n);
/* A partner organisation with only its name (the partner record itself is in store_partners). */
int64_t store_partner_org_add(struct db *db, const char *name, instant_t now);

/* --- users --- */
/* The password hash of accounts made by single sign-on: no password verifies against it. */
#define STORE_SSO_PASSWORD_HASH "!sso"
struct user {
	int64_t id;
	char *email;
	char *name;
	char *role;
	char *language;
	bool active;
	int64_t version;
	struct org org;
	char *password_hash; /* only filled by store_user_by_email */
	bool two_step;       /* signs in with a password and a TOTP code */
	bool sso;            /* made by single sign-on: no password of its own */
};
int64_t store_user_add(struct db *db, const struct user *u, const char *password_hash, instant_t now);
int store_user_get(struct db *db, struct arena *a, int64_t id, struct user *out);
int store_user_by_email(struct db *db, struct arena *a, const char *email, struct user *out);
/* Users ordered by id after `after`; at most limit. */
int store_users_list(struct db *db, struct arena *a, int64_t after, int limit, struct user **out, size_t *n);
/* Changes name, role, language, active (NULL / -1 keep); version-checked when if_version > 0. */
int store_user_update(struct db *db, int64_t id, int64_t if_version, const char *name, const char *role,
		      const char *language, int active, const char *password_hash);
int store_user_count(struct db *db, int64_t *n);

/* --- sessions and API tokens: only hashes of the secrets are stored --- */
int store_session_add(struct db *db, const char *id_hash, int64_t user_id, const char *csrf,
		      instant_t now, instant_t expires);
/* Finds a live session; fills the user and the CSRF token. */
int store_session_get(struct db *db, struct arena *a, const char *id_hash, instant_t now,
		      struct user *user, char **csrf);
int store_session_delete(struct db *db, const char *id_hash);
int64_t store_token_add(struct db *db, int64_t user_id, const char *name, const char *token_hash, instant_t now,
			instant_t expires);
/* Finds a token that is neither revoked nor expired at now, of an active user. */
int store_token_get(struct db *db, struct arena *a, const char *token_hash, instant_t now, struct user *user);
struct api_token { int64_t id; char *name; instant_t created_at, expires_at; };
/* The user's tokens not revoked (expired ones included), by id, from after; at most limit. */
int store_tokens_of_user(struct db *db, struct arena *a, int64_t user_id, int64_t after, int limit,
			 struct api_token **out, size_t *n);
/* Ends every session of the user but keep_session_hash (NULL: all) and revokes all its tokens:
 * after a password reset or a deactivation, no credential made before it works. */
int store_user_credentials_end(struct db *db, int64_t user_id, const char *keep_session_hash, instant_t now);
/* Revokes a token of that user; STORE_ENOTFOUND when the user has no such token. */
int store_token_revoke(struct db *db, int64_t id, int64_t user_id, instant_t now);

/* --- login throttling, shared by every server on the database --- */
int store_login_failure_add(struct db *db, const char *key, instant_t now);
/* How many failures under key at or after since (*count) and the latest one's instant (*latest,
 * 0 when none). */
int store_login_failures_since(struct db *db, const char *key, instant_t since, int64_t *count, instant_t *latest);
int store_login_failures_clear(struct db *db, const char *key);
/* Deletes the sessions ended by now and the failures recorded before failures_before: without
 * it both tables keep a row for every sign-in and every failed attempt the server ever saw. */
int store_sign_ins_forget_stale(struct db *db, instant_t now, instant_t failures_before);


/* --- audit log --- */
struct audit_entry {
	int64_t id, user_id, object_id;
	char *object_type, *action, *request_id;
	instant_t at;
};
int store_audit_list(struct db *db, struct arena *a, const char *object_type, int64_t object_id,
		     int64_t user_id, int64_t before, int limit, struct audit_entry **out, size_t *n);

/* For src/store: seeds the agencies the FAQ lists, skipping those already present. */
int store_seed_agencies(struct db *db, char *err, size_t errlen);
#endif
