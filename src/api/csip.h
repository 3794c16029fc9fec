/* csip.h: what the other PSEA resources need of the capacity strengthening plan: the plan
 * embedded as `csip` in the assessment object, the partner's `psea.csip` summary, the plan's
 * progress applied to the standing, and the plan's alerts. */
#ifndef PSEA_API_CSIP_H
#define PSEA_API_CSIP_H
#include <jansson.h>
#include "psea.h"
#include "../domain/csip.h"
#include "../domain/standing.h"

/* The facts of a rated assessment that its plan depends on. */
struct csip_facts {
	int64_t assessment_id;
	bool rated;                   /* a rating was given (it stays in force while unlocked) */
	const char *rating;           /* full, medium, low; NULL when not rated */
	instant_t rated_at;           /* when the plan's clock starts: the rating, or an accepted prior one's acceptance */
	bool contact;                 /* contact with beneficiaries (Section 1) */
	bool met[CSIP_STANDARDS + 1]; /* met by the verified answers, 1..8 */
	bool met_unknown;             /* an accepted prior rating: no answer per standard */
	instant_t inadequate_since;   /* an inadequate corrective-action review of the partner (0: none) */
};

/* The plan of the rating a partner's standing rests on: what the standing (plan progress) and
 * the `psea.csip` summary read, loaded once per partner with the standing (psea_standings_load). */
struct csip_of_record {
	bool present;                 /* the rating is an assessment's; false for migrated ratings */
	struct csip_facts facts;
	struct csip_settings settings;
	struct csip_plan plan;        /* status CSIP_NONE when there is none */
};
/* The plan settings in force: STORE_OK, or the store's failure. */
int csip_settings_read(struct req *r, struct csip_settings *out);
/* Fills c for the rating record rec (source as the standing reads it) and its stored plan
 * (NULL or id 0: none). Nothing is read from the database. */
void csip_of_record_fill(struct req *r, const struct rating_record *rec, enum rating_source source,
			 const struct store_csip *stored, struct csip_settings settings, struct csip_of_record *c);
/* The partner summary `csip` for the rating in force, from its loaded plan: {"assessment_id",
 * "status": word|null, "due", "required", "overdue", "reassessment": {"date", "score"}}; status
 * null and due set while a required plan does not exist yet; JSON null when no plan is required
 * or exists. New reference. */
json_t *csip_of_record_summary_json(struct req *r, const struct csip_of_record *c);
/* Fills in->met_by_plan from the plan of the rating in force, after applying to the plan the
 * review of corrective action that in carries (standard 8 open to the plan). */
void csip_of_record_extend(struct req *r, struct csip_of_record *c, struct standing_input *in);

/* The plan object of API.md into *out, JSON null when the assessment has none (new reference):
 * STORE_OK, or the store's failure (*out NULL). */
int csip_assessment_json(struct req *r, const struct assessment *x, json_t **out);
/* After the assessment was rated again (finalized with a rating given before): its plan, if
 * any, records the instant, so that completions confirmed before it no longer count, and a
 * completed plan becomes active again when the new rating leaves a standard unmet. Call inside
 * the finalizing write. */
int csip_rerated(struct req *r, struct audit *audit, const struct assessment *x, bool leaves_gap);

/* --- the plan as its routes (csip_plan.c, csip_activities.c) see it --- */
/* Who the caller is for this assessment. */
enum csip_side { CSIP_SIDE_NONE = 0, CSIP_SIDE_PARTNER, CSIP_SIDE_AGENCY };

/* An assessment and its plan, and the caller as the plan sees it. */
struct csip_ctx {
	struct assessment x;
	struct csip_facts facts;
	enum csip_side side;            /* CSIP_SIDE_NONE: a reader such as an admin, never a writer */
	enum role role;
	struct csip_settings settings;
	struct csip_plan plan;     /* status CSIP_NONE when there is none */
	struct store_csip stored;  /* valid when plan.status != CSIP_NONE */
	struct audit *audit;       /* the running write's, inside a write */
};

/* Fills c for the assessment, without the caller's side (for embedding): STORE_OK, or the
 * store's failure. */
int csip_ctx_of(struct req *r, const struct assessment *x, struct csip_ctx *c);
/* Loads the assessment's plan into *plan (domain form, arrays in the request arena); a missing
 * plan gives status CSIP_NONE. */
int csip_plan_load(struct req *r, const struct csip_facts *f, struct csip_plan *plan, struct store_csip *stored);
/* The plan object and one activity of API.md (new references). */
json_t *csip_plan_json(struct req *r, const struct csip_ctx *c);
json_t *csip_activity_json(const struct csip_plan *p, const struct store_csip_activity *a);
#endif
