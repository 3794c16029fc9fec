/* json_out.h: writes a jansson tree as compact JSON text, byte for byte what json_dumps(json,
 * JSON_COMPACT) writes, several times faster: jansson's writer formats every container's address
 * into a string and keeps it in a hash table (to detect cycles) and goes through a callback per
 * piece. Responses are written on every request, so the server uses this one. */
#ifndef PSEA_JSON_OUT_H
#define PSEA_JSON_OUT_H
#include <jansson.h>
#include <stddef.h>

/* The text of an object or an array (NULL for anything else, a string that is not UTF-8, a number
 * that is not finite, or nesting deeper than JSON_OUT_MAX_DEPTH), in a buffer of the calling
 * thread that the next call reuses; *len is its length. */
#define JSON_OUT_MAX_DEPTH 256
const char *json_out(const json_t *json, size_t *len);

#endif
