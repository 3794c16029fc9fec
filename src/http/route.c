/* route.c: see route.h. The table is short and a match is a walk over two strings, so a linear
 * search costs less than building anything faster. */
#include "route.h"
#include <string.h>

/* Matches path against pattern, filling params; true on a match. */
bool route_match(const char *pattern, const char *path, struct req *r)
{
	const char *p = pattern, *s = path;
	int n = 0;
	while (*p && *s) {
		if (p[0] == '{' && p[1] == '}') {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (len == 0 || n >= HTTP_MAX_PARAMS)
				return false;
			if (r)
				r->params[n] = arena_strndup(&r->arena, s, len);
			n++;
			s += len;
			p += 2;
		} else if (*p == *s) {
			p++;
			s++;
		} else {
			return false;
		}
	}
	return *p == '\0' && *s == '\0';
}

/* The route for method and path; *path_known tells whether another method would match. */
const struct route *route_find(const struct route *routes, const char *method, const char *path,
			       bool *path_known, char *allow, size_t allow_len)
{
	*path_known = false;
	allow[0] = '\0';
	const struct route *found = NULL;
	for (const struct route *rt = routes; rt->method; rt++) {
		if (!route_match(rt->pattern, path, NULL))
			continue;
		*path_known = true;
		if (strlen(allow) + strlen(rt->method) + 3 < allow_len) {
			if (allow[0]) strcat(allow, ", ");
			strcat(allow, rt->method);
		}
		if (!found && (strcmp(rt->method, method) == 0 ||
			       (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0)))
			found = rt;
	}
	return found;
}
