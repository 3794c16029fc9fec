/* observation.c: every partner with its PSEA standing across agencies, for agency staff (the
 * observation view: who is rated what, until when, by whom; who is being assessed). */
#include <stdlib.h>
#include <string.h>
#include "handlers.h"
#include "psea.h"

static json_t *open_assessment_json(const struct open_assessment_brief *open, size_t nopen, int64_t partner_id)
{
	for (size_t i = 0; i < nopen; i++) {
		if (open[i].partner_id != partner_id)
			continue;
		json_t *agencies = json_array();
		for (size_t k = 0; k < open[i].nagencies; k++)
			json_array_append_new(agencies, api_id(open[i].agencies[k]));
		return json_pack("{s:o, s:s, s:o}", "id", api_id(open[i].id), "status", open[i].status, "agencies", agencies);
	}
	return json_null();
}

void observation_list(struct req *r)
{
	int limit;
	int64_t cursor;
	if (!api_allow(r, role_is_agency(api_role(r))) || !api_limit(r, &limit) || !api_cursor(r, &cursor))
		return;
	const char *q = req_query(r, "q"), *country = req_query(r, "country"), *type = req_query(r, "type");
	if ((q && strlen(q) > API_NAME_MAX) || (country && strlen(country) > 100) || (type && strlen(type) > 64)) {
		reply_problem(r, 400, "bad_parameter", "A filter is longer than allowed.", NULL);
		return;
	}
	struct partner_filter f = {q, country, type, 0, cursor, limit + 1};
	struct partner *ps;
	size_t n;
	int rc = store_partners_list(r->db, &r->arena, &f, &ps, &n);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	size_t shown = n < (size_t)limit ? n : (size_t)limit, nopen = 0;
	int64_t *ids = arena_alloc(&r->arena, (shown + 1) * sizeof *ids);
	for (size_t i = 0; i < shown; i++)
		ids[i] = ps[i].id;
	struct open_assessment_brief *open = NULL;
	if ((rc = store_open_assessments_of(r->db, &r->arena, ids, shown, &open, &nopen)) != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < shown; i++) {
		json_t *hq = json_null();
		struct partner parent;
		if (ps[i].parent_id && store_partner_get(r->db, &r->arena, ps[i].parent_id, &parent) == STORE_OK)
			hq = json_pack("{s:o, s:s, s:o}", "id", api_id(parent.id), "name", parent.name,
				       "psea", psea_summary_json(r, parent.id));
		json_array_append_new(items, json_pack("{s:o, s:o, s:o, s:o}", "partner", psea_partner_json(&ps[i]),
			"psea", psea_summary_json(r, ps[i].id), "open_assessment", open_assessment_json(open, nopen, ps[i].id),
			"headquarters", hq));
	}
	reply_json(r, 200, api_list(items, n > (size_t)limit ? ps[limit - 1].id : 0));
}
