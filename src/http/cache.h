/* cache.h: the answers of read routes, kept while they still hold.
 *
 * A route's answer is a function of the request (path, query, caller), the data and the clock
 * at one-second resolution (instant_t). An answer stored with the data revision and the second
 * it was computed in (store_revision) is therefore exactly the answer the route would compute
 * again as long as both are unchanged: the cache never serves an outdated answer, it only skips
 * recomputing the same one. Lists that many agency staff open, and integrations polling the
 * same report, are answered from memory between two writes.
 *
 * Only routes flagged ROUTE_CACHED use it; such a route must not depend on anything else (a
 * request header, a random value) and must not write (an audited read is never cached). */
#ifndef PSEA_HTTP_CACHE_H
#define PSEA_HTTP_CACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../util/arena.h"
#include "../util/timeutil.h"

struct response_cache;

/* Holds at most max_bytes of answers (0: no cache, NULL is returned). */
struct response_cache *response_cache_new(size_t max_bytes);
void response_cache_free(struct response_cache *c);

/* The answer stored under key for this revision and second, copied into the arena. */
bool response_cache_get(struct response_cache *c, const char *key, int64_t revision, instant_t now,
			struct arena *a, char **body, size_t *len);
/* Stores an answer; one too large for the cache's share per entry is left out. */
void response_cache_put(struct response_cache *c, const char *key, int64_t revision, instant_t now,
			const char *body, size_t len);

struct response_cache_stats { uint64_t hits, misses, stored; size_t bytes; };
struct response_cache_stats response_cache_stats(struct response_cache *c);

#endif
