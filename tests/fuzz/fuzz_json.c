/* fuzz_json.c: JSON bodies of the write routes, sent to the real server as each role: the
 * parsing, each handler's checks of its fields, and the writes it makes when they pass. Every
 * write route of the table is a target, so routes added later are fuzzed too.
 * Input: a byte choosing the route, a byte choosing the role (bits 0-2) and the id in the path
 * (bits 3-7), a byte choosing the If-Match header, then the body. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "../../src/api/api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool is_json_write(const struct route *rt)
{
	return strcmp(rt->method, "GET") != 0 && !(rt->flags & ROUTE_UPLOAD);
}

/* The path with its {} replaced by id; accounts and tokens the harness signs in with are left
 * alone (a request could revoke or deactivate them): those routes get other ids. */
static void fill_path(struct fuzz_buf *b, const char *pattern, int64_t id)
{
	if (strncmp(pattern, "/api/v1/users/", 14) == 0)
		id = fuzz_spare_user_first + id % FUZZ_SPARE_USERS;
	else if (strncmp(pattern, "/api/v1/tokens/", 15) == 0)
		id += 1000;
	char number[24];
	snprintf(number, sizeof number, "%lld", (long long)id);
	for (const char *p = pattern; *p; p++) {
		if (p[0] == '{' && p[1] == '}') {
			fuzz_buf_str(b, number);
			p++;
		} else {
			fuzz_buf_add(b, p, 1);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_server_start();
	if (size < 3)
		return 0;
	size_t n = 0;
	for (const struct route *rt = api_routes; rt->method; rt++)
		n += is_json_write(rt);
	const struct route *rt = api_routes;
	for (size_t k = data[0] % n;; rt++)
		if (is_json_write(rt) && k-- == 0)
			break;
	struct fuzz_buf b = {0};
	char line[160];
	fuzz_buf_str(&b, rt->method);
	fuzz_buf_str(&b, " ");
	fill_path(&b, rt->pattern, 1 + (data[1] >> 3));
	snprintf(line, sizeof line, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
		 "Content-Type: application/json\r\nContent-Length: %zu\r\n", size - 3);
	fuzz_buf_str(&b, line);
	if (data[2] & 1) {
		snprintf(line, sizeof line, "If-Match: \"%d\"\r\n", (data[2] >> 1) % 8);
		fuzz_buf_str(&b, line);
	}
	fuzz_buf_str(&b, fuzz_auth_header((enum fuzz_role)(data[1] & 7)));
	fuzz_buf_str(&b, "\r\n");
	fuzz_buf_add(&b, data + 3, size - 3);
	fuzz_http(b.data, b.len);
	fuzz_buf_free(&b);
	return 0;
}
