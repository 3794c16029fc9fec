/* csip.c: the rules of csip.h. */
#include "csip.h"
#include <string.h>

static const char *const plan_words[] = {
	[CSIP_DRAFT] = "draft", [CSIP_SUBMITTED] = "submitted", [CSIP_ACTIVE] = "active", [CSIP_COMPLETED] = "completed",
};
static const char *const activity_words[] = {
	[CSIP_NOT_STARTED] = "not_started", [CSIP_IN_PROGRESS] = "in_progress", [CSIP_ACTIVITY_COMPLETED] = "completed",
};

const char *csip_status_name(enum csip_status s)
{
	return s >= CSIP_DRAFT && s <= CSIP_COMPLETED ? plan_words[s] : NULL;
}

int csip_status_parse(const char *word)
{
	for (int s = CSIP_DRAFT; word && s <= CSIP_COMPLETED; s++)
		if (strcmp(word, plan_words[s]) == 0)
			return s;
	return -1;
}

const char *csip_activity_status_name(enum csip_activity_status s)
{
	return s >= CSIP_NOT_STARTED && s <= CSIP_ACTIVITY_COMPLETED ? activity_words[s] : "not_started";
}

int csip_activity_status_parse(const char *word)
{
	for (int s = CSIP_NOT_STARTED; word && s <= CSIP_ACTIVITY_COMPLETED; s++)
		if (strcmp(word, activity_words[s]) == 0)
			return s;
	return -1;
}

static bool below_full(const char *rating)
{
	return rating && (strcmp(rating, "low") == 0 || strcmp(rating, "medium") == 0);
}

bool csip_required(bool contact_with_beneficiaries, const char *rating)
{
	return contact_with_beneficiaries && below_full(rating);
}

bool csip_available(const char *rating)
{
	return rating && (below_full(rating) || strcmp(rating, "full") == 0);
}

instant_t csip_due(const struct csip_plan *p, struct csip_settings s)
{
	return p->rated_at ? time_add_months(p->rated_at, s.due_months) : 0;
}

bool csip_overdue(const struct csip_plan *p, struct csip_settings s, instant_t now)
{
	bool not_submitted = p->status == CSIP_NONE || p->status == CSIP_DRAFT;
	return not_submitted && p->rated_at && now > csip_due(p, s);
}

const char *csip_action_problem(const struct csip_plan *p, enum csip_action action)
{
	switch (action) {
	case CSIP_CREATE:
		return p->status == CSIP_NONE ? NULL : "This assessment has a plan already.";
	case CSIP_EDIT_ACTIVITIES:
		if (p->status == CSIP_NONE)
			return "Create the plan first.";
		return p->status == CSIP_COMPLETED ? "The plan is completed; its activities can no longer change." : NULL;
	case CSIP_SUBMIT:
		return p->status == CSIP_DRAFT ? NULL : "Only a draft plan can be submitted.";
	case CSIP_APPROVE:
		return p->status == CSIP_SUBMITTED ? NULL : "Only a submitted plan can be approved.";
	case CSIP_EXTEND:
		return p->status == CSIP_ACTIVE ? NULL : "Only an active plan can be extended.";
	case CSIP_CHANGE_ACTIVITY_STATUS:
		return p->status == CSIP_ACTIVE ? NULL
			: "Activities change status only while the plan is active (approved and not completed).";
	}
	return "This action is not known.";
}

/* A standard is met by the plan when it has activities and all of them were completed by `at`. */
static bool met_by_plan_at(const struct csip_plan *p, int n, instant_t at)
{
	size_t count = 0;
	for (size_t i = 0; i < p->nactivities; i++) {
		const struct csip_activity *a = &p->activities[i];
		if (a->standard != n)
			continue;
		if (a->status != CSIP_ACTIVITY_COMPLETED || !a->completed_at || a->completed_at > at)
			return false;
		count++;
	}
	return count > 0;
}

enum csip_met csip_standard_met(const struct csip_plan *p, int n, instant_t at)
{
	if (n < 1 || n > CSIP_STANDARDS)
		return CSIP_UNMET;
	if (p->met_at_rating[n])
		return CSIP_MET_BY_RATING;
	/* A plan that never started has turned nothing into met standards. */
	if (p->status != CSIP_ACTIVE && p->status != CSIP_COMPLETED)
		return CSIP_UNMET;
	return met_by_plan_at(p, n, at) ? CSIP_MET_BY_PLAN : CSIP_UNMET;
}

int csip_standards_met(const struct csip_plan *p, instant_t at, bool met[CSIP_STANDARDS + 1])
{
	int count = 0;
	met[0] = false;
	for (int n = 1; n <= CSIP_STANDARDS; n++) {
		met[n] = csip_standard_met(p, n, at) != CSIP_UNMET;
		count += met[n];
	}
	return count;
}

int csip_met_by_plan(const struct csip_plan *p, instant_t at, bool met_by_plan[CSIP_STANDARDS + 1])
{
	int count = 0;
	met_by_plan[0] = false;
	for (int n = 1; n <= CSIP_STANDARDS; n++) {
		met_by_plan[n] = csip_standard_met(p, n, at) == CSIP_MET_BY_PLAN;
		count += met_by_plan[n];
	}
	return count;
}

const char *csip_standard_problem(const struct csip_plan *p, int standard, instant_t now)
{
	if (standard < 1 || standard > CSIP_STANDARDS)
		return "Choose a core standard from 1 to 8.";
	if (csip_standard_met(p, standard, now) != CSIP_UNMET)
		return "This standard is met already; activities are for unmet standards only.";
	return NULL;
}

static instant_t day_of(instant_t t) { return t - (t % 86400 + 86400) % 86400; }

const char *csip_due_date_problem(const struct csip_plan *p, instant_t due_date)
{
	instant_t start = p->started_at ? p->started_at : p->created_at;
	if (day_of(due_date) < day_of(start))
		return "The due date cannot be before the plan's start.";
	return NULL;
}

static const char *text_problem(const char *text, size_t max, const char *empty, const char *long_)
{
	if (!text || !*text)
		return empty;
	return strlen(text) > max ? long_ : NULL;
}

const char *csip_description_problem(const char *description)
{
	return text_problem(description, CSIP_DESCRIPTION_MAX, "Describe the activity.",
			    "The description is longer than 4000 characters.");
}

const char *csip_responsible_problem(const char *responsible)
{
	return text_problem(responsible, CSIP_RESPONSIBLE_MAX, "Name who is responsible for the activity.",
			    "The responsible person or unit is longer than 200 characters.");
}

const char *csip_activity_status_change_problem(const struct csip_plan *p, const struct csip_activity *a,
						enum csip_activity_status to)
{
	if (to == a->status)
		return NULL;
	const char *problem = csip_action_problem(p, CSIP_CHANGE_ACTIVITY_STATUS);
	if (problem)
		return problem;
	if (a->status == CSIP_ACTIVITY_COMPLETED)
		return "A completed activity stays completed; add a new activity if more work is needed.";
	return NULL;
}

int csip_submit_gaps(const struct csip_plan *p, instant_t now, int missing[CSIP_STANDARDS])
{
	int n_missing = 0;
	if (p->met_unknown && p->nactivities > 0)
		return 0;
	for (int n = 1; n <= CSIP_STANDARDS; n++) {
		if (csip_standard_met(p, n, now) != CSIP_UNMET)
			continue;
		bool has = false;
		for (size_t i = 0; i < p->nactivities && !has; i++)
			has = p->activities[i].standard == n;
		if (!has)
			missing[n_missing++] = n;
	}
	return n_missing;
}

bool csip_all_activities_completed(const struct csip_plan *p)
{
	if (p->status != CSIP_ACTIVE && p->status != CSIP_COMPLETED)
		return false;
	for (size_t i = 0; i < p->nactivities; i++)
		if (p->activities[i].status != CSIP_ACTIVITY_COMPLETED)
			return false;
	return p->nactivities > 0;
}

instant_t csip_completed_at(const struct csip_plan *p)
{
	if (!csip_all_activities_completed(p))
		return 0;
	instant_t last = 0;
	for (size_t i = 0; i < p->nactivities; i++)
		if (p->activities[i].completed_at > last)
			last = p->activities[i].completed_at;
	return last;
}

instant_t csip_ends_at(const struct csip_plan *p, struct csip_settings s)
{
	if (!p->started_at)
		return 0;
	instant_t end = time_add_months(p->started_at, s.reassessment_months);
	for (size_t i = 0; i < p->nextensions; i++)
		if (p->extensions[i].until > end)
			end = p->extensions[i].until;
	return end;
}

int csip_reassessment_score(const struct csip_plan *p, struct csip_settings s, instant_t now)
{
	instant_t end = csip_ends_at(p, s);
	if (!end || now < end || p->met_unknown)
		return -1;
	bool met[CSIP_STANDARDS + 1];
	return csip_standards_met(p, end, met);
}

const char *csip_extension_reason_problem(const char *reason)
{
	return text_problem(reason, CSIP_REASON_MAX, "Give the reason for the extension.",
			    "The reason is longer than 4000 characters.");
}

const char *csip_extension_until_problem(const struct csip_plan *p, struct csip_settings s, instant_t until)
{
	instant_t end = csip_ends_at(p, s);
	if (!end)
		return "Only an active plan can be extended.";
	if (until <= end)
		return "The new end must be later than the plan's current end.";
	return NULL;
}

int csip_alerts(const struct csip_plan *p, bool required, struct csip_settings s, instant_t now)
{
	int alerts = 0;
	bool not_submitted = p->status == CSIP_NONE || p->status == CSIP_DRAFT;
	if (required && not_submitted && p->rated_at)
		alerts |= csip_overdue(p, s, now) ? CSIP_ALERT_OVERDUE : CSIP_ALERT_DUE;
	if (p->status == CSIP_SUBMITTED)
		alerts |= CSIP_ALERT_TO_APPROVE;
	if (p->status == CSIP_ACTIVE) {
		instant_t end = csip_ends_at(p, s);
		if (end && now >= end)
			alerts |= CSIP_ALERT_REASSESSMENT;
		for (size_t i = 0; i < p->nactivities; i++)
			if (p->activities[i].status != CSIP_ACTIVITY_COMPLETED && p->activities[i].due_date &&
			    now >= p->activities[i].due_date)
				alerts |= CSIP_ALERT_ACTIVITY_DUE;
	}
	return alerts;
}
