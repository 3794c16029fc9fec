/* standing.c: the standing of partners (see standing.h): their ratings, read a page of partners
 * at a time, with what other records decide (see psea_standing_extend), and its JSON summary. */
#include <stdlib.h>
#include <string.h>
#include "standing.h"
#include "csip.h"

static enum rating_source source_of(const char *s)
{
	if (s && strcmp(s, "previous") == 0) return RATING_SOURCE_PREVIOUS;
	if (s && strcmp(s, "migrated") == 0) return RATING_SOURCE_MIGRATED;
	return RATING_SOURCE_VERIFIED;
}

/* The standing's view of one rating row. */
static void record_of(const struct rating_record *row, struct standing_record *s)
{
	s->source = source_of(row->source);
	s->id = row->id;
	s->agency_id = row->agency_id;
	s->rated_at = row->rated_at;
	/* an accepted prior assessment is as old as its date, whenever it was accepted */
	s->decided_at = s->source == RATING_SOURCE_VERIFIED ? row->decided_at : 0;
	int c = capacity_parse(row->rating);
	s->capacity = c < 0 ? CAPACITY_NONE : (enum capacity)c;
	s->eligible = row->eligible != 0;
	s->has_answers = row->answers_in_force;
	s->bands = row->bands;
	for (int k = 0; k < STANDARD_COUNT; k++) {
		int a = answer_parse(row->answers[k]);
		s->answers[k] = a < 0 ? ANSWER_NONE : (enum answer)a;
	}
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The settings every standing of the set reads. */
struct standing_settings {
	struct rating_bands bands;
	int validity_years, expiring_months;
	struct csip_settings csip;
};

/* One partner's standing input from its rows; *latest: the index of the rating the standing
 * will rest on, -1 when none. */
static void input_of(struct req *r, const struct partner_standing_rows *rows, const struct standing_settings *set,
		     struct standing_input *in, long *latest)
{
	struct standing_record *recs = arena_alloc(&r->arena, (rows->nratings ? rows->nratings : 1) * sizeof *recs);
	for (size_t i = 0; i < rows->nratings; i++)
		record_of(&rows->ratings[i], &recs[i]);
	*in = (struct standing_input){
		.records = recs, .nrecords = (int)rows->nratings, .bands = set->bands,
		.validity_years = set->validity_years, .expiring_months = set->expiring_months,
	};
	const struct standing_record *best = standing_latest(in);
	*latest = best ? (long)(best - recs) : -1;
}

int psea_standings_load(struct req *r, const int64_t *partner_ids, size_t n, struct psea_standings *out)
{
	memset(out, 0, sizeof *out);
	int64_t *ids = arena_alloc(&r->arena, (n ? n : 1) * sizeof *ids);
	size_t nids = 0;
	memcpy(ids, partner_ids, n * sizeof *ids);
	qsort(ids, n, sizeof *ids, id_cmp);
	for (size_t i = 0; i < n; i++)
		if (!nids || ids[nids - 1] != ids[i])
			ids[nids++] = ids[i];
	if (!nids)
		return STORE_OK;
	struct partner_standing_rows *rows = arena_alloc(&r->arena, nids * sizeof *rows);
	int rc = store_standing_rows(r->db, &r->arena, ids, nids, rows);
	if (rc != STORE_OK)
		return rc;
	struct standing_settings set;
	int64_t expiring;
	if ((rc = psea_bands(r, &set.bands)) != STORE_OK || (rc = psea_validity_years(r, &set.validity_years)) != STORE_OK ||
	    (rc = settings_get(r->db, SETTING_EXPIRING_MONTHS, &expiring)) != STORE_OK ||
	    (rc = csip_settings_read(r, &set.csip)) != STORE_OK)
		return rc;
	set.expiring_months = (int)expiring;
	struct standing_input *in = arena_alloc(&r->arena, nids * sizeof *in);
	long *latest = arena_alloc(&r->arena, nids * sizeof *latest);
	int64_t *assessment_ids = arena_alloc(&r->arena, nids * sizeof *assessment_ids);
	size_t *plan_of = arena_alloc(&r->arena, nids * sizeof *plan_of);
	size_t nassessments = 0;
	for (size_t i = 0; i < nids; i++) {
		input_of(r, &rows[i], &set, &in[i], &latest[i]);
		plan_of[i] = nassessments;
		/* only an assessment's rating has a plan */
		if (latest[i] >= 0 && in[i].records[latest[i]].source != RATING_SOURCE_MIGRATED)
			assessment_ids[nassessments++] = in[i].records[latest[i]].id;
	}
	struct store_csip *plans = arena_alloc(&r->arena, (nassessments ? nassessments : 1) * sizeof *plans);
	if ((rc = store_csip_plans_of(r->db, &r->arena, assessment_ids, nassessments, plans)) != STORE_OK)
		return rc;
	out->items = arena_alloc(&r->arena, nids * sizeof *out->items);
	out->n = nids;
	for (size_t i = 0; i < nids; i++) {
		struct psea_standing_of *item = &out->items[i];
		item->partner_id = ids[i];
		item->plan = arena_alloc(&r->arena, sizeof *item->plan);
		if (latest[i] >= 0)
			csip_of_record_fill(r, &rows[i].ratings[latest[i]], in[i].records[latest[i]].source,
					    &plans[plan_of[i]], set.csip, item->plan);
		psea_standing_extend(r, &rows[i], item->plan, &in[i]);
		item->standing = standing_compute(&in[i], r->now);
	}
	return STORE_OK;
}

const struct psea_standing_of *psea_standings_find(const struct psea_standings *s, int64_t partner_id)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->items[mid].partner_id < partner_id) lo = mid + 1;
		else hi = mid;
	}
	return lo < s->n && s->items[lo].partner_id == partner_id ? &s->items[lo] : NULL;
}

int psea_standing(struct req *r, int64_t partner_id, struct standing *out)
{
	struct psea_standings s;
	int rc = psea_standings_load(r, &partner_id, 1, &s);
	if (rc != STORE_OK)
		return rc;
	const struct psea_standing_of *item = psea_standings_find(&s, partner_id);
	*out = item ? item->standing : (struct standing){.standards_met = -1, .eligible = true};
	return STORE_OK;
}

/* The raters of every standing loaded, read together the first time a summary names one. */
static void raters_read(struct req *r, struct psea_standings *s)
{
	s->agencies_read = true;
	int64_t *ids = arena_alloc(&r->arena, (s->n + 1) * sizeof *ids);
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->items[i].standing.record)
			ids[n++] = s->items[i].standing.record->agency_id;
	qsort(ids, n, sizeof *ids, id_cmp);
	size_t distinct = 0;
	for (size_t i = 0; i < n; i++)
		if (!distinct || ids[distinct - 1] != ids[i])
			ids[distinct++] = ids[i];
	if (store_orgs_of(r->db, &r->arena, ids, distinct, &s->agencies, &s->nagencies) != STORE_OK)
		s->nagencies = 0;
}

static json_t *rater_json(struct req *r, struct psea_standings *s, int64_t agency_id)
{
	if (!s->agencies_read)
		raters_read(r, s);
	for (size_t i = 0; i < s->nagencies; i++)
		if (s->agencies[i].id == agency_id)
			return api_org_json(&s->agencies[i]);
	return psea_agency_json(r, agency_id);
}

const struct org *psea_standings_rater(struct req *r, struct psea_standings *s, int64_t agency_id)
{
	if (!s->agencies_read)
		raters_read(r, s);
	for (size_t i = 0; i < s->nagencies; i++)
		if (s->agencies[i].id == agency_id)
			return &s->agencies[i];
	struct org *o = arena_alloc(&r->arena, sizeof *o);
	return agency_id && store_org_get(r->db, &r->arena, agency_id, o) == STORE_OK ? o : NULL;
}

json_t *psea_standings_summary_json(struct req *r, struct psea_standings *set, int64_t partner_id)
{
	const struct psea_standing_of *item = psea_standings_find(set, partner_id);
	if (!item)
		return json_null();
	const struct standing *s = &item->standing;
	bool in_force = s->status == STANDING_VALID || s->status == STANDING_EXPIRING;
	json_t *standards = json_array();
	for (int k = 0; k < STANDARD_COUNT; k++) {
		const char *a = in_force && s->record && s->record->has_answers ? answer_name(s->met[k]) : NULL;
		json_array_append_new(standards, a ? json_string(a) : json_null());
	}
	const char *rating = in_force ? capacity_name(s->capacity) : NULL;
	json_t *j = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}",
		"status", standing_status_name(s->status),
		"rating", rating ? json_string(rating) : json_null(),
		"rating_date", api_date(s->rated_at),
		"rated_at", api_instant(s->rated_at),
		"valid_until", api_date(s->valid_until),
		"assessed_by", s->record ? rater_json(r, set, s->record->agency_id) : json_null(),
		"eligible", in_force ? json_boolean(s->eligible) : json_null(),
		"standards_met", in_force && s->standards_met >= 0 ? json_integer(s->standards_met) : json_null(),
		"source", s->record ? json_string(rating_source_name(s->record->source)) : json_null(),
		"expiring", s->status == STANDING_EXPIRING,
		"standards", standards);
	json_object_set_new(j, "csip", in_force ? csip_of_record_summary_json(r, item->plan) : json_null());
	/* the assessment behind the rating shown, so that its report and unlock are within reach */
	json_object_set_new(j, "assessment_id", s->record && s->record->source != RATING_SOURCE_MIGRATED
			    ? api_id(s->record->id) : json_null());
	return j;
}

json_t *psea_summary_json(struct req *r, int64_t partner_id)
{
	struct psea_standings s;
	if (psea_standings_load(r, &partner_id, 1, &s) != STORE_OK)
		return json_null();
	return psea_standings_summary_json(r, &s, partner_id);
}

#define PSEA_PAGE 200 /* partners per page: one store_partners_list and one psea_standings_load */

/* One page after partner id `after`: *n partners, *last the id to continue after. */
static int each_partner_page(struct req *r, int64_t agency_id, int64_t after, psea_partner_fn *fn, void *ctx,
			     size_t *n, int64_t *last)
{
	struct partner_filter f = {.agency_id = agency_id, .after = after, .limit = PSEA_PAGE};
	struct partner *ps;
	*n = 0;
	int rc = store_partners_list(r->db, &r->arena, &f, &ps, n);
	if (rc != STORE_OK || !*n)
		return rc;
	int64_t *ids = arena_alloc(&r->arena, *n * sizeof *ids);
	for (size_t i = 0; i < *n; i++)
		ids[i] = ps[i].id;
	struct psea_standings page;
	if ((rc = psea_standings_load(r, ids, *n, &page)) != STORE_OK)
		return rc;
	/* a partner not loaded (none is: every id of the page is) reads as never assessed */
	static const struct psea_standing_of none = {.standing = {.standards_met = -1, .eligible = true}};
	for (size_t i = 0; i < *n; i++) {
		const struct psea_standing_of *s = psea_standings_find(&page, ps[i].id);
		fn(r, &ps[i], s ? s : &none, &page, ctx);
	}
	*last = ps[*n - 1].id;
	return STORE_OK;
}

int psea_each_partner(struct req *r, int64_t agency_id, psea_partner_fn *fn, void *ctx)
{
	int64_t after = 0;
	for (;;) {
		/* the page allocates in r->arena (store, standings, fn): give it an arena of its own */
		struct arena request = r->arena;
		arena_init(&r->arena);
		size_t n;
		int rc = each_partner_page(r, agency_id, after, fn, ctx, &n, &after);
		arena_free(&r->arena);
		r->arena = request;
		if (rc != STORE_OK || n < PSEA_PAGE)
			return rc;
	}
}

/* The parts of a partner's standing decided outside its ratings. Each source fills its own
 * fields of struct standing_input:
 *   - met_by_plan[]: the capacity strengthening plan (a standard whose activities are all
 *     completed and confirmed by an agency counts as met);
 *   - corrective_action_inadequate / corrective_action_reviewed_at: the incident register's
 *     review of the partner's corrective action (a rating given after the review prevails). */
void psea_standing_extend(struct req *r, const struct partner_standing_rows *rows, struct csip_of_record *plan,
			  struct standing_input *in)
{
	if (rows->inadequate_since > 0) {
		in->corrective_action_inadequate = true;
		in->corrective_action_reviewed_at = rows->inadequate_since;
	}
	csip_of_record_extend(r, plan, in);
}
