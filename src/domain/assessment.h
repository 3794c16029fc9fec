/* assessment.h: the life of a PSEA capacity assessment (DOMAIN.md, "The assessment, step by
 * step"): its statuses, who may do what, in which status, and where each step leads. Pure
 * functions: the api layer passes in who the caller is relative to the assessment. */
#ifndef PSEA_ASSESSMENT_H
#define PSEA_ASSESSMENT_H
#include <stdbool.h>
#include "rating.h"
#include "roles.h"
#include "../util/timeutil.h"

enum assessment_status {
	ASSESSMENT_INTRO = 0,
	ASSESSMENT_SELF_ASSESSMENT,
	ASSESSMENT_SUBMITTED,
	ASSESSMENT_VERIFICATION,
	ASSESSMENT_RATED,
	ASSESSMENT_RATING_UNLOCKED,
};
int assessment_status_parse(const char *s);               /* -1 when unknown */
const char *assessment_status_name(enum assessment_status s);

enum assessment_action {
	ASSESS_READ = 0,
	ASSESS_EDIT_INTRO,        /* Section 1 */
	ASSESS_SAVE_SELF,         /* Section 2, save for later */
	ASSESS_SUBMIT_SELF,
	ASSESS_SAVE_VERIFICATION,
	ASSESS_FINALIZE,
	ASSESS_UNLOCK_RATING,
	ASSESS_UNLOCK_SELF,
	ASSESS_REQUEST_UNLOCK,
	ASSESS_ACCEPT_PREVIOUS,
	ASSESS_JOIN,              /* another agency joins a shared partner's assessment */
	ASSESS_UPLOAD,
	ASSESS_COMMENT,
	ASSESS_ACTIVITY_EVIDENCE, /* evidence of a plan activity, after the rating */
	ASSESS_ACTION_COUNT,
};

/* The caller as the assessment sees it. */
struct assessment_actor {
	enum role role;
	bool own_partner;     /* a user of the assessed partner */
	bool participating;   /* a user of an agency taking part in the assessment */
};

enum {
	ASSESS_OK = 0,
	ASSESS_ENOTFOUND = -1,  /* the caller may not know the assessment exists: 404 */
	ASSESS_EFORBIDDEN = -2, /* the caller sees it but the role does not allow the action: 403 */
	ASSESS_ESTATE = -3,     /* not in this status: 409 invalid_state */
};

/* Whether the caller may do the action at all (status aside). Partner users of another partner
 * and agencies not taking part get ASSESS_ENOTFOUND, except that any agency advanced editor may
 * join (the observation view and the partner's list of assessments show every assessment). */
int assessment_may(const struct assessment_actor *a, enum assessment_action act);
/* Whether the action is possible in the status; partner_side: the caller is the partner. */
int assessment_state_allows(enum assessment_status s, enum assessment_action act, bool partner_side);
/* The status after a successful action (intro_complete matters for Section 1 only). */
enum assessment_status assessment_next_status(enum assessment_status s, enum assessment_action act,
					      bool intro_complete);
/* An assessment is open until rated; a partner has at most one open assessment. */
bool assessment_is_open(enum assessment_status s);
/* Whether the agency's verified answers and comments are shown: to the agency side always, to
 * the partner only once they are the rating's (status `rated`). Before the rating, and again
 * while a rating is unlocked, they are the agency's working drafts. */
bool assessment_verification_visible(enum assessment_status s, bool partner_side);

/* Section 1 as far as it was answered: -1 unanswered, 0 no, 1 yes. */
struct assessment_intro {
	int contact_with_beneficiaries;
	int previously_assessed;
	bool has_previous;   /* agency, date and rating of the prior assessment are given */
};
bool assessment_intro_complete(const struct assessment_intro *in);

/* The date of a prior assessment must not be in the future nor older than `years` years. Returns
 * NULL when acceptable, else a sentence saying what is wrong. */
const char *assessment_previous_date_problem(instant_t date, instant_t now, int years);

/* Accepting a prior assessment needs, among Section 1's documents, the verified assessment and,
 * when its rating was below full, the plan (CSIP) that came with it: a document of this kind. */
#define ASSESSMENT_DOC_PREVIOUS_PLAN "previous_plan"
bool assessment_previous_needs_plan(enum capacity rating);

/* What keeps a self-assessment from being submitted: every missing answer and every `yes`
 * without an approved document. Bit i of each mask is standard i + 1. */
struct submit_gaps { unsigned missing, yes_without_document; };
struct submit_gaps assessment_submit_gaps(const enum answer answers[STANDARD_COUNT],
					  const int approved_documents[STANDARD_COUNT]);
/* The mask of standards still without a verified answer (finalizing needs none). */
unsigned assessment_unanswered(const enum answer answers[STANDARD_COUNT]);

/* Evidence of a plan activity is added, and withdrawn, while the work it shows is under way:
 * the plan submitted or active (not a draft still being written, not completed) and the
 * activity not completed. Statuses as csip.h numbers them (enum csip_status and
 * csip_activity_status). */
bool assessment_activity_evidence_open(int plan_status, int activity_status);

/* A document as withdrawal sees it (DOMAIN.md, "Documents"). */
struct document_facts {
	bool caller_partner_side;     /* the caller is a user of the partner */
	bool uploaded_partner_side;   /* the partner uploaded it (not an agency on its behalf) */
	enum assessment_status status;
	bool rated_once;              /* the assessment has been rated, even if unlocked since */
	bool for_activity;            /* evidence of a plan activity */
	bool activity_evidence_open;  /* for_activity: assessment_activity_evidence_open */
	bool withdrawn;
};
/* Whether the caller's side may withdraw the document now: only the side that uploaded it
 * (ASSESS_EFORBIDDEN otherwise), once, while the section it belongs to is editable for that side
 * (where it could upload it), and never once the assessment has been rated: documents behind a
 * rating stay. Plan-activity evidence follows its activity instead (ASSESS_ESTATE otherwise). */
int assessment_document_withdrawable(const struct document_facts *f);
/* The rating date (rated_at, from which validity runs) of a finalize. The first finalize dates the
 * rating now. Finalizing again after an unlock revises the same assessment: the rating keeps its
 * date, unless the agency counts the revision as a new assessment (new_date), which dates it now. */
instant_t assessment_rating_date(instant_t earlier_rated_at, instant_t now, bool new_date);

/* The end of validity of a rating given at rated_at (setting validity.years). */
instant_t assessment_valid_until(instant_t rated_at, int years);
#endif
