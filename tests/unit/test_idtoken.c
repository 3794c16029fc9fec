/* test_idtoken.c: an ID token is accepted only when signed by a key of the provider's JWKS with
 * RS256/384/512, issued by the provider for this client, unexpired, and carrying the nonce sent.
 * The tokens are made here with libjwt and a fresh RSA key. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jwt.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/util/idtoken.h"

#define NOW 1800000000
#define ISSUER "https://login.example.org"

static char private_pem[4096];
static json_t *jwks;

static char *b64url_bn(const BIGNUM *bn)
{
	unsigned char raw[512];
	int n = BN_bn2bin(bn, raw);
	static char out[2][1024];
	static int which;
	which ^= 1;
	return sodium_bin2base64(out[which], sizeof out[0], raw, (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int make_key(void **state)
{
	(void)state;
	EVP_PKEY *key = EVP_RSA_gen(2048);
	BIO *bio = BIO_new(BIO_s_mem());
	PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL);
	char *data;
	long len = BIO_get_mem_data(bio, &data);
	memcpy(private_pem, data, (size_t)len);
	BIGNUM *n = NULL, *e = NULL;
	EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
	EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
	jwks = json_pack("{s:[{s:s, s:s, s:s, s:s, s:s}]}", "keys", "kty", "RSA", "kid", "k1", "use", "sig", "n", b64url_bn(n),
			 "e", b64url_bn(e));
	BN_free(n);
	BN_free(e);
	BIO_free(bio);
	EVP_PKEY_free(key);
	return 0;
}

static int free_key(void **state)
{
	(void)state;
	json_decref(jwks);
	return 0;
}

/* A token with these claims, signed with alg (RS256 with the test key; "none" unsigned). */
static char *token(const char *alg, const char *kid, const char *aud, long exp, const char *nonce)
{
	jwt_t *jwt;
	jwt_new(&jwt);
	jwt_add_grant(jwt, "iss", ISSUER);
	jwt_add_grant(jwt, "sub", "subject-1");
	jwt_add_grant(jwt, "aud", aud);
	jwt_add_grant(jwt, "email", "ana@unicef.org");
	jwt_add_grant_bool(jwt, "email_verified", 1);
	jwt_add_grant(jwt, "nonce", nonce);
	jwt_add_grant_int(jwt, "exp", exp);
	if (kid)
		jwt_add_header(jwt, "kid", kid);
	if (strcmp(alg, "RS256") == 0)
		jwt_set_alg(jwt, JWT_ALG_RS256, (const unsigned char *)private_pem, (int)strlen(private_pem));
	char *out = jwt_encode_str(jwt);
	jwt_free(jwt);
	return out;
}

static enum idtoken_result check(const char *t, struct idtoken_claims *c)
{
	struct arena a;
	arena_init(&a);
	struct idtoken_expect want = {.issuer = ISSUER, .client_id = "portal", .nonce = "n-123", .now = NOW};
	enum idtoken_result r = idtoken_verify(&a, t, jwks, &want, c);
	if (r == IDTOKEN_OK) {
		assert_string_equal(c->subject, "subject-1");
		assert_string_equal(c->email, "ana@unicef.org");
		assert_true(c->email_verified);
	}
	arena_free(&a);
	return r;
}

static void a_good_token_is_accepted(void **state)
{
	(void)state;
	struct idtoken_claims c;
	char *t = token("RS256", "k1", "portal", NOW + 300, "n-123");
	assert_int_equal(check(t, &c), IDTOKEN_OK);
	free(t);
	t = token("RS256", NULL, "portal", NOW + 300, "n-123"); /* no kid: the only key */
	assert_int_equal(check(t, &c), IDTOKEN_OK);
	free(t);
}

static void every_claim_is_checked(void **state)
{
	(void)state;
	struct idtoken_claims c;
	struct { char *t; enum idtoken_result want; } cases[] = {
		{token("RS256", "k1", "another-client", NOW + 300, "n-123"), IDTOKEN_AUDIENCE},
		{token("RS256", "k1", "portal", NOW - 61, "n-123"), IDTOKEN_EXPIRED},
		{token("RS256", "k1", "portal", NOW - 30, "n-123"), IDTOKEN_OK}, /* within the leeway */
		{token("RS256", "k1", "portal", NOW + 300, "n-999"), IDTOKEN_NONCE},
		{token("RS256", "k2", "portal", NOW + 300, "n-123"), IDTOKEN_UNKNOWN_KEY},
		{token("none", "k1", "portal", NOW + 300, "n-123"), IDTOKEN_ALGORITHM},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(check(cases[i].t, &c), cases[i].want);
		free(cases[i].t);
	}
}

static void a_changed_payload_breaks_the_signature(void **state)
{
	(void)state;
	struct idtoken_claims c;
	char *good = token("RS256", "k1", "portal", NOW + 300, "n-123");
	char *other = token("RS256", "k1", "portal", NOW + 600, "n-123");
	/* the header and signature of one token around the payload of another */
	char *dot1 = strchr(good, '.'), *dot2 = strchr(dot1 + 1, '.');
	char *odot1 = strchr(other, '.'), *odot2 = strchr(odot1 + 1, '.');
	char spliced[8192];
	snprintf(spliced, sizeof spliced, "%.*s%.*s%s", (int)(dot1 - good), good, (int)(odot2 - odot1), odot1, dot2);
	assert_int_equal(check(spliced, &c), IDTOKEN_SIGNATURE);
	assert_int_equal(check("not-a-token", &c), IDTOKEN_MALFORMED);
	assert_int_equal(check("a.b", &c), IDTOKEN_MALFORMED);
	free(good);
	free(other);
}

int run_idtoken(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_good_token_is_accepted),
		cmocka_unit_test(every_claim_is_checked),
		cmocka_unit_test(a_changed_payload_breaks_the_signature),
	};
	return cmocka_run_group_tests_name("idtoken", tests, make_key, free_key);
}
