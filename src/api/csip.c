/* csip.c: the capacity strengthening implementation plan of an assessment as the api layer
 * reads it (csip.h): its facts, settings and activities, its JSON, and what the standing and
 * a new rating take from it. The rules are in src/domain/csip.h; the routes are csip_plan.c
 * (the plan) and csip_activities.c (its activities); its alerts, csip_alerts.c. */
#include <stdlib.h>
#include <string.h>
#include "api.h"
#include "csip.h"
#include "../domain/csip.h"

int csip_settings_read(struct req *r, struct csip_settings *out)
{
	struct csip_settings s = CSIP_SETTINGS_DEFAULT;
	int64_t due, reassessment;
	int rc = settings_get(r->db, SETTING_CSIP_DUE_MONTHS, &due);
	if (rc == STORE_OK)
		rc = settings_get(r->db, SETTING_CSIP_REASSESSMENT_MONTHS, &reassessment);
	if (rc != STORE_OK)
		return rc;
	s.due_months = (int)due;
	s.reassessment_months = (int)reassessment;
	*out = s;
	return STORE_OK;
}

/* The plan's clock starts with the rating; for an accepted prior assessment, whose date lies in
 * the past, with its acceptance. */
static instant_t plan_clock_start(const char *source, instant_t rated_at, instant_t decided_at)
{
	return source && strcmp(source, "previous") == 0 && decided_at ? decided_at : rated_at;
}

static void facts_of(const struct assessment *x, struct csip_facts *f)
{
	memset(f, 0, sizeof *f);
	f->assessment_id = x->id;
	f->rating = x->rating;
	f->rated = x->rating && x->rated_at;
	f->rated_at = plan_clock_start(x->source, x->rated_at, x->decided_at);
	f->met_unknown = x->source && strcmp(x->source, "previous") == 0;
	f->contact = x->contact_with_beneficiaries == 1;
	for (int n = 1; n <= CSIP_STANDARDS; n++) {
		/* the answers of the rating; a draft made while it is unlocked does not move the plan */
		const char *rated = x->verified[n - 1].rated;
		int a = answer_parse(rated ? rated : x->verified[n - 1].answer);
		f->met[n] = a > 0 && standard_met(n, (enum answer)a);
	}
}

/* The same facts from the rating record of a standing (store form), which carries them. */
static void facts_of_rating(const struct rating_record *rec, struct csip_facts *f)
{
	memset(f, 0, sizeof *f);
	f->assessment_id = rec->id;
	f->rating = rec->rating;
	f->rated = rec->rating && rec->rated_at;
	f->rated_at = plan_clock_start(rec->source, rec->rated_at, rec->decided_at);
	f->met_unknown = rec->source && strcmp(rec->source, "previous") == 0;
	f->contact = rec->contact_with_beneficiaries == 1;
	for (int n = 1; n <= CSIP_STANDARDS; n++) {
		int a = answer_parse(rec->verified[n - 1]);
		f->met[n] = a > 0 && standard_met(n, (enum answer)a);
	}
}

/* The plan in domain form (arrays in the request arena) from its stored form; stored NULL or
 * of id 0: no plan, status CSIP_NONE. */
static void plan_of(struct req *r, const struct csip_facts *f, const struct store_csip *stored, struct csip_plan *plan)
{
	memset(plan, 0, sizeof *plan);
	plan->rated_at = f->rated_at;
	memcpy(plan->met_at_rating, f->met, sizeof plan->met_at_rating);
	plan->met_unknown = f->met_unknown;
	if (!stored || !stored->id) {
		plan->status = CSIP_NONE;
		return;
	}
	int status = csip_status_parse(stored->status);
	plan->status = status < 0 ? CSIP_DRAFT : (enum csip_status)status;
	plan->created_at = stored->created_at;
	plan->started_at = stored->started_at;
	for (int n = 1; n <= CSIP_STANDARDS; n++)
		plan->counts_from[n] = stored->rerated_at;
	if (f->inadequate_since)
		csip_apply_inadequate_review(plan, f->inadequate_since);
	struct csip_activity *acts = arena_alloc(&r->arena, (stored->nactivities + 1) * sizeof *acts);
	for (size_t i = 0; i < stored->nactivities; i++) {
		const struct store_csip_activity *s = &stored->activities[i];
		int as = csip_activity_status_parse(s->status);
		acts[i] = (struct csip_activity){.id = s->id, .standard = s->standard, .description = s->description,
						 .responsible = s->responsible, .due_date = s->due_date,
						 .status = as < 0 ? CSIP_NOT_STARTED : (enum csip_activity_status)as,
						 .completed_at = s->completed_at, .confirmed_at = s->confirmed_at,
						 .returned_at = s->returned_at};
	}
	plan->activities = acts;
	plan->nactivities = stored->nactivities;
	struct csip_extension *ext = arena_alloc(&r->arena, (stored->nextensions + 1) * sizeof *ext);
	for (size_t i = 0; i < stored->nextensions; i++)
		ext[i] = (struct csip_extension){.until = stored->extensions[i].until, .reason = stored->extensions[i].reason,
						 .at = stored->extensions[i].granted_at};
	plan->extensions = ext;
	plan->nextensions = stored->nextensions;
}

/* Loads the assessment's plan into *plan (domain form, arrays in the request arena); a missing
 * plan gives status CSIP_NONE. */
int csip_plan_load(struct req *r, const struct csip_facts *f, struct csip_plan *plan, struct store_csip *stored)
{
	int rc = store_csip_get(r->db, &r->arena, f->assessment_id, stored);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rc;
	plan_of(r, f, rc == STORE_OK ? stored : NULL, plan);
	return STORE_OK;
}

static json_t *user_id_json(int64_t id) { return id ? api_id(id) : json_null(); }

/* The activity's domain form, enough for its completion. */
static struct csip_activity activity_of(const struct store_csip_activity *a)
{
	int as = csip_activity_status_parse(a->status);
	return (struct csip_activity){.id = a->id, .standard = a->standard,
				      .status = as < 0 ? CSIP_NOT_STARTED : (enum csip_activity_status)as,
				      .completed_at = a->completed_at, .confirmed_at = a->confirmed_at,
				      .returned_at = a->returned_at};
}

/* {"state": "reported"|"confirmed"|"returned", who and when for each step taken, the reason of a
 * return, and whether a later judgement of the standard superseded a confirmation}; null when
 * the activity was never reported completed. */
static json_t *completion_json(const struct csip_plan *p, const struct store_csip_activity *a)
{
	struct csip_activity d = activity_of(a);
	enum csip_completion c = csip_completion_of(&d);
	if (c == CSIP_COMPLETION_NONE)
		return json_null();
	bool done = c != CSIP_COMPLETION_RETURNED;
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "state", csip_completion_name(c),
			 "reported_at", api_instant(done ? a->completed_at : 0), "reported_by", user_id_json(done ? a->reported_by : 0),
			 "confirmed_at", api_instant(a->confirmed_at), "confirmed_by", user_id_json(a->confirmed_by),
			 "returned_at", api_instant(a->returned_at), "returned_by", user_id_json(a->returned_by),
			 "reason", a->return_reason ? json_string(a->return_reason) : json_null(),
			 "superseded", p && csip_activity_superseded(p, &d));
}

json_t *csip_activity_json(const struct csip_plan *p, const struct store_csip_activity *a)
{
	return json_pack("{s:o, s:I, s:o, s:i, s:s, s:s, s:o, s:s, s:o, s:o}", "id", api_id(a->id), "version",
			 (json_int_t)a->version, "assessment_id", api_id(a->assessment_id), "standard", a->standard,
			 "description", a->description, "responsible", a->responsible, "due_date", api_date(a->due_date),
			 "status", a->status, "completed_at", api_instant(a->completed_at), "completion", completion_json(p, a));
}

static const char *met_source(enum csip_met m)
{
	return m == CSIP_MET_BY_RATING ? "rating" : m == CSIP_MET_BY_PLAN ? "plan" : NULL;
}

static json_t *reassessment_json(const struct csip_plan *p, struct csip_settings s, instant_t now)
{
	int score = csip_reassessment_score(p, s, now);
	return json_pack("{s:o, s:o}", "date", api_instant(csip_ends_at(p, s)),
			 "score", score < 0 ? json_null() : json_integer(score));
}

json_t *csip_plan_json(struct req *r, const struct csip_ctx *c)
{
	const struct csip_plan *p = &c->plan;
	const struct store_csip *s = &c->stored;
	json_t *acts = json_array(), *exts = json_array(), *standards = json_array();
	for (size_t i = 0; i < s->nactivities; i++)
		json_array_append_new(acts, csip_activity_json(p, &s->activities[i]));
	for (size_t i = 0; i < s->nextensions; i++)
		json_array_append_new(exts, json_pack("{s:o, s:s, s:o, s:o}", "until", api_instant(s->extensions[i].until),
						      "reason", s->extensions[i].reason, "granted_at",
						      api_instant(s->extensions[i].granted_at), "granted_by",
						      s->extensions[i].granted_by ? api_id(s->extensions[i].granted_by) : json_null()));
	int met_now = 0;
	for (int n = 1; n <= CSIP_STANDARDS; n++) {
		enum csip_met m = csip_standard_met(p, n, r->now);
		met_now += m != CSIP_UNMET;
		/* a prior rating says nothing of each standard: unknown (null) until the plan meets it */
		json_t *met = m == CSIP_UNMET && p->met_unknown ? json_null() : json_boolean(m != CSIP_UNMET);
		json_array_append_new(standards, json_pack("{s:i, s:o, s:o}", "number", n, "met", met,
							   "source", met_source(m) ? json_string(met_source(m)) : json_null()));
	}
	return json_pack("{s:o, s:I, s:o, s:s, s:b, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "id", api_id(s->id), "version", (json_int_t)s->version, "assessment_id", api_id(s->assessment_id),
			 "status", csip_status_name(p->status),
			 "required", csip_required(c->facts.contact, c->facts.rating),
			 "due", api_instant(csip_due(p, c->settings)), "overdue", csip_overdue(p, c->settings, r->now),
			 "created_at", api_instant(s->created_at), "submitted_at", api_instant(s->submitted_at),
			 "started_at", api_instant(s->started_at), "completed_at", api_instant(s->completed_at),
			 "ends_at", api_instant(csip_ends_at(p, c->settings)), "extensions", exts,
			 "reassessment", reassessment_json(&c->plan, c->settings, r->now),
			 "standards", standards, "standards_met", p->met_unknown ? json_null() : json_integer(met_now),
			 "activities", acts);
}

/* The assessment's facts, settings and plan, without the caller's side (for embedding). */
int csip_ctx_of(struct req *r, const struct assessment *x, struct csip_ctx *c)
{
	memset(c, 0, sizeof *c);
	c->x = *x;
	facts_of(x, &c->facts);
	int rc = csip_settings_read(r, &c->settings);
	if (rc == STORE_OK)
		rc = store_partner_inadequate_since(r->db, x->partner_id, &c->facts.inadequate_since);
	return rc != STORE_OK ? rc : csip_plan_load(r, &c->facts, &c->plan, &c->stored);
}

int csip_assessment_json(struct req *r, const struct assessment *x, json_t **out)
{
	struct csip_ctx c;
	*out = NULL;
	int rc = csip_ctx_of(r, x, &c);
	if (rc == STORE_OK)
		*out = c.plan.status == CSIP_NONE ? json_null() : csip_plan_json(r, &c);
	return rc;
}

void csip_of_record_fill(struct req *r, const struct rating_record *rec, enum rating_source source,
			 const struct store_csip *stored, struct csip_settings settings, struct csip_of_record *c)
{
	memset(c, 0, sizeof *c);
	if (!rec || source == RATING_SOURCE_MIGRATED)
		return;
	c->present = true;
	c->settings = settings;
	facts_of_rating(rec, &c->facts);
	plan_of(r, &c->facts, stored, &c->plan);
}

json_t *csip_of_record_summary_json(struct req *r, const struct csip_of_record *c)
{
	if (!c || !c->present)
		return json_null();
	bool required = csip_required(c->facts.contact, c->facts.rating);
	if (c->plan.status == CSIP_NONE && !required)
		return json_null();
	bool pending = c->plan.status == CSIP_NONE || c->plan.status == CSIP_DRAFT;
	return json_pack("{s:o, s:o, s:o, s:b, s:b, s:o}", "assessment_id", api_id(c->facts.assessment_id),
			 "status", c->plan.status == CSIP_NONE ? json_null() : json_string(csip_status_name(c->plan.status)),
			 "due", pending ? api_instant(csip_due(&c->plan, c->settings)) : json_null(),
			 "required", required, "overdue", required && csip_overdue(&c->plan, c->settings, r->now),
			 "reassessment", reassessment_json(&c->plan, c->settings, r->now));
}

void csip_of_record_extend(struct req *r, struct csip_of_record *c, struct standing_input *in)
{
	if (!c || !c->present)
		return;
	if (in->corrective_action_inadequate && c->plan.status != CSIP_NONE) {
		c->facts.inadequate_since = in->corrective_action_reviewed_at;
		csip_apply_inadequate_review(&c->plan, in->corrective_action_reviewed_at);
	}
	bool met[CSIP_STANDARDS + 1];
	csip_met_by_plan(&c->plan, r->now, met);
	for (int n = 1; n <= CSIP_STANDARDS && n <= STANDARD_COUNT; n++)
		in->met_by_plan[n - 1] = met[n];
}

int csip_rerated(struct req *r, struct audit *audit, const struct assessment *x, bool leaves_gap)
{
	struct store_csip stored;
	int rc = store_csip_get(r->db, &r->arena, x->id, &stored);
	if (rc == STORE_ENOTFOUND)
		return STORE_OK;
	bool reopen = leaves_gap && strcmp(stored.status, "completed") == 0;
	if (rc == STORE_OK)
		rc = store_csip_rerated(r->db, x->id, r->now, reopen);
	if (rc == STORE_OK && reopen) {
		rc = store_history_add(r->db, x->id, r->user->id, "csip_reopen", "completed", "active", NULL, r->now);
		if (rc == STORE_OK)
			rc = audit_add(audit, "csip", stored.id, "reopen");
	}
	return rc;
}
