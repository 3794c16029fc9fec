/* auth.h: who is calling. Sessions (cookie psea_session + CSRF token) and API tokens
 * (Authorization: Bearer). Only SHA-256 hashes of the secrets reach the database. */
#ifndef PSEA_AUTH_H
#define PSEA_AUTH_H
#include <stdbool.h>
#include "http.h"

#define SESSION_HOURS 12
#define PASSWORD_MAX 256

/* Fills r->user from the cookie or the bearer token; 0 (signed in or not), <0 database error. */
int auth_resolve(struct req *r);
bool auth_csrf_ok(struct req *r);
/* Starts a session for user: sets the cookie and returns the CSRF token (arena). NULL on error. */
char *auth_session_start(struct req *r, int64_t user_id);
/* Ends the current session and clears the cookie. */
int auth_session_end(struct req *r);
/* A new API token for the user, valid until expires: returns the secret (shown once) and stores
 * its hash; *id gets the id. */
char *auth_token_create(struct req *r, int64_t user_id, const char *name, instant_t expires, int64_t *id);

/* Argon2id through libsodium; at most PASSWORD_HASHES_AT_ONCE run at the same time. */
#define PASSWORD_HASHES_AT_ONCE 2
int password_hash(const char *password, char out[128]);
bool password_verify(const char *hash, const char *password);
/* Whether PSEA_PASSWORD_HASH=minimum chose the lowest cost (tests only; the server says so). */
bool password_hash_is_minimum(void);
/* The secret of a link sent by e-mail (invitation, password reset): 64 hex digits from 32 random
 * bytes, in the arena. Only its secret_hash is stored. */
char *auth_link_secret(struct req *r);
#define AUTH_LINK_SECRET_LEN 64
/* Hex SHA-256 of a secret (65 bytes with the NUL). */
void secret_hash(const char *secret, char out[65]);
int auth_init(void);

#endif
