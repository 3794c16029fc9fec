/* idtoken.h: checking an OpenID Connect ID token. The signature is verified by libjwt against a
 * public key of the provider's JWKS (turned into PEM by OpenSSL); the claims are then checked:
 * issuer, audience, expiry and nonce. Only RSA signatures (RS256, RS384, RS512) are accepted, so
 * a token cannot choose a weaker algorithm (none, or HMAC keyed with the public key). */
#ifndef PSEA_IDTOKEN_H
#define PSEA_IDTOKEN_H
#include <jansson.h>
#include <stdbool.h>
#include "arena.h"
#include "timeutil.h"

#define IDTOKEN_LEEWAY_SECONDS 60   /* clocks of the provider and of the server may differ a little */
#define IDTOKEN_MAX_BYTES 16384

enum idtoken_result {
	IDTOKEN_OK = 0,
	IDTOKEN_MALFORMED,      /* not three parts, or the header is not JSON */
	IDTOKEN_ALGORITHM,      /* an algorithm other than RS256/384/512 */
	IDTOKEN_UNKNOWN_KEY,    /* no key of the JWKS has the token's kid: fetch the JWKS again */
	IDTOKEN_SIGNATURE,      /* the signature does not verify */
	IDTOKEN_ISSUER,
	IDTOKEN_AUDIENCE,
	IDTOKEN_EXPIRED,
	IDTOKEN_NOT_YET_VALID,
	IDTOKEN_NONCE,
	IDTOKEN_SUBJECT,        /* no sub claim */
};

struct idtoken_claims {
	char *subject, *email, *name;
	bool email_verified;
};

struct idtoken_expect {
	const char *issuer, *client_id, *nonce;
	instant_t now;
};

/* Verifies token with the keys of jwks ({"keys": [...]}) and fills claims (arena) when IDTOKEN_OK. */
enum idtoken_result idtoken_verify(struct arena *a, const char *token, json_t *jwks, const struct idtoken_expect *want,
				   struct idtoken_claims *claims);
/* A few words for the log. */
const char *idtoken_result_text(enum idtoken_result r);
#endif
