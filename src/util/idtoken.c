/* idtoken.c: see idtoken.h. */
#include "idtoken.h"
#include <jwt.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

const char *idtoken_result_text(enum idtoken_result r)
{
	switch (r) {
	case IDTOKEN_OK: return "valid";
	case IDTOKEN_MALFORMED: return "not a well-formed token";
	case IDTOKEN_ALGORITHM: return "signed with an algorithm other than RS256, RS384 or RS512";
	case IDTOKEN_UNKNOWN_KEY: return "signed with a key the provider does not publish";
	case IDTOKEN_SIGNATURE: return "the signature does not verify";
	case IDTOKEN_ISSUER: return "issued by another issuer";
	case IDTOKEN_AUDIENCE: return "issued for another client";
	case IDTOKEN_EXPIRED: return "expired";
	case IDTOKEN_NOT_YET_VALID: return "not valid yet";
	case IDTOKEN_NONCE: return "the nonce is not the one sent";
	case IDTOKEN_SUBJECT: return "no subject";
	}
	return "invalid";
}

/* base64url without padding, as JOSE writes it, into a new arena string. */
static unsigned char *b64url_decode(struct arena *a, const char *text, size_t len, size_t *out_len)
{
	unsigned char *out = arena_alloc(a, len + 1);
	if (sodium_base642bin(out, len, text, len, NULL, out_len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return NULL;
	out[*out_len] = '\0';
	return out;
}

/* The token's protected header, to learn which key and algorithm it names. */
static json_t *token_header(struct arena *a, const char *token)
{
	const char *dot = strchr(token, '.');
	if (!dot || !strchr(dot + 1, '.') || strchr(strchr(dot + 1, '.') + 1, '.'))
		return NULL;
	size_t len;
	unsigned char *raw = b64url_decode(a, token, (size_t)(dot - token), &len);
	if (!raw)
		return NULL;
	json_t *h = json_loadb((const char *)raw, len, JSON_REJECT_DUPLICATES, NULL);
	if (h && !json_is_object(h)) {
		json_decref(h);
		return NULL;
	}
	return h;
}

static BIGNUM *jwk_number(struct arena *a, json_t *jwk, const char *member)
{
	const char *text = json_string_value(json_object_get(jwk, member));
	size_t len;
	unsigned char *raw = text ? b64url_decode(a, text, strlen(text), &len) : NULL;
	return raw && len > 0 ? BN_bin2bn(raw, (int)len, NULL) : NULL;
}

/* The JWK's RSA public key as PEM (arena), NULL when the JWK is not one. */
static char *jwk_rsa_pem(struct arena *a, json_t *jwk)
{
	BIGNUM *n = jwk_number(a, jwk, "n"), *e = jwk_number(a, jwk, "e");
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;
	BIO *bio = NULL;
	char *pem = NULL;
	if (!n || !e || !bld || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) || !(params = OSSL_PARAM_BLD_to_param(bld)))
		goto out;
	if (!(ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		goto out;
	if (!(bio = BIO_new(BIO_s_mem())) || !PEM_write_bio_PUBKEY(bio, key))
		goto out;
	char *data;
	long len = BIO_get_mem_data(bio, &data);
	if (len > 0)
		pem = arena_strndup(a, data, (size_t)len);
out:
	BIO_free(bio);
	EVP_PKEY_free(key);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return pem;
}

/* The signing key the token names: by kid, or the only RSA signing key when it names none. */
static json_t *find_key(json_t *jwks, const char *kid, const char *alg)
{
	json_t *keys = json_object_get(jwks, "keys"), *k, *found = NULL;
	size_t i, candidates = 0;
	json_array_foreach(keys, i, k) {
		const char *kty = json_string_value(json_object_get(k, "kty"));
		const char *use = json_string_value(json_object_get(k, "use"));
		const char *kalg = json_string_value(json_object_get(k, "alg"));
		const char *kkid = json_string_value(json_object_get(k, "kid"));
		if (!kty || strcmp(kty, "RSA") != 0 || (use && strcmp(use, "sig") != 0) || (kalg && strcmp(kalg, alg) != 0))
			continue;
		if (kid ? kkid && strcmp(kid, kkid) == 0 : true) {
			found = k;
			candidates++;
		}
	}
	return candidates == 1 ? found : NULL;
}

static bool audience_ok(json_t *claims, const char *client_id)
{
	json_t *aud = json_object_get(claims, "aud"), *v;
	if (json_is_string(aud))
		return strcmp(json_string_value(aud), client_id) == 0;
	if (!json_is_array(aud))
		return false;
	bool listed = false;
	size_t i;
	json_array_foreach(aud, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), client_id) == 0)
			listed = true;
	/* several audiences: the token must have been issued to this client (OpenID Connect Core 3.1.3.7) */
	const char *azp = json_string_value(json_object_get(claims, "azp"));
	return listed && (json_array_size(aud) == 1 || (azp && strcmp(azp, client_id) == 0));
}

static enum idtoken_result check_claims(json_t *c, const struct idtoken_expect *want)
{
	const char *iss = json_string_value(json_object_get(c, "iss"));
	const char *nonce = json_string_value(json_object_get(c, "nonce"));
	json_t *exp = json_object_get(c, "exp"), *nbf = json_object_get(c, "nbf");
	if (!iss || strcmp(iss, want->issuer) != 0)
		return IDTOKEN_ISSUER;
	if (!audience_ok(c, want->client_id))
		return IDTOKEN_AUDIENCE;
	if (!json_is_integer(exp) || json_integer_value(exp) + IDTOKEN_LEEWAY_SECONDS <= want->now)
		return IDTOKEN_EXPIRED;
	if (nbf && (!json_is_integer(nbf) || json_integer_value(nbf) - IDTOKEN_LEEWAY_SECONDS > want->now))
		return IDTOKEN_NOT_YET_VALID;
	if (!nonce || strlen(nonce) != strlen(want->nonce) || sodium_memcmp(nonce, want->nonce, strlen(nonce)) != 0)
		return IDTOKEN_NONCE;
	const char *sub = json_string_value(json_object_get(c, "sub"));
	if (!sub || !*sub || strlen(sub) > 255)
		return IDTOKEN_SUBJECT;
	return IDTOKEN_OK;
}

enum idtoken_result idtoken_verify(struct arena *a, const char *token, json_t *jwks, const struct idtoken_expect *want,
				   struct idtoken_claims *claims)
{
	if (!token || strlen(token) > IDTOKEN_MAX_BYTES)
		return IDTOKEN_MALFORMED;
	json_t *header = token_header(a, token);
	if (!header)
		return IDTOKEN_MALFORMED;
	const char *alg = json_string_value(json_object_get(header, "alg"));
	const char *kid = json_string_value(json_object_get(header, "kid"));
	enum idtoken_result result = IDTOKEN_OK;
	char *pem = NULL;
	if (!alg || (strcmp(alg, "RS256") != 0 && strcmp(alg, "RS384") != 0 && strcmp(alg, "RS512") != 0))
		result = IDTOKEN_ALGORITHM;
	else {
		json_t *key = find_key(jwks, kid, alg);
		if (!key)
			result = IDTOKEN_UNKNOWN_KEY;
		else if (!(pem = jwk_rsa_pem(a, key)))
			result = IDTOKEN_UNKNOWN_KEY;
	}
	jwt_alg_t wanted = alg ? jwt_str_alg(alg) : JWT_ALG_INVAL;
	json_decref(header);
	if (result != IDTOKEN_OK)
		return result;
	jwt_t *jwt = NULL;
	if (jwt_decode(&jwt, token, (const unsigned char *)pem, (int)strlen(pem)) != 0 || !jwt ||
	    jwt_get_alg(jwt) != wanted) {
		jwt_free(jwt);
		return IDTOKEN_SIGNATURE;
	}
	char *grants = jwt_get_grants_json(jwt, NULL);
	json_t *c = grants ? json_loads(grants, JSON_REJECT_DUPLICATES, NULL) : NULL;
	free(grants);
	jwt_free(jwt);
	if (!json_is_object(c)) {
		json_decref(c);
		return IDTOKEN_MALFORMED;
	}
	result = check_claims(c, want);
	if (result == IDTOKEN_OK) {
		claims->subject = arena_strdup(a, json_string_value(json_object_get(c, "sub")));
		claims->email = arena_strdup(a, json_string_value(json_object_get(c, "email")));
		claims->name = arena_strdup(a, json_string_value(json_object_get(c, "name")));
		claims->email_verified = json_is_true(json_object_get(c, "email_verified"));
	}
	json_decref(c);
	return result;
}
