/* demo_csip.c: see demo_csip.h. Each plan is written step by step as the routes would write it
 * (draft, activities, submission, approval, completions, extension), with the instants the rules
 * read, so that the due date, the overdue flag and the six-month score show what they mean. */
#include "demo_csip.h"
#include <string.h>

#define DAY 86400

struct demo_activity {
	int standard;
	const char *description, *responsible;
	int due_days;        /* after the plan's creation */
	const char *status;  /* as the API words it, or "reported": completed, awaiting the agency */
	int completed_days;  /* after the plan's start; used when completed or reported */
};

static int add_activities(struct demo_ctx *c, int64_t plan, instant_t created, instant_t started,
			  const struct demo_activity *acts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool confirmed = strcmp(acts[i].status, "completed") == 0, reported = strcmp(acts[i].status, "reported") == 0;
		int64_t partner = c->partner_user_id ? c->partner_user_id : c->editor_user_id;
		instant_t done_at = confirmed || reported ? started + acts[i].completed_days * DAY : 0;
		/* the partner reports a completion; the agency confirms it the next day, from when it counts */
		struct store_csip_activity a = {
			.standard = acts[i].standard, .description = (char *)acts[i].description,
			.responsible = (char *)acts[i].responsible, .due_date = created - created % DAY + acts[i].due_days * DAY,
			.status = reported ? "completed" : (char *)acts[i].status, .completed_at = done_at,
			.reported_by = done_at ? partner : 0, .confirmed_at = confirmed ? done_at + DAY : 0,
			.confirmed_by = confirmed ? c->editor_user_id : 0,
		};
		if (store_csip_activity_add(c->db, plan, &a, partner, created) < 0)
			return -1;
	}
	return 0;
}

/* A plan created `created` after the rating; submitted and approved a few days later when
 * started_days > 0 (days after creation). */
static int64_t plan(struct demo_ctx *c, int64_t assessment, instant_t created, int started_days,
		    const struct demo_activity *acts, size_t n)
{
	int64_t id = store_csip_create(c->db, assessment, c->editor_user_id, created);
	instant_t started = created + started_days * DAY;
	if (id < 0 || add_activities(c, id, created, started, acts, n) != 0)
		return -1;
	if (started_days <= 0)
		return id;
	if (store_csip_set_status(c->db, id, 0, "submitted", c->editor_user_id, started - 2 * DAY) != STORE_OK ||
	    store_csip_set_status(c->db, id, 0, "active", c->advanced_user_id, started) != STORE_OK)
		return -1;
	return id;
}

static int64_t rated_partner(struct demo_ctx *c, const char *name, const char *country, const char *answers,
			     int rated_days_ago)
{
	int64_t p = demo_partner(c, name, "national_ngo", country, 0);
	if (p < 0 || demo_partnership(c, p, c->lead_agency_id, c->now - 3 * 365 * DAY) < 0)
		return -1;
	/* Opened 40 days before the rating, as the other demonstration ratings are. */
	return demo_assessment(c, p, DEMO_RATED, answers, c->now - (rated_days_ago + 40) * (instant_t)DAY, 40);
}

int demo_csip_fill(struct demo_ctx *c)
{
	instant_t now = c->now;
	int64_t partner_user = c->partner_user_id;
	c->partner_user_id = 0; /* the agency fills these on the partners' behalf */

	/* Draft, due in ten days: medium capacity, standards 4 and 7 unmet. */
	int64_t a = rated_partner(c, "Tumaini Youth Initiative", "KE", "yyynyyna", 20);
	static const struct demo_activity draft[] = {
		{4, "Train all staff and volunteers on the PSEA code of conduct", "Training officer", 45, "not_started", 0},
	};
	if (a < 0 || plan(c, a, now - 15 * DAY, 0, draft, 1) < 0)
		return -1;

	/* Overdue: rated 60 days ago, the draft never submitted. */
	a = rated_partner(c, "Delta Community Care", "UG", "yyyyynya", 60);
	static const struct demo_activity overdue[] = {
		{6, "Map medical, psychosocial and legal services and agree referral forms", "Programme manager", 60, "not_started", 0},
	};
	if (a < 0 || plan(c, a, now - 50 * DAY, 0, overdue, 1) < 0)
		return -1;

	/* Active, some activities done and confirmed, one reported and awaiting the agency, extended
	 * past its six months: low capacity (2, 3, 5, 6 unmet). */
	a = rated_partner(c, "Mwangaza Health Network", "TZ", "ynnynnya", 240);
	static const struct demo_activity active[] = {
		{2, "Add the SEA clause to every sub-grant and supplier contract", "Finance and grants lead", 60, "completed", 40},
		{3, "Introduce reference checks and a self-declaration for every new hire", "HR manager", 90, "completed", 70},
		{3, "Check the references of staff hired in the last two years", "HR manager", 150, "reported", 120},
		{5, "Open a free hotline and a complaints box at each site", "Community engagement officer", 120, "in_progress", 0},
		{6, "Sign referral agreements with the district hospital and a legal aid clinic", "Programme manager", 200,
		 "not_started", 0},
	};
	int64_t p = a < 0 ? -1 : plan(c, a, now - 225 * DAY, 15, active, sizeof active / sizeof active[0]);
	if (p < 0 || store_csip_extension_add(c->db, p, now + 60 * DAY, "The hotline provider changed; the community "
					      "consultations on reporting channels start next month.", c->advanced_user_id,
					      now - 20 * DAY) < 0)
		return -1;

	/* Completed: medium (4 and 7 unmet), one activity done within six months and one after, so
	 * the reassessment score (7) and today's standing (full) differ. */
	a = rated_partner(c, "Pamoja Women's Collective", "KE", "yyynyyna", 320);
	static const struct demo_activity completed[] = {
		{4, "Run PSEA training for all personnel, with attendance records", "Training officer", 120, "completed", 110},
		{7, "Sign an investigation agreement with a qualified external investigator", "Executive director", 200,
		 "completed", 200},
	};
	if (a < 0 || (p = plan(c, a, now - 300 * DAY, 10, completed, 2)) < 0 ||
	    store_csip_set_status(c->db, p, 0, "completed", c->editor_user_id, now - 89 * DAY) != STORE_OK)
		return -1;

	c->partner_user_id = partner_user;
	return 0;
}
