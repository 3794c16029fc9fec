/* json_out.c: see json_out.h. */
#include "json_out.h"
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../util/text.h"

struct out {
	char *p;
	size_t len, cap;
	bool failed;
};

/* Above this, the thread's buffer is given back after use rather than kept for the next. */
#define KEEP_MAX (1024 * 1024)

static bool reserve(struct out *o, size_t more)
{
	if (o->failed)
		return false;
	if (o->len + more <= o->cap)
		return true;
	size_t cap = o->cap ? o->cap : 4096;
	while (cap < o->len + more)
		cap *= 2;
	char *p = realloc(o->p, cap);
	if (!p) {
		o->failed = true;
		return false;
	}
	o->p = p;
	o->cap = cap;
	return true;
}

static void put(struct out *o, const char *s, size_t n)
{
	if (reserve(o, n)) {
		memcpy(o->p + o->len, s, n);
		o->len += n;
	}
}

static void put_char(struct out *o, char c)
{
	if (reserve(o, 1))
		o->p[o->len++] = c;
}

static void put_string(struct out *o, const char *text, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)text;
	if (!reserve(o, n + 2))
		return;
	o->p[o->len++] = '"';
	size_t run = 0; /* bytes copied as they are, written in one go */
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			run++;
			i++;
			continue;
		}
		if (c >= 0x80) {
			size_t len = text_utf8_sequence(s + i, n - i);
			if (!len) {
				o->failed = true;
				return;
			}
			run += len;
			i += len;
			continue;
		}
		put(o, (const char *)s + i - run, run);
		run = 0;
		char esc[6] = {'\\', 0};
		size_t elen = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			elen = 6;
		}
		put(o, esc, elen);
		i++;
	}
	put(o, (const char *)s + n - run, run);
	put_char(o, '"');
}

static void put_integer(struct out *o, json_int_t v)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%" JSON_INTEGER_FORMAT, v);
	put(o, digits, (size_t)n);
}

/* As jansson: 17 significant digits, and ".0" added when the result would read as an integer. */
static void put_real(struct out *o, double v)
{
	if (!isfinite(v)) {
		o->failed = true;
		return;
	}
	char digits[40];
	int n = snprintf(digits, sizeof digits - 2, "%.17g", v);
	if (n < 0 || (size_t)n >= sizeof digits - 2) {
		o->failed = true;
		return;
	}
	char *e = strchr(digits, 'e');
	if (e) { /* "1e+20" as "1e20", "1e-05" as "1e-5" */
		char *from = e + 1, *to = e + 1;
		if (*from == '-')
			from = ++to;
		else if (*from == '+')
			from++;
		while (*from == '0' && from[1])
			from++;
		memmove(to, from, strlen(from) + 1);
		n = (int)strlen(digits);
	} else if (!strchr(digits, '.')) {
		digits[n++] = '.';
		digits[n++] = '0';
	}
	put(o, digits, (size_t)n);
}

static void put_value(struct out *o, const json_t *j, int depth)
{
	if (o->failed)
		return;
	if (depth > JSON_OUT_MAX_DEPTH) {
		o->failed = true;
		return;
	}
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		put_char(o, '{');
		bool first = true;
		for (void *it = json_object_iter((json_t *)j); it; it = json_object_iter_next((json_t *)j, it)) {
			if (!first)
				put_char(o, ',');
			first = false;
			put_string(o, json_object_iter_key(it), json_object_iter_key_len(it));
			put_char(o, ':');
			put_value(o, json_object_iter_value(it), depth + 1);
		}
		put_char(o, '}');
		break;
	}
	case JSON_ARRAY: {
		put_char(o, '[');
		size_t n = json_array_size(j);
		for (size_t i = 0; i < n; i++) {
			if (i)
				put_char(o, ',');
			put_value(o, json_array_get(j, i), depth + 1);
		}
		put_char(o, ']');
		break;
	}
	case JSON_STRING: put_string(o, json_string_value(j), json_string_length(j)); break;
	case JSON_INTEGER: put_integer(o, json_integer_value(j)); break;
	case JSON_REAL: put_real(o, json_real_value(j)); break;
	case JSON_TRUE: put(o, "true", 4); break;
	case JSON_FALSE: put(o, "false", 5); break;
	case JSON_NULL: put(o, "null", 4); break;
	}
}

/* Each thread's buffer, freed when the thread ends. */
static pthread_key_t buffer_key;
static pthread_once_t buffer_key_once = PTHREAD_ONCE_INIT;

static void buffer_free(void *p)
{
	struct out *o = p;
	free(o->p);
	free(o);
}

static void buffer_key_create(void) { pthread_key_create(&buffer_key, buffer_free); }

const char *json_out(const json_t *json, size_t *len)
{
	pthread_once(&buffer_key_once, buffer_key_create);
	struct out *o = pthread_getspecific(buffer_key);
	if (!o) {
		if (!(o = calloc(1, sizeof *o)) || pthread_setspecific(buffer_key, o) != 0) {
			free(o);
			return NULL;
		}
	}
	if (o->cap > KEEP_MAX) {
		free(o->p);
		*o = (struct out){0};
	}
	o->len = 0;
	o->failed = false;
	if (!json || (!json_is_object(json) && !json_is_array(json)))
		return NULL;
	put_value(o, json, 0);
	if (o->failed || !reserve(o, 1))
		return NULL;
	o->p[o->len] = '\0';
	*len = o->len;
	return o->p;
}
