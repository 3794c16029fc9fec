/* fuzz_request.c: the request line, as any bytes, sent to the real server as each role. It
 * reaches the parsing of the method, path and query, the routing, the ids in the path, the query
 * parameters the lists read (limit, cursor, sort, filters) and the answers built from them.
 * Input: one byte choosing the role, then the request line without its HTTP version. */
#include <stdint.h>
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_server_start();
	if (size < 2)
		return 0;
	struct fuzz_buf b = {0};
	fuzz_buf_line(&b, data + 1, size - 1);
	fuzz_buf_str(&b, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n");
	fuzz_buf_str(&b, fuzz_auth_header((enum fuzz_role)(data[0] % FUZZ_ROLES)));
	fuzz_buf_str(&b, "\r\n");
	fuzz_http(b.data, b.len);
	fuzz_buf_free(&b);
	return 0;
}
