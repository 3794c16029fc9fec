/* demo_partners.h: helpers that write demonstration partners and assessments through the
 * store, step by step as the real process would (answers, documents, history, rating), so that
 * every status of DOMAIN.md can be shown. Used by `psea demo`; a bulk generator can reuse them. */
#ifndef PSEA_DEMO_PARTNERS_H
#define PSEA_DEMO_PARTNERS_H
#include <stdbool.h>
#include "../store/store.h"

struct demo_ctx {
	struct db *db;
	struct arena *arena;
	instant_t now;
	const char *data_dir;       /* where document files go (<data>/blobs); NULL: no documents */
	int64_t lead_agency_id;     /* the agency opening assessments */
	int64_t advanced_user_id;   /* who opens, finalizes and unlocks */
	int64_t editor_user_id;     /* who verifies */
	int64_t partner_user_id;    /* who fills the partner's sections (0: the agency on its behalf) */
};

/* How far an assessment goes. */
enum demo_stage {
	DEMO_INTRO,            /* opened, Section 1 not answered */
	DEMO_SELF_ASSESSMENT,  /* Section 1 answered, some of Section 2 saved */
	DEMO_SUBMITTED,
	DEMO_VERIFICATION,     /* part of the verification saved */
	DEMO_RATED,
	DEMO_RATING_UNLOCKED,
};

/* A partner (organisation and partner record); parent_id 0 when none. Returns its id or < 0. */
int64_t demo_partner(struct demo_ctx *c, const char *name, const char *type, const char *country, int64_t parent_id);
/* An assessment of the partner taken to `stage`, opened at `opened_at`. answers: 8 characters,
 * one per standard, 'y' yes, 'n' no, 'a' not applicable, '-' unanswered; the same answers are
 * self-assessed and verified. Ratings are given `rated_days` days after opening. Returns the
 * assessment's id or < 0. */
int64_t demo_assessment(struct demo_ctx *c, int64_t partner_id, enum demo_stage stage, const char *answers,
			instant_t opened_at, int rated_days);
/* A migrated past assessment. */
int64_t demo_past_assessment(struct demo_ctx *c, int64_t partner_id, int64_t agency_id, instant_t date,
			     const char *rating, const char *legacy_risk);
int64_t demo_partnership(struct demo_ctx *c, int64_t partner_id, int64_t agency_id, instant_t start);
#endif
