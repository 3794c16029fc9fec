/* auth.c: sessions, API tokens, CSRF and password hashing. */
#include "auth.h"
#include "../domain/accounts.h"
#include <liboath/oath.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sem_t hashing;
static unsigned long long hash_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t hash_memory = crypto_pwhash_MEMLIMIT_INTERACTIVE;

/* PSEA_PASSWORD_HASH=minimum: the cheapest Argon2id libsodium allows, for test suites, whose
 * thousands of throwaway accounts would otherwise spend most of the suite's time hashing.
 * Anything else set there is refused, so a typo cannot weaken a real server unnoticed. */
static int choose_hash_cost(void)
{
	const char *cost = getenv("PSEA_PASSWORD_HASH");
	if (!cost || !*cost || strcmp(cost, "interactive") == 0)
		return 0;
	if (strcmp(cost, "minimum") != 0) {
		fprintf(stderr, "PSEA_PASSWORD_HASH must be \"interactive\" (the default) or \"minimum\" (tests only), not \"%s\"\n",
			cost);
		return -1;
	}
	hash_ops = crypto_pwhash_OPSLIMIT_MIN;
	hash_memory = crypto_pwhash_MEMLIMIT_MIN;
	return 0;
}

bool password_hash_is_minimum(void) { return hash_ops == crypto_pwhash_OPSLIMIT_MIN; }

int auth_init(void)
{
	if (sodium_init() < 0 || oath_init() != OATH_OK || choose_hash_cost() != 0)
		return -1;
	return sem_init(&hashing, 0, PASSWORD_HASHES_AT_ONCE);
}

/* Each Argon2id hash takes 64 MiB: the semaphore keeps a burst of sign-ins from exhausting memory.
 * A verification costs what the stored hash says, whatever the cost chosen for new ones. */
int password_hash(const char *password, char out[128])
{
	sem_wait(&hashing);
	int rc = crypto_pwhash_str(out, password, strlen(password), hash_ops, hash_memory);
	sem_post(&hashing);
	return rc;
}

bool password_verify(const char *hash, const char *password)
{
	sem_wait(&hashing);
	int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
	sem_post(&hashing);
	return rc == 0;
}

void secret_hash(const char *secret, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)secret, strlen(secret));
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

static char *random_secret(struct arena *a, size_t bytes)
{
	unsigned char raw[32];
	randombytes_buf(raw, bytes);
	char *out = arena_alloc(a, bytes * 2 + 1);
	sodium_bin2hex(out, bytes * 2 + 1, raw, bytes);
	return out;
}

char *auth_link_secret(struct req *r) { return random_secret(&r->arena, AUTH_LINK_SECRET_LEN / 2); }

int auth_resolve(struct req *r)
{
	char hash[65];
	const char *authz = req_header(r, "Authorization");
	if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
		if (strlen(authz + 7) > 200)
			return 0;
		secret_hash(authz + 7, hash);
		struct user *u = arena_alloc(&r->arena, sizeof *u);
		int rc = store_token_get(r->db, &r->arena, hash, r->now, u);
		if (rc == STORE_OK)
			r->user = u;
		return rc == STORE_OK || rc == STORE_ENOTFOUND ? 0 : -1;
	}
	const char *cookie = req_cookie(r, "psea_session");
	if (!cookie || strlen(cookie) > 200)
		return 0;
	secret_hash(cookie, hash);
	struct user *u = arena_alloc(&r->arena, sizeof *u);
	int rc = store_session_get(r->db, &r->arena, hash, r->now, u, &r->csrf);
	if (rc == STORE_OK) {
		r->user = u;
		r->via_cookie = true;
		r->session_hash = arena_strdup(&r->arena, hash);
	}
	return rc == STORE_OK || rc == STORE_ENOTFOUND ? 0 : -1;
}

bool auth_csrf_ok(struct req *r)
{
	const char *sent = req_header(r, "X-CSRF-Token");
	if (!sent || !r->csrf || strlen(sent) != strlen(r->csrf))
		return false;
	return sodium_memcmp(sent, r->csrf, strlen(sent)) == 0;
}

static bool over_tls(struct req *r)
{
	const char *proto = req_header(r, "X-Forwarded-Proto");
	return proto && strcmp(proto, "https") == 0;
}

char *auth_session_start(struct req *r, int64_t user_id)
{
	char *secret = random_secret(&r->arena, 32);
	char *csrf = random_secret(&r->arena, 16);
	char hash[65];
	secret_hash(secret, hash);
	/* each sign-in also clears what earlier ones left: no timer thread needed */
	if (store_sign_ins_forget_stale(r->db, r->now, r->now - LOGIN_FAILURES_KEPT_SECONDS) != STORE_OK ||
	    store_session_add(r->db, hash, user_id, csrf, r->now, r->now + SESSION_HOURS * 3600) != STORE_OK)
		return NULL;
	reply_header(r, "Set-Cookie", arena_printf(&r->arena, "psea_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
						     secret, SESSION_HOURS * 3600, over_tls(r) ? "; Secure" : ""));
	return csrf;
}

int auth_session_end(struct req *r)
{
	reply_header(r, "Set-Cookie", "psea_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return r->session_hash ? store_session_delete(r->db, r->session_hash) : STORE_OK;
}

char *auth_token_create(struct req *r, int64_t user_id, const char *name, instant_t expires, int64_t *id)
{
	char *secret = arena_printf(&r->arena, "psea_%s", random_secret(&r->arena, 24));
	char hash[65];
	secret_hash(secret, hash);
	*id = store_token_add(r->db, user_id, name, hash, r->now, expires);
	return *id > 0 ? secret : NULL;
}
