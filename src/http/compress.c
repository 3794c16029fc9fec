/* compress.c: gzip for API answers (see compress.h). */
#include "compress.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* The q of one coding's parameters (";q=0.5"); 1 when absent. */
static double coding_q(const char *params, const char *end)
{
	for (const char *p = params; p < end; p++) {
		if (*p != ';')
			continue;
		p++;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p + 1 < end && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
			return strtod(p + 2, NULL);
	}
	return 1.0;
}

bool http_accepts_gzip(const char *accept_encoding)
{
	const char *p = accept_encoding;
	while (p && *p) {
		const char *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		while (p < end && isspace((unsigned char)*p))
			p++;
		size_t name = 0;
		while (p + name < end && p[name] != ';' && !isspace((unsigned char)p[name]))
			name++;
		bool gzip = (name == 4 && strncasecmp(p, "gzip", 4) == 0) || (name == 1 && *p == '*');
		if (gzip && coding_q(p + name, end) > 0)
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

bool http_compressible(const char *content_type)
{
	return content_type && (strncmp(content_type, "application/json", 16) == 0 ||
				strncmp(content_type, "application/problem+json", 24) == 0 ||
				strncmp(content_type, "text/", 5) == 0);
}

bool http_is_gzip(const char *data, size_t len)
{
	return len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b;
}

char *http_gzip(struct arena *a, const char *data, size_t len, size_t *out_len)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	/* level 1: JSON shrinks about eight times even so, at a fraction of the CPU of level 6;
	 * 15 + 16 window bits ask zlib for the gzip framing */
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	size_t cap = deflateBound(&z, (uLong)len);
	char *out = arena_alloc(a, cap);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t n = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || n >= len)
		return NULL;
	*out_len = n;
	return out;
}
