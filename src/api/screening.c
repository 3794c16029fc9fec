/* screening.c: an agency's screening and training figures per year (domain/screening.h),
 * entered by the agency's focal points beside the register's figures and read with them.
 * Counts only: the body names nobody, and a member that is not one of the four counts is
 * refused rather than kept. */
#include <string.h>
#include "api.h"
#include "handlers.h"
#include "screening.h"
#include "../domain/incident.h"

bool screening_read(struct req *r, int64_t agency_id, int year, struct screening_figures *f, instant_t *updated_at)
{
	*f = (struct screening_figures){-1, -1, -1, -1};
	*updated_at = 0;
	int rc = store_screening_get(r->db, agency_id, year, f, updated_at);
	if (rc == STORE_OK || rc == STORE_ENOTFOUND)
		return true;
	api_store_failed(r, rc);
	return false;
}

static json_t *count_json(int64_t n) { return n < 0 ? json_null() : json_integer(n); }
static json_t *percent_json(double p) { return p < 0 ? json_null() : json_real(p); }

json_t *screening_json(const struct org *agency, int year, const struct screening_figures *f, instant_t updated_at)
{
	json_t *o = json_pack("{s:o, s:i}", "agency", api_org_json(agency), "year", year);
	const int64_t counts[4] = {f->screened, f->screened_out, f->to_train, f->trained};
	for (int i = 0; i < 4; i++)
		json_object_set_new(o, screening_fields[i], count_json(counts[i]));
	json_object_set_new(o, "screened_out_percent", percent_json(screening_out_percent(f)));
	json_object_set_new(o, "training_percent", percent_json(screening_training_percent(f)));
	json_object_set_new(o, "updated_at", api_instant(updated_at));
	return o;
}

/* The agency and year of the path, if the caller may enter its figures: a focal point of that
 * agency, or an administrator. Answers and returns false otherwise. */
static bool load_scope(struct req *r, struct org *agency, int *year)
{
	enum role role = api_role(r);
	int64_t agency_id = req_param_id(r, 0);
	bool own = role == ROLE_AGENCY_FOCAL_POINT && r->user->org.id == agency_id;
	if (!api_allow(r, role == ROLE_ADMIN || own))
		return false;
	int rc = agency_id > 0 ? store_org_get(r->db, &r->arena, agency_id, agency) : STORE_ENOTFOUND;
	if (rc == STORE_OK && strcmp(agency->kind, "agency") != 0)
		rc = STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	int64_t y = req_param_id(r, 1);
	int this_year = incident_year_of(r->now);
	if (!screening_year_ok(y, this_year)) {
		reply_problem(r, 400, "bad_parameter",
			      arena_printf(&r->arena, "The year must be from %d to %d: a year not yet begun has nothing to count.",
					   SCREENING_FIRST_YEAR, this_year), NULL);
		return false;
	}
	*year = (int)y;
	return true;
}

void screening_show(struct req *r)
{
	struct org agency;
	int year;
	struct screening_figures f;
	instant_t updated_at;
	if (!load_scope(r, &agency, &year) || !screening_read(r, agency.id, year, &f, &updated_at))
		return;
	reply_json(r, 200, screening_json(&agency, year, &f, updated_at));
}

/* Reads the four counts of the body into f: a whole number, or null / absent for not known.
 * Each problem goes into errs. */
static void read_counts(json_t *body, struct screening_figures *f, json_t *errs)
{
	int64_t *counts[4] = {&f->screened, &f->screened_out, &f->to_train, &f->trained};
	for (int i = 0; i < 4; i++) {
		json_t *v = json_object_get(body, screening_fields[i]);
		*counts[i] = -1;
		if (!v || json_is_null(v))
			continue;
		if (json_is_integer(v) && json_integer_value(v) >= 0)
			*counts[i] = (int64_t)json_integer_value(v);
		else if (json_is_integer(v))
			*counts[i] = -2; /* out of range: the domain's check names it */
		else
			json_array_append_new(errs, problem_error(screening_fields[i], "invalid_type",
				"Enter a whole number, or null when it is not known."));
	}
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		bool known = false;
		for (int i = 0; i < 4; i++)
			known = known || strcmp(key, screening_fields[i]) == 0;
		if (!known)
			json_array_append_new(errs, problem_error(key, "unknown_field",
				"Only personnel_screened, screened_out, people_to_train and people_trained are kept (counts, never names)."));
	}
}

struct screening_write {
	const struct org *agency;
	int year;
	const struct screening_figures *f;
};

static int write_screening(struct req *r, struct audit *audit, void *ctx)
{
	struct screening_write *w = ctx;
	int rc = store_screening_set(r->db, w->agency->id, w->year, w->f, r->now, r->user->id);
	return rc != STORE_OK ? rc : audit_add(audit, "screening_training", w->agency->id,
					      arena_printf(&r->arena, "update %d", w->year));
}

/* PUT: the year's four counts, all at once (an absent one is not known). */
void screening_update(struct req *r)
{
	struct org agency;
	int year;
	if (!load_scope(r, &agency, &year) || !api_body_object(r))
		return;
	struct screening_figures f;
	json_t *errs = json_array();
	read_counts(r->body, &f, errs);
	struct screening_problem problems[8];
	size_t n = screening_check(&f, problems, 8); /* a count of the wrong type was left unknown */
	for (size_t i = 0; i < n && i < 8; i++)
		json_array_append_new(errs, problem_error(problems[i].field, problems[i].code, problems[i].message));
	struct screening_write w = {&agency, year, &f};
	if (api_invalid(r, errs) || !api_write(r, write_screening, &w))
		return;
	reply_json(r, 200, screening_json(&agency, year, &f, r->now));
}
