/* Answers that cannot be written as JSON (text that is not UTF-8 reached them) become a fixed 500
 * answer, which must itself be exactly the JSON text it claims to be. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/http/http.h"

static json_t *parsed_body(struct req *r)
{
	assert_non_null(r->body_out);
	assert_int_equal(r->body_len, strlen(r->body_out));
	json_t *j = json_loadb(r->body_out, r->body_len, 0, NULL);
	assert_non_null(j);
	return j;
}

static void assert_internal_error(struct req *r)
{
	assert_int_equal(r->status, 500);
	assert_string_equal(r->content_type, "application/problem+json");
	json_t *j = parsed_body(r);
	assert_string_equal(json_string_value(json_object_get(j, "code")), "internal_error");
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 500);
	json_decref(j);
}

static void an_answer_that_is_not_json_is_a_fixed_500(void **state)
{
	(void)state;
	struct req r = {0};
	arena_init(&r.arena);
	reply_json(&r, 200, NULL); /* what a failed json_pack hands over */
	assert_internal_error(&r);
	reply_json(&r, 200, json_pack("{s:s}", "name", "ok"));
	assert_int_equal(r.status, 200);
	json_t *bad = json_object();
	json_object_set_new(bad, "name", json_stringn_nocheck("Caf\xe9", 4));
	reply_json(&r, 200, bad);
	assert_internal_error(&r);
	arena_free(&r.arena);
}

static void a_problem_whose_text_is_not_utf8_is_a_fixed_500(void **state)
{
	(void)state;
	struct req r = {0};
	arena_init(&r.arena);
	reply_problem(&r, 405, "method_not_allowed", "G\xffT is not allowed here.", NULL);
	assert_internal_error(&r);
	reply_problem(&r, 422, "validation_failed", "name: too long", json_pack("[{s:s}]", "field", "name"));
	assert_int_equal(r.status, 422);
	json_t *j = parsed_body(&r);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "errors"), 0), "field")), "name");
	json_decref(j);
	arena_free(&r.arena);
}

int run_reply(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_answer_that_is_not_json_is_a_fixed_500),
		cmocka_unit_test(a_problem_whose_text_is_not_utf8_is_a_fixed_500),
	};
	return cmocka_run_group_tests_name("reply", tests, NULL, NULL);
}
