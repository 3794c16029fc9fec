/* fuzz_multipart.c: multipart/form-data bodies sent to the real server's upload routes as each
 * role: libmicrohttpd's post processor fed through our callbacks (src/http/upload.c), the form's
 * fields and file checked by the handler, the file recognised and stored when it passes.
 * Input: a byte choosing the role (bits 0-2) and the assessment (bits 3-7), the Content-Type
 * header's value up to the first line feed, then the body. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "../../src/api/api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_server_start();
	const uint8_t *eol = size > 1 ? memchr(data + 1, '\n', size - 1) : NULL;
	if (!eol)
		return 0;
	size_t n = 0;
	for (const struct route *rt = api_routes; rt->method; rt++)
		n += (rt->flags & ROUTE_UPLOAD) != 0;
	if (n == 0)
		return 0;
	const struct route *rt = api_routes;
	for (size_t k = (data[0] >> 3) % n;; rt++)
		if ((rt->flags & ROUTE_UPLOAD) && k-- == 0)
			break;
	const uint8_t *body = eol + 1;
	size_t body_len = size - (size_t)(body - data);
	struct fuzz_buf b = {0};
	char number[24], line[128];
	snprintf(number, sizeof number, "%d", 1 + (data[0] >> 3));
	fuzz_buf_str(&b, rt->method);
	fuzz_buf_str(&b, " ");
	for (const char *p = rt->pattern; *p; p++) {
		if (p[0] == '{' && p[1] == '}') {
			fuzz_buf_str(&b, number);
			p++;
		} else {
			fuzz_buf_add(&b, p, 1);
		}
	}
	snprintf(line, sizeof line, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: %zu\r\n",
		 body_len);
	fuzz_buf_str(&b, line);
	fuzz_buf_str(&b, "Content-Type: ");
	fuzz_buf_line(&b, data + 1, (size_t)(eol - data - 1));
	fuzz_buf_str(&b, "\r\n");
	fuzz_buf_str(&b, fuzz_auth_header((enum fuzz_role)(data[0] & 7)));
	fuzz_buf_str(&b, "\r\n");
	fuzz_buf_add(&b, body, body_len);
	fuzz_http(b.data, b.len);
	fuzz_buf_free(&b);
	return 0;
}
