/* alerts.c: what awaits the caller (DOMAIN.md, "Alerts"). Partner users: Section 1 or 2 to
 * fill, a rating unlocked with its reason, its own rating expiring (its last expiring.months) or
 * expired. Agency users: self-assessments to verify, unlock requests, unlocked ratings to
 * finalize again, and the standings expiring or expired of the partners it works with (an
 * active partnership today: the rating of a partner it no longer works with is no longer its
 * task). Plans add their own.
 * The same list goes out by e-mail (psea alerts send): alerts_of_account serves both. */
#include <string.h>
#include "alerts.h"
#include "handlers.h"
#include "psea.h"
#include "standing.h"
#include "csip_alerts.h"
#include "../domain/incident.h"

#define ALERT_STANDINGS_PAGE 200 /* partners whose standings load together */
#define DAY_SECONDS 86400

static json_t *alert(const char *kind, const char *message, int64_t assessment_id, int64_t partner_id,
		     const char *partner_name, json_t *due)
{
	return json_pack("{s:s, s:s, s:o, s:{s:o, s:s?}, s:o}", "kind", kind, "message", message,
			 "assessment_id", assessment_id ? api_id(assessment_id) : json_null(),
			 "partner", "id", api_id(partner_id), "name", partner_name, "due", due ? due : json_null());
}

/* The reason given when the rating was last unlocked. */
static const char *unlock_reason(struct req *r, int64_t assessment_id)
{
	struct history_entry *h;
	size_t n;
	const char *reason = NULL;
	if (store_history_list(r->db, &r->arena, assessment_id, &h, &n) == STORE_OK)
		for (size_t i = 0; i < n; i++)
			if (strcmp(h[i].action, "rating_unlocked") == 0)
				reason = h[i].reason;
	return reason;
}

/* The partner's own rating ending: within expiring.months, or past (a reassessment is needed).
 * due: the end of validity. */
static void partner_expiry_alert(struct req *r, json_t *items)
{
	struct standing s;
	if (psea_standing(r, r->user->org.id, &s) != STORE_OK)
		return;
	if (s.status == STANDING_EXPIRING)
		json_array_append_new(items, alert("rating_expiring",
			"Your PSEA rating comes to the end of its validity: ask the agency you work with for a reassessment.",
			0, r->user->org.id, r->user->org.name, api_date(s.valid_until)));
	else if (s.status == STANDING_EXPIRED)
		json_array_append_new(items, alert("rating_expired",
			"Your PSEA rating has expired: a reassessment is needed before it counts again.",
			0, r->user->org.id, r->user->org.name, api_date(s.valid_until)));
}

static void partner_alerts(struct req *r, json_t *items)
{
	partner_expiry_alert(r, items);
	struct assessment_brief *b;
	size_t n;
	if (store_assessments_for_partner_brief(r->db, &r->arena, r->user->org.id, &b, &n) != STORE_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(b[i].status, "intro") == 0)
			json_array_append_new(items, alert("intro_to_fill", "Answer the introductory questions (Section 1).",
							   b[i].id, b[i].partner_id, b[i].partner_name, NULL));
		else if (strcmp(b[i].status, "self_assessment") == 0)
			json_array_append_new(items, alert("self_assessment_to_fill",
							   "Fill in and submit the self-assessment (Section 2).",
							   b[i].id, b[i].partner_id, b[i].partner_name, NULL));
		else if (strcmp(b[i].status, "rating_unlocked") == 0) {
			const char *reason = unlock_reason(r, b[i].id);
			json_t *a = alert("rating_unlocked", "The agency unlocked your rating for a new verification.",
					  b[i].id, b[i].partner_id, b[i].partner_name, NULL);
			json_object_set_new(a, "reason", reason ? json_string(reason) : json_null());
			json_array_append_new(items, a);
		}
	}
}

static void agency_alerts(struct req *r, json_t *items)
{
	struct assessment_brief *b;
	size_t n;
	if (store_assessments_for_agency(r->db, &r->arena, r->user->org.id, &b, &n) != STORE_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(b[i].status, "submitted") == 0 || strcmp(b[i].status, "verification") == 0)
			json_array_append_new(items, alert("verification_to_do", "A self-assessment awaits verification.",
							   b[i].id, b[i].partner_id, b[i].partner_name, NULL));
		else if (strcmp(b[i].status, "rating_unlocked") == 0)
			json_array_append_new(items, alert("rating_to_finalize", "An unlocked rating awaits a new verification.",
							   b[i].id, b[i].partner_id, b[i].partner_name, NULL));
		if (b[i].open_unlock_requests > 0)
			json_array_append_new(items, alert("unlock_request", "The partner asks to unlock its self-assessment.",
							   b[i].id, b[i].partner_id, b[i].partner_name, NULL));
	}
	int64_t *ids;
	size_t nids;
	if (store_agency_partner_ids(r->db, &r->arena, r->user->org.id, &ids, &nids) != STORE_OK)
		return;
	instant_t today = r->now - r->now % DAY_SECONDS;
	/* the standings a page of partners at a time, each page in a few queries */
	for (size_t from = 0; from < nids; from += ALERT_STANDINGS_PAGE) {
		size_t page = nids - from < ALERT_STANDINGS_PAGE ? nids - from : ALERT_STANDINGS_PAGE;
		struct psea_standings standings;
		if (psea_standings_load(r, ids + from, page, &standings) != STORE_OK)
			continue;
		for (size_t i = from; i < from + page; i++) {
			const struct psea_standing_of *s = psea_standings_find(&standings, ids[i]);
			struct partner p;
			if (!s || (s->standing.status != STANDING_EXPIRING && s->standing.status != STANDING_EXPIRED))
				continue;
			bool expired = s->standing.status == STANDING_EXPIRED;
			bool partnered = false;
			if (store_partnership_active(r->db, r->user->org.id, ids[i], today, &partnered) != STORE_OK || !partnered)
				continue;
			if (store_partner_get(r->db, &r->arena, ids[i], &p) != STORE_OK)
				continue;
			json_array_append_new(items, expired
				? alert("standing_expired", "The partner's PSEA rating has expired; a reassessment is needed.",
					0, p.id, p.name, api_date(s->standing.valid_until))
				: alert("standing_expiring", "The partner's PSEA rating comes to the end of its validity; plan a reassessment.",
					0, p.id, p.name, api_date(s->standing.valid_until)));
		}
	}
}

#define ALERT_INCIDENTS_MAX 200 /* of each kind, the oldest first: the most urgent */

static json_t *incident_alert(struct req *r, const char *kind, const char *message, const struct incident *inc, json_t *due)
{
	struct org partner;
	json_t *p = inc->partner_id && store_org_get(r->db, &r->arena, inc->partner_id, &partner) == STORE_OK
		? json_pack("{s:o, s:s}", "id", api_id(partner.id), "name", partner.name) : json_null();
	return json_pack("{s:s, s:s, s:o, s:n, s:o, s:o}", "kind", kind, "message", message, "incident_id", api_id(inc->id),
			 "assessment_id", "partner", p, "due", due ? due : json_null());
}

/* A focal point's register: partners' disclosures waiting, onward reports due within 12 hours
 * or late. The register stays confidential: these alerts go to its focal points alone. */
static void register_alerts(struct req *r, json_t *items)
{
	if (api_role(r) != ROLE_AGENCY_FOCAL_POINT || strcmp(r->user->org.kind, "agency") != 0)
		return;
	int64_t hours;
	if (settings_get(r->db, SETTING_INCIDENT_ONWARD_HOURS, &hours) != STORE_OK)
		return; /* like the other alerts, the list goes on without what cannot be read now */
	struct incident *list;
	size_t n;
	/* each kind read apart, so that many late onward reports never hide a disclosure */
	if (store_incident_disclosures_waiting(r->db, &r->arena, r->user->org.id, ALERT_INCIDENTS_MAX, &list, &n) == STORE_OK)
		for (size_t i = 0; i < n; i++)
			if (incident_disclosure_waiting(&list[i]))
				json_array_append_new(items, incident_alert(r, "disclosure_waiting",
					"A partner disclosed an allegation; it awaits your assessment.", &list[i], NULL));
	instant_t received_until = r->now + (INCIDENT_ONWARD_WARN_HOURS - hours) * 3600;
	if (store_incident_onward_pending(r->db, &r->arena, r->user->org.id, received_until, ALERT_INCIDENTS_MAX, &list, &n) != STORE_OK)
		return;
	for (size_t i = 0; i < n; i++)
		if (incident_onward_due_soon(&list[i], hours, INCIDENT_ONWARD_WARN_HOURS, r->now))
			json_array_append_new(items, incident_alert(r, "onward_report_due",
				"Report this allegation onward for investigation: its target passes within 12 hours or has passed.",
				&list[i], api_instant(incident_onward_deadline(&list[i], hours))));
}

/* Every alert of r->user. The readers of standings and plans take a request: of it they read
 * the database, the user, the clock and the arena alone. */
static json_t *alerts_for(struct req *r)
{
	json_t *items = json_array();
	enum role role = api_role(r);
	if (role_is_partner(role))
		partner_alerts(r, items);
	else if (role_is_agency(role))
		agency_alerts(r, items);
	register_alerts(r, items);
	csip_alerts_add(r, items);
	return items;
}

json_t *alerts_of_account(struct db *db, struct user *account, instant_t now)
{
	/* what those readers take, in an arena of its own: the alerts copy every text they keep */
	struct req view = {.db = db, .user = account, .now = now, .request_id = "alerts"};
	arena_init(&view.arena);
	json_t *items = alerts_for(&view);
	arena_free(&view.arena);
	return items;
}

#define ALERT_KIND_MAX 64

/* ?kind= keeps one kind of alert: the home page counts them by kind and links each count to
 * the list of that kind. A kind the caller has none of is an empty list, not an error. */
void alerts_list(struct req *r)
{
	const char *kind = req_query(r, "kind");
	if (kind && (!*kind || strlen(kind) > ALERT_KIND_MAX)) {
		reply_problem(r, 400, "bad_parameter", "kind must be the kind of an alert, such as verification_to_do.", NULL);
		return;
	}
	json_t *items = alerts_of_account(r->db, r->user, r->now);
	if (kind) {
		json_t *kept = json_array();
		size_t i;
		json_t *a;
		json_array_foreach(items, i, a)
			if (strcmp(json_string_value(json_object_get(a, "kind")), kind) == 0)
				json_array_append(kept, a);
		json_decref(items);
		items = kept;
	}
	reply_json(r, 200, api_list(items, 0));
}
