/* demo_partners.c: see demo_partners.h. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "demo_partners.h"
#include "../domain/assessment.h"
#include "../domain/rating.h"

#define DAY 86400

/* Suggested evidence per standard (DOMAIN.md), used as document titles. */
static const char *const evidence[8] = {
	"PSEA policy and code of conduct", "Partnership agreement template with the SEA clause",
	"Recruitment procedure and reference-check form", "Training plan and attendance records",
	"Description of the reporting channels", "Referral procedure and service-provider list",
	"Investigation procedure", "Records of action taken on past allegations",
};

int64_t demo_partner(struct demo_ctx *c, const char *name, const char *type, const char *country, int64_t parent_id)
{
	struct partner p = {.name = (char *)name, .type = (char *)type, .country = (char *)country, .parent_id = parent_id};
	return store_partner_add(c->db, &p, c->advanced_user_id, c->now);
}

int64_t demo_partnership(struct demo_ctx *c, int64_t partner_id, int64_t agency_id, instant_t start)
{
	struct partnership p = {.partner_id = partner_id, .agency_id = agency_id, .start = start - start % DAY};
	return store_partnership_add(c->db, &p, c->advanced_user_id, c->now);
}

int64_t demo_past_assessment(struct demo_ctx *c, int64_t partner_id, int64_t agency_id, instant_t date,
			     const char *rating, const char *legacy_risk)
{
	struct past_assessment p = {.partner_id = partner_id, .agency_id = agency_id, .date = date - date % DAY,
				    .rating = (char *)rating, .legacy_sea_risk = (char *)legacy_risk,
				    .created_by = c->advanced_user_id};
	return store_past_assessment_add(c->db, &p, c->now);
}

/* A small PDF naming the document, stored by its SHA-256 like an upload. */
static int write_blob(struct demo_ctx *c, const char *title, char sha_hex[65], int64_t *size)
{
	char body[512];
	int n = snprintf(body, sizeof body, "%%PDF-1.4\n%% %s (demonstration)\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
			 "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n", title);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)body, (unsigned long long)n);
	sodium_bin2hex(sha_hex, 65, digest, sizeof digest);
	*size = n;
	char path[4096];
	snprintf(path, sizeof path, "%s", c->data_dir);
	if (mkdir(path, 0750) != 0 && errno != EEXIST) return -1;
	snprintf(path, sizeof path, "%s/blobs", c->data_dir);
	if (mkdir(path, 0750) != 0 && errno != EEXIST) return -1;
	snprintf(path, sizeof path, "%s/blobs/%.2s", c->data_dir, sha_hex);
	if (mkdir(path, 0750) != 0 && errno != EEXIST) return -1;
	snprintf(path, sizeof path, "%s/blobs/%.2s/%s", c->data_dir, sha_hex, sha_hex + 2);
	FILE *f = fopen(path, "wb");
	if (!f) return -1;
	bool ok = fwrite(body, 1, (size_t)n, f) == (size_t)n;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static int add_document(struct demo_ctx *c, int64_t assessment_id, int64_t partner_id, int standard, const char *title,
			const char *kind, instant_t at)
{
	if (!c->data_dir)
		return 0;
	char sha[65];
	int64_t size;
	if (write_blob(c, title, sha, &size) != 0)
		return -1;
	struct document d = {.assessment_id = assessment_id, .partner_id = partner_id, .standard = standard,
			     .kind = (char *)kind, .title = (char *)title, .filename = "evidence.pdf",
			     .content_type = "application/pdf", .size = size, .sha256 = sha, .approved = true,
			     .uploaded_by = c->partner_user_id ? c->partner_user_id : c->editor_user_id,
			     .on_behalf = c->partner_user_id == 0, .uploaded_at = at};
	return store_document_add(c->db, &d) > 0 ? 0 : -1;
}

static const char *answer_of(char ch)
{
	return ch == 'y' ? "yes" : ch == 'n' ? "no" : ch == 'a' ? "na" : NULL;
}

/* Saves answers of one side for the standards listed in `which` (a string of '1'..'8'). */
static int save(struct demo_ctx *c, int64_t id, const char *side, const char *answers, const char *which,
		const char *status, int64_t user, instant_t at)
{
	int standards[8], n = 0;
	bool set[8];
	const char *values[8], *comments[8] = {0};
	bool no_comment[8] = {false};
	for (const char *w = which; *w && n < 8; w++) {
		int k = *w - '0';
		standards[n] = k;
		set[n] = true;
		values[n] = answer_of(answers[k - 1]);
		n++;
	}
	return store_assessment_save_answers(c->db, id, 0, NULL, side, n, standards, set, values, no_comment, comments,
					     status, user, at);
}

static int history(struct demo_ctx *c, int64_t id, int64_t user, const char *action, const char *from, const char *to,
		   const char *reason, instant_t at)
{
	return store_history_add(c->db, id, user, action, from, to, reason, at);
}

int64_t demo_assessment(struct demo_ctx *c, int64_t partner_id, enum demo_stage stage, const char *answers,
			instant_t opened_at, int rated_days)
{
	int64_t filler = c->partner_user_id ? c->partner_user_id : c->editor_user_id;
	instant_t t = opened_at;
	int64_t id = store_assessment_add(c->db, partner_id, c->lead_agency_id, c->advanced_user_id, t);
	int rc = id > 0 ? history(c, id, c->advanced_user_id, "opened", NULL, "intro", NULL, t) : (int)id;
	if (rc != STORE_OK || stage == DEMO_INTRO)
		return rc == STORE_OK ? id : rc;
	/* Section 1. */
	t += 2 * DAY;
	struct assessment_intro_row intro = {1, 0, 0, 0, NULL};
	rc = store_assessment_set_intro(c->db, id, 0, NULL, &intro, "self_assessment", t);
	if (rc == STORE_OK)
		rc = history(c, id, filler, "intro_completed", "intro", "self_assessment", NULL, t);
	/* Section 2: a first save of three standards, then the rest with their documents. */
	t += 3 * DAY;
	if (rc == STORE_OK)
		rc = save(c, id, "self", answers, "123", "self_assessment", filler, t);
	for (int k = 1; rc == STORE_OK && k <= 8; k++)
		if (answers[k - 1] == 'y' && (stage > DEMO_SELF_ASSESSMENT || k <= 3))
			rc = add_document(c, id, partner_id, k, evidence[k - 1], NULL, t);
	if (rc != STORE_OK || stage == DEMO_SELF_ASSESSMENT)
		return rc == STORE_OK ? id : rc;
	t += 4 * DAY;
	rc = save(c, id, "self", answers, "45678", "submitted", filler, t);
	if (rc == STORE_OK)
		rc = history(c, id, filler, "self_assessment_submitted", "self_assessment", "submitted", NULL, t);
	if (rc != STORE_OK || stage == DEMO_SUBMITTED)
		return rc == STORE_OK ? id : rc;
	/* Verification: a first save, then the rest. */
	t += 5 * DAY;
	rc = save(c, id, "verified", answers, "1234", "verification", c->editor_user_id, t);
	if (rc == STORE_OK)
		rc = history(c, id, c->editor_user_id, "verification_started", "submitted", "verification", NULL, t);
	if (rc != STORE_OK || stage == DEMO_VERIFICATION)
		return rc == STORE_OK ? id : rc;
	rc = save(c, id, "verified", answers, "5678", "verification", c->editor_user_id, t + DAY);
	/* The rating, computed by the same rule as finalize. */
	instant_t rated_at = opened_at + (instant_t)rated_days * DAY;
	enum answer a[STANDARD_COUNT];
	for (int k = 0; k < STANDARD_COUNT; k++) {
		int v = answer_parse(answer_of(answers[k]));
		a[k] = v < 0 ? ANSWER_NONE : (enum answer)v;
	}
	struct rating rt = rating_compute(a, RATING_BANDS_DEFAULT);
	if (!rt.complete)
		return -1;
	struct rating_row_in row = {"verified", capacity_name(rt.capacity), rt.standards_met, rt.eligible, rated_at,
				    assessment_valid_until(rated_at, 5), c->advanced_user_id, RATING_BANDS_DEFAULT, rated_at};
	if (rc == STORE_OK)
		rc = store_assessment_set_rating(c->db, id, 0, NULL, &row, rated_at);
	if (rc == STORE_OK)
		rc = history(c, id, c->advanced_user_id, "finalized", "verification", "rated", NULL, rated_at);
	if (rc != STORE_OK || stage == DEMO_RATED)
		return rc == STORE_OK ? id : rc;
	t = rated_at + 30 * DAY;
	rc = store_assessment_set_status(c->db, id, 0, "rated", "rating_unlocked", t);
	if (rc == STORE_OK)
		rc = history(c, id, c->advanced_user_id, "rating_unlocked", "rated", "rating_unlocked",
			     "A monitoring visit found the reporting hotline out of service.", t);
	return rc == STORE_OK ? id : rc;
}
