/* fetch.c: see fetch.h. */
#include "fetch.h"
#include <curl/curl.h>
#include <stdbool.h>
#include <string.h>

int fetch_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1; }

struct sink { struct arena *a; char *buf; size_t len, cap; bool too_large; };

static size_t collect(char *data, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;
	size_t bytes = size * n;
	if (s->len + bytes > FETCH_MAX_BYTES) {
		s->too_large = true;
		return 0; /* curl stops the transfer */
	}
	if (s->len + bytes + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 8192;
		while (cap < s->len + bytes + 1)
			cap *= 2;
		char *bigger = arena_alloc(s->a, cap);
		if (s->len)
			memcpy(bigger, s->buf, s->len);
		s->buf = bigger;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, data, bytes);
	s->len += bytes;
	s->buf[s->len] = '\0';
	return bytes;
}

static int perform(CURL *curl, struct arena *a, const char *url, struct fetch_answer *out)
{
	struct sink sink = {.a = a};
	char error[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); /* server threads: no alarm() for time-outs */
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)FETCH_TIMEOUT_SECONDS);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "psea");
	CURLcode rc = curl_easy_perform(curl);
	memset(out, 0, sizeof *out);
	out->body = sink.buf ? sink.buf : arena_strdup(a, "");
	out->len = sink.len;
	if (rc != CURLE_OK) {
		out->error = sink.too_large ? arena_strdup(a, "the answer is larger than 512 KiB")
			: arena_strdup(a, *error ? error : curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
	return 0;
}

int fetch_get(struct arena *a, const char *url, struct fetch_answer *out)
{
	CURL *curl = curl_easy_init();
	if (!curl) {
		memset(out, 0, sizeof *out);
		out->error = "libcurl could not start";
		return -1;
	}
	struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	int rc = perform(curl, a, url, out);
	curl_slist_free_all(headers);
	curl_easy_cleanup(curl);
	return rc;
}

char *fetch_escape(struct arena *a, const char *value)
{
	char *escaped = curl_easy_escape(NULL, value, 0);
	char *out = arena_strdup(a, escaped ? escaped : "");
	curl_free(escaped);
	return out;
}

int fetch_post_form(struct arena *a, const char *url, const char *form, const char *user, const char *password,
		    struct fetch_answer *out)
{
	CURL *curl = curl_easy_init();
	if (!curl) {
		memset(out, 0, sizeof *out);
		out->error = "libcurl could not start";
		return -1;
	}
	struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form);
	if (user) {
		curl_easy_setopt(curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(curl, CURLOPT_USERNAME, fetch_escape(a, user));
		curl_easy_setopt(curl, CURLOPT_PASSWORD, fetch_escape(a, password ? password : ""));
	}
	int rc = perform(curl, a, url, out);
	curl_slist_free_all(headers);
	curl_easy_cleanup(curl);
	return rc;
}
