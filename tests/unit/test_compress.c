/* gzip for API answers: which Accept-Encoding values admit it, which answers are worth it, and
 * that what is sent inflates back to the answer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>
#include "../../src/http/compress.h"

static void accept_encoding_is_read_by_coding_and_q(void **state)
{
	(void)state;
	const char *yes[] = {"gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "GZIP", " deflate ,gzip ", "*",
			     "gzip;q=1", "identity, gzip; q=0.001", "br, *;q=0.5"};
	const char *no[] = {"", "identity", "br, deflate", "gzip;q=0", "gzip; q=0.0", "x-gzip2", "gzipx", "*;q=0",
			    "deflate;q=0.9, gzip;q=0"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (!http_accepts_gzip(yes[i]))
			fail_msg("'%s' should admit gzip", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (http_accepts_gzip(no[i]))
			fail_msg("'%s' should not admit gzip", no[i]);
	assert_false(http_accepts_gzip(NULL));
}

static void only_text_answers_are_compressed(void **state)
{
	(void)state;
	assert_true(http_compressible("application/json"));
	assert_true(http_compressible("application/problem+json"));
	assert_true(http_compressible("text/csv; charset=utf-8"));
	assert_false(http_compressible("application/pdf"));
	assert_false(http_compressible("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
	assert_false(http_compressible("image/png"));
	assert_false(http_compressible(NULL));
}

/* Inflates a gzip stream; returns its length, or -1. */
static long gunzip(const char *in, size_t len, char *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return -1;
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	int rc = inflate(&z, Z_FINISH);
	long n = (long)z.total_out;
	inflateEnd(&z);
	return rc == Z_STREAM_END ? n : -1;
}

static void a_json_page_shrinks_and_inflates_back(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	char json[8192];
	size_t n = 0;
	n += (size_t)snprintf(json + n, sizeof json - n, "{\"items\":[");
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(json + n, sizeof json - n, "%s{\"id\":\"%d\",\"name\":\"Partner %d\",\"rating\":\"medium\"}",
				      i ? "," : "", i, i);
	n += (size_t)snprintf(json + n, sizeof json - n, "]}");
	assert_false(http_is_gzip(json, n));
	size_t gz_len = 0;
	char *gz = http_gzip(&a, json, n, &gz_len);
	assert_non_null(gz);
	assert_true(http_is_gzip(gz, gz_len));
	assert_true(gz_len * 4 < n);
	char back[8192];
	assert_int_equal(gunzip(gz, gz_len, back, sizeof back), (long)n);
	assert_memory_equal(back, json, n);
	arena_free(&a);
}

static void nothing_is_gained_on_tiny_answers(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	size_t len = 0;
	assert_null(http_gzip(&a, "{\"status\":\"ok\"}", 15, &len));
	assert_false(http_is_gzip("{", 1));
	arena_free(&a);
}

int run_compress(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accept_encoding_is_read_by_coding_and_q),
		cmocka_unit_test(only_text_answers_are_compressed),
		cmocka_unit_test(a_json_page_shrinks_and_inflates_back),
		cmocka_unit_test(nothing_is_gained_on_tiny_answers),
	};
	return cmocka_run_group_tests_name("compress", tests, NULL, NULL);
}
