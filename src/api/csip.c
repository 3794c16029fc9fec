/* csip.c: the capacity strengthening implementation plan of an assessment (API.md, plan routes).
 * The rules are in src/domain/csip.h; this file checks who may act, validates the input,
 * writes through the store in one transaction, and answers. */
#include <stdlib.h>
#include <string.h>
#include "api.h"
#include "csip.h"
#include "handlers.h"
#include "../domain/csip.h"

/* Who the caller is for this assessment. */
enum side { SIDE_NONE = 0, SIDE_PARTNER, SIDE_AGENCY };

struct ctx {
	struct assessment x;
	struct csip_facts facts;
	enum side side;            /* SIDE_NONE: a reader such as an admin, never a writer */
	enum role role;
	struct csip_settings settings;
	struct csip_plan plan;     /* status CSIP_NONE when there is none */
	struct store_csip stored;  /* valid when plan.status != CSIP_NONE */
	struct audit *audit;       /* the running write's, inside a write */
};

int csip_settings_read(struct req *r, struct csip_settings *out)
{
	struct csip_settings s = CSIP_SETTINGS_DEFAULT;
	int64_t due, reassessment;
	int rc = store_setting_int(r->db, "csip.due_months", s.due_months, &due);
	if (rc == STORE_OK)
		rc = store_setting_int(r->db, "csip.reassessment_months", s.reassessment_months, &reassessment);
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
static int plan_load(struct req *r, const struct csip_facts *f, struct csip_plan *plan, struct store_csip *stored)
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

static json_t *activity_json(const struct csip_plan *p, const struct store_csip_activity *a)
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

static json_t *plan_json(struct req *r, const struct ctx *c)
{
	const struct csip_plan *p = &c->plan;
	const struct store_csip *s = &c->stored;
	json_t *acts = json_array(), *exts = json_array(), *standards = json_array();
	for (size_t i = 0; i < s->nactivities; i++)
		json_array_append_new(acts, activity_json(p, &s->activities[i]));
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
static int ctx_of(struct req *r, const struct assessment *x, struct ctx *c)
{
	memset(c, 0, sizeof *c);
	c->x = *x;
	facts_of(x, &c->facts);
	int rc = csip_settings_read(r, &c->settings);
	if (rc == STORE_OK)
		rc = store_partner_inadequate_since(r->db, x->partner_id, &c->facts.inadequate_since);
	return rc != STORE_OK ? rc : plan_load(r, &c->facts, &c->plan, &c->stored);
}

int csip_assessment_json(struct req *r, const struct assessment *x, json_t **out)
{
	struct ctx c;
	*out = NULL;
	int rc = ctx_of(r, x, &c);
	if (rc == STORE_OK)
		*out = c.plan.status == CSIP_NONE ? json_null() : plan_json(r, &c);
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

/* ---- alerts ---- */

static const struct { int bit; const char *kind, *message; } alert_kinds[] = {
	{CSIP_ALERT_DUE, "csip_due", "A capacity strengthening plan is due: submit it within a month of the rating."},
	{CSIP_ALERT_OVERDUE, "csip_overdue", "The capacity strengthening plan is overdue: it was due a month after the rating."},
	{CSIP_ALERT_TO_APPROVE, "csip_to_approve", "A submitted capacity strengthening plan awaits approval."},
	{CSIP_ALERT_REASSESSMENT, "csip_reassessment", "The plan's reassessment date is reached: review the reassessment score."},
	{CSIP_ALERT_ACTIVITY_DUE, "csip_activity_due", "A plan activity has reached its due date and is not completed."},
	{CSIP_ALERT_TO_CONFIRM, "csip_activity_to_confirm", "A plan activity is reported completed: confirm it or send it back."},
	{CSIP_ALERT_RETURNED, "csip_activity_returned", "The agency sent back a plan activity reported completed: see its reason."},
	{CSIP_ALERT_GAP, "csip_gap", "A standard found unmet since the plan was made has no activity: add one to the plan."},
};

/* The alerts one side acts on alone: the agency's editors confirm completions, the partner
 * takes back the activities returned to it. */
static int alerts_of_side(int bits, enum role role)
{
	if (!role_is_agency(role) || !role_edits_agency_side(role))
		bits &= ~CSIP_ALERT_TO_CONFIRM;
	if (!role_is_partner(role))
		bits &= ~CSIP_ALERT_RETURNED;
	return bits;
}

#define ALERTS_MAX 5000 /* plans looked at per request */

/* The alerts of one assessment's plan, when its rating is the partner's rating in force. */
static void plan_alerts(struct req *r, int64_t assessment_id, json_t *items)
{
	struct assessment x;
	struct psea_standings standings;
	if (store_assessment_get(r->db, &r->arena, assessment_id, &x) != STORE_OK ||
	    psea_standings_load(r, &x.partner_id, 1, &standings) != STORE_OK || standings.n != 1)
		return;
	/* the standing loaded the plan of its rating in force: this assessment's, or no alert */
	const struct standing *s = &standings.items[0].standing;
	const struct csip_of_record *c = standings.items[0].plan;
	if ((s->status != STANDING_VALID && s->status != STANDING_EXPIRING) || !s->record ||
	    s->record->source == RATING_SOURCE_MIGRATED || s->record->id != x.id || !c->present)
		return;
	int bits = alerts_of_side(csip_alerts(&c->plan, csip_required(c->facts.contact, c->facts.rating), c->settings, r->now),
				  api_role(r));
	struct partner p;
	if (!bits || store_partner_get(r->db, &r->arena, x.partner_id, &p) != STORE_OK)
		return;
	for (size_t k = 0; k < sizeof alert_kinds / sizeof alert_kinds[0]; k++) {
		if (!(bits & alert_kinds[k].bit))
			continue;
		instant_t due = alert_kinds[k].bit & (CSIP_ALERT_DUE | CSIP_ALERT_OVERDUE) ? csip_due(&c->plan, c->settings)
			: alert_kinds[k].bit == CSIP_ALERT_REASSESSMENT ? csip_ends_at(&c->plan, c->settings) : 0;
		json_array_append_new(items, json_pack("{s:s, s:s, s:o, s:{s:o, s:s}, s:o}", "kind", alert_kinds[k].kind,
			"message", alert_kinds[k].message, "assessment_id", api_id(x.id), "partner", "id", api_id(p.id),
			"name", p.name, "due", api_instant(due)));
	}
}

void csip_alerts_add(struct req *r, json_t *items)
{
	enum role role = api_role(r);
	if (!role_is_partner(role) && !role_is_agency(role))
		return;
	int64_t *ids;
	size_t n;
	int64_t partner = role_is_partner(role) ? r->user->org.id : 0, agency = role_is_agency(role) ? r->user->org.id : 0;
	if (store_csip_open_assessments(r->db, &r->arena, partner, agency, ALERTS_MAX, &ids, &n) != STORE_OK)
		return;
	for (size_t i = 0; i < n; i++)
		plan_alerts(r, ids[i], items);
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

/* ---- the routes ---- */

/* Fills the context for the assessment and the caller's side; false after answering 404 (also
 * for an assessment the caller may not know exists) or 500. */
static bool load(struct req *r, int64_t assessment_id, struct ctx *c)
{
	struct assessment x;
	int rc = assessment_id ? store_assessment_get(r->db, &r->arena, assessment_id, &x) : STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	struct assessment_actor actor = psea_actor(r, &x);
	rc = assessment_may(&actor, ASSESS_READ);
	if (rc == ASSESS_EFORBIDDEN) {
		reply_problem(r, 403, "forbidden", "Your role does not allow this on this assessment.", NULL);
		return false;
	}
	if (rc != ASSESS_OK) {
		reply_problem(r, 404, "not_found", "There is no such assessment.", NULL);
		return false;
	}
	if ((rc = ctx_of(r, &x, c)) != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	c->role = actor.role;
	c->side = actor.own_partner ? SIDE_PARTNER : actor.participating ? SIDE_AGENCY : SIDE_NONE;
	return true;
}

/* Editors of either side: the partner's editor, or an agency editor of a participating agency. */
static bool is_editor(const struct ctx *c)
{
	return (c->side == SIDE_PARTNER && c->role == ROLE_PARTNER_EDITOR) ||
	       (c->side == SIDE_AGENCY && role_edits_agency_side(c->role));
}

static bool is_agency_editor(const struct ctx *c) { return c->side == SIDE_AGENCY && role_edits_agency_side(c->role); }
static bool is_advanced(const struct ctx *c) { return c->side == SIDE_AGENCY && role_is_advanced(c->role); }

/* 409 invalid_state when the action is not allowed in the plan's status. */
static bool allowed_now(struct req *r, const struct ctx *c, enum csip_action action)
{
	const char *problem = csip_action_problem(&c->plan, action);
	if (problem)
		reply_problem(r, 409, "invalid_state", problem, NULL);
	return !problem;
}

static bool no_plan(struct req *r, const struct ctx *c)
{
	if (c->plan.status != CSIP_NONE)
		return false;
	reply_problem(r, 404, "not_found", "This assessment has no capacity strengthening plan yet.", NULL);
	return true;
}

/* A write of the plan: the store calls, the history and the audit entry, all or nothing. */
struct write {
	int (*run)(struct req *r, struct ctx *c, struct write *w);
	int64_t if_version;
	const char *status, *action;          /* transitions */
	struct store_csip_activity *activity; /* activities */
	bool completing;
	instant_t until;                      /* extensions */
	const char *reason;
	int64_t id;                           /* what was created */
	const char *duplicate;                /* a 409 sentence when a unique rule refuses the write */
};

struct plan_write {
	struct ctx *c;
	struct write *w;
};

static int run_plan_write(struct req *r, struct audit *audit, void *ctx)
{
	struct plan_write *pw = ctx;
	pw->c->audit = audit;
	int rc = pw->w->run(r, pw->c, pw->w);
	pw->c->audit = NULL;
	if (rc == STORE_ECONSTRAINT && pw->w->duplicate) {
		reply_problem(r, 409, "invalid_state", pw->w->duplicate, NULL);
		return API_ANSWERED;
	}
	return rc;
}

/* Runs w in one write; answers and returns false when it failed (nothing written). */
static bool in_transaction(struct req *r, struct ctx *c, struct write *w)
{
	struct plan_write pw = {c, w};
	return api_write(r, run_plan_write, &pw);
}

/* Records a step of the plan: the assessment's history (who, when, why) and the audit log. Call
 * inside the write's transaction. */
static int record(struct req *r, const struct ctx *c, int64_t plan_id, const char *action, const char *reason,
		  instant_t at)
{
	int rc = store_history_add(r->db, c->x.id, r->user->id, arena_printf(&r->arena, "csip_%s", action), NULL, NULL,
				   reason, at);
	if (rc == STORE_OK)
		rc = audit_add(c->audit, "csip", plan_id, action);
	return rc;
}

static int write_create(struct req *r, struct ctx *c, struct write *w)
{
	w->id = store_csip_create(r->db, c->facts.assessment_id, r->user->id, r->now);
	return w->id < 0 ? (int)w->id : record(r, c, w->id, "create", NULL, r->now);
}

static int write_transition(struct req *r, struct ctx *c, struct write *w)
{
	int rc = store_csip_set_status(r->db, c->stored.id, w->if_version, w->status, r->user->id, r->now);
	return rc == STORE_OK ? record(r, c, c->stored.id, w->action, NULL, r->now) : rc;
}

static bool transition(struct req *r, struct ctx *c, int64_t if_version, const char *status, const char *action)
{
	struct write w = {.run = write_transition, .if_version = if_version, .status = status, .action = action};
	return in_transaction(r, c, &w);
}

/* Reloads the plan after a write and answers with it. */
static void reply_plan(struct req *r, struct ctx *c, int status)
{
	int rc = plan_load(r, &c->facts, &c->plan, &c->stored);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	reply_json(r, status, plan_json(r, c));
}

/* Transitions answer with the whole assessment (API.md), the plan embedded in it. */
static void reply_assessment(struct req *r, struct ctx *c)
{
	psea_reply_assessment(r, 200, &c->x);
}

void csip_show(struct req *r)
{
	struct ctx c;
	if (!load(r, req_param_id(r, 0), &c) || no_plan(r, &c))
		return;
	reply_json(r, 200, plan_json(r, &c));
}

void csip_create(struct req *r)
{
	struct ctx c;
	if (!load(r, req_param_id(r, 0), &c) || !api_allow(r, is_editor(&c)))
		return;
	if (strcmp(c.x.status, "rated") != 0 || !c.facts.rated || !csip_available(c.facts.rating)) {
		reply_problem(r, 409, "invalid_state", "A plan follows a rating: finalize the assessment first.", NULL);
		return;
	}
	if (!allowed_now(r, &c, CSIP_CREATE))
		return;
	struct write w = {.run = write_create, .duplicate = "This assessment has a plan already."};
	if (in_transaction(r, &c, &w))
		reply_plan(r, &c, 201);
}

/* The standard of a body: a whole number (1..8 checked by the domain); 0 when absent or not one. */
static int body_standard(json_t *body, json_t *errs, bool required)
{
	json_t *v = json_object_get(body, "standard");
	if (!v || json_is_null(v)) {
		if (required)
			json_array_append_new(errs, problem_error("standard", "required", "Name the core standard (1 to 8)."));
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > CSIP_STANDARDS) {
		json_array_append_new(errs, problem_error("standard", "invalid_value", "Choose a core standard from 1 to 8."));
		return 0;
	}
	return (int)json_integer_value(v);
}

/* A date (YYYY-MM-DD) member; 0 when absent; an error appended when malformed. */
static instant_t body_date(json_t *body, const char *key, bool required, json_t *errs)
{
	const char *s = api_str(body, key, 32, required, errs);
	instant_t t = 0;
	if (s && time_parse_date(s, &t) != 0) {
		json_array_append_new(errs, problem_error(key, "invalid_value", "Write the date as YYYY-MM-DD."));
		return 0;
	}
	return t;
}

/* An activity status word; -1 when absent; an error appended when not in the list. */
static int body_activity_status(json_t *body, json_t *errs)
{
	const char *word = api_str(body, "status", 32, false, errs);
	if (!word)
		return -1;
	int s = csip_activity_status_parse(word);
	if (s < 0)
		json_array_append_new(errs, problem_error("status", "invalid_value",
							  "The status is one of not_started, in_progress, completed."));
	return s;
}

static void check_text(json_t *errs, const char *field, const char *value, const char *problem)
{
	if (value && problem)
		json_array_append_new(errs, problem_error(field, "invalid_value", problem));
}

static void reply_activity(struct req *r, const struct csip_plan *plan, int64_t id, int status)
{
	struct store_csip_activity a;
	int rc = store_csip_activity_get(r->db, &r->arena, id, &a);
	if (rc != STORE_OK)
		api_store_failed(r, rc);
	else
		reply_json(r, status, activity_json(plan, &a));
}

/* The caller marks the activity completed now: reported by the partner, or reported and
 * confirmed at once by an agency editor (who is the one that confirms). */
static void mark_completed(struct req *r, const struct ctx *c, struct store_csip_activity *act)
{
	act->status = (char *)csip_activity_status_name(CSIP_ACTIVITY_COMPLETED);
	act->completed_at = r->now; /* recorded by the server */
	act->reported_by = r->user->id;
	act->confirmed_at = is_agency_editor(c) ? r->now : 0;
	act->confirmed_by = is_agency_editor(c) ? r->user->id : 0;
}

/* After a completion was confirmed: the plan completes when every activity is confirmed and
 * every standard met. */
static int complete_plan_if_done(struct req *r, struct ctx *c)
{
	int rc = plan_load(r, &c->facts, &c->plan, &c->stored);
	if (rc != STORE_OK || c->plan.status != CSIP_ACTIVE || !csip_all_activities_completed(&c->plan))
		return rc;
	instant_t at = csip_completed_at(&c->plan);
	rc = store_csip_set_status(r->db, c->stored.id, 0, "completed", r->user->id, at);
	return rc == STORE_OK ? record(r, c, c->stored.id, "complete", NULL, at) : rc;
}

/* The assessment's history of an activity's completion: reported, confirmed, returned. */
static int record_completion(struct req *r, const struct ctx *c, const struct store_csip_activity *act,
			     const char *step, const char *reason)
{
	return store_history_add(r->db, c->x.id, r->user->id, arena_printf(&r->arena, "csip_activity_%s", step),
				 NULL, NULL, reason ? reason : act->description, r->now);
}

/* The history of a completion just marked: reported, and confirmed when the agency marked it. */
static int record_marked(struct req *r, const struct ctx *c, const struct store_csip_activity *act)
{
	int rc = record_completion(r, c, act, "reported", NULL);
	if (rc == STORE_OK && act->confirmed_at)
		rc = record_completion(r, c, act, "confirmed", NULL);
	return rc;
}

/* The plan's version moves with every change to its activities (If-Match on the plan). */
static int write_activity_add(struct req *r, struct ctx *c, struct write *w)
{
	int rc = store_csip_touch(r->db, c->stored.id, w->if_version);
	if (rc != STORE_OK)
		return rc;
	if (csip_reopens_for_gap(&c->plan, r->now)) {
		if ((rc = store_csip_reopen(r->db, c->stored.id)) != STORE_OK ||
		    (rc = record(r, c, c->stored.id, "reopen", NULL, r->now)) != STORE_OK)
			return rc;
	}
	w->id = store_csip_activity_add(r->db, c->stored.id, w->activity, r->user->id, r->now);
	if (w->id < 0)
		return (int)w->id;
	if ((rc = audit_add(c->audit, "csip_activity", w->id, "create")) != STORE_OK)
		return rc;
	if (w->completing && (rc = record_marked(r, c, w->activity)) == STORE_OK && w->activity->confirmed_at)
		rc = complete_plan_if_done(r, c);
	return rc;
}

void csip_activity_add(struct req *r)
{
	struct ctx c;
	int64_t if_version = 0;
	if (!load(r, req_param_id(r, 0), &c) || !api_allow(r, is_editor(&c)) || !api_body_object(r) ||
	    api_if_match(r, &if_version) < 0 || no_plan(r, &c))
		return;
	/* a completed plan takes an activity for a standard left open since (and is active again) */
	if (!csip_reopens_for_gap(&c.plan, r->now) && !allowed_now(r, &c, CSIP_EDIT_ACTIVITIES))
		return;
	json_t *errs = json_array();
	struct store_csip_activity act = {.status = "not_started"};
	act.standard = body_standard(r->body, errs, true);
	act.description = (char *)api_str(r->body, "description", CSIP_DESCRIPTION_MAX, true, errs);
	act.responsible = (char *)api_str(r->body, "responsible", CSIP_RESPONSIBLE_MAX, true, errs);
	act.due_date = body_date(r->body, "due_date", true, errs);
	int status = body_activity_status(r->body, errs);
	const char *problem;
	if (act.standard && (problem = csip_standard_problem(&c.plan, act.standard, r->now)))
		json_array_append_new(errs, problem_error("standard", "standard_met", problem));
	if (act.due_date && (problem = csip_due_date_problem(&c.plan, act.due_date)))
		json_array_append_new(errs, problem_error("due_date", "before_plan_start", problem));
	check_text(errs, "description", act.description, csip_description_problem(act.description));
	check_text(errs, "responsible", act.responsible, csip_responsible_problem(act.responsible));
	if (api_invalid(r, errs))
		return;
	if (status > 0) {
		struct csip_activity fresh = {.status = CSIP_NOT_STARTED};
		if ((problem = csip_activity_status_change_problem(&c.plan, &fresh, (enum csip_activity_status)status))) {
			reply_problem(r, 409, "invalid_state", problem, NULL);
			return;
		}
		act.status = (char *)csip_activity_status_name((enum csip_activity_status)status);
		if (status == CSIP_ACTIVITY_COMPLETED)
			mark_completed(r, &c, &act);
	}
	struct write w = {.run = write_activity_add, .if_version = if_version, .activity = &act,
			  .completing = status == CSIP_ACTIVITY_COMPLETED};
	if (in_transaction(r, &c, &w))
		reply_activity(r, &c.plan, w.id, 201);
}

/* The activity (If-Match on the activity), the plan's version, the history of a completion, and
 * the plan's completion when this confirmed its last open activity. */
static int write_activity_update(struct req *r, struct ctx *c, struct write *w)
{
	int rc = store_csip_activity_update(r->db, w->activity, w->if_version);
	if (rc == STORE_OK)
		rc = store_csip_touch(r->db, c->stored.id, 0);
	if (rc == STORE_OK && w->completing)
		rc = record_marked(r, c, w->activity);
	if (rc == STORE_OK && w->activity->confirmed_at)
		rc = complete_plan_if_done(r, c);
	if (rc == STORE_OK)
		rc = audit_add(c->audit, "csip_activity", w->activity->id, w->completing ? "complete" : "update");
	return rc;
}

/* The activity of path segment 0 with its assessment's context and the caller's side; false
 * after answering. */
static bool load_activity(struct req *r, struct store_csip_activity *act, const struct csip_activity **current,
			  struct ctx *c)
{
	int64_t id = req_param_id(r, 0);
	int rc = id ? store_csip_activity_get(r->db, &r->arena, id, act) : STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	if (!load(r, act->assessment_id, c))
		return false;
	*current = NULL;
	for (size_t i = 0; i < c->plan.nactivities; i++)
		if (c->plan.activities[i].id == act->id)
			*current = &c->plan.activities[i];
	if (!*current) { /* removed between the two reads */
		reply_problem(r, 404, "not_found", "There is no such plan activity.", NULL);
		return false;
	}
	return true;
}

void csip_activity_update(struct req *r)
{
	int64_t if_version = 0;
	struct store_csip_activity act;
	const struct csip_activity *current;
	struct ctx c;
	if (!load_activity(r, &act, &current, &c) || !api_allow(r, is_editor(&c)) || !api_body_object(r) ||
	    api_if_match(r, &if_version) < 0 || !allowed_now(r, &c, CSIP_EDIT_ACTIVITIES))
		return;
	json_t *errs = json_array();
	if (json_object_get(r->body, "standard"))
		json_array_append_new(errs, problem_error("standard", "read_only",
			"An activity keeps its standard; add a new activity for another standard."));
	const char *description = api_str(r->body, "description", CSIP_DESCRIPTION_MAX, false, errs);
	const char *responsible = api_str(r->body, "responsible", CSIP_RESPONSIBLE_MAX, false, errs);
	instant_t due_date = body_date(r->body, "due_date", false, errs);
	int status = body_activity_status(r->body, errs);
	const char *problem;
	check_text(errs, "description", description, csip_description_problem(description));
	check_text(errs, "responsible", responsible, csip_responsible_problem(responsible));
	if (due_date && (problem = csip_due_date_problem(&c.plan, due_date)))
		json_array_append_new(errs, problem_error("due_date", "before_plan_start", problem));
	if (api_invalid(r, errs))
		return;
	bool revising = description || responsible || due_date;
	if (revising && !allowed_now(r, &c, CSIP_REVISE_ACTIVITY))
		return;
	if (status >= 0 &&
	    (problem = csip_activity_status_change_problem(&c.plan, current, (enum csip_activity_status)status))) {
		reply_problem(r, 409, "invalid_state", problem, NULL);
		return;
	}
	bool completing = status == CSIP_ACTIVITY_COMPLETED && current->status != CSIP_ACTIVITY_COMPLETED;
	if (description) act.description = (char *)description;
	if (responsible) act.responsible = (char *)responsible;
	if (due_date) act.due_date = due_date;
	if (status >= 0) act.status = (char *)csip_activity_status_name((enum csip_activity_status)status);
	if (completing) mark_completed(r, &c, &act);
	struct write w = {.run = write_activity_update, .if_version = if_version, .activity = &act, .completing = completing};
	if (in_transaction(r, &c, &w))
		reply_activity(r, &c.plan, act.id, 200);
}

static int write_activity_delete(struct req *r, struct ctx *c, struct write *w)
{
	int rc = store_csip_activity_delete(r->db, w->activity->id, w->if_version);
	if (rc == STORE_OK)
		rc = store_csip_touch(r->db, c->stored.id, 0);
	if (rc == STORE_OK)
		rc = audit_add(c->audit, "csip_activity", w->activity->id, "delete");
	return rc;
}

void csip_activity_delete(struct req *r)
{
	int64_t if_version = 0;
	struct store_csip_activity act;
	const struct csip_activity *current;
	struct ctx c;
	if (!load_activity(r, &act, &current, &c) || !api_allow(r, is_editor(&c)) || api_if_match(r, &if_version) < 0 ||
	    !allowed_now(r, &c, CSIP_REVISE_ACTIVITY))
		return;
	struct write w = {.run = write_activity_delete, .if_version = if_version, .activity = &act};
	if (in_transaction(r, &c, &w))
		reply_plan(r, &c, 200);
}

/* Confirming or returning a completion: the activity, its history, the plan's completion. */
static int write_confirmation(struct req *r, struct ctx *c, struct write *w)
{
	int rc = store_csip_activity_update(r->db, w->activity, w->if_version);
	if (rc == STORE_OK)
		rc = store_csip_touch(r->db, c->stored.id, 0);
	if (rc == STORE_OK)
		rc = record_completion(r, c, w->activity, w->action, w->reason);
	if (rc == STORE_OK && w->activity->confirmed_at)
		rc = complete_plan_if_done(r, c);
	if (rc == STORE_OK)
		rc = audit_add(c->audit, "csip_activity", w->activity->id, w->action);
	return rc;
}

/* An agency editor of a participating agency confirms or returns a reported completion. */
static bool confirmation_allowed(struct req *r, struct store_csip_activity *act, struct ctx *c, int64_t *if_version)
{
	const struct csip_activity *current;
	if (!load_activity(r, act, &current, c) || !api_allow(r, is_agency_editor(c)) || api_if_match(r, if_version) < 0)
		return false;
	const char *problem = csip_confirmation_problem(&c->plan, current);
	if (problem)
		reply_problem(r, 409, "invalid_state", problem, NULL);
	return !problem;
}

void csip_activity_confirm(struct req *r)
{
	int64_t if_version = 0;
	struct store_csip_activity act;
	struct ctx c;
	if (!confirmation_allowed(r, &act, &c, &if_version))
		return;
	act.confirmed_at = r->now; /* the instant that counts for the standing and the six-month clock */
	act.confirmed_by = r->user->id;
	struct write w = {.run = write_confirmation, .if_version = if_version, .activity = &act, .action = "confirmed"};
	if (in_transaction(r, &c, &w))
		reply_activity(r, &c.plan, act.id, 200);
}

void csip_activity_return(struct req *r)
{
	int64_t if_version = 0;
	struct store_csip_activity act;
	struct ctx c;
	if (!confirmation_allowed(r, &act, &c, &if_version) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	const char *reason = api_str(r->body, "reason", CSIP_REASON_MAX, true, errs);
	if (reason && !reason[strspn(reason, " \t\r\n")])
		reason = "";
	check_text(errs, "reason", reason, csip_return_reason_problem(reason));
	if (api_invalid(r, errs))
		return;
	/* back in progress: the partner carries on and reports it again */
	act.status = (char *)csip_activity_status_name(CSIP_IN_PROGRESS);
	act.completed_at = 0;
	act.reported_by = 0;
	act.returned_at = r->now;
	act.returned_by = r->user->id;
	act.return_reason = (char *)reason;
	struct write w = {.run = write_confirmation, .if_version = if_version, .activity = &act, .action = "returned",
			  .reason = reason};
	if (in_transaction(r, &c, &w))
		reply_activity(r, &c.plan, act.id, 200);
}

/* "2027-02-01" means through the end of that day; an instant is taken as written. */
static instant_t body_until(json_t *body, json_t *errs)
{
	const char *s = api_str(body, "until", 40, true, errs);
	instant_t t = 0;
	if (!s)
		return 0;
	if (time_parse_date(s, &t) == 0)
		return t + 86399;
	if (time_parse_instant(s, &t) == 0)
		return t;
	json_array_append_new(errs, problem_error("until", "invalid_value", "Write the new end as YYYY-MM-DD or an ISO 8601 instant."));
	return 0;
}

static int write_extension(struct req *r, struct ctx *c, struct write *w)
{
	int rc = store_csip_touch(r->db, c->stored.id, w->if_version);
	if (rc != STORE_OK)
		return rc;
	w->id = store_csip_extension_add(r->db, c->stored.id, w->until, w->reason, r->user->id, r->now);
	return w->id < 0 ? (int)w->id : record(r, c, c->stored.id, "extend", w->reason, r->now);
}

void csip_extend(struct req *r)
{
	struct ctx c;
	int64_t if_version = 0;
	if (!load(r, req_param_id(r, 0), &c) || !api_allow(r, is_advanced(&c)) || !api_body_object(r) ||
	    api_if_match(r, &if_version) < 0 || no_plan(r, &c) || !allowed_now(r, &c, CSIP_EXTEND))
		return;
	json_t *errs = json_array();
	instant_t until = body_until(r->body, errs);
	const char *reason = api_str(r->body, "reason", CSIP_REASON_MAX, true, errs);
	const char *problem;
	check_text(errs, "reason", reason, csip_extension_reason_problem(reason));
	if (until && (problem = csip_extension_until_problem(&c.plan, c.settings, until)))
		json_array_append_new(errs, problem_error("until", "not_later", problem));
	if (api_invalid(r, errs))
		return;
	struct write w = {.run = write_extension, .if_version = if_version, .until = until, .reason = reason};
	if (in_transaction(r, &c, &w))
		reply_assessment(r, &c);
}

/* Names the standards that still need an activity, for the refusal of a submission. */
static void reply_gaps(struct req *r, const int *missing, int n)
{
	json_t *errs = json_array();
	char *list = arena_strdup(&r->arena, "");
	for (int i = 0; i < n; i++) {
		char *field = arena_printf(&r->arena, "standards[%d]", missing[i]);
		char *msg = arena_printf(&r->arena, "Standard %d is not met and has no activity yet; add at least one.", missing[i]);
		json_array_append_new(errs, problem_error(field, "no_activity", msg));
		list = arena_printf(&r->arena, "%s%s%d", list, i == 0 ? "" : i == n - 1 ? " and " : ", ", missing[i]);
	}
	char *detail = arena_printf(&r->arena, "Add at least one activity for standard%s %s before submitting the plan.",
				    n > 1 ? "s" : "", list);
	reply_problem(r, 422, "incomplete", detail, errs);
}

void csip_submit(struct req *r)
{
	struct ctx c;
	int64_t if_version = 0;
	if (!load(r, req_param_id(r, 0), &c) || !api_allow(r, is_editor(&c)) || api_if_match(r, &if_version) < 0 ||
	    no_plan(r, &c) || !allowed_now(r, &c, CSIP_SUBMIT))
		return;
	int missing[CSIP_STANDARDS];
	int n = csip_submit_gaps(&c.plan, r->now, missing);
	if (n > 0) {
		reply_gaps(r, missing, n);
		return;
	}
	if (c.plan.nactivities == 0) {
		reply_problem(r, 422, "incomplete", "Add at least one activity before submitting the plan.",
			      json_pack("[o]", problem_error("activities", "required", "The plan has no activity.")));
		return;
	}
	if (transition(r, &c, if_version, "submitted", "submit"))
		reply_assessment(r, &c);
}

void csip_approve(struct req *r)
{
	struct ctx c;
	int64_t if_version = 0;
	if (!load(r, req_param_id(r, 0), &c) || !api_allow(r, is_advanced(&c)) || api_if_match(r, &if_version) < 0 ||
	    no_plan(r, &c) || !allowed_now(r, &c, CSIP_APPROVE))
		return;
	if (transition(r, &c, if_version, "active", "approve"))
		reply_assessment(r, &c);
}
