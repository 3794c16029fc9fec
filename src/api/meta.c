/* meta.c: health and the OpenAPI document built from the route table. */
#include <stdio.h>
#include <string.h>
#include "api.h"

void health_show(struct req *r)
{
	reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

/* "/api/v1/assessments/{}/intro" → "/assessments/{id}/intro" (a second {} is {id2}). */
static char *openapi_path(struct arena *a, const char *pattern, int *nparams)
{
	const char *p = strncmp(pattern, "/api/v1", 7) == 0 ? pattern + 7 : pattern;
	char *out = arena_alloc(a, strlen(p) * 2 + 16), *o = out;
	*nparams = 0;
	for (; *p; p++) {
		if (p[0] == '{' && p[1] == '}') {
			o += sprintf(o, *nparams ? "{id%d}" : "{id}", *nparams + 1);
			(*nparams)++;
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static char *lower(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s);
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
	return out;
}

void openapi_show(struct req *r)
{
	json_t *paths = json_object();
	for (const struct route *rt = api_routes; rt->method; rt++) {
		int nparams;
		char *path = openapi_path(&r->arena, rt->pattern, &nparams);
		json_t *item = json_object_get(paths, path);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, path, item);
		}
		json_t *params = json_array();
		for (int i = 0; i < nparams; i++)
			json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name",
				i ? arena_printf(&r->arena, "id%d", i + 1) : "id", "in", "path", "required", 1, "schema", "type", "string"));
		json_t *op = json_pack("{s:s, s:o, s:{s:{s:s}}}", "summary", rt->summary ? rt->summary : "",
				       "parameters", params, "responses", "default", "description",
				       "JSON, or application/problem+json on error");
		if (!(rt->flags & ROUTE_PUBLIC))
			json_object_set_new(op, "security", json_pack("[{s:[]}, {s:[]}]", "cookie", "bearer"));
		json_object_set_new(item, lower(&r->arena, rt->method), op);
	}
	json_t *doc = json_pack("{s:s, s:{s:s, s:s}, s:[{s:s}], s:o, s:{s:{s:{s:s, s:s, s:s}, s:{s:s, s:s}}}}",
		"openapi", "3.0.3", "info", "title", "PSEA Portal API", "version", "1",
		"servers", "url", "/api/v1", "paths", paths, "components", "securitySchemes",
		"cookie", "type", "apiKey", "in", "cookie", "name", "psea_session",
		"bearer", "type", "http", "scheme", "bearer");
	reply_json(r, 200, doc);
}
