/* compress.h: gzip for API answers. A page of the observation list is about 12 KB of JSON and
 * 1.5 KB gzipped; on the slow connections many partners work over, that is seconds saved on
 * every page. Small answers are sent as they are (the gzip framing would outweigh the saving),
 * and so are files already compressed (PDF, XLSX) or streamed from disk. */
#ifndef PSEA_HTTP_COMPRESS_H
#define PSEA_HTTP_COMPRESS_H
#include <stdbool.h>
#include <stddef.h>
#include "../util/arena.h"

#define COMPRESS_MIN_BYTES 1024

/* Whether an Accept-Encoding header value admits gzip: a "gzip" or "*" coding whose q is not
 * zero, e.g. "gzip, deflate, br" or "br;q=1.0, gzip;q=0.8"; "gzip;q=0" and NULL do not. */
bool http_accepts_gzip(const char *accept_encoding);

/* Whether answers of this content type are worth compressing (JSON, CSV, text). */
bool http_compressible(const char *content_type);

/* Whether data is a gzip stream (its first two bytes; JSON and CSV text never start so). */
bool http_is_gzip(const char *data, size_t len);

/* data gzipped into the arena; NULL when it would not be smaller or zlib fails. */
char *http_gzip(struct arena *a, const char *data, size_t len, size_t *out_len);
#endif
