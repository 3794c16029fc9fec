/* cache.c: see cache.h. A fixed table of slots, each chosen by the key's hash: a new answer
 * replaces whatever held its slot, so the memory is bounded without any bookkeeping of age. One
 * mutex guards the table; it is held only to compare a key and copy an answer. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "cache.h"

#define CACHE_SLOTS 512
#define CACHE_ENTRY_SHARE 8 /* one answer takes at most an eighth of the cache */

struct slot {
	char *key;
	uint64_t hash;
	int64_t revision;
	instant_t second;
	char *body;
	size_t len;
};

struct response_cache {
	pthread_mutex_t lock;
	size_t max_bytes, bytes;
	struct response_cache_stats stats;
	struct slot slots[CACHE_SLOTS];
};

static uint64_t hash_of(const char *s) /* FNV-1a */
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

struct response_cache *response_cache_new(size_t max_bytes)
{
	if (!max_bytes)
		return NULL;
	struct response_cache *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	c->max_bytes = max_bytes;
	return c;
}

static void slot_clear(struct response_cache *c, struct slot *s)
{
	c->bytes -= s->key ? strlen(s->key) + s->len : 0;
	free(s->key);
	free(s->body);
	*s = (struct slot){0};
}

void response_cache_free(struct response_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++)
		slot_clear(c, &c->slots[i]);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

bool response_cache_get(struct response_cache *c, const char *key, int64_t revision, instant_t now,
			struct arena *a, char **body, size_t *len)
{
	uint64_t h = hash_of(key);
	bool hit = false;
	pthread_mutex_lock(&c->lock);
	struct slot *s = &c->slots[h % CACHE_SLOTS];
	if (s->key && s->hash == h && s->revision == revision && s->second == now && strcmp(s->key, key) == 0) {
		*body = arena_alloc(a, s->len + 1);
		memcpy(*body, s->body, s->len);
		(*body)[s->len] = '\0';
		*len = s->len;
		hit = true;
	}
	if (hit)
		c->stats.hits++;
	else
		c->stats.misses++;
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void response_cache_put(struct response_cache *c, const char *key, int64_t revision, instant_t now,
			const char *body, size_t len)
{
	size_t keylen = strlen(key);
	if (keylen + len > c->max_bytes / CACHE_ENTRY_SHARE)
		return;
	/* copied before taking the lock; freed outside it */
	char *key_copy = malloc(keylen + 1), *body_copy = malloc(len ? len : 1);
	if (!key_copy || !body_copy) {
		free(key_copy);
		free(body_copy);
		return;
	}
	memcpy(key_copy, key, keylen + 1);
	memcpy(body_copy, body, len);
	uint64_t h = hash_of(key);
	struct slot old = {0};
	pthread_mutex_lock(&c->lock);
	struct slot *s = &c->slots[h % CACHE_SLOTS];
	/* an answer computed on older data or an earlier second never replaces a newer one */
	bool newer = !s->key || s->revision < revision || (s->revision == revision && s->second <= now);
	if (newer && c->bytes - (s->key ? strlen(s->key) + s->len : 0) + keylen + len <= c->max_bytes) {
		old = *s;
		c->bytes -= old.key ? strlen(old.key) + old.len : 0;
		*s = (struct slot){key_copy, h, revision, now, body_copy, len};
		c->bytes += keylen + len;
		c->stats.stored++;
		key_copy = body_copy = NULL;
	}
	pthread_mutex_unlock(&c->lock);
	free(old.key);
	free(old.body);
	free(key_copy);
	free(body_copy);
}

struct response_cache_stats response_cache_stats(struct response_cache *c)
{
	pthread_mutex_lock(&c->lock);
	struct response_cache_stats st = c->stats;
	st.bytes = c->bytes;
	pthread_mutex_unlock(&c->lock);
	return st;
}
