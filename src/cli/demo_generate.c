/* demo_generate.c: `psea demo --partners N [--seed S]`: a large data set in the proportions of a
 * real deployment, for measuring the server at scale (bench/run). The same seed gives the same
 * data. Everything goes through the store's functions (cached prepared statements) inside the
 * caller's one transaction, so 200,000 partners take seconds rather than hours.
 *
 * Proportions (per 100 partners; the shape of a country-level roll-out, not measured figures):
 * 30 never assessed, 3 with only a migrated past rating, 4 in Section 1, 8 filling the
 * self-assessment, 4 submitted, 5 under verification, 45 rated (their ratings spread over six
 * years, so about one in six has expired), 1 with the rating unlocked. Verified answers are `yes`
 * about 85% of the time, standard 8 mostly `na`; every `yes` of a submitted self-assessment has
 * one approved document behind it (the rows only: no file is written). A rating below `full` of a
 * partner in contact with beneficiaries gets a plan (nine in ten of them: the rest are overdue),
 * one activity per unmet standard: a draft or submitted in its first month, then active, its
 * activities completed more often the older it is, completed when all are. Partnerships: one to
 * three agencies per partner, about one in seven ended. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "demo_generate.h"
#include "../domain/rating.h"

#define DAY 86400
#define YEAR (365 * DAY)

struct rng { uint64_t state; };

/* splitmix64: tiny, fast, and the same sequence on every machine for a seed */
static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static int64_t rng_below(struct rng *r, int64_t n) { return (int64_t)(rng_next(r) % (uint64_t)n); }
static bool rng_percent(struct rng *r, int p) { return rng_below(r, 100) < p; }

/* An index drawn from weights (summing to anything above 0). */
static int rng_weighted(struct rng *r, const int *weights, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += weights[i];
	int64_t x = rng_below(r, total);
	for (int i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

static const char *const partner_types[] = {"national_ngo", "international_cso", "cbo", "academic",
					   "red_cross_red_crescent"};
static const int partner_type_weights[] = {60, 15, 15, 5, 5};

static const char *const countries[] = {"AF", "BD", "CD", "CF", "CM", "CO", "ET", "HT", "IQ", "JO",
					"KE", "LB", "LY", "ML", "MM", "MZ", "NE", "NG", "PK", "PS",
					"SD", "SO", "SS", "SY", "TD", "TR", "UA", "UG", "VE", "YE"};

/* Which agencies lead most assessments, by code. */
static const char *const lead_codes[] = {"UNICEF", "UNHCR", "WFP", "UNFPA", "UNDP", "IOM", "WHO", "FAO",
					 "UNWOMEN", "UNSEC"};
static const int lead_weights[] = {25, 15, 15, 10, 8, 8, 7, 5, 5, 2};

static const char *const name_first[] = {"Hope", "Bright", "New", "Unity", "Green", "Safe", "Open", "Rural",
					 "Youth", "Women's", "Community", "Peace", "Future", "Care", "Light",
					 "River", "Mountain", "Horizon", "Harvest", "Solidarity"};
static const char *const name_second[] = {"Action", "Relief", "Development", "Health", "Education",
					  "Rights", "Voices", "Futures", "Hands", "Bridges", "Roots",
					  "Wells", "Paths", "Shelter", "Aid"};
static const char *const name_kind[] = {"Foundation", "Initiative", "Association", "Network", "Trust",
					"Organisation", "Society", "Collective"};

enum stage { STAGE_NONE, STAGE_MIGRATED, STAGE_INTRO, STAGE_SELF, STAGE_SUBMITTED, STAGE_VERIFICATION,
	     STAGE_RATED, STAGE_UNLOCKED, STAGE_COUNT };
static const int stage_weights[STAGE_COUNT] = {30, 3, 4, 8, 4, 5, 45, 1};

static const char *const comments[] = {
	"Policy adopted by the board; copy attached.",
	"Clause added to all new agreements since last year.",
	"Reference checks done for all new staff.",
	"Training held for all staff; attendance sheets attached.",
	"Hotline and suggestion boxes in every site.",
	"Referral pathway agreed with the local service providers.",
	"Investigation procedure approved; two trained investigators.",
	"No allegation received so far.",
};

struct gen {
	struct db *db;
	struct rng rng;
	instant_t now;
	int64_t user_id;                 /* the agency editor who does everything on behalf */
	int64_t agency_ids[16];
	int nagencies;
	int64_t lead_ids[sizeof lead_codes / sizeof lead_codes[0]];
	struct demo_generated *counts;
};

static const char *const activity_texts[] = {
	"Draft and adopt a PSEA policy naming sexual exploitation and abuse.",
	"Add the PSEA clause to every contract and sub-grant agreement.",
	"Introduce reference checks and self-declarations in recruitment.",
	"Train all staff and volunteers on the PSEA policy.",
	"Set up confidential reporting channels and tell communities about them.",
	"Map service providers and agree a referral procedure.",
	"Agree an investigation procedure or a referral arrangement.",
	"Act on the past allegation and document the measures taken.",
};

/* The capacity strengthening plan of a rating below full, at the stage its age suggests. */
static int plan(struct gen *g, int64_t assessment_id, const enum answer *verified, instant_t rated_at)
{
	instant_t age = g->now - rated_at;
	if (age > 30 * DAY && rng_percent(&g->rng, 10))
		return STORE_OK; /* never made: overdue */
	instant_t created = rated_at + DAY + rng_below(&g->rng, 20 * DAY);
	if (created > g->now)
		created = g->now;
	int64_t id = store_csip_create(g->db, assessment_id, g->user_id, created);
	if (id < 0)
		return STORE_ERROR;
	g->counts->plans++;
	bool started = age > 30 * DAY;
	instant_t started_at = created + 5 * DAY;
	int percent_done = started ? (int)(age / (30 * DAY)) * 15 : 0;
	bool all_done = true;
	instant_t last_done = 0;
	for (int i = 0; i < STANDARD_COUNT; i++) {
		if (standard_met(i + 1, verified[i]))
			continue;
		struct store_csip_activity act = {.standard = i + 1, .description = (char *)activity_texts[i],
						  .responsible = "PSEA focal point", .status = "not_started",
						  .due_date = started_at + (60 + rng_below(&g->rng, 120)) * DAY};
		if (started && rng_percent(&g->rng, percent_done < 95 ? percent_done : 95)) {
			act.status = "completed";
			act.completed_at = started_at + rng_below(&g->rng, (age < 180 * DAY ? age : 180 * DAY) - 5 * DAY);
			last_done = act.completed_at > last_done ? act.completed_at : last_done;
		} else {
			all_done = false;
			if (started && rng_percent(&g->rng, 60))
				act.status = "in_progress";
		}
		if (store_csip_activity_add(g->db, id, &act, g->user_id, created) < 0)
			return STORE_ERROR;
		g->counts->activities++;
	}
	if (!started)
		return store_csip_set_status(g->db, id, 0, rng_percent(&g->rng, 50) ? "submitted" : "draft", g->user_id,
					     created + DAY);
	int rc = store_csip_set_status(g->db, id, 0, "submitted", g->user_id, created + DAY);
	if (rc == STORE_OK)
		rc = store_csip_set_status(g->db, id, 0, "active", g->user_id, started_at);
	if (rc == STORE_OK && all_done)
		rc = store_csip_set_status(g->db, id, 0, "completed", g->user_id, last_done > started_at ? last_done : started_at);
	return rc;
}

static const char *answer_word(enum answer a) { return answer_name(a); }

/* A verified (or self) answer: mostly yes; standard 8 mostly not applicable. */
static enum answer draw_answer(struct gen *g, int standard, int yes_percent)
{
	if (standard == STANDARD_CORRECTIVE_ACTION) {
		int64_t x = rng_below(&g->rng, 100);
		return x < 55 ? ANSWER_NA : x < 92 ? ANSWER_YES : ANSWER_NO;
	}
	return rng_percent(&g->rng, yes_percent) ? ANSWER_YES : ANSWER_NO;
}

/* Saves the answers of side for the standards in [from, to] and moves to new_status. */
static int save_answers(struct gen *g, int64_t id, const char *side, const enum answer *answers, int count,
			const char *new_status, instant_t at)
{
	int standards[STANDARD_COUNT];
	bool set[STANDARD_COUNT];
	const char *words[STANDARD_COUNT], *notes[STANDARD_COUNT];
	for (int i = 0; i < count; i++) {
		standards[i] = i + 1;
		set[i] = true;
		words[i] = answer_word(answers[i]);
		notes[i] = rng_percent(&g->rng, 30) ? comments[i] : NULL;
	}
	return store_assessment_save_answers(g->db, id, 0, NULL, side, count, standards, set, words, set, notes,
					     new_status, g->user_id, at);
}

/* One approved document for each `yes` of the self-assessment. */
static int add_documents(struct gen *g, int64_t assessment_id, int64_t partner_id, const enum answer *self,
			 instant_t at)
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < STANDARD_COUNT; i++) {
		if (self[i] != ANSWER_YES)
			continue;
		char sha[65];
		for (int k = 0; k < 64; k++)
			sha[k] = hex[rng_below(&g->rng, 16)];
		sha[64] = '\0';
		char title[64];
		snprintf(title, sizeof title, "Evidence for standard %d", i + 1);
		struct document d = {.assessment_id = assessment_id, .partner_id = partner_id, .standard = i + 1,
				     .kind = "other", .title = title, .filename = "evidence.pdf",
				     .content_type = "application/pdf", .sha256 = sha,
				     .size = 40000 + rng_below(&g->rng, 3000000), .approved = true, .on_behalf = true,
				     .uploaded_by = g->user_id, .uploaded_at = at};
		if (store_document_add(g->db, &d) < 0)
			return STORE_ERROR;
		g->counts->documents++;
	}
	return STORE_OK;
}

static int history(struct gen *g, int64_t id, const char *action, const char *from, const char *to, instant_t at)
{
	return store_history_add(g->db, id, g->user_id, action, from, to, NULL, at);
}

/* Carries one assessment of the partner as far as its stage, with believable instants. */
static int assess(struct gen *g, int64_t partner_id, int64_t lead, enum stage stage)
{
	/* rated ones over the last six years (some expired); open ones begun in the last 4 months */
	instant_t rated_at = g->now - rng_below(&g->rng, 6 * YEAR);
	instant_t opened = stage >= STAGE_RATED ? rated_at - 30 * DAY - rng_below(&g->rng, 60 * DAY)
						: g->now - rng_below(&g->rng, 120 * DAY) - 5 * DAY;
	int64_t id = store_assessment_add(g->db, partner_id, lead, g->user_id, opened);
	if (id < 0)
		return STORE_ERROR;
	g->counts->assessments++;
	int rc = history(g, id, "create", NULL, "intro", opened);
	if (rc != STORE_OK || stage == STAGE_INTRO)
		return rc;

	instant_t at = opened + DAY;
	struct assessment_intro_row intro = {.contact_with_beneficiaries = rng_percent(&g->rng, 85),
					     .previously_assessed = 0};
	rc = store_assessment_set_intro(g->db, id, 0, NULL, &intro, "self_assessment", at);
	if (rc == STORE_OK)
		rc = history(g, id, "intro", "intro", "self_assessment", at);
	enum answer self[STANDARD_COUNT];
	for (int i = 0; i < STANDARD_COUNT; i++)
		self[i] = draw_answer(g, i + 1, 90);
	/* a self-assessment in progress has some of its answers */
	int answered = stage == STAGE_SELF ? (int)rng_below(&g->rng, STANDARD_COUNT + 1) : STANDARD_COUNT;
	at += 7 * DAY;
	if (rc == STORE_OK && answered > 0)
		rc = save_answers(g, id, "self", self, answered, NULL, at);
	if (rc != STORE_OK || stage == STAGE_SELF)
		return rc;

	rc = add_documents(g, id, partner_id, self, at);
	at += DAY;
	if (rc == STORE_OK)
		rc = store_assessment_set_status(g->db, id, 0, NULL, "submitted", at);
	if (rc == STORE_OK)
		rc = history(g, id, "submit", "self_assessment", "submitted", at);
	if (rc != STORE_OK || stage == STAGE_SUBMITTED)
		return rc;

	enum answer verified[STANDARD_COUNT];
	for (int i = 0; i < STANDARD_COUNT; i++)
		verified[i] = self[i] == ANSWER_YES ? draw_answer(g, i + 1, 85) : self[i];
	answered = stage == STAGE_VERIFICATION ? 1 + (int)rng_below(&g->rng, STANDARD_COUNT) : STANDARD_COUNT;
	at += 10 * DAY;
	rc = save_answers(g, id, "verified", verified, answered, "verification", at);
	if (rc != STORE_OK || stage == STAGE_VERIFICATION)
		return rc;

	struct rating rating = rating_compute(verified, RATING_BANDS_DEFAULT);
	struct rating_row_in row = {.source = "verified", .rating = capacity_name(rating.capacity),
				    .standards_met = rating.standards_met, .eligible = rating.eligible,
				    .rated_at = rated_at, .valid_until = rated_at + 5 * YEAR, .rated_by = g->user_id,
				    .bands = RATING_BANDS_DEFAULT, .decided_at = rated_at};
	rc = store_assessment_set_rating(g->db, id, 0, NULL, &row, rated_at);
	if (rc == STORE_OK)
		rc = history(g, id, "finalize", "verification", "rated", rated_at);
	g->counts->rated++;
	if (rc == STORE_OK && intro.contact_with_beneficiaries && rating.capacity != CAPACITY_FULL)
		rc = plan(g, id, verified, rated_at);
	if (rc != STORE_OK || stage == STAGE_RATED)
		return rc;

	at = rated_at + rng_below(&g->rng, 90 * DAY);
	rc = store_assessment_set_status(g->db, id, 0, NULL, "rating_unlocked", at);
	return rc == STORE_OK ? store_history_add(g->db, id, g->user_id, "unlock_rating", "rated", "rating_unlocked",
						  "Monitoring visit found changes in staffing.", at)
			      : rc;
}

/* One to three agencies work with the partner, the lead among them; a few partnerships ended. */
static int partnerships(struct gen *g, int64_t partner_id, int64_t lead)
{
	int64_t chosen[3] = {lead, 0, 0};
	int n = 1 + rng_percent(&g->rng, 35) + rng_percent(&g->rng, 10);
	for (int i = 1; i < n; i++) {
		int64_t pick = g->agency_ids[rng_below(&g->rng, g->nagencies)];
		bool seen = false;
		for (int k = 0; k < i; k++)
			seen = seen || chosen[k] == pick;
		chosen[i] = seen ? 0 : pick;
	}
	for (int i = 0; i < n; i++) {
		if (!chosen[i])
			continue;
		instant_t start = g->now - 30 * DAY - rng_below(&g->rng, 4 * YEAR);
		int64_t x = rng_below(&g->rng, 100);
		instant_t end = x < 14 ? g->now - rng_below(&g->rng, 300 * DAY) - DAY   /* ended */
			      : x < 50 ? g->now + 30 * DAY + rng_below(&g->rng, 2 * YEAR) /* until a date */
			      : 0;                                                         /* open-ended */
		struct partnership p = {.partner_id = partner_id, .agency_id = chosen[i], .start = start, .end = end};
		if (store_partnership_add(g->db, &p, g->user_id, start) < 0)
			return STORE_ERROR;
		g->counts->partnerships++;
	}
	return STORE_OK;
}

static int one_partner(struct gen *g, long n)
{
	char name[160];
	snprintf(name, sizeof name, "%s %s %s %ld",
		 name_first[rng_below(&g->rng, sizeof name_first / sizeof name_first[0])],
		 name_second[rng_below(&g->rng, sizeof name_second / sizeof name_second[0])],
		 name_kind[rng_below(&g->rng, sizeof name_kind / sizeof name_kind[0])], n);
	struct partner p = {.name = name,
			    .type = (char *)partner_types[rng_weighted(&g->rng, partner_type_weights, 5)],
			    .country = (char *)countries[rng_below(&g->rng, sizeof countries / sizeof countries[0])]};
	instant_t created = g->now - 6 * YEAR - rng_below(&g->rng, YEAR);
	int64_t id = store_partner_add(g->db, &p, g->user_id, created);
	if (id < 0)
		return STORE_ERROR;
	g->counts->partners++;
	int64_t lead = g->lead_ids[rng_weighted(&g->rng, lead_weights, sizeof lead_weights / sizeof lead_weights[0])];
	if (partnerships(g, id, lead) != STORE_OK)
		return STORE_ERROR;
	enum stage stage = (enum stage)rng_weighted(&g->rng, stage_weights, STAGE_COUNT);
	if (stage == STAGE_NONE)
		return STORE_OK;
	if (stage == STAGE_MIGRATED) {
		static const char *const ratings[] = {"full", "medium", "low"};
		struct past_assessment past = {.partner_id = id, .agency_id = lead, .created_by = g->user_id,
					       .date = g->now - rng_below(&g->rng, 5 * YEAR),
					       .rating = (char *)ratings[rng_below(&g->rng, 3)]};
		return store_past_assessment_add(g->db, &past, g->now) < 0 ? STORE_ERROR : STORE_OK;
	}
	return assess(g, id, lead, stage);
}

int demo_generate(struct db *db, long partners, uint64_t seed, instant_t now, struct demo_generated *counts)
{
	struct arena a;
	arena_init(&a);
	struct gen g = {.db = db, .rng = {seed}, .now = now, .counts = counts};
	memset(counts, 0, sizeof *counts);
	struct user editor;
	struct org *agencies;
	size_t n = 0;
	int rc = store_user_by_email(db, &a, DEMO_GENERATOR_USER, &editor);
	if (rc == STORE_OK)
		rc = store_agencies(db, &a, &agencies, &n);
	g.user_id = editor.id;
	for (size_t i = 0; rc == STORE_OK && i < n && g.nagencies < 16; i++)
		g.agency_ids[g.nagencies++] = agencies[i].id;
	for (size_t k = 0; rc == STORE_OK && k < sizeof lead_codes / sizeof lead_codes[0]; k++) {
		g.lead_ids[k] = 0;
		for (size_t i = 0; i < n; i++)
			if (agencies[i].code && strcmp(agencies[i].code, lead_codes[k]) == 0)
				g.lead_ids[k] = agencies[i].id;
		if (!g.lead_ids[k])
			rc = STORE_ENOTFOUND;
	}
	for (long i = 1; rc == STORE_OK && i <= partners; i++)
		rc = one_partner(&g, i);
	arena_free(&a);
	return rc;
}
