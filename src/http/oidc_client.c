/* oidc_client.c: see oidc_client.h. The cache is the one piece of state the request threads
 * share here: a few documents keyed by URL, behind one mutex, each a jansson reference that a
 * reader takes its own count of. */
#include "oidc_client.h"
#include <pthread.h>
#include <string.h>
#include <time.h>
#include "../util/fetch.h"

#define CACHE_SLOTS 32

static struct {
	char url[1024];
	json_t *doc;
	time_t fetched;
} cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static json_t *cache_get(const char *url)
{
	json_t *doc = NULL;
	time_t now = time(NULL);
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].doc && strcmp(cache[i].url, url) == 0 && now - cache[i].fetched < OIDC_CACHE_SECONDS)
			doc = json_incref(cache[i].doc);
	pthread_mutex_unlock(&cache_lock);
	return doc;
}

static void cache_put(const char *url, json_t *doc)
{
	if (strlen(url) >= sizeof cache[0].url)
		return;
	time_t now = time(NULL);
	pthread_mutex_lock(&cache_lock);
	int slot = 0;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].doc && strcmp(cache[i].url, url) == 0) {
			slot = i;
			break;
		}
		if (cache[i].fetched < cache[slot].fetched) /* else the oldest (or an empty) slot */
			slot = i;
	}
	json_decref(cache[slot].doc);
	strcpy(cache[slot].url, url);
	cache[slot].doc = json_incref(doc);
	cache[slot].fetched = now;
	pthread_mutex_unlock(&cache_lock);
}

void oidc_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		json_decref(cache[i].doc);
		cache[i].doc = NULL;
		cache[i].fetched = 0;
	}
	pthread_mutex_unlock(&cache_lock);
}

/* GETs a JSON object. */
static json_t *fetch_json(struct arena *a, const char *url, char **why)
{
	struct fetch_answer ans;
	if (fetch_get(a, url, &ans) != 0) {
		*why = arena_printf(a, "%s: %s", url, ans.error);
		return NULL;
	}
	if (ans.status != 200) {
		*why = arena_printf(a, "%s answered %ld", url, ans.status);
		return NULL;
	}
	json_t *doc = json_loadb(ans.body, ans.len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(doc)) {
		json_decref(doc);
		*why = arena_printf(a, "%s did not answer a JSON object", url);
		return NULL;
	}
	return doc;
}

static char *member(struct arena *a, json_t *doc, const char *name)
{
	const char *v = json_string_value(json_object_get(doc, name));
	return v && (strncmp(v, "https://", 8) == 0 || strncmp(v, "http://", 7) == 0) ? arena_strdup(a, v) : NULL;
}

int oidc_discover(struct arena *a, const char *issuer, struct oidc_endpoints *out, char **why)
{
	size_t len = strlen(issuer);
	char *url = arena_printf(a, "%.*s/.well-known/openid-configuration", (int)(len && issuer[len - 1] == '/' ? len - 1 : len),
				 issuer);
	json_t *doc = cache_get(url);
	bool fresh = !doc;
	if (!doc && !(doc = fetch_json(a, url, why)))
		return -1;
	const char *said = json_string_value(json_object_get(doc, "issuer"));
	out->authorization = member(a, doc, "authorization_endpoint");
	out->token = member(a, doc, "token_endpoint");
	out->jwks_uri = member(a, doc, "jwks_uri");
	int rc = 0;
	if (!said || strcmp(said, issuer) != 0) {
		*why = arena_printf(a, "the discovery document names the issuer %s, not %s", said ? said : "(none)", issuer);
		rc = -1;
	} else if (!out->authorization || !out->token || !out->jwks_uri) {
		*why = arena_strdup(a, "the discovery document lacks an authorization, token or jwks_uri endpoint");
		rc = -1;
	} else if (fresh) {
		cache_put(url, doc);
	}
	json_decref(doc);
	return rc;
}

json_t *oidc_jwks(struct arena *a, const char *jwks_uri, bool refresh, char **why)
{
	json_t *doc = refresh ? NULL : cache_get(jwks_uri);
	if (doc)
		return doc;
	if (!(doc = fetch_json(a, jwks_uri, why)))
		return NULL;
	if (!json_is_array(json_object_get(doc, "keys"))) {
		json_decref(doc);
		*why = arena_printf(a, "%s holds no \"keys\"", jwks_uri);
		return NULL;
	}
	cache_put(jwks_uri, doc);
	return doc;
}

json_t *oidc_token(struct arena *a, const char *token_endpoint, const char *form, const char *client_id,
		   const char *secret, bool *refused, char **why)
{
	struct fetch_answer ans;
	*refused = false;
	if (fetch_post_form(a, token_endpoint, form, client_id, secret, &ans) != 0) {
		*why = arena_printf(a, "%s: %s", token_endpoint, ans.error);
		return NULL;
	}
	json_t *doc = json_loadb(ans.body, ans.len, JSON_REJECT_DUPLICATES, NULL);
	if (ans.status != 200 || !json_is_object(doc)) {
		*refused = ans.status >= 400 && ans.status < 500;
		const char *error = json_string_value(json_object_get(doc, "error"));
		*why = arena_printf(a, "the token endpoint answered %ld%s%s", ans.status, error ? ": " : "", error ? error : "");
		json_decref(doc);
		return NULL;
	}
	return doc;
}
