/* oidc.c: signing in through an OpenID provider (authorization code flow with PKCE, state and
 * nonce). /start records the sign-in and sends the browser to the provider; /callback takes the
 * state back once, exchanges the code, verifies the ID token, finds or makes the account and
 * starts a session. A failure sends the browser to the sign-in page with ?sso_error=CODE, which
 * the page explains in the person's language; the reason goes to the server's log. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "api.h"
#include "../domain/accounts.h"
#include "../http/auth.h"
#include "../http/oidc_client.h"
#include "../util/fetch.h"
#include "../util/idtoken.h"
#include "../util/log.h"

#define LOGIN_SECONDS 600          /* from the redirect to the provider to its return */
#define BROWSER_COOKIE "psea_oidc"
#define CALLBACK_PATH "/api/v1/auth/oidc/callback"

static char *random_text(struct arena *a, size_t bytes)
{
	unsigned char raw[32];
	randombytes_buf(raw, bytes);
	char *out = arena_alloc(a, sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING));
	return sodium_bin2base64(out, sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), raw, bytes,
				 sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* PKCE S256: base64url(SHA-256(verifier)). */
static char *code_challenge(struct arena *a, const char *verifier)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)verifier, strlen(verifier));
	size_t len = sodium_base64_ENCODED_LEN(sizeof digest, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return sodium_bin2base64(arena_alloc(a, len), len, digest, sizeof digest, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* The callback address as the browser reaches this server: its Host, and https when the proxy
 * in front says so (X-Forwarded-Proto). The provider only returns to an address registered with
 * it, so a forged Host leads nowhere. NULL when Host is not a plain host[:port]. */
static char *redirect_uri(struct req *r)
{
	const char *host = req_header(r, "Host");
	if (!host || !*host || strlen(host) > 255 || strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != strlen(host))
		return NULL;
	const char *proto = req_header(r, "X-Forwarded-Proto");
	return arena_printf(&r->arena, "%s://%s" CALLBACK_PATH, proto && strcmp(proto, "https") == 0 ? "https" : "http", host);
}

static bool over_tls(struct req *r)
{
	const char *proto = req_header(r, "X-Forwarded-Proto");
	return proto && strcmp(proto, "https") == 0;
}

static void redirect(struct req *r, const char *location)
{
	reply_header(r, "Location", location);
	reply_header(r, "Cache-Control", "no-store");
	reply_bytes(r, 303, "text/plain; charset=utf-8", "", 0);
}

/* The browser goes back to the sign-in page, which explains code; why goes to the log. */
static void refuse(struct req *r, const char *provider, const char *code, const char *why)
{
	log_info("single sign-on%s%s refused (%s): %s", provider ? " through " : "", provider ? provider : "", code, why);
	reply_header(r, "Set-Cookie", BROWSER_COOKIE "=; Path=" CALLBACK_PATH "; HttpOnly; SameSite=Lax; Max-Age=0");
	redirect(r, arena_printf(&r->arena, "/signin?sso_error=%s", code));
}

void oidc_public_list(struct req *r)
{
	struct oidc_provider *ps;
	size_t n;
	int rc = store_oidc_providers(r->db, &r->arena, true, &ps, &n);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "name", ps[i].name, "display_name", ps[i].display_name,
						       "start", arena_printf(&r->arena, "/api/v1/auth/oidc/%s/start", ps[i].name)));
	reply_json(r, 200, api_list(items, 0));
}

static int write_login_started(struct req *r, struct audit *audit, void *ctx)
{
	(void)audit; /* a sign-in begun is recorded once it ends */
	return store_oidc_login_add(r->db, ctx);
}

void oidc_start(struct req *r)
{
	const char *name = r->params[0];
	struct oidc_provider p;
	int rc = store_oidc_provider_by_name(r->db, &r->arena, name, &p);
	if (rc == STORE_OK && !p.active)
		rc = STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	char *callback = redirect_uri(r);
	if (!callback) {
		reply_problem(r, 400, "bad_host", "The Host header is not a plain host name and port.", NULL);
		return;
	}
	struct oidc_endpoints ep;
	char *why = NULL;
	if (oidc_discover(&r->arena, p.issuer, &ep, &why) != 0) {
		refuse(r, p.name, "provider_unavailable", why);
		return;
	}
	const char *next = req_query(r, "next");
	if (next && (next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 500 || strpbrk(next, "\r\n")))
		next = NULL;
	char *state = random_text(&r->arena, 32), *browser = random_text(&r->arena, 32);
	char state_hash[65], browser_hash[65];
	secret_hash(state, state_hash);
	secret_hash(browser, browser_hash);
	struct oidc_login login = {.state_hash = state_hash, .browser_hash = browser_hash, .provider_id = p.id,
				   .nonce = random_text(&r->arena, 32), .code_verifier = random_text(&r->arena, 32),
				   .next_path = (char *)next, .created_at = r->now, .expires_at = r->now + LOGIN_SECONDS};
	if (!api_write(r, write_login_started, &login))
		return;
	/* the binding cookie comes back on the provider's top-level redirect (Lax), so the state
	 * works only in the browser that started the sign-in */
	reply_header(r, "Set-Cookie", arena_printf(&r->arena, BROWSER_COOKIE "=%s; Path=" CALLBACK_PATH "; HttpOnly; SameSite=Lax; Max-Age=%d%s",
						     browser, LOGIN_SECONDS, over_tls(r) ? "; Secure" : ""));
	redirect(r, arena_printf(&r->arena, "%s%sresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s&nonce=%s"
				 "&code_challenge=%s&code_challenge_method=S256", ep.authorization,
				 strchr(ep.authorization, '?') ? "&" : "?", fetch_escape(&r->arena, p.client_id),
				 fetch_escape(&r->arena, callback), "openid%20email%20profile", state, login.nonce,
				 code_challenge(&r->arena, login.code_verifier)));
}

/* The client secret, from the file or the environment variable the provider names. */
static char *client_secret(struct arena *a, const struct oidc_provider *p, char **why)
{
	if (p->secret_env) {
		const char *v = getenv(p->secret_env);
		if (!v || !*v)
			*why = arena_printf(a, "the environment variable %s is not set", p->secret_env);
		return v && *v ? arena_strdup(a, v) : NULL;
	}
	FILE *f = p->secret_file ? fopen(p->secret_file, "r") : NULL;
	if (!f) {
		*why = arena_printf(a, "cannot read %s: %s", p->secret_file ? p->secret_file : "(no file)", strerror(errno));
		return NULL;
	}
	char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	if (n == 0)
		*why = arena_printf(a, "%s is empty", p->secret_file);
	return n ? arena_strdup(a, buf) : NULL;
}

/* Exchanges the code and verifies the ID token; false after refusing (the answer is sent). */
static bool verified_claims(struct req *r, const struct oidc_provider *p, const struct oidc_login *login,
			    const char *code, struct idtoken_claims *claims)
{
	struct oidc_endpoints ep;
	char *why = NULL, *secret, *callback = redirect_uri(r);
	if (oidc_discover(&r->arena, p->issuer, &ep, &why) != 0) {
		refuse(r, p->name, "provider_unavailable", why);
		return false;
	}
	if (!(secret = client_secret(&r->arena, p, &why)) || !callback) {
		refuse(r, p->name, "provider_misconfigured", why ? why : "no Host header");
		return false;
	}
	char *form = arena_printf(&r->arena, "grant_type=authorization_code&code=%s&redirect_uri=%s&code_verifier=%s",
				  fetch_escape(&r->arena, code), fetch_escape(&r->arena, callback), login->code_verifier);
	bool refused;
	json_t *answer = oidc_token(&r->arena, ep.token, form, p->client_id, secret, &refused, &why);
	if (!answer) {
		refuse(r, p->name, refused ? "token_refused" : "provider_unavailable", why);
		return false;
	}
	arena_on_free(&r->arena, (void (*)(void *))json_decref, answer);
	const char *id_token = json_string_value(json_object_get(answer, "id_token"));
	struct idtoken_expect want = {.issuer = p->issuer, .client_id = p->client_id, .nonce = login->nonce, .now = r->now};
	enum idtoken_result result = IDTOKEN_MALFORMED;
	for (int attempt = 0; attempt < 2; attempt++) {
		/* a key the cache does not know: the provider may have rotated its keys, fetch them again */
		json_t *jwks = oidc_jwks(&r->arena, ep.jwks_uri, attempt > 0, &why);
		if (!jwks) {
			refuse(r, p->name, "provider_unavailable", why);
			return false;
		}
		result = idtoken_verify(&r->arena, id_token, jwks, &want, claims);
		json_decref(jwks);
		if (result != IDTOKEN_UNKNOWN_KEY)
			break;
	}
	if (result != IDTOKEN_OK) {
		refuse(r, p->name, "token_invalid", arena_printf(&r->arena, "the ID token is %s", idtoken_result_text(result)));
		return false;
	}
	return true;
}

static bool serves(const struct oidc_provider *p, int64_t agency_id)
{
	for (size_t i = 0; i < p->nagencies; i++)
		if (p->agencies[i] == agency_id)
			return true;
	return false;
}

/* The served agency whose domains hold the address (an agency listing no domains holds any). */
static int64_t agency_for(struct req *r, const struct oidc_provider *p, const char *email, struct org *out)
{
	for (size_t i = 0; i < p->nagencies; i++)
		if (store_org_get(r->db, &r->arena, p->agencies[i], out) == STORE_OK &&
		    !api_email_domain_problem(r->db, &r->arena, out, email))
			return out->id;
	return 0;
}

/* The account the identity signs in to: linked before, else the account of the verified e-mail
 * (linked now), else a new one. Inside a write: its id, or API_ANSWERED after refusing, or the
 * store's failure. */
static int64_t account_for(struct req *r, struct audit *audit, const struct oidc_provider *p,
			   const struct idtoken_claims *c, const char **action)
{
	int64_t id = store_oidc_identity_user(r->db, p->id, c->subject);
	if (id < 0)
		return id;
	if (id > 0) {
		*action = "sign_in";
		return id;
	}
	if (!c->email || !(c->email_verified || p->email_trusted) || account_email_problem(c->email)) {
		refuse(r, p->name, "email_unverified", "the provider gave no verified e-mail address");
		return API_ANSWERED;
	}
	char *email = account_email_normalize(&r->arena, c->email);
	struct user u;
	int rc = store_user_by_email(r->db, &r->arena, email, &u);
	if (rc == STORE_OK) {
		if (!serves(p, u.org.id) || api_email_domain_problem(r->db, &r->arena, &u.org, email)) {
			refuse(r, p->name, "account_elsewhere", arena_printf(&r->arena, "%s belongs to %s, which the provider does not serve",
									 email, u.org.name));
			return API_ANSWERED;
		}
		*action = "link";
		id = u.id;
	} else if (rc == STORE_ENOTFOUND) {
		struct org agency;
		if (!agency_for(r, p, email, &agency)) {
			refuse(r, p->name, "domain_not_allowed", arena_printf(&r->arena, "%s is in none of the served agencies' domains", email));
			return API_ANSWERED;
		}
		struct user nu = {.email = email, .name = c->name && *c->name && !strpbrk(c->name, "\r\n\t") ? c->name : email,
				  .role = p->role, .language = "en", .org = agency};
		id = store_user_add(r->db, &nu, STORE_SSO_PASSWORD_HASH, r->now);
		if (id < 0 || (rc = audit_add(audit, "user", id, "create")) != STORE_OK)
			return id < 0 ? id : rc;
		*action = "create";
	} else {
		return rc;
	}
	rc = store_oidc_identity_add(r->db, p->id, c->subject, id, r->now);
	return rc != STORE_OK ? rc : id;
}

struct sign_in {
	const struct oidc_provider *p;
	const struct idtoken_claims *claims;
	struct user u;
};

/* The account (found, linked or made), its session and the audit lines, as the account's acts. */
static int write_sign_in(struct req *r, struct audit *audit, void *ctx)
{
	struct sign_in *w = ctx;
	const char *action = NULL;
	int64_t user_id = account_for(r, audit, w->p, w->claims, &action);
	if (user_id < 0)
		return (int)user_id;
	int rc = store_user_get(r->db, &r->arena, user_id, &w->u);
	if (rc != STORE_OK)
		return rc;
	if (!w->u.active) {
		refuse(r, w->p->name, "account_inactive", arena_printf(&r->arena, "the account %s is deactivated", w->u.email));
		return API_ANSWERED;
	}
	if (!auth_session_start(r, w->u.id))
		return STORE_ERROR;
	audit->user_id = w->u.id;
	if (strcmp(action, "link") == 0 && (rc = audit_add(audit, "user", w->u.id, "link_sso")) != STORE_OK)
		return rc;
	return audit_add(audit, "session", w->u.id, "sign_in_sso");
}

struct login_taken {
	const char *state_hash;
	struct oidc_login *login;
	bool found;
};

static int write_login_taken(struct req *r, struct audit *audit, void *ctx)
{
	(void)audit; /* the sign-in is recorded when it ends, not when its state is used up */
	struct login_taken *w = ctx;
	int rc = store_oidc_login_take(r->db, &r->arena, w->state_hash, w->login);
	w->found = rc == STORE_OK;
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

void oidc_callback(struct req *r)
{
	const char *state = req_query(r, "state"), *code = req_query(r, "code");
	if (!state || strlen(state) > 200) {
		refuse(r, NULL, "state_unknown", "no state");
		return;
	}
	char state_hash[65];
	secret_hash(state, state_hash);
	struct oidc_login login;
	/* the state is used up here, before anything else can fail: a replay finds nothing */
	struct login_taken taken = {state_hash, &login, false};
	if (!api_write(r, write_login_taken, &taken))
		return;
	int rc;
	if (!taken.found || login.expires_at <= r->now) {
		refuse(r, NULL, "state_unknown", "the state is unknown, used already or expired");
		return;
	}
	const char *cookie = req_cookie(r, BROWSER_COOKIE);
	char browser_hash[65];
	if (cookie && strlen(cookie) <= 200)
		secret_hash(cookie, browser_hash);
	if (!cookie || strlen(cookie) > 200 || sodium_memcmp(browser_hash, login.browser_hash, 64) != 0) {
		refuse(r, NULL, "state_unknown", "the sign-in was started in another browser");
		return;
	}
	struct oidc_provider p;
	if ((rc = store_oidc_provider_get(r->db, &r->arena, login.provider_id, &p)) != STORE_OK || !p.active) {
		refuse(r, NULL, "provider_unavailable", "the provider was removed or deactivated meanwhile");
		return;
	}
	if (req_query(r, "error") || !code || strlen(code) > 2000) {
		const char *error = req_query(r, "error");
		refuse(r, p.name, "provider_refused", error && strlen(error) < 100 ? error : "no code");
		return;
	}
	struct idtoken_claims claims;
	if (!verified_claims(r, &p, &login, code, &claims))
		return;
	struct sign_in w = {.p = &p, .claims = &claims};
	if (!api_write(r, write_sign_in, &w))
		return;
	reply_header(r, "Set-Cookie", BROWSER_COOKIE "=; Path=" CALLBACK_PATH "; HttpOnly; SameSite=Lax; Max-Age=0");
	redirect(r, login.next_path ? login.next_path : "/");
}
