/* fetch.h: outgoing HTTP requests through libcurl, for talking to OpenID providers. Answers are
 * capped in size and time: a provider that hangs or floods cannot hold a server thread long. */
#ifndef PSEA_FETCH_H
#define PSEA_FETCH_H
#include <stddef.h>
#include "arena.h"

#define FETCH_MAX_BYTES (512 * 1024)
#define FETCH_TIMEOUT_SECONDS 10

struct fetch_answer {
	long status;   /* the HTTP status; 0 when no answer came */
	char *body;    /* NUL-terminated, in the arena */
	size_t len;
	char *error;   /* why no answer came (connection refused, time out, too large) */
};

int fetch_init(void); /* once, before any thread starts */
/* GET url; 0 when an answer came (of any status), -1 otherwise (out->error says why). */
int fetch_get(struct arena *a, const char *url, struct fetch_answer *out);
/* POST an application/x-www-form-urlencoded body, with HTTP Basic authentication when user is
 * given (user and password are sent form-encoded, as OAuth 2.0 asks). */
int fetch_post_form(struct arena *a, const char *url, const char *form, const char *user, const char *password,
		    struct fetch_answer *out);
/* value form-encoded (RFC 3986 unreserved characters kept), in the arena. */
char *fetch_escape(struct arena *a, const char *value);
#endif
