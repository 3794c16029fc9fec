/* demo_incidents.c: see demo_incidents.h. The records go through the domain's bookkeeping
 * (incident_start, incident_set_status) so that their instants are what the server would have
 * recorded. */
#include <string.h>
#include "demo_incidents.h"
#include "../domain/incident.h"

#define HOUR 3600
#define DAY 86400

struct demo_incident {
	const char *type, *category, *source;
	int received_days_ago, onward_hours;  /* onward_hours 0: not reported onward yet */
	const char *final_status;
	int status_days_after;                /* when the final status was set */
	bool partner;
	int female_children, female_adults, male_children;
};

static const struct demo_incident incidents[] = {
	{"sexual_exploitation", "implementing_partner", "complaint", 300, 20, "substantiated", 150, false, 1, 0, 0},
	{"sexual_abuse", "implementing_partner", "complaint", 200, 50, "not_substantiated", 90, false, 0, 1, 1},
	{"sexual_harassment", "agency_staff", "complaint", 120, 30, "under_investigation", 10, false, 0, 1, 0},
	{"sexual_exploitation", "implementing_partner", "self_disclosure", 60, 12, "substantiated", 40, true, 0, 2, 0},
	{"other", "other", "other", 1, 0, "received", 0, false, 0, 0, 0},
};

static int64_t add_one(struct demo_ctx *c, const struct demo_incident *d, int64_t partner_id, int64_t focal)
{
	struct incident inc = {
		.agency_id = c->lead_agency_id, .partner_id = d->partner ? partner_id : 0,
		.personnel_category = d->category, .type = d->type, .source = d->source,
		.received_at = c->now - (instant_t)d->received_days_ago * DAY,
		.incident_date = (c->now - (instant_t)(d->received_days_ago + 10) * DAY) / DAY * DAY,
	};
	if (d->onward_hours)
		inc.reported_onward_at = inc.received_at + (instant_t)d->onward_hours * HOUR;
	const int counts[3] = {d->female_children, d->female_adults, d->male_children};
	const char *sexes[3] = {"female", "female", "male"}, *ages[3] = {"child", "adult", "child"};
	for (int i = 0; i < 3; i++)
		if (counts[i])
			inc.victims[inc.nvictims++] = (struct incident_victims){sexes[i], ages[i], counts[i]};
	incident_start(&inc, inc.received_at + HOUR);
	if (d->status_days_after)
		incident_set_status(&inc, d->final_status, inc.received_at + (instant_t)d->status_days_after * DAY);
	if (inc.concluded_at) {
		inc.actions[inc.nactions++] = "letter_on_file";
		inc.assistance[inc.nassistance++] = "psychosocial";
	}
	/* as the API records it: a partner's disclosure always pertains to that partner */
	inc.pertains_to_partner = incident_pertains_by_default(&inc) || strcmp(inc.source, "self_disclosure") == 0;
	return store_incident_add(c->db, &inc, focal);
}

int demo_incidents(struct demo_ctx *c, int64_t partner_id, int64_t focal_user_id)
{
	for (size_t i = 0; i < sizeof incidents / sizeof incidents[0]; i++) {
		int64_t id = add_one(c, &incidents[i], partner_id, focal_user_id);
		if (id < 0)
			return -1;
		/* the partner's own disclosure, and its corrective action judged adequate */
		if (incidents[i].partner && store_review_add(c->db, id, partner_id, true,
			"Staff member separated; community informed.", c->now - 10 * DAY, focal_user_id) < 0)
			return -1;
	}
	return 0;
}
