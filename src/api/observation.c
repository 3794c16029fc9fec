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

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static const struct partner *partner_in(const struct partner *ps, size_t n, int64_t id)
{
	for (size_t i = 0; id && i < n; i++)
		if (ps[i].id == id)
			return &ps[i];
	return NULL;
}

/* The filters on the computed standing: -1 where not asked. */
struct standing_filter {
	int capacity;      /* enum capacity: the rating in force */
	int status;        /* enum standing_status */
	int eligible;      /* 0 or 1, of a rating in force */
};

static bool standing_filter_read(struct req *r, struct standing_filter *sf)
{
	const char *rating = req_query(r, "rating"), *standing = req_query(r, "standing"), *eligible = req_query(r, "eligible");
	*sf = (struct standing_filter){-1, -1, -1};
	if (rating && ((sf->capacity = capacity_parse(rating)) < 0 || sf->capacity == CAPACITY_NONE)) {
		reply_problem(r, 400, "bad_parameter", "rating must be full, medium or low.", NULL);
		return false;
	}
	static const enum standing_status statuses[] = {STANDING_NOT_ASSESSED, STANDING_VALID, STANDING_EXPIRING, STANDING_EXPIRED};
	for (size_t i = 0; standing && sf->status < 0 && i < sizeof statuses / sizeof statuses[0]; i++)
		if (strcmp(standing, standing_status_name(statuses[i])) == 0)
			sf->status = (int)statuses[i];
	if (standing && sf->status < 0) {
		reply_problem(r, 400, "bad_parameter", "standing must be valid, expiring, expired or not_assessed.", NULL);
		return false;
	}
	if (eligible && strcmp(eligible, "true") != 0 && strcmp(eligible, "false") != 0) {
		reply_problem(r, 400, "bad_parameter", "eligible must be true or false.", NULL);
		return false;
	}
	if (eligible)
		sf->eligible = strcmp(eligible, "true") == 0;
	return true;
}

static bool standing_filter_any(const struct standing_filter *sf)
{
	return sf->capacity >= 0 || sf->status >= 0 || sf->eligible >= 0;
}

/* As the partner's summary shows it: a rating and an eligibility only while a rating is in force. */
static bool standing_matches(const struct standing *s, const struct standing_filter *sf)
{
	bool in_force = s->status == STANDING_VALID || s->status == STANDING_EXPIRING;
	return (sf->status < 0 || (int)s->status == sf->status) &&
	       (sf->capacity < 0 || (in_force && (int)s->capacity == sf->capacity)) &&
	       (sf->eligible < 0 || (in_force && (int)s->eligible == sf->eligible));
}

/* Partners read per step while filtering on the standing, and at most per request: a rare
 * match over many partners answers a shorter page whose next_cursor goes on from the last
 * partner looked at, instead of reading the whole register in one request. */
#define FILTER_STEP 200
#define FILTER_SCAN_MAX 2000

/* The page's partners: limit + 1 of them when more follow. With a filter on the standing, the
 * standings are computed step by step until enough match; *resume is then the cursor to go on
 * from when the scan stopped short of limit + 1 matches (0: the register was read to its end). */
static int select_partners(struct req *r, struct partner_filter *f, int limit, const struct standing_filter *sf,
			   struct partner **out, size_t *n, int64_t *resume)
{
	*resume = 0;
	if (!standing_filter_any(sf)) {
		f->limit = limit + 1;
		return store_partners_list(r->db, &r->arena, f, out, n);
	}
	size_t cap = (size_t)limit + 1, found = 0;
	struct partner *matched = arena_alloc(&r->arena, cap * sizeof *matched);
	for (int scanned = 0; found < cap;) {
		if (scanned >= FILTER_SCAN_MAX) {
			*resume = f->after;
			break;
		}
		struct partner *ps;
		size_t got;
		f->limit = FILTER_STEP;
		int rc = store_partners_list(r->db, &r->arena, f, &ps, &got);
		if (rc != STORE_OK)
			return rc;
		int64_t *ids = arena_alloc(&r->arena, (got + 1) * sizeof *ids);
		for (size_t i = 0; i < got; i++)
			ids[i] = ps[i].id;
		struct psea_standings st;
		if ((rc = psea_standings_load(r, ids, got, &st)) != STORE_OK)
			return rc;
		for (size_t i = 0; i < got && found < cap; i++) {
			const struct psea_standing_of *s = psea_standings_find(&st, ps[i].id);
			if (s && standing_matches(&s->standing, sf))
				matched[found++] = ps[i];
			f->after = ps[i].id;
		}
		scanned += (int)got;
		if (got < FILTER_STEP)
			break;
	}
	*out = matched;
	*n = found;
	return STORE_OK;
}

void observation_list(struct req *r)
{
	int limit;
	int64_t cursor;
	struct standing_filter sf;
	if (!api_allow(r, role_is_agency(api_role(r))) || !api_limit(r, &limit) || !api_cursor(r, &cursor) ||
	    !standing_filter_read(r, &sf))
		return;
	const char *q = req_query(r, "q"), *country = req_query(r, "country"), *type = req_query(r, "type");
	if ((q && strlen(q) > API_NAME_MAX) || (country && strlen(country) > 100) || (type && strlen(type) > 64)) {
		reply_problem(r, 400, "bad_parameter", "A filter is longer than allowed.", NULL);
		return;
	}
	struct partner_filter f = {q, country, type, 0, cursor, 0};
	struct partner *ps;
	size_t n;
	int64_t resume;
	int rc = select_partners(r, &f, limit, &sf, &ps, &n, &resume);
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
	/* The headquarters of the page's country offices, and every standing, in a few queries. */
	int64_t *parent_ids = arena_alloc(&r->arena, (shown + 1) * sizeof *parent_ids);
	size_t nparents = 0;
	for (size_t i = 0; i < shown; i++)
		if (ps[i].parent_id)
			parent_ids[nparents++] = ps[i].parent_id;
	qsort(parent_ids, nparents, sizeof *parent_ids, id_cmp);
	size_t distinct = 0;
	for (size_t i = 0; i < nparents; i++)
		if (!distinct || parent_ids[distinct - 1] != parent_ids[i])
			parent_ids[distinct++] = parent_ids[i];
	nparents = distinct;
	struct partner *parents = NULL;
	size_t nparents_found = 0;
	if (nparents && (rc = store_partners_of(r->db, &r->arena, parent_ids, nparents, &parents, &nparents_found)) != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	int64_t *standing_ids = arena_alloc(&r->arena, (shown + nparents_found + 1) * sizeof *standing_ids);
	memcpy(standing_ids, ids, shown * sizeof *ids);
	for (size_t i = 0; i < nparents_found; i++)
		standing_ids[shown + i] = parents[i].id;
	struct psea_standings standings;
	if ((rc = psea_standings_load(r, standing_ids, shown + nparents_found, &standings)) != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < shown; i++) {
		json_t *hq = json_null();
		const struct partner *parent = partner_in(parents, nparents_found, ps[i].parent_id);
		if (parent)
			hq = json_pack("{s:o, s:s, s:o}", "id", api_id(parent->id), "name", parent->name,
				       "psea", psea_standings_summary_json(r, &standings, parent->id));
		json_array_append_new(items, json_pack("{s:o, s:o, s:o, s:o}", "partner", psea_partner_json(&ps[i]),
			"psea", psea_standings_summary_json(r, &standings, ps[i].id),
			"open_assessment", open_assessment_json(open, nopen, ps[i].id), "headquarters", hq));
	}
	reply_json(r, 200, api_list(items, n > (size_t)limit ? ps[limit - 1].id : resume));
}
