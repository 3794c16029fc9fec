/* partner_assessments.c: GET /api/v1/partners/{id}/assessments, every assessment of a partner
 * (open, rated, superseded, accepted prior ones) and its migrated past assessments, newest first,
 * so that each rating, the one in force included, can be reached from the partner.
 *
 * Whoever may read the partner reads the list. Each entry says whether the caller may open the
 * assessment itself (`participating`): agency staff whose agency does not take part see its
 * status, dates, rating and agencies, as the observation view shows them, but not its answers,
 * documents or comments (GET /api/v1/assessments/{id} answers them 404 until an advanced editor
 * of their agency joins it). */
#include <stdlib.h>
#include <string.h>
#include "handlers.h"
#include "psea.h"
#include "standing.h"

/* A partner has few assessments: the list is one page. */
#define PARTNER_ASSESSMENTS_MAX 200

struct entry {
	instant_t date;  /* what "newest first" orders by: the rating's date, else the opening */
	int64_t id;
	json_t *json;
};

static int newest_first(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* Where a rating stands beside the partner's standing: in force, superseded by a later rating,
 * expired. rated_at 0: not rated. */
static void place(struct req *r, json_t *j, const struct standing *st, int years, enum rating_source source,
		  int64_t id, instant_t rated_at)
{
	bool latest = st->record && st->record->id == id &&
		(st->record->source == RATING_SOURCE_MIGRATED) == (source == RATING_SOURCE_MIGRATED);
	bool in_force = latest && (st->status == STANDING_VALID || st->status == STANDING_EXPIRING);
	instant_t until = psea_valid_until(rated_at, years);
	json_object_set_new(j, "valid_until", api_date(until));
	json_object_set_new(j, "in_force", json_boolean(in_force));
	json_object_set_new(j, "superseded", json_boolean(rated_at && !latest));
	json_object_set_new(j, "expired", json_boolean(rated_at && r->now >= until));
}

static json_t *assessment_entry(struct req *r, const struct assessment *x, const struct standing *st, int years)
{
	struct assessment_actor actor = psea_actor(r, x);
	bool previous = x->source && strcmp(x->source, "previous") == 0;
	json_t *agencies = json_array();
	for (size_t i = 0; i < x->nagencies; i++)
		json_array_append_new(agencies, psea_agency_json(r, x->agencies[i]));
	json_t *j = json_pack("{s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
		"kind", "assessment", "id", api_id(x->id), "status", x->status, "source", previous ? "previous" : "verified",
		"rating", x->rating ? json_string(x->rating) : json_null(),
		"standards_met", x->rating && x->standards_met >= 0 ? json_integer(x->standards_met) : json_null(),
		"eligible", x->rating && x->eligible >= 0 ? json_boolean(x->eligible) : json_null(),
		"rated_at", api_instant(x->rating ? x->rated_at : 0), "created_at", api_instant(x->created_at),
		"assessed_by", psea_agency_json(r, previous && x->previous_agency_id ? x->previous_agency_id : x->lead_agency_id),
		"agencies", agencies, "participating", assessment_may(&actor, ASSESS_READ) == ASSESS_OK);
	place(r, j, st, years, previous ? RATING_SOURCE_PREVIOUS : RATING_SOURCE_VERIFIED, x->id, x->rating ? x->rated_at : 0);
	return j;
}

static json_t *past_entry(struct req *r, const struct past_assessment *p, const struct standing *st, int years)
{
	json_t *j = json_pack("{s:s, s:o, s:s, s:s, s:s, s:n, s:n, s:o, s:o, s:o, s:[], s:b}",
		"kind", "past_assessment", "id", api_id(p->id), "status", "rated", "source", "migrated", "rating", p->rating,
		"standards_met", "eligible", "rated_at", api_instant(p->date), "created_at", api_instant(p->created_at),
		"assessed_by", psea_agency_json(r, p->agency_id), "agencies", "participating", 0);
	place(r, j, st, years, RATING_SOURCE_MIGRATED, p->id, p->date);
	return j;
}

/* Who may read the partner: its own users, agency roles and administrators (as partners_show). */
static bool may_read_partner(struct req *r, int64_t id)
{
	enum role role = api_role(r);
	if (id && role_is_partner(role) && r->user->org.id == id)
		return true;
	if (id && (role_is_agency(role) || role == ROLE_ADMIN))
		return true;
	if (!id || role_is_partner(role))
		reply_problem(r, 404, "not_found", "There is no such partner.", NULL);
	else
		api_allow(r, false);
	return false;
}

void partners_assessments(struct req *r)
{
	int64_t id = req_param_id(r, 0);
	struct partner p;
	if (!may_read_partner(r, id))
		return;
	int rc = store_partner_get(r->db, &r->arena, id, &p);
	struct assessment *xs = NULL;
	struct past_assessment *past = NULL;
	size_t nx = 0, npast = 0;
	struct standing st;
	int years = 0;
	if (rc == STORE_OK)
		rc = psea_validity_years(r, &years);
	if (rc == STORE_OK)
		rc = store_assessments_of_partner(r->db, &r->arena, id, &xs, &nx);
	if (rc == STORE_OK)
		rc = store_assessments_agencies_fill(r->db, &r->arena, id, xs, nx);
	if (rc == STORE_OK)
		rc = store_past_assessments_of_partner(r->db, &r->arena, id, &past, &npast);
	if (rc == STORE_OK)
		rc = psea_standing(r, id, &st);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	struct entry *e = arena_alloc(&r->arena, (nx + npast + 1) * sizeof *e);
	size_t n = 0;
	for (size_t i = 0; i < nx; i++)
		e[n++] = (struct entry){xs[i].rating ? xs[i].rated_at : xs[i].created_at, xs[i].id, assessment_entry(r, &xs[i], &st, years)};
	for (size_t i = 0; i < npast; i++)
		e[n++] = (struct entry){past[i].date, past[i].id, past_entry(r, &past[i], &st, years)};
	qsort(e, n, sizeof *e, newest_first);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		if (i < PARTNER_ASSESSMENTS_MAX)
			json_array_append_new(items, e[i].json);
		else
			json_decref(e[i].json);
	}
	reply_json(r, 200, api_list(items, 0));
}
