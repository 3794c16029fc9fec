/* meta.c: health. (The OpenAPI document is built in routes.c, beside the table it reads.) */
#include "api.h"

void health_show(struct req *r)
{
	reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}
