/* assessments.h (store): assessments: answers, transitions, ratings, history, comments and unlock
 * requests (assessments.c). */
#ifndef PSEA_STORE_ASSESSMENTS_H
#define PSEA_STORE_ASSESSMENTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"
#include "../domain/rating.h"

/* --- assessments (migration 002_assessments) --- */
struct answer_row {
	char *answer;
	char *comment;
	char *rated;                      /* verified side: the answer of the rating in force, NULL if none */
	int64_t updated_by;
	instant_t updated_at;
};
struct assessment {
	int64_t id, version, partner_id, lead_agency_id;
	char *status;
	int contact_with_beneficiaries;   /* -1 unanswered, 0 no, 1 yes */
	int previously_assessed;          /* -1 unanswered, 0 no, 1 yes */
	int64_t previous_agency_id;
	instant_t previous_date;
	char *previous_rating;
	char *source;                     /* "verified", or "previous" after accept-previous */
	char *rating;                     /* NULL until rated */
	int standards_met;                /* -1 when none */
	int eligible;                     /* -1 when none */
	instant_t rated_at, valid_until;
	int64_t rated_by;
	struct rating_bands bands;        /* the capacity bands the rating was given with; {0, 0}: unknown */
	instant_t decided_at;             /* when the rating was last recorded (finalized, or accepted); 0: not rated */
	int64_t created_by;
	instant_t created_at, updated_at;
	struct answer_row self[8], verified[8];   /* index 0 is standard 1 */
	int64_t *agencies;                /* participating agencies, the lead first */
	size_t nagencies;
	char *imported_from;              /* "offline_form" when brought in from the offline workbook; else NULL */
};
/* Opens an assessment for the partner with the agency as lead and sole participant, with empty
 * answer rows. STORE_ECONSTRAINT when the partner has an open assessment already. */
int64_t store_assessment_add(struct db *db, int64_t partner_id, int64_t agency_id, int64_t user_id, instant_t now);
int store_assessment_get(struct db *db, struct arena *a, int64_t id, struct assessment *out);
/* Marks the assessment as brought in from elsewhere (from: "offline_form"; migration 017). */
int store_assessment_mark_imported(struct db *db, int64_t id, const char *from);
/* The partner's open (not rated) assessment, 0 when none. */
int store_assessment_open_id(struct db *db, int64_t partner_id, int64_t *id);  /* *id 0: none */
/* The open assessments of a page of partners, in two queries whatever the page's size: each with
 * its status and agencies in store_assessment_get's order (lead first, then by joining). */
struct open_assessment_brief {
	int64_t id, partner_id;
	char *status;
	int64_t *agencies;
	size_t nagencies;
};
int store_open_assessments_of(struct db *db, struct arena *a, const int64_t *partner_ids, size_t n,
			      struct open_assessment_brief **out, size_t *nout);
/* The partner's assessments, newest first (at most 100), without answers or agencies. */
int store_assessments_of_partner(struct db *db, struct arena *a, int64_t partner_id, struct assessment **out, size_t *n);
/* Fills the agencies of assessments read by store_assessments_of_partner (the lead first, then
 * in the order they joined), in one query. */
int store_assessments_agencies_fill(struct db *db, struct arena *a, int64_t partner_id, struct assessment *xs, size_t n);
int store_assessment_has_agency(struct db *db, int64_t assessment_id, int64_t agency_id, bool *has);
int store_assessment_add_agency(struct db *db, int64_t assessment_id, int64_t agency_id, int64_t user_id, instant_t now);

/* Every write below moves the version on. Version-checked when if_version > 0 (STORE_ECONFLICT
 * when it moved on); when from_status is given, the row must still be in that status
 * (STORE_ECONFLICT otherwise), so two concurrent transitions cannot both happen. */
struct assessment_intro_row {
	int contact_with_beneficiaries, previously_assessed;  /* -1 unanswered */
	int64_t previous_agency_id;
	instant_t previous_date;
	const char *previous_rating;
};
int store_assessment_set_intro(struct db *db, int64_t id, int64_t if_version, const char *from_status,
			       const struct assessment_intro_row *in, const char *new_status, instant_t now);
/* Saves the answers of the standards listed (others untouched): side "self" or "verified";
 * set_answer[i] / set_comment[i] say which of answers[i] / comments[i] to write. */
int store_assessment_save_answers(struct db *db, int64_t id, int64_t if_version, const char *from_status,
				  const char *side, int n, const int *standards, const bool *set_answer,
				  const char *const *answers, const bool *set_comment, const char *const *comments,
				  const char *new_status, int64_t user_id, instant_t now);
/* Changes the status only. */
int store_assessment_set_status(struct db *db, int64_t id, int64_t if_version, const char *from_status,
				const char *new_status, instant_t now);
/* Records a rating (finalize or accept-previous) and moves to 'rated'. */
/* Finalizing (source "verified") also freezes the verified answers as the rating's (rated_answer)
 * and records the bands. decided_at: the instant of the step, which rated_at need not be (a prior
 * assessment's date; a revision that keeps the rating's date). */
struct rating_row_in {
	const char *source, *rating;
	int standards_met, eligible;     /* -1: none */
	instant_t rated_at, valid_until;
	int64_t rated_by;
	struct rating_bands bands;       /* {0, 0}: none (accepted prior assessment) */
	instant_t decided_at;
};
int store_assessment_set_rating(struct db *db, int64_t id, int64_t if_version, const char *from_status,
				const struct rating_row_in *r, instant_t now);

struct history_entry {
	int64_t id, user_id, org_id;
	instant_t at;
	char *action, *from_status, *to_status, *reason;
	char *user_name, *org_kind, *org_code, *org_name; /* who acted, for the reader; NULL when unknown */
};
int store_history_add(struct db *db, int64_t assessment_id, int64_t user_id, const char *action,
		      const char *from_status, const char *to_status, const char *reason, instant_t now);
int store_history_list(struct db *db, struct arena *a, int64_t assessment_id, struct history_entry **out, size_t *n);

struct comment_row {
	int64_t id, user_id, org_id;
	char *user_name, *text;
	instant_t created_at;
};
int64_t store_comment_add(struct db *db, int64_t assessment_id, int64_t user_id, int64_t org_id, const char *text,
			  instant_t now);
int store_comments_list(struct db *db, struct arena *a, int64_t assessment_id, int64_t after, int limit,
			struct comment_row **out, size_t *n);

struct unlock_request {
	int64_t id, assessment_id, requested_by, resolved_by;
	char *reason;
	instant_t created_at, resolved_at;
};
int64_t store_unlock_request_add(struct db *db, int64_t assessment_id, int64_t user_id, const char *reason, instant_t now);
int store_unlock_requests_list(struct db *db, struct arena *a, int64_t assessment_id, struct unlock_request **out, size_t *n);
/* Marks the open requests of the assessment as granted. */
int store_unlock_requests_resolve(struct db *db, int64_t assessment_id, int64_t user_id, instant_t now);
/* Assessments awaiting an agency (submitted, verification, rating_unlocked, or with an open
 * unlock request) among those the agency takes part in; and a partner's assessments in intro or
 * self_assessment or rating_unlocked. */
struct assessment_brief { int64_t id, partner_id; char *status; char *partner_name; int open_unlock_requests; };
int store_assessments_for_agency(struct db *db, struct arena *a, int64_t agency_id, struct assessment_brief **out, size_t *n);
int store_assessments_for_partner_brief(struct db *db, struct arena *a, int64_t partner_id, struct assessment_brief **out, size_t *n);
#endif
