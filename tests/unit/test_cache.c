/* The response cache answers only the same request, on the same data revision, in the same
 * second; it never grows past its size; a slower, older answer never replaces a newer one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/http/cache.h"

static bool lookup(struct response_cache *c, const char *key, int64_t revision, instant_t now, const char *expected)
{
	struct arena a;
	arena_init(&a);
	char *body = NULL;
	size_t len = 0;
	bool hit = response_cache_get(c, key, revision, now, &a, &body, &len);
	if (hit && expected) {
		assert_int_equal(len, strlen(expected));
		assert_memory_equal(body, expected, len);
	}
	arena_free(&a);
	return hit;
}

static void same_request_same_data_same_second(void **state)
{
	(void)state;
	struct response_cache *c = response_cache_new(1 << 20);
	assert_false(lookup(c, "/a", 7, 100, NULL));
	response_cache_put(c, "/a", 7, 100, "{\"n\":1}", 7);
	assert_true(lookup(c, "/a", 7, 100, "{\"n\":1}"));
	assert_false(lookup(c, "/a", 8, 100, NULL));  /* the data changed */
	assert_false(lookup(c, "/a", 7, 101, NULL));  /* a second later: a standing may have expired */
	assert_false(lookup(c, "/b", 7, 100, NULL));  /* another request */
	assert_false(lookup(c, "/a\x1f" "x", 7, 100, NULL));
	struct response_cache_stats st = response_cache_stats(c);
	assert_int_equal(st.hits, 1);
	assert_int_equal(st.stored, 1);
	response_cache_free(c);
}

static void older_answer_never_replaces_newer(void **state)
{
	(void)state;
	struct response_cache *c = response_cache_new(1 << 20);
	response_cache_put(c, "/a", 8, 100, "new", 3);
	response_cache_put(c, "/a", 7, 100, "old", 3); /* computed before the last write, stored after */
	assert_true(lookup(c, "/a", 8, 100, "new"));
	response_cache_put(c, "/a", 8, 101, "later", 5);
	assert_true(lookup(c, "/a", 8, 101, "later"));
	response_cache_free(c);
}

static void bounded_in_size(void **state)
{
	(void)state;
	size_t max = 64 * 1024;
	struct response_cache *c = response_cache_new(max);
	char *big = calloc(1, max);
	response_cache_put(c, "/big", 1, 1, big, max / 4); /* more than an entry's share */
	assert_false(lookup(c, "/big", 1, 1, NULL));
	char key[32];
	for (int i = 0; i < 2000; i++) {
		snprintf(key, sizeof key, "/k%d", i);
		response_cache_put(c, key, 1, 1, big, max / 16);
		assert_true(response_cache_stats(c).bytes <= max);
	}
	assert_true(response_cache_stats(c).bytes > 0);
	free(big);
	response_cache_free(c);
	assert_null(response_cache_new(0)); /* no memory given: no cache */
}

int run_cache(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_request_same_data_same_second),
		cmocka_unit_test(older_answer_never_replaces_newer),
		cmocka_unit_test(bounded_in_size),
	};
	return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
