/* assessment.c: see assessment.h. */
#include "assessment.h"
#include <string.h>
#include "csip.h"

static const char *const status_names[] = {
	[ASSESSMENT_INTRO] = "intro", [ASSESSMENT_SELF_ASSESSMENT] = "self_assessment",
	[ASSESSMENT_SUBMITTED] = "submitted", [ASSESSMENT_VERIFICATION] = "verification",
	[ASSESSMENT_RATED] = "rated", [ASSESSMENT_RATING_UNLOCKED] = "rating_unlocked",
};

int assessment_status_parse(const char *s)
{
	for (int i = 0; s && i <= ASSESSMENT_RATING_UNLOCKED; i++)
		if (strcmp(status_names[i], s) == 0)
			return i;
	return -1;
}

const char *assessment_status_name(enum assessment_status s)
{
	return s >= ASSESSMENT_INTRO && s <= ASSESSMENT_RATING_UNLOCKED ? status_names[s] : "";
}

bool assessment_is_open(enum assessment_status s) { return s != ASSESSMENT_RATED; }

bool assessment_verification_visible(enum assessment_status s, bool partner_side)
{
	return !partner_side || s == ASSESSMENT_RATED;
}

/* Who, among those who see the assessment, may do each action. */
static bool role_may(enum role r, bool partner, enum assessment_action act)
{
	bool partner_editor = partner && r == ROLE_PARTNER_EDITOR;
	bool agency_editor = !partner && role_edits_agency_side(r);
	bool advanced = !partner && role_is_advanced(r);
	switch (act) {
	case ASSESS_READ:
		return true;
	/* The partner fills its own sections; agency editors may do it on its behalf. */
	case ASSESS_EDIT_INTRO:
	case ASSESS_SAVE_SELF:
	case ASSESS_SUBMIT_SELF:
	case ASSESS_UPLOAD:
	case ASSESS_COMMENT:
	case ASSESS_ACTIVITY_EVIDENCE:
		return partner_editor || agency_editor;
	case ASSESS_SAVE_VERIFICATION:
		return agency_editor;
	case ASSESS_FINALIZE:
	case ASSESS_UNLOCK_RATING:
	case ASSESS_UNLOCK_SELF:
	case ASSESS_ACCEPT_PREVIOUS:
	case ASSESS_JOIN:
		return advanced;
	case ASSESS_REQUEST_UNLOCK:
		return partner_editor;
	default:
		return false;
	}
}

int assessment_may(const struct assessment_actor *a, enum assessment_action act)
{
	if (role_is_partner(a->role)) {
		if (!a->own_partner)
			return ASSESS_ENOTFOUND;
		return role_may(a->role, true, act) ? ASSESS_OK : ASSESS_EFORBIDDEN;
	}
	if (!role_is_agency(a->role))
		return ASSESS_EFORBIDDEN; /* administrators manage accounts, not assessments */
	if (act == ASSESS_JOIN)
		return role_is_advanced(a->role) ? ASSESS_OK : ASSESS_EFORBIDDEN;
	if (!a->participating)
		return ASSESS_ENOTFOUND;
	return role_may(a->role, false, act) ? ASSESS_OK : ASSESS_EFORBIDDEN;
}

int assessment_state_allows(enum assessment_status s, enum assessment_action act, bool partner_side)
{
	bool ok;
	switch (act) {
	case ASSESS_READ:
	case ASSESS_COMMENT:
		ok = true;
		break;
	case ASSESS_EDIT_INTRO:
		ok = s == ASSESSMENT_INTRO || s == ASSESSMENT_SELF_ASSESSMENT;
		break;
	case ASSESS_SAVE_SELF:
	case ASSESS_SUBMIT_SELF:
	case ASSESS_ACCEPT_PREVIOUS:
		ok = s == ASSESSMENT_SELF_ASSESSMENT;
		break;
	case ASSESS_SAVE_VERIFICATION:
		ok = s == ASSESSMENT_SUBMITTED || s == ASSESSMENT_VERIFICATION || s == ASSESSMENT_RATING_UNLOCKED;
		break;
	case ASSESS_FINALIZE:
		ok = s == ASSESSMENT_VERIFICATION || s == ASSESSMENT_RATING_UNLOCKED;
		break;
	case ASSESS_UNLOCK_RATING:
		ok = s == ASSESSMENT_RATED;
		break;
	case ASSESS_UNLOCK_SELF:
		/* from a rating too: the agency grants the partner's request for a new self-assessment
		 * (organisational changes) in one step; the rating stays in force until finalized again */
		ok = s == ASSESSMENT_SUBMITTED || s == ASSESSMENT_VERIFICATION || s == ASSESSMENT_RATED ||
		     s == ASSESSMENT_RATING_UNLOCKED;
		break;
	case ASSESS_REQUEST_UNLOCK:
		ok = s != ASSESSMENT_INTRO && s != ASSESSMENT_SELF_ASSESSMENT;
		break;
	case ASSESS_JOIN:
		/* Shared partners: an agency may join while the assessment is open, and after the
		 * rating, to follow the plan and take part in any unlock. */
		ok = true;
		break;
	case ASSESS_UPLOAD:
		/* The partner adds evidence while filling its sections; the agency may add some on its
		 * behalf until the rating is recorded. Rated evidence is frozen. */
		ok = partner_side ? s == ASSESSMENT_INTRO || s == ASSESSMENT_SELF_ASSESSMENT : s != ASSESSMENT_RATED;
		break;
	case ASSESS_ACTIVITY_EVIDENCE:
		/* a plan exists only after the rating; its own status decides the rest */
		ok = s == ASSESSMENT_RATED || s == ASSESSMENT_RATING_UNLOCKED;
		break;
	default:
		ok = false;
	}
	return ok ? ASSESS_OK : ASSESS_ESTATE;
}

enum assessment_status assessment_next_status(enum assessment_status s, enum assessment_action act,
					      bool intro_complete)
{
	switch (act) {
	case ASSESS_EDIT_INTRO:
		return s == ASSESSMENT_INTRO && intro_complete ? ASSESSMENT_SELF_ASSESSMENT : s;
	case ASSESS_SUBMIT_SELF:
		return ASSESSMENT_SUBMITTED;
	case ASSESS_SAVE_VERIFICATION:
		return s == ASSESSMENT_SUBMITTED ? ASSESSMENT_VERIFICATION : s;
	case ASSESS_FINALIZE:
	case ASSESS_ACCEPT_PREVIOUS:
		return ASSESSMENT_RATED;
	case ASSESS_UNLOCK_RATING:
		return ASSESSMENT_RATING_UNLOCKED;
	case ASSESS_UNLOCK_SELF:
		return ASSESSMENT_SELF_ASSESSMENT;
	default:
		return s;
	}
}

bool assessment_activity_evidence_open(int plan_status, int activity_status)
{
	return (plan_status == CSIP_SUBMITTED || plan_status == CSIP_ACTIVE) && activity_status != CSIP_ACTIVITY_COMPLETED;
}

int assessment_document_withdrawable(const struct document_facts *f)
{
	if (f->caller_partner_side != f->uploaded_partner_side)
		return ASSESS_EFORBIDDEN;
	if (f->withdrawn)
		return ASSESS_ESTATE;
	if (f->for_activity)
		return f->activity_evidence_open ? ASSESS_OK : ASSESS_ESTATE;
	if (f->rated_once)
		return ASSESS_ESTATE;
	return assessment_state_allows(f->status, ASSESS_UPLOAD, f->caller_partner_side);
}

bool assessment_intro_complete(const struct assessment_intro *in)
{
	if (in->contact_with_beneficiaries < 0 || in->previously_assessed < 0)
		return false;
	return in->previously_assessed == 0 || in->has_previous;
}

const char *assessment_previous_date_problem(instant_t date, instant_t now, int years)
{
	if (date > now)
		return "The date of the prior assessment must not be in the future.";
	/* Dates have no time of day: a date exactly `years` years before today still counts. */
	instant_t today = now - now % 86400;
	if (date < time_add_months(today, -12 * years))
		return "The prior assessment is older than a rating stays valid (five years by default); it no longer counts.";
	return NULL;
}

struct submit_gaps assessment_submit_gaps(const enum answer answers[STANDARD_COUNT],
					  const int approved_documents[STANDARD_COUNT])
{
	struct submit_gaps g = {0, 0};
	for (int i = 0; i < STANDARD_COUNT; i++) {
		if (answers[i] == ANSWER_NONE)
			g.missing |= 1u << i;
		else if (answers[i] == ANSWER_YES && approved_documents[i] <= 0)
			g.yes_without_document |= 1u << i;
	}
	return g;
}

unsigned assessment_unanswered(const enum answer answers[STANDARD_COUNT])
{
	unsigned m = 0;
	for (int i = 0; i < STANDARD_COUNT; i++)
		if (answers[i] == ANSWER_NONE)
			m |= 1u << i;
	return m;
}

instant_t assessment_valid_until(instant_t rated_at, int years)
{
	return time_add_months(rated_at, 12 * years);
}

bool assessment_previous_needs_plan(enum capacity rating) { return rating != CAPACITY_FULL; }

instant_t assessment_rating_date(instant_t earlier_rated_at, instant_t now, bool new_date)
{
	return earlier_rated_at && !new_date ? earlier_rated_at : now;
}
