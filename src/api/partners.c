/* partners.c: partners, partnerships and migrated past assessments (DOMAIN.md, "Organisations
 * and people" and "Validity and the partner's standing"). */
#include <stdlib.h>
#include <string.h>
#include "handlers.h"
#include "psea.h"
#include "standing.h"
#include "../domain/legacy.h"
#include "../domain/country.h"
#include "../domain/partner.h"

/* Agency roles read every partner; administrators too, since they keep the organisations. */
static bool reads_all_partners(enum role role) { return role_is_agency(role) || role == ROLE_ADMIN; }

/* The partner with its `psea` summary, out of standings loaded with it (NULL: loads its own). */
static json_t *partner_full_json(struct req *r, const struct partner *p, struct psea_standings *standings)
{
	json_t *j = psea_partner_json(p);
	json_object_set_new(j, "psea", standings ? psea_standings_summary_json(r, standings, p->id) : psea_summary_json(r, p->id));
	return j;
}

static int write_new_partner(struct req *r, struct audit *audit, void *ctx)
{
	struct partner *p = ctx;
	p->id = store_partner_add(r->db, p, r->user->id, r->now);
	return p->id < 0 ? (int)p->id : audit_add(audit, "partner", p->id, "create");
}

void partners_create(struct req *r)
{
	enum role role = api_role(r);
	if (!api_allow(r, role_is_advanced(role) || role == ROLE_ADMIN) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	struct partner p = {0};
	p.name = (char *)api_str(r->body, "name", API_NAME_MAX, true, errs);
	p.type = (char *)api_str(r->body, "type", 64, true, errs);
	p.country = (char *)api_str(r->body, "country", 100, true, errs);
	json_t *parent = json_object_get(r->body, "parent_id");
	if (p.type && partner_type_is_government(p.type)) {
		json_decref(errs);
		reply_problem(r, 422, "partner_type_not_eligible", "Governmental partners are not covered by the PSEA capacity "
			      "assessment; only civil society organisations are.", json_pack("[o]",
			      problem_error("type", "partner_type_not_eligible", "Governmental partners are not covered.")));
		return;
	}
	if (p.type && !partner_type_valid(p.type))
		json_array_append_new(errs, problem_error("type", "invalid_value",
			"The type is national_ngo, international_cso, cbo, academic or red_cross_red_crescent."));
	if (p.country && !country_code_known(p.country))
		json_array_append_new(errs, problem_error("country", "invalid_value",
			"Give the country as its ISO 3166-1 alpha-2 code in capitals, such as KE for Kenya."));
	if (parent && !json_is_null(parent)) {
		struct partner hq;
		p.parent_id = api_json_id(parent);
		if (!p.parent_id || store_partner_get(r->db, &r->arena, p.parent_id, &hq) != STORE_OK)
			json_array_append_new(errs, problem_error("parent_id", "unknown", "There is no partner with this id."));
		else if (!partner_may_have_parent(p.type, hq.type, hq.parent_id != 0))
			json_array_append_new(errs, problem_error("parent_id", "invalid_value",
				"Only an INGO country office (international_cso) links to its headquarters, itself an INGO record without a parent."));
	}
	if (api_invalid(r, errs))
		return;
	if (!api_write(r, write_new_partner, &p))
		return;
	struct partner created;
	store_partner_get(r->db, &r->arena, p.id, &created);
	reply_json(r, 201, partner_full_json(r, &created, NULL));
}

void partners_list(struct req *r)
{
	int limit;
	int64_t cursor;
	if (!api_allow(r, reads_all_partners(api_role(r))) || !api_limit(r, &limit) || !api_cursor(r, &cursor))
		return;
	struct partner_filter f = {req_query(r, "q"), req_query(r, "country"), req_query(r, "type"), 0, cursor, 0};
	const char *agency = req_query(r, "agency_id"), *rating = req_query(r, "rating");
	if (agency) {
		char *end;
		f.agency_id = strtoll(agency, &end, 10);
		if (!*agency || *end || f.agency_id <= 0) {
			reply_problem(r, 400, "bad_parameter", "agency_id must be an agency's id.", NULL);
			return;
		}
	}
	if (rating && capacity_parse(rating) < 0 && strcmp(rating, "not_assessed") != 0 && strcmp(rating, "expired") != 0) {
		reply_problem(r, 400, "bad_parameter", "rating must be full, medium, low, not_assessed or expired.", NULL);
		return;
	}
	if ((f.q && strlen(f.q) > API_NAME_MAX) || (f.country && strlen(f.country) > 100) || (f.type && strlen(f.type) > 64)) {
		reply_problem(r, 400, "bad_parameter", "A filter is longer than allowed.", NULL);
		return;
	}
	/* The rating is computed, not stored: read pages until one more partner than asked matches. */
	json_t *items = json_array();
	int64_t last_id = 0;
	bool more = false;
	while (!more) {
		struct partner *ps;
		size_t n;
		/* without a rating filter every partner matches: one more than asked tells the rest */
		f.limit = rating ? API_LIMIT_MAX : limit + 1;
		int rc = store_partners_list(r->db, &r->arena, &f, &ps, &n);
		if (rc != STORE_OK) {
			json_decref(items);
			api_store_failed(r, rc);
			return;
		}
		/* the standings of the whole page at once */
		int64_t *ids = arena_alloc(&r->arena, (n + 1) * sizeof *ids);
		for (size_t i = 0; i < n; i++)
			ids[i] = ps[i].id;
		struct psea_standings standings;
		if ((rc = psea_standings_load(r, ids, n, &standings)) != STORE_OK) {
			json_decref(items);
			api_store_failed(r, rc);
			return;
		}
		for (size_t i = 0; i < n && !more; i++) {
			json_t *j = partner_full_json(r, &ps[i], &standings);
			json_t *psea = json_object_get(j, "psea");
			const char *value = json_string_value(json_object_get(psea, "rating"));
			const char *status = json_string_value(json_object_get(psea, "status"));
			bool match = !rating || (value && strcmp(value, rating) == 0) || (status && strcmp(status, rating) == 0);
			if (match && json_array_size(items) == (size_t)limit)
				more = true;
			if (!match || more) {
				json_decref(j);
				continue;
			}
			json_array_append_new(items, j);
			last_id = ps[i].id;
		}
		if (n < (size_t)f.limit)
			break;
		f.after = ps[n - 1].id;
	}
	reply_json(r, 200, api_list(items, more ? last_id : 0));
}

void partners_show(struct req *r)
{
	int64_t id = req_param_id(r, 0);
	enum role role = api_role(r);
	struct partner p;
	/* A partner's users see their own record only: any other is answered as unknown. */
	bool own = role_is_partner(role) && r->user->org.id == id;
	if (!id || (!own && !reads_all_partners(role))) {
		if (role_is_partner(role) || !id) {
			reply_problem(r, 404, "not_found", "There is no such partner.", NULL);
			return;
		}
		api_allow(r, false);
		return;
	}
	int rc = store_partner_get(r->db, &r->arena, id, &p);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	/* the partner's standing and its headquarters' (shown to agencies) in one load */
	struct partner hq;
	bool with_hq = p.parent_id && !own && store_partner_get(r->db, &r->arena, p.parent_id, &hq) == STORE_OK;
	int64_t ids[2] = {p.id, with_hq ? hq.id : 0};
	struct psea_standings standings;
	if ((rc = psea_standings_load(r, ids, with_hq ? 2 : 1, &standings)) != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *j = partner_full_json(r, &p, &standings);
	struct open_assessment_brief *open;
	size_t nopen = 0;
	if (store_open_assessments_of(r->db, &r->arena, &id, 1, &open, &nopen) == STORE_OK && nopen) {
		json_t *agencies = json_array();
		for (size_t i = 0; i < open->nagencies; i++)
			json_array_append_new(agencies, api_id(open->agencies[i]));
		json_object_set_new(j, "open_assessment", json_pack("{s:o, s:s, s:o}", "id", api_id(open->id),
								    "status", open->status, "agencies", agencies));
	} else {
		json_object_set_new(j, "open_assessment", json_null());
	}
	if (with_hq)
		json_object_set_new(j, "headquarters", json_pack("{s:o, s:s, s:o}", "id", api_id(hq.id), "name", hq.name,
								 "psea", psea_standings_summary_json(r, &standings, hq.id)));
	reply_json(r, 200, j);
}

static json_t *partnership_json(struct req *r, const struct partnership *p)
{
	bool active = p->start <= r->now && (!p->end || p->end + 86400 > r->now);
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:b, s:I, s:o}", "id", api_id(p->id), "partner_id", api_id(p->partner_id),
			 "agency", psea_agency_json(r, p->agency_id), "start", api_date(p->start), "end", api_date(p->end),
			 "active", active, "version", (json_int_t)p->version,
			 "exception_reason", p->exception_reason ? json_string(p->exception_reason) : json_null());
}

void partnerships_list(struct req *r)
{
	int limit;
	int64_t cursor;
	if (!api_allow(r, role_is_agency(api_role(r))) || !api_limit(r, &limit) || !api_cursor(r, &cursor))
		return;
	const char *pid = req_query(r, "partner_id");
	int64_t partner = pid ? strtoll(pid, NULL, 10) : 0;
	struct partnership *ps;
	size_t n;
	int rc = store_partnerships_list(r->db, &r->arena, r->user->org.id, partner, cursor, limit + 1, &ps, &n);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(items, partnership_json(r, &ps[i]));
	reply_json(r, 200, api_list(items, n > (size_t)limit ? ps[limit - 1].id : 0));
}

/* A partner that is not eligible (standard 8: no adequate corrective action) takes a partnership
 * only as a confirmed exception with its reason; 409 partner_not_eligible otherwise. An eligible
 * partner records no exception (the reason is dropped). False after answering. */
static bool eligible_or_excepted(struct req *r, struct partnership *p)
{
	struct standing s;
	int rc = psea_standing(r, p->partner_id, &s);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	if (s.eligible) {
		p->exception_reason = NULL;
		return true;
	}
	if (p->exception_reason)
		return true;
	reply_problem(r, 409, "partner_not_eligible",
		      "This partner is not eligible: no adequate corrective action on a past allegation of sexual exploitation "
		      "or abuse. To record the partnership as an exception, send exception_reason with the reason.", NULL);
	return false;
}

static int write_new_partnership(struct req *r, struct audit *audit, void *ctx)
{
	struct partnership *p = ctx;
	p->id = store_partnership_add(r->db, p, r->user->id, r->now);
	return p->id < 0 ? (int)p->id : audit_add(audit, "partnership", p->id, p->exception_reason ? "create_exception" : "create");
}

void partnerships_create(struct req *r)
{
	if (!api_allow(r, role_is_advanced(api_role(r))) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	struct partnership p = {0};
	struct partner partner;
	json_t *pid = json_object_get(r->body, "partner_id");
	p.partner_id = api_json_id(pid);
	p.agency_id = r->user->org.id;
	if (!pid || json_is_null(pid))
		json_array_append_new(errs, problem_error("partner_id", "required", "Name the partner."));
	else if (!p.partner_id || store_partner_get(r->db, &r->arena, p.partner_id, &partner) != STORE_OK)
		json_array_append_new(errs, problem_error("partner_id", "unknown", "There is no partner with this id."));
	const char *start = api_str(r->body, "start", 10, true, errs), *end = api_str(r->body, "end", 10, false, errs);
	if (start && time_parse_date(start, &p.start) != 0)
		json_array_append_new(errs, problem_error("start", "invalid_value", "Give the date as YYYY-MM-DD."));
	if (end && time_parse_date(end, &p.end) != 0)
		json_array_append_new(errs, problem_error("end", "invalid_value", "Give the date as YYYY-MM-DD."));
	else if (end && start && p.start && p.end < p.start)
		json_array_append_new(errs, problem_error("end", "out_of_range", "The end must not come before the start."));
	p.exception_reason = (char *)api_str(r->body, "exception_reason", API_TEXT_MAX, false, errs);
	if (p.exception_reason && !p.exception_reason[strspn(p.exception_reason, " \t\r\n")])
		json_array_append_new(errs, problem_error("exception_reason", "required",
			"Give the reason for the exception in words, or leave the field out."));
	if (api_invalid(r, errs) || !eligible_or_excepted(r, &p))
		return;
	if (!api_write(r, write_new_partnership, &p))
		return;
	p.version = 1;
	reply_json(r, 201, partnership_json(r, &p));
}

static int write_past_assessment(struct req *r, struct audit *audit, void *ctx)
{
	struct past_assessment *p = ctx;
	p->id = store_past_assessment_add(r->db, p, r->now);
	return p->id < 0 ? (int)p->id : audit_add(audit, "past_assessment", p->id, "create");
}

void past_assessments_create(struct req *r)
{
	enum role role = api_role(r);
	if (!api_allow(r, role_is_advanced(role) || role == ROLE_ADMIN) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	struct past_assessment p = {0};
	struct partner partner;
	struct org agency;
	json_t *pid = json_object_get(r->body, "partner_id"), *aid = json_object_get(r->body, "agency_id");
	p.partner_id = api_json_id(pid);
	p.agency_id = api_json_id(aid);
	p.created_by = r->user->id;
	if (!p.partner_id || store_partner_get(r->db, &r->arena, p.partner_id, &partner) != STORE_OK)
		json_array_append_new(errs, problem_error("partner_id", pid ? "unknown" : "required", "Name an existing partner."));
	if (!p.agency_id || store_org_get(r->db, &r->arena, p.agency_id, &agency) != STORE_OK || strcmp(agency.kind, "agency") != 0) {
		json_array_append_new(errs, problem_error("agency_id", aid ? "unknown" : "required", "Name the agency that rated the partner."));
	} else if (role != ROLE_ADMIN && p.agency_id != r->user->org.id) {
		/* An agency speaks for its own ratings only: another agency's migrated rating would
		 * become the partner's standing in that agency's name. */
		json_decref(errs);
		reply_problem(r, 403, "forbidden", "An agency records its own past assessments only: agency_id must be your agency's.", NULL);
		return;
	}
	const char *date = api_str(r->body, "date", 10, true, errs);
	if (date && time_parse_date(date, &p.date) != 0)
		json_array_append_new(errs, problem_error("date", "invalid_value", "Give the date as YYYY-MM-DD."));
	else if (date && p.date > r->now)
		json_array_append_new(errs, problem_error("date", "out_of_range", "The date of a past assessment cannot be in the future."));
	json_t *rating = json_object_get(r->body, "rating"), *risk = json_object_get(r->body, "legacy_sea_risk"),
	       *score = json_object_get(r->body, "legacy_sea_score");
	int given = (rating && !json_is_null(rating)) + (risk && !json_is_null(risk)) + (score && !json_is_null(score));
	if (given != 1) {
		json_array_append_new(errs, problem_error("rating", given ? "one_of" : "required",
			"Give exactly one of rating (full/medium/low), legacy_sea_risk (high/moderate/low) or legacy_sea_score (6..18)."));
	} else if (rating && !json_is_null(rating)) {
		int c = json_is_string(rating) ? capacity_parse(json_string_value(rating)) : -1;
		if (c < 0)
			json_array_append_new(errs, problem_error("rating", "invalid_value", "The rating is full, medium or low."));
		else
			p.rating = (char *)capacity_name((enum capacity)c);
	} else if (risk && !json_is_null(risk)) {
		int k = json_is_string(risk) ? legacy_risk_parse(json_string_value(risk)) : -1;
		if (k < 0)
			json_array_append_new(errs, problem_error("legacy_sea_risk", "invalid_value", "The earlier SEA risk is high, moderate or low."));
		else {
			p.legacy_sea_risk = (char *)legacy_risk_name((enum legacy_risk)k);
			p.rating = (char *)capacity_name(legacy_capacity((enum legacy_risk)k));
		}
	} else {
		json_int_t v = json_is_integer(score) ? json_integer_value(score) : 0;
		enum legacy_risk k = v >= LEGACY_SCORE_MIN && v <= LEGACY_SCORE_MAX ? legacy_risk_from_score((int)v) : LEGACY_RISK_NONE;
		if (k == LEGACY_RISK_NONE)
			json_array_append_new(errs, problem_error("legacy_sea_score", "invalid_value",
				"The earlier SEA score is a whole number from 6 to 18."));
		else {
			p.legacy_sea_score = (int)v;
			p.legacy_sea_risk = (char *)legacy_risk_name(k);
			p.rating = (char *)capacity_name(legacy_capacity(k));
		}
	}
	if (api_invalid(r, errs))
		return;
	int years, rc = psea_validity_years(r, &years);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	if (!api_write(r, write_past_assessment, &p))
		return;
	reply_json(r, 201, json_pack("{s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o}", "id", api_id(p.id), "partner_id", api_id(p.partner_id),
		"agency_id", api_id(p.agency_id), "date", api_date(p.date), "rating", p.rating,
		"legacy_sea_risk", p.legacy_sea_risk ? json_string(p.legacy_sea_risk) : json_null(),
		"legacy_sea_score", p.legacy_sea_score ? json_integer(p.legacy_sea_score) : json_null(),
		"valid_until", api_date(assessment_valid_until(p.date, years))));
}
