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

static const char *const completion_words[] = {
	[CSIP_COMPLETION_REPORTED] = "reported", [CSIP_COMPLETION_CONFIRMED] = "confirmed",
	[CSIP_COMPLETION_RETURNED] = "returned",
};

enum csip_completion csip_completion_of(const struct csip_activity *a)
{
	if (a->status == CSIP_ACTIVITY_COMPLETED)
		return a->confirmed_at ? CSIP_COMPLETION_CONFIRMED : CSIP_COMPLETION_REPORTED;
	return a->returned_at ? CSIP_COMPLETION_RETURNED : CSIP_COMPLETION_NONE;
}

const char *csip_completion_name(enum csip_completion c)
{
	return c >= CSIP_COMPLETION_REPORTED && c <= CSIP_COMPLETION_RETURNED ? completion_words[c] : NULL;
}

bool csip_activity_superseded(const struct csip_plan *p, const struct csip_activity *a)
{
	if (a->standard < 1 || a->standard > CSIP_STANDARDS || !a->confirmed_at)
		return false;
	instant_t from = p->counts_from[a->standard];
	return from && a->confirmed_at <= from;
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
	case CSIP_REVISE_ACTIVITY:
		if (p->status == CSIP_NONE)
			return "Create the plan first.";
		return p->status == CSIP_DRAFT ? NULL
			: "An activity's description, responsible and due date change, and activities are deleted, only "
			  "while the plan is a draft; once submitted, add a new activity instead.";
	}
	return "This action is not known.";
}

/* A standard is met by the plan when it has activities that still count and every one of them
 * was confirmed by an agency by `at`: the confirmation is the instant that counts, never the
 * partner's report. */
static bool met_by_plan_at(const struct csip_plan *p, int n, instant_t at)
{
	size_t count = 0;
	for (size_t i = 0; i < p->nactivities; i++) {
		const struct csip_activity *a = &p->activities[i];
		if (a->standard != n || csip_activity_superseded(p, a))
			continue;
		if (a->status != CSIP_ACTIVITY_COMPLETED || !a->confirmed_at || a->confirmed_at > at)
			return false;
		count++;
	}
	return count > 0;
}

enum csip_met csip_standard_met(const struct csip_plan *p, int n, instant_t at)
{
	if (n < 1 || n > CSIP_STANDARDS)
		return CSIP_UNMET;
	if (p->met_at_rating[n] && !(p->unmet_since[n] && at >= p->unmet_since[n]))
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
		return a->confirmed_at ? "A confirmed activity stays completed; add a new activity if more work is needed."
			: "This activity is reported completed and awaits the agency's confirmation; the agency may send it back.";
	return NULL;
}

const char *csip_confirmation_problem(const struct csip_plan *p, const struct csip_activity *a)
{
	if (p->status != CSIP_ACTIVE)
		return "Completions are confirmed or sent back only while the plan is active.";
	if (csip_completion_of(a) != CSIP_COMPLETION_REPORTED)
		return a->confirmed_at ? "This activity's completion is confirmed already."
			: "This activity is not reported completed; there is nothing to confirm or send back.";
	return NULL;
}

const char *csip_return_reason_problem(const char *reason)
{
	return text_problem(reason, CSIP_REASON_MAX, "Say why the completion is sent back.",
			    "The reason is longer than 4000 characters.");
}

void csip_apply_inadequate_review(struct csip_plan *p, instant_t reviewed_at)
{
	if (reviewed_at && reviewed_at <= p->rated_at)
		return; /* the rating came after the review and prevails */
	p->unmet_since[CSIP_STANDARDS] = reviewed_at ? reviewed_at : 1; /* of unknown date: always */
	if (reviewed_at > p->counts_from[CSIP_STANDARDS])
		p->counts_from[CSIP_STANDARDS] = reviewed_at;
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
			has = p->activities[i].standard == n && !csip_activity_superseded(p, &p->activities[i]);
		if (!has)
			missing[n_missing++] = n;
	}
	return n_missing;
}

bool csip_reopens_for_gap(const struct csip_plan *p, instant_t now)
{
	int missing[CSIP_STANDARDS];
	return p->status == CSIP_COMPLETED && csip_submit_gaps(p, now, missing) > 0;
}

bool csip_all_activities_completed(const struct csip_plan *p)
{
	if (p->status != CSIP_ACTIVE && p->status != CSIP_COMPLETED)
		return false;
	instant_t last = 0;
	for (size_t i = 0; i < p->nactivities; i++) {
		const struct csip_activity *a = &p->activities[i];
		if (a->status != CSIP_ACTIVITY_COMPLETED || !a->confirmed_at)
			return false;
		if (a->confirmed_at > last)
			last = a->confirmed_at;
	}
	bool met[CSIP_STANDARDS + 1];
	return p->nactivities > 0 && csip_standards_met(p, last, met) == CSIP_STANDARDS;
}

instant_t csip_completed_at(const struct csip_plan *p)
{
	if (!csip_all_activities_completed(p))
		return 0;
	instant_t last = 0;
	for (size_t i = 0; i < p->nactivities; i++)
		if (p->activities[i].confirmed_at > last)
			last = p->activities[i].confirmed_at;
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
	int missing[CSIP_STANDARDS];
	if ((p->status == CSIP_SUBMITTED || p->status == CSIP_ACTIVE) && csip_submit_gaps(p, now, missing) > 0)
		alerts |= CSIP_ALERT_GAP;
	if (p->status == CSIP_ACTIVE) {
		instant_t end = csip_ends_at(p, s);
		if (end && now >= end)
			alerts |= CSIP_ALERT_REASSESSMENT;
		for (size_t i = 0; i < p->nactivities; i++) {
			const struct csip_activity *a = &p->activities[i];
			if (a->status != CSIP_ACTIVITY_COMPLETED && a->due_date && now >= a->due_date)
				alerts |= CSIP_ALERT_ACTIVITY_DUE;
			enum csip_completion c = csip_completion_of(a);
			if (c == CSIP_COMPLETION_REPORTED)
				alerts |= CSIP_ALERT_TO_CONFIRM;
			else if (c == CSIP_COMPLETION_RETURNED)
				alerts |= CSIP_ALERT_RETURNED;
		}
	}
	return alerts;
}
