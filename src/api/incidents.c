/* incidents.c: the allegations register, corrective-action reviews and a partner's
 * self-disclosure (the register's figures: incident_figures.c). The register is confidential: only focal points of the recording
 * agency and administrators learn that an incident exists; everyone else gets 404, as for an
 * object that is not there. Every read is written to the audit log, like every write. */
#include <stdlib.h>
#include <string.h>
#include "api.h"
#include "handlers.h"
#include "incidents.h"
#include "../domain/incident.h"

#define WORD_MAX 64

/* The agency whose register the caller may see: its own for a focal point, 0 (every agency) for
 * an administrator, -1 for anyone else. */
int64_t incidents_register_scope(struct req *r)
{
	enum role role = api_role(r);
	if (role == ROLE_ADMIN)
		return 0;
	if (role == ROLE_AGENCY_FOCAL_POINT && strcmp(r->user->org.kind, "agency") == 0)
		return r->user->org.id;
	return -1;
}

static void not_found(struct req *r) { reply_problem(r, 404, "not_found", "There is no such object.", NULL); }

/* Loads the incident of path segment 0 if the caller may see it; answers 404 otherwise. */
static bool load_visible(struct req *r, struct incident *inc)
{
	int64_t scope = incidents_register_scope(r), id = req_param_id(r, 0);
	if (scope < 0 || !id) {
		not_found(r);
		return false;
	}
	int rc = store_incident_get(r->db, &r->arena, id, inc);
	if (rc == STORE_OK && scope && inc->agency_id != scope)
		rc = STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	return true;
}

static json_t *word_array(const char *const *words, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(words[i]));
	return a;
}

/* The setting incident.onward_hours; false after answering the store's failure. */
bool incidents_onward_hours(struct req *r, int64_t *hours)
{
	int rc = settings_get(r->db, SETTING_INCIDENT_ONWARD_HOURS, hours);
	if (rc != STORE_OK)
		api_store_failed(r, rc);
	return rc == STORE_OK;
}

/* hours: the setting incident.onward_hours, as onward_hours read it. */
static json_t *incident_json(struct req *r, const struct incident *inc, int64_t hours)
{
	struct org agency = {.id = inc->agency_id, .kind = "agency"};
	store_org_get(r->db, &r->arena, inc->agency_id, &agency);
	json_t *victims = json_array();
	for (size_t i = 0; i < inc->nvictims; i++)
		json_array_append_new(victims, json_pack("{s:s, s:s, s:I}", "sex", inc->victims[i].sex, "age_group",
							 inc->victims[i].age_group, "count", (json_int_t)inc->victims[i].count));
	json_t *review = inc->reviewed_at
		? json_pack("{s:b, s:s?, s:o}", "adequate", inc->review_adequate, "notes", inc->review_notes,
			    "reviewed_at", api_instant(inc->reviewed_at))
		: json_null();
	enum incident_onward onward = incident_onward(inc, hours, r->now);
	int64_t days = incident_investigation_days(inc);
	json_t *out = json_pack("{s:o, s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", api_id(inc->id), "version", (json_int_t)inc->version, "agency", api_org_json(&agency),
		"partner_id", inc->partner_id ? api_id(inc->partner_id) : json_null(),
		"personnel_category", inc->personnel_category, "type", inc->type,
		"received_at", api_instant(inc->received_at), "incident_date", api_date(inc->incident_date),
		"reported_onward_at", api_instant(inc->reported_onward_at), "source", inc->source,
		"victims", victims, "status", inc->status, "status_changed_at", api_instant(inc->status_changed_at),
		"actions", word_array(inc->actions, inc->nactions),
		"assistance", word_array(inc->assistance, inc->nassistance), "review", review,
		"reported_onward_within_target", onward == INCIDENT_ONWARD_PENDING ? json_null()
										     : json_boolean(onward == INCIDENT_ONWARD_WITHIN),
		"investigation_ended_at", api_instant(inc->concluded_at),
		"investigation_days", days >= 0 ? json_integer(days) : json_null());
	json_object_set_new(out, "investigation_started_on", api_date(inc->investigation_started_on));
	json_object_set_new(out, "concluded_on", api_date(inc->concluded_on));
	json_object_set_new(out, "finding", inc->finding ? json_string(inc->finding) : json_null());
	json_object_set_new(out, "pertains_to_partner", json_boolean(inc->pertains_to_partner));
	json_object_set_new(out, "self_disclosed", json_boolean(incident_self_disclosed(inc)));
	/* the partner by name, so that the register names it as people know it */
	struct org partner;
	json_object_set_new(out, "partner", inc->partner_id && store_org_get(r->db, &r->arena, inc->partner_id, &partner) == STORE_OK
		? json_pack("{s:o, s:s}", "id", api_id(partner.id), "name", partner.name) : json_null());
	return out;
}

/* --- reading the body: each helper sets a field when the key is present, and appends an error
 * when its value is of the wrong kind. Absent keys leave the field as it was (PATCH). --- */

static void add_error(json_t *errs, const char *field, const char *code, const char *message)
{
	json_array_append_new(errs, problem_error(field, code, message));
}

static void read_word(json_t *body, const char *key, const char **field, json_t *errs)
{
	if (json_object_get(body, key))
		*field = api_str(body, key, WORD_MAX, true, errs);
}

/* An instant (ISO 8601) or a date, or null to clear it when clearable. */
static void read_time(json_t *body, const char *key, bool date, bool clearable, instant_t *field, json_t *errs)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return;
	if (json_is_null(v) && clearable) {
		*field = 0;
		return;
	}
	if (json_is_null(v)) {
		add_error(errs, key, "required", "This field is required.");
		return;
	}
	instant_t t;
	const char *s = json_string_value(v);
	if (!s || (date ? time_parse_date(s, &t) : time_parse_instant(s, &t)) != 0) {
		add_error(errs, key, "invalid_value", date ? "Give a date as YYYY-MM-DD." :
			  "Give an instant in ISO 8601 UTC, such as 2026-11-22T10:15:00Z.");
		return;
	}
	*field = t;
}

/* An id as a string of digits (or a number); null clears it. */
static void read_id(json_t *body, const char *key, int64_t *field, json_t *errs)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return;
	if (json_is_null(v)) {
		*field = 0;
		return;
	}
	long long id = 0;
	char *end = NULL;
	if (json_is_string(v))
		id = strtoll(json_string_value(v), &end, 10);
	else if (json_is_integer(v))
		id = json_integer_value(v);
	if ((end && (*end || end == json_string_value(v))) || id <= 0 || !(json_is_string(v) || json_is_integer(v))) {
		add_error(errs, key, "invalid_value", "Give the id as a string, such as \"42\".");
		return;
	}
	*field = id;
}

/* A boolean; *given tells whether the body carried it. */
static void read_bool(json_t *body, const char *key, bool *field, bool *given, json_t *errs)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return;
	if (!json_is_boolean(v)) {
		add_error(errs, key, "invalid_value", "Give true or false.");
		return;
	}
	*field = json_is_true(v);
	if (given)
		*given = true;
}

static void read_victims(struct req *r, struct incident *inc, json_t *errs)
{
	json_t *list = json_object_get(r->body, "victims");
	if (!list)
		return;
	if (!json_is_array(list)) {
		add_error(errs, "victims", "invalid_type", "victims must be a list of {sex, age_group, count}.");
		return;
	}
	if (json_array_size(list) > INCIDENT_VICTIMS_MAX) {
		add_error(errs, "victims", "too_many", "Give at most one entry per sex and age group (9 entries).");
		return;
	}
	inc->nvictims = 0;
	size_t i;
	json_t *entry;
	json_array_foreach(list, i, entry) {
		char *prefix = arena_printf(&r->arena, "victims[%zu]", i);
		if (!json_is_object(entry)) {
			add_error(errs, prefix, "invalid_type", "Each victim entry is an object {sex, age_group, count}.");
			continue;
		}
		/* Only counts by sex and age group: any other member might identify a person. */
		const char *key;
		json_t *value;
		json_object_foreach(entry, key, value) {
			if (!incident_word_ok(incident_victim_fields, key))
				add_error(errs, arena_printf(&r->arena, "%s.%s", prefix, key), "field_not_allowed",
					  "Victims are recorded only as counts by sex and age group; remove this field.");
		}
		struct incident_victims *v = &inc->victims[inc->nvictims++];
		v->sex = json_string_value(json_object_get(entry, "sex"));
		v->age_group = json_string_value(json_object_get(entry, "age_group"));
		json_t *count = json_object_get(entry, "count");
		v->count = json_is_integer(count) ? json_integer_value(count) : 0;
	}
}

static void read_words(struct req *r, const char *key, const char **words, size_t *n, size_t max, json_t *errs)
{
	json_t *list = json_object_get(r->body, key);
	if (!list)
		return;
	if (!json_is_array(list) || json_array_size(list) > max) {
		add_error(errs, key, "invalid_value", arena_printf(&r->arena, "%s must be a list of at most %zu words.", key, max));
		return;
	}
	*n = 0;
	size_t i;
	json_t *w;
	json_array_foreach(list, i, w) {
		const char *s = json_string_value(w);
		words[(*n)++] = s ? s : "";
	}
}

/* Reads every field the body carries into inc; the status is returned apart, since setting it
 * has consequences (the instants of the status). */
static void read_incident_body(struct req *r, struct incident *inc, const char **status, bool *pertains_given,
			       json_t *errs)
{
	json_t *b = r->body;
	read_time(b, "investigation_started_on", true, true, &inc->investigation_started_on, errs);
	read_time(b, "concluded_on", true, true, &inc->concluded_on, errs);
	read_bool(b, "pertains_to_partner", &inc->pertains_to_partner, pertains_given, errs);
	read_id(b, "partner_id", &inc->partner_id, errs);
	read_word(b, "personnel_category", &inc->personnel_category, errs);
	read_word(b, "type", &inc->type, errs);
	read_word(b, "source", &inc->source, errs);
	read_word(b, "status", status, errs);
	read_time(b, "received_at", false, false, &inc->received_at, errs);
	read_time(b, "incident_date", true, true, &inc->incident_date, errs);
	read_time(b, "reported_onward_at", false, true, &inc->reported_onward_at, errs);
	read_victims(r, inc, errs);
	read_words(r, "actions", inc->actions, &inc->nactions, INCIDENT_ACTIONS_MAX, errs);
	read_words(r, "assistance", inc->assistance, &inc->nassistance, INCIDENT_ASSISTANCE_MAX, errs);
}

static bool has_error(json_t *errs, const char *field)
{
	size_t i;
	json_t *e;
	json_array_foreach(errs, i, e) {
		const char *f = json_string_value(json_object_get(e, "field"));
		if (f && strcmp(f, field) == 0)
			return true;
	}
	return false;
}

/* The domain's checks, plus that the partner named is a partner organisation. */
static void check_incident(struct req *r, const struct incident *inc, json_t *errs)
{
	struct incident_problems problems;
	incident_check(inc, r->now, &problems);
	/* a field whose value could not be read already has its error: one per field */
	for (size_t i = 0; i < problems.n; i++)
		if (!has_error(errs, problems.items[i].field))
			add_error(errs, problems.items[i].field, problems.items[i].code, problems.items[i].message);
	struct org partner;
	if (inc->partner_id && (store_org_get(r->db, &r->arena, inc->partner_id, &partner) != STORE_OK ||
				strcmp(partner.kind, "partner") != 0))
		add_error(errs, "partner_id", "unknown", "There is no partner with this id.");
}

/* A write of an incident: the incident and the audit action; id is the new one's. */
struct incident_write {
	struct incident *inc;
	const char *action;
	int64_t id, version;
	bool adequate;
	const char *notes;
};

static int write_new_incident(struct req *r, struct audit *audit, void *ctx)
{
	struct incident_write *w = ctx;
	w->id = store_incident_add(r->db, w->inc, r->user->id);
	return w->id < 0 ? (int)w->id : audit_add(audit, "incident", w->id, w->action);
}

/* Writes a new incident in one transaction and answers 201 with it. */
static void create_and_answer(struct req *r, struct incident *inc, const char *audit_action)
{
	struct incident_write w = {.inc = inc, .action = audit_action};
	if (!api_write(r, write_new_incident, &w))
		return;
	int64_t id = w.id;
	struct incident created;
	int64_t hours;
	int rc;
	if ((rc = store_incident_get(r->db, &r->arena, id, &created)) != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	if (incidents_onward_hours(r, &hours))
		reply_json(r, 201, incident_json(r, &created, hours));
}

struct shown {
	const struct incident *list;
	size_t n;
};

static int write_reads(struct req *r, struct audit *audit, void *ctx)
{
	(void)r;
	struct shown *shown = ctx;
	int rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < shown->n; i++)
		rc = audit_add(audit, "incident", shown->list[i].id, "read");
	return rc;
}

void incidents_list(struct req *r)
{
	int64_t scope = incidents_register_scope(r);
	if (scope < 0) {
		not_found(r);
		return;
	}
	int limit;
	int64_t cursor;
	if (!api_limit(r, &limit) || !api_cursor(r, &cursor))
		return;
	struct incident *list;
	size_t n;
	int64_t hours;
	if (!incidents_onward_hours(r, &hours))
		return;
	int rc = store_incidents_list(r->db, &r->arena, scope, cursor, limit + 1, &list, &n);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	/* one audit entry per incident shown, written together */
	struct shown shown = {list, n < (size_t)limit ? n : (size_t)limit};
	if (!api_write(r, write_reads, &shown))
		return;
	json_t *items = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(items, incident_json(r, &list[i], hours));
	reply_json(r, 200, api_list(items, n > (size_t)limit ? list[limit - 1].id : 0));
}

void incidents_create(struct req *r)
{
	int64_t scope = incidents_register_scope(r);
	if (scope < 0) {
		not_found(r);
		return;
	}
	if (!api_body_object(r))
		return;
	json_t *errs = json_array();
	struct incident inc = {.agency_id = scope};
	const char *status = NULL;
	bool pertains_given = false;
	read_incident_body(r, &inc, &status, &pertains_given, errs);
	if (!pertains_given)
		inc.pertains_to_partner = incident_pertains_by_default(&inc);
	/* An administrator names the agency whose register receives the record. */
	if (!scope) {
		read_id(r->body, "agency_id", &inc.agency_id, errs);
		struct org agency;
		if (!inc.agency_id && strcmp(r->user->org.kind, "agency") == 0)
			inc.agency_id = r->user->org.id;
		if (!inc.agency_id || store_org_get(r->db, &r->arena, inc.agency_id, &agency) != STORE_OK ||
		    strcmp(agency.kind, "agency") != 0)
			add_error(errs, "agency_id", "unknown", "Name the agency whose register receives this allegation.");
	}
	inc.status = status;
	incident_start(&inc, r->now);
	check_incident(r, &inc, errs);
	if (api_invalid(r, errs))
		return;
	create_and_answer(r, &inc, "create");
}

void incidents_show(struct req *r)
{
	struct incident inc;
	int64_t hours;
	if (!load_visible(r, &inc) || !incidents_onward_hours(r, &hours))
		return;
	if (api_record(r, "incident", inc.id, "read"))
		reply_json(r, 200, incident_json(r, &inc, hours));
}

/* Answers a committed write with the incident as it now stands, or the store's failure. */
static void reply_written(struct req *r, int64_t id)
{
	struct incident inc;
	int64_t hours;
	int rc = store_incident_get(r->db, &r->arena, id, &inc);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	if (incidents_onward_hours(r, &hours))
		reply_json(r, 200, incident_json(r, &inc, hours));
}

static int write_incident_change(struct req *r, struct audit *audit, void *ctx)
{
	struct incident_write *w = ctx;
	int rc = store_incident_update(r->db, w->inc, w->version);
	return rc != STORE_OK ? rc : audit_add(audit, "incident", w->inc->id, "update");
}

void incidents_update(struct req *r)
{
	struct incident inc;
	int64_t version = 0;
	if (!load_visible(r, &inc) || !api_body_object(r) || api_if_match(r, &version) < 0)
		return;
	json_t *v = json_object_get(r->body, "version");
	if (!version && json_is_integer(v))
		version = json_integer_value(v);
	if (version && version != inc.version) {
		api_store_failed(r, STORE_ECONFLICT);
		return;
	}
	json_t *errs = json_array();
	const char *status = NULL;
	read_incident_body(r, &inc, &status, NULL, errs);
	if (status && incident_word_ok(incident_statuses, status))
		incident_set_status(&inc, status, r->now);
	else if (status)
		inc.status = status; /* refused by the check below */
	check_incident(r, &inc, errs);
	if (api_invalid(r, errs))
		return;
	struct incident_write w = {.inc = &inc, .version = version ? version : inc.version};
	if (api_write(r, write_incident_change, &w))
		reply_written(r, inc.id);
}

static int write_review(struct req *r, struct audit *audit, void *ctx)
{
	struct incident_write *w = ctx;
	int64_t id = store_review_add(r->db, w->inc->id, w->inc->partner_id, w->adequate, w->notes, r->now, r->user->id);
	int rc = id < 0 ? (int)id : audit_add(audit, "incident", w->inc->id, w->adequate ? "review_adequate" : "review_inadequate");
	return rc != STORE_OK ? rc : audit_add(audit, "partner", w->inc->partner_id,
					      w->adequate ? "corrective_action_adequate" : "corrective_action_inadequate");
}

void incidents_review(struct req *r)
{
	struct incident inc;
	if (!load_visible(r, &inc) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	json_t *adequate = json_object_get(r->body, "adequate");
	if (!json_is_boolean(adequate))
		add_error(errs, "adequate", "required", "Say whether the corrective action was adequate: true or false.");
	const char *notes = api_str(r->body, "notes", API_TEXT_MAX, false, errs);
	if (api_invalid(r, errs))
		return;
	if (!inc.partner_id) {
		reply_problem(r, 409, "invalid_state",
			      "This allegation names no partner, so there is no partner's corrective action to review. "
			      "Set partner_id first.", NULL);
		return;
	}
	struct incident_write w = {.inc = &inc, .adequate = json_is_true(adequate), .notes = notes};
	if (api_write(r, write_review, &w))
		reply_written(r, inc.id);
}

/* A partner's own report of an allegation, into the register of the agency it chooses. The
 * partner gets a receipt; it cannot read the register afterwards. */
void disclosures_create(struct req *r)
{
	if (!api_allow(r, api_role(r) == ROLE_PARTNER_EDITOR) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	struct incident inc = {.partner_id = r->user->org.id, .source = "self_disclosure",
			       .personnel_category = "implementing_partner", .received_at = r->now,
			       .pertains_to_partner = true};
	read_id(r->body, "agency_id", &inc.agency_id, errs);
	read_word(r->body, "type", &inc.type, errs);
	read_word(r->body, "personnel_category", &inc.personnel_category, errs);
	read_time(r->body, "incident_date", true, true, &inc.incident_date, errs);
	read_victims(r, &inc, errs);
	struct org agency;
	if (!inc.agency_id || store_org_get(r->db, &r->arena, inc.agency_id, &agency) != STORE_OK ||
	    strcmp(agency.kind, "agency") != 0)
		add_error(errs, "agency_id", "unknown", "Choose the agency to which you disclose this allegation.");
	incident_start(&inc, r->now);
	check_incident(r, &inc, errs);
	if (api_invalid(r, errs))
		return;
	struct incident_write w = {.inc = &inc, .action = "disclose"};
	if (!api_write(r, write_new_incident, &w))
		return;
	reply_json(r, 201, json_pack("{s:o, s:o, s:s, s:s, s:o}", "id", api_id(w.id), "agency", api_org_json(&agency),
				     "source", inc.source, "type", inc.type, "received_at", api_instant(inc.received_at)));
}
