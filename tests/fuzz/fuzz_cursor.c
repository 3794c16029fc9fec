/* fuzz_cursor.c: the cursor of the observation list sorted by name, country or type, as a
 * client may send it back in ?cursor=. Whatever the text, decoding it either refuses it or
 * gives a sort that is allowed, a positive id and a UTF-8 key of at most 1024 bytes; and a
 * decoded cursor, encoded again, decodes to the same position. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/api/handlers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool sort_allowed(const char *s)
{
	const char *name = s + (s[0] == '-');
	return strcmp(name, "name") == 0 || strcmp(name, "country") == 0 || strcmp(name, "type") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a);
	char *text = arena_strndup(&a, (const char *)data, size); /* stops at a NUL, as a query value does */
	const char *sort, *key;
	int64_t id;
	if (observation_cursor_decode(&a, text, &sort, &id, &key)) {
		json_t *utf8 = json_string(key);
		if (!sort_allowed(sort) || id <= 0 || !utf8 || strlen(key) > 1024)
			abort();
		json_decref(utf8);
		const char *again = observation_cursor_encode(&a, sort, id, key), *sort2, *key2;
		int64_t id2;
		if (!observation_cursor_decode(&a, again, &sort2, &id2, &key2) || strcmp(sort, sort2) != 0 || id != id2 ||
		    strcmp(key, key2) != 0)
			abort();
	}
	arena_free(&a);
	return 0;
}
