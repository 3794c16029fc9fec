/* oidc_client.h: what the server asks of an OpenID provider over the network: its discovery
 * document, its signing keys (JWKS) and the token endpoint. Discovery and keys are kept for an
 * hour in a cache shared by the request threads; the keys are fetched again at once when a
 * token names a key the cache does not hold (the provider rotated its keys). */
#ifndef PSEA_OIDC_CLIENT_H
#define PSEA_OIDC_CLIENT_H
#include <jansson.h>
#include <stdbool.h>
#include "../util/arena.h"

#define OIDC_CACHE_SECONDS 3600

struct oidc_endpoints {
	char *authorization, *token, *jwks_uri;
};

/* The provider's endpoints from {issuer}/.well-known/openid-configuration, whose "issuer" must be
 * issuer itself. -1 with *why (arena) when it cannot be had. */
int oidc_discover(struct arena *a, const char *issuer, struct oidc_endpoints *out, char **why);
/* The provider's keys (a new reference); refresh skips the cache. NULL with *why on failure. */
json_t *oidc_jwks(struct arena *a, const char *jwks_uri, bool refresh, char **why);
/* Exchanges the authorization code: the token endpoint's JSON answer (a new reference), NULL with
 * *why when it gave none; *refused is set when the provider answered but refused. */
json_t *oidc_token(struct arena *a, const char *token_endpoint, const char *form, const char *client_id,
		   const char *secret, bool *refused, char **why);
/* Forgets everything cached (tests of key rotation call nothing else: the cache is per process). */
void oidc_cache_clear(void);
#endif
