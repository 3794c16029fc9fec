/* route.h: finding the route of a request in the api layer's table (struct route, http.h). */
#ifndef PSEA_ROUTE_H
#define PSEA_ROUTE_H
#include <stdbool.h>
#include <stddef.h>
#include "http.h"

/* Matches path against pattern ("/api/v1/partners/{}"); true on a match. With r, the {}
 * segments are copied into r->params (r's arena). */
bool route_match(const char *pattern, const char *path, struct req *r);
/* The route for method and path (HEAD takes a GET route), NULL when none. *path_known tells
 * whether another method would match, and allow gets the methods that do ("GET, POST"). */
const struct route *route_find(const struct route *routes, const char *method, const char *path,
			       bool *path_known, char *allow, size_t allow_len);

#endif
