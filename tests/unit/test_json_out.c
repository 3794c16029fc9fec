/* The server's JSON writer must write exactly what jansson's json_dumps(JSON_COMPACT) writes:
 * clients and tests compare bodies, and the OpenAPI document is built with jansson. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/http/json_out.h"

static void same_as_jansson(json_t *j)
{
	char *expected = json_dumps(j, JSON_COMPACT);
	size_t len = 0;
	const char *got = json_out(j, &len);
	assert_non_null(expected);
	assert_non_null(got);
	assert_string_equal(got, expected);
	assert_int_equal(len, strlen(expected));
	free(expected);
	json_decref(j);
}

static void values_of_every_kind(void **state)
{
	(void)state;
	same_as_jansson(json_object());
	same_as_jansson(json_array());
	same_as_jansson(json_pack("{s:s, s:i, s:I, s:b, s:b, s:n, s:[i, s, {}], s:{s:[]}}", "name", "Hope Rising",
				  "n", -42, "big", (json_int_t)9007199254740993LL, "yes", 1, "no", 0, "none", "list", 1,
				  "two", "deep", "empty", "inner"));
	same_as_jansson(json_pack("[I, I]", (json_int_t)INT64_MIN, (json_int_t)INT64_MAX));
}

static void reals_as_jansson_writes_them(void **state)
{
	(void)state;
	const double reals[] = {0.0, -0.0, 1.0, 59.5, 0.1, 100.0, 1e20, 1e21, 1.5e-7, -2.25, 123456789012345678.0,
				3.14159265358979, 1e-300, 5e-324};
	for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++)
		same_as_jansson(json_pack("[f]", reals[i]));
}

static void strings_escaped_as_jansson_does(void **state)
{
	(void)state;
	same_as_jansson(json_pack("[s]", "quote \" backslash \\ slash / tab \t newline \n return \r"));
	same_as_jansson(json_pack("[s]", "\b\f\x01\x1f control"));
	same_as_jansson(json_pack("[s]", "Côte d'Ivoire, Organización, 中文, emoji \xf0\x9f\x99\x82"));
	same_as_jansson(json_pack("{s:s}", "ké\"y\n", "value"));
	json_t *nul = json_array();
	json_array_append_new(nul, json_stringn("a\0b", 3));
	same_as_jansson(nul);
}

static void refuses_what_jansson_refuses(void **state)
{
	(void)state;
	size_t len;
	json_t *s = json_string("alone");
	assert_null(json_out(s, &len)); /* not a container */
	json_decref(s);
	json_t *bad = json_array();
	json_array_append_new(bad, json_stringn_nocheck("\xc3\x28", 2)); /* not UTF-8 */
	assert_null(json_out(bad, &len));
	json_decref(bad);
	json_t *deep = json_array(), *at = deep;
	for (int i = 0; i < JSON_OUT_MAX_DEPTH + 5; i++) {
		json_t *next = json_array();
		json_array_append_new(at, next);
		at = next;
	}
	assert_null(json_out(deep, &len));
	json_decref(deep);
}

static void large_bodies_whole(void **state)
{
	(void)state;
	json_t *items = json_array();
	for (int i = 0; i < 5000; i++)
		json_array_append_new(items, json_pack("{s:i, s:s}", "id", i, "name", "Bright Futures Association"));
	same_as_jansson(json_pack("{s:o, s:n}", "items", items, "next_cursor"));
	same_as_jansson(json_pack("{s:i}", "after", 1)); /* the buffer is reused after a large body */
}

int run_json_out(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_of_every_kind),
		cmocka_unit_test(reals_as_jansson_writes_them),
		cmocka_unit_test(strings_escaped_as_jansson_does),
		cmocka_unit_test(refuses_what_jansson_refuses),
		cmocka_unit_test(large_bodies_whole),
	};
	return cmocka_run_group_tests_name("json_out", tests, NULL, NULL);
}
