/* reports.c: the figures agencies report upward (DOMAIN.md "Coverage and reports"): coverage per
 * agency in the NOTE's form ("59% (595 of 1015)"), ratings by capacity and eligibility, and the
 * standings about to expire. Each is computed from the records when asked, never kept. */
#include <stdlib.h>
#include <string.h>
#include "handlers.h"
#include "psea.h"
#include "standing.h"
#include "csip.h"
#include "../domain/assessment.h"
#include "../domain/incident.h"

static bool agency_or_admin(struct req *r)
{
	enum role role = api_role(r);
	return api_allow(r, role_is_agency(role) || role == ROLE_ADMIN);
}

/* --- coverage --- */

/* An instant T with the rating at T valid at `now` and the one at T - 1 not: a rating is valid
 * while now < its valid-until. Valid-until is the rating plus whole months with the day clamped
 * to the month's end, so it is not monotonic (29 February 12:00 ends before 28 February 13:00)
 * but never more than COVERAGE_SLACK off: every rating from T + COVERAGE_SLACK on is valid and
 * none before T - COVERAGE_SLACK; the ones between are checked one by one. */
#define COVERAGE_SLACK (4 * 86400)

static instant_t validity_cut(instant_t now, int validity_years)
{
	instant_t lo = now - (instant_t)(validity_years + 1) * 366 * 86400, hi = now + 1;
	while (lo < hi) {
		instant_t mid = lo + (hi - lo) / 2;
		if (now < assessment_valid_until(mid, validity_years))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Adds to counts the partners of the window whose latest rating is still valid. */
static void count_edges(struct coverage_count *counts, size_t ncounts, const struct coverage_edge *e, size_t n,
			instant_t now, int validity_years)
{
	for (size_t i = 0; i < n;) {
		size_t k = i;
		instant_t latest = 0;
		for (; k < n && e[k].agency_id == e[i].agency_id && e[k].partner_id == e[i].partner_id; k++)
			if (e[k].rated_at > latest)
				latest = e[k].rated_at;
		if (now < assessment_valid_until(latest, validity_years))
			for (size_t c = 0; c < ncounts; c++)
				if (counts[c].agency_id == e[i].agency_id)
					counts[c].assessed++;
		i = k;
	}
}

void reports_coverage(struct req *r)
{
	if (!agency_or_admin(r))
		return;
	struct org *agencies;
	size_t nagencies, ncounts = 0;
	struct coverage_count *counts = NULL;
	int rc = store_agencies(r->db, &r->arena, &agencies, &nagencies);
	if (rc == STORE_OK) {
		char today_text[11];
		time_format_date(r->now, today_text);
		instant_t today;
		time_parse_date(today_text, &today);
		int years = 0;
		rc = psea_validity_years(r, &years);
		instant_t cut = validity_cut(r->now, years);
		struct coverage_edge *edges;
		size_t nedges;
		if (rc == STORE_OK)
			rc = store_coverage_counts(r->db, &r->arena, today, cut - COVERAGE_SLACK, cut + COVERAGE_SLACK,
					   &counts, &ncounts, &edges, &nedges);
		if (rc == STORE_OK)
			count_edges(counts, ncounts, edges, nedges, r->now, years);
	}
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < nagencies; i++) {
		int64_t active = 0, assessed = 0;
		for (size_t k = 0; k < ncounts; k++)
			if (counts[k].agency_id == agencies[i].id) {
				active = counts[k].active;
				assessed = counts[k].assessed;
			}
		double percent = percent_one_decimal(assessed, active);
		if (percent < 0)
			percent = 0; /* no active partnership: nothing to cover */
		char *text = arena_printf(&r->arena, "%.1f%% (%lld of %lld)", percent, (long long)assessed, (long long)active);
		json_array_append_new(items, json_pack("{s:{s:o, s:s, s:s}, s:I, s:I, s:f, s:s}",
			"agency", "id", api_id(agencies[i].id), "code", agencies[i].code, "name", agencies[i].name,
			"active_partners", (json_int_t)active, "assessed", (json_int_t)assessed,
			"percent", percent, "text", text));
	}
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* --- ratings: every partner's current standing, counted --- */

struct ratings_tally {
	int64_t partners;
	int64_t by_capacity[4][2];   /* [capacity][eligible]; capacity NONE unused */
	int64_t by_status[4];        /* not_assessed, valid, expiring, expired */
	int64_t expiring_soon;       /* standings in their last expiring months */
};

static void tally_partner(struct req *r, const struct partner *p, const struct psea_standing_of *item,
			  struct psea_standings *page, void *ctx)
{
	(void)r;
	(void)p;
	(void)page;
	const struct standing *s = &item->standing;
	struct ratings_tally *t = ctx;
	t->partners++;
	t->by_status[s->status]++;
	if ((s->status == STANDING_VALID || s->status == STANDING_EXPIRING) && s->capacity != CAPACITY_NONE)
		t->by_capacity[s->capacity][s->eligible ? 1 : 0]++;
}

static bool agency_filter(struct req *r, int64_t *agency_id)
{
	const char *a = req_query(r, "agency_id");
	*agency_id = 0;
	if (!a)
		return true;
	char *end;
	long long id = strtoll(a, &end, 10);
	struct org o;
	if (!*a || *end || id <= 0 || store_org_get(r->db, &r->arena, id, &o) != STORE_OK || strcmp(o.kind, "agency") != 0) {
		reply_problem(r, 400, "bad_parameter", "agency_id must name an agency.", NULL);
		return false;
	}
	*agency_id = id;
	return true;
}

void reports_ratings(struct req *r)
{
	int64_t agency_id;
	if (!agency_or_admin(r) || !agency_filter(r, &agency_id))
		return;
	struct ratings_tally t = {0};
	int rc = psea_each_partner(r, agency_id, tally_partner, &t);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *by_capacity = json_object(), *by_both = json_object();
	int64_t eligible = 0, not_eligible = 0;
	for (int c = CAPACITY_LOW; c <= CAPACITY_FULL; c++) {
		const char *name = capacity_name((enum capacity)c);
		json_object_set_new(by_capacity, name, json_integer(t.by_capacity[c][0] + t.by_capacity[c][1]));
		json_object_set_new(by_both, name, json_pack("{s:I, s:I}", "eligible", (json_int_t)t.by_capacity[c][1],
							     "not_eligible", (json_int_t)t.by_capacity[c][0]));
		eligible += t.by_capacity[c][1];
		not_eligible += t.by_capacity[c][0];
	}
	json_t *standings = json_object();
	for (int st = STANDING_NOT_ASSESSED; st <= STANDING_EXPIRED; st++)
		json_object_set_new(standings, standing_status_name((enum standing_status)st), json_integer(t.by_status[st]));
	reply_json(r, 200, json_pack("{s:I, s:o, s:{s:I, s:I}, s:o, s:o, s:I}",
		"partners", (json_int_t)t.partners, "by_capacity", by_capacity,
		"eligibility", "eligible", (json_int_t)eligible, "not_eligible", (json_int_t)not_eligible,
		"by_capacity_and_eligibility", by_both, "standings", standings,
		"standings_expiring", (json_int_t)t.by_status[STANDING_EXPIRING]));
}

/* --- plans and standings expiring --- */

#define EXPIRING_LISTED 200

struct plans_tally {
	int64_t active, overdue, completed, submitted, draft, required_missing;
	int64_t expiring;
	json_t *expiring_items; /* the first EXPIRING_LISTED, by partner id */
};

/* Counts the plan of the rating in force as the partner page's `psea.csip` summary shows it: none
 * when no plan is required or exists, "required, not started" while a required one does not
 * exist yet. The plan is the one the standings load read with the page. */
static void tally_plan_of(struct req *r, struct plans_tally *t, const struct csip_of_record *c)
{
	if (!c || !c->present)
		return;
	bool required = csip_required(c->facts.contact, c->facts.rating);
	if (c->plan.status == CSIP_NONE) {
		if (!required)
			return;
		t->required_missing++;
	} else {
		const char *status = csip_status_name(c->plan.status);
		if (strcmp(status, "active") == 0) t->active++;
		else if (strcmp(status, "completed") == 0) t->completed++;
		else if (strcmp(status, "submitted") == 0) t->submitted++;
		else if (strcmp(status, "draft") == 0) t->draft++;
	}
	if (required && csip_overdue(&c->plan, c->settings, r->now))
		t->overdue++;
}

static void tally_plan(struct req *r, const struct partner *p, const struct psea_standing_of *item,
		       struct psea_standings *page, void *ctx)
{
	(void)page;
	const struct standing *s = &item->standing;
	struct plans_tally *t = ctx;
	if (s->status == STANDING_EXPIRING) {
		if (t->expiring++ < EXPIRING_LISTED)
			json_array_append_new(t->expiring_items, json_pack("{s:o, s:s, s:o}", "partner_id", api_id(p->id),
				"name", p->name, "valid_until", api_date(s->valid_until)));
	}
	if (s->status == STANDING_VALID || s->status == STANDING_EXPIRING)
		tally_plan_of(r, t, item->plan);
}

void reports_csip(struct req *r)
{
	int64_t agency_id;
	if (!agency_or_admin(r) || !agency_filter(r, &agency_id))
		return;
	struct plans_tally t = {.expiring_items = json_array()};
	int rc = psea_each_partner(r, agency_id, tally_plan, &t);
	if (rc != STORE_OK) {
		json_decref(t.expiring_items);
		api_store_failed(r, rc);
		return;
	}
	reply_json(r, 200, json_pack("{s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:{s:I, s:o}}",
		"plans", "active", (json_int_t)t.active, "overdue", (json_int_t)t.overdue, "completed", (json_int_t)t.completed,
		"submitted", (json_int_t)t.submitted, "draft", (json_int_t)t.draft, "required_not_started", (json_int_t)t.required_missing,
		"standings_expiring", "count", (json_int_t)t.expiring, "items", t.expiring_items));
}
