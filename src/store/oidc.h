/* oidc.h (store): single sign-on through OpenID Connect: providers, sign-ins under way, linked
 * identities (oidc.c). */
#ifndef PSEA_STORE_OIDC_H
#define PSEA_STORE_OIDC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"

/* --- single sign-on through OpenID Connect (oidc.c) --- */
struct oidc_provider {
	int64_t id, version;
	char *name;          /* in the sign-in path: /api/v1/auth/oidc/{name}/start */
	char *display_name;  /* on the sign-in button */
	char *issuer, *client_id;
	char *secret_file, *secret_env; /* where the client secret is read from: one of the two */
	char *role;          /* given to accounts it creates */
	bool email_trusted;  /* its addresses count as verified without an email_verified claim */
	bool active;
	int64_t *agencies;   /* the agencies it serves, by id */
	size_t nagencies;
};
int64_t store_oidc_provider_add(struct db *db, const struct oidc_provider *p, instant_t now);
int store_oidc_provider_get(struct db *db, struct arena *a, int64_t id, struct oidc_provider *out);
int store_oidc_provider_by_name(struct db *db, struct arena *a, const char *name, struct oidc_provider *out);
/* Providers ordered by name, each with its agencies. */
int store_oidc_providers(struct db *db, struct arena *a, bool active_only, struct oidc_provider **out, size_t *n);
int store_oidc_provider_set_active(struct db *db, int64_t id, bool active);
/* A sign-in between the redirect to the provider and its return. */
struct oidc_login {
	char *state_hash, *browser_hash; /* SHA-256 of the state and of the browser's binding cookie */
	int64_t provider_id;
	char *nonce, *code_verifier, *next_path;
	instant_t created_at, expires_at;
};
/* Records it (and forgets those expired). */
int store_oidc_login_add(struct db *db, const struct oidc_login *l);
/* Finds and removes it in one statement: a state is good once. STORE_ENOTFOUND when unknown or used. */
int store_oidc_login_take(struct db *db, struct arena *a, const char *state_hash, struct oidc_login *out);
/* The account linked to the provider's subject, 0 when none. */
/* The account linked to the identity: its id, 0 when none, or the store's failure (negative). */
int64_t store_oidc_identity_user(struct db *db, int64_t provider_id, const char *subject);
int store_oidc_identity_add(struct db *db, int64_t provider_id, const char *subject, int64_t user_id, instant_t now);
#endif
