/* csip_alerts.c: the alerts of plans (csip_alerts.h): due, overdue, to approve, reassessment
 * reached, activity completions to confirm or taken back. */
#include "csip.h"
#include "csip_alerts.h"
#include "standing.h"
#include "../domain/csip.h"

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
