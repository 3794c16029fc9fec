/* The assessment step by step (DOMAIN.md): who may do what, in which status, where each step
 * leads, Section 1, submission gaps, validity, partner types. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "../../src/domain/assessment.h"
#include "../../src/domain/csip.h"
#include "../../src/domain/partner.h"

#define DAY 86400

/* Who may do each action, written out as a table: P = partner editor of the partner,
 * p = partner reader, E = agency editor taking part, A = advanced editor taking part,
 * R = agency reader taking part, F = focal point taking part. */
static const struct { enum assessment_action act; const char *who; } may_table[] = {
	{ASSESS_READ, "PpEARF"},
	{ASSESS_EDIT_INTRO, "PEA"},
	{ASSESS_SAVE_SELF, "PEA"},
	{ASSESS_SUBMIT_SELF, "PEA"},
	{ASSESS_SAVE_VERIFICATION, "EA"},
	{ASSESS_FINALIZE, "A"},
	{ASSESS_UNLOCK_RATING, "A"},
	{ASSESS_UNLOCK_SELF, "A"},
	{ASSESS_REQUEST_UNLOCK, "P"},
	{ASSESS_ACCEPT_PREVIOUS, "A"},
	{ASSESS_JOIN, "A"},
	{ASSESS_UPLOAD, "PEA"},
	{ASSESS_COMMENT, "PEA"},
	{ASSESS_ACTIVITY_EVIDENCE, "PEA"},
};

static const struct { char key; enum role role; } keys[] = {
	{'P', ROLE_PARTNER_EDITOR}, {'p', ROLE_PARTNER_READER}, {'E', ROLE_AGENCY_EDITOR},
	{'A', ROLE_AGENCY_ADVANCED_EDITOR}, {'R', ROLE_AGENCY_READER}, {'F', ROLE_AGENCY_FOCAL_POINT},
};

static bool listed(const char *who, char key)
{
	for (; *who; who++)
		if (*who == key) return true;
	return false;
}

static void who_may_do_what(void **state)
{
	(void)state;
	for (size_t t = 0; t < sizeof may_table / sizeof may_table[0]; t++)
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			bool partner = role_is_partner(keys[k].role);
			struct assessment_actor a = {keys[k].role, partner, !partner};
			int expect = listed(may_table[t].who, keys[k].key) ? ASSESS_OK : ASSESS_EFORBIDDEN;
			assert_int_equal(assessment_may(&a, may_table[t].act), expect);
		}
}

/* Another partner's users and agencies not taking part do not learn that it exists. */
static void outsiders_get_not_found(void **state)
{
	(void)state;
	for (int act = 0; act < ASSESS_ACTION_COUNT; act++) {
		struct assessment_actor other_partner = {ROLE_PARTNER_EDITOR, false, false};
		assert_int_equal(assessment_may(&other_partner, (enum assessment_action)act), ASSESS_ENOTFOUND);
		struct assessment_actor reader = {ROLE_PARTNER_READER, false, false};
		assert_int_equal(assessment_may(&reader, (enum assessment_action)act), ASSESS_ENOTFOUND);
		struct assessment_actor agency = {ROLE_AGENCY_EDITOR, false, false};
		assert_int_equal(assessment_may(&agency, (enum assessment_action)act),
				 act == ASSESS_JOIN ? ASSESS_EFORBIDDEN : ASSESS_ENOTFOUND);
		struct assessment_actor admin = {ROLE_ADMIN, false, false};
		assert_int_equal(assessment_may(&admin, (enum assessment_action)act), ASSESS_EFORBIDDEN);
	}
	/* Any agency's advanced editor may join a shared partner's assessment. */
	struct assessment_actor joiner = {ROLE_AGENCY_ADVANCED_EDITOR, false, false};
	assert_int_equal(assessment_may(&joiner, ASSESS_JOIN), ASSESS_OK);
}

/* In which statuses each action is possible: I intro, S self_assessment, U submitted,
 * V verification, R rated, L rating_unlocked (agency side; the partner side differs for uploads). */
static const struct { enum assessment_action act; const char *agency, *partner; } state_table[] = {
	{ASSESS_READ, "ISUVRL", "ISUVRL"},
	{ASSESS_EDIT_INTRO, "IS", "IS"},
	{ASSESS_SAVE_SELF, "S", "S"},
	{ASSESS_SUBMIT_SELF, "S", "S"},
	{ASSESS_SAVE_VERIFICATION, "UVL", "UVL"},
	{ASSESS_FINALIZE, "VL", "VL"},
	{ASSESS_UNLOCK_RATING, "R", "R"},
	{ASSESS_UNLOCK_SELF, "UVRL", "UVRL"},
	{ASSESS_REQUEST_UNLOCK, "UVRL", "UVRL"},
	{ASSESS_ACCEPT_PREVIOUS, "S", "S"},
	{ASSESS_JOIN, "ISUVRL", "ISUVRL"}, /* shared partners: also after the rating */
	{ASSESS_UPLOAD, "ISUVL", "IS"},
	{ASSESS_COMMENT, "ISUVRL", "ISUVRL"},
	{ASSESS_ACTIVITY_EVIDENCE, "RL", "RL"},
};

static void each_step_in_its_statuses(void **state)
{
	(void)state;
	const char letters[] = "ISUVRL";
	for (size_t t = 0; t < sizeof state_table / sizeof state_table[0]; t++)
		for (int s = 0; s <= ASSESSMENT_RATING_UNLOCKED; s++) {
			int agency = listed(state_table[t].agency, letters[s]) ? ASSESS_OK : ASSESS_ESTATE;
			int partner = listed(state_table[t].partner, letters[s]) ? ASSESS_OK : ASSESS_ESTATE;
			assert_int_equal(assessment_state_allows((enum assessment_status)s, state_table[t].act, false), agency);
			assert_int_equal(assessment_state_allows((enum assessment_status)s, state_table[t].act, true), partner);
		}
}

static void where_each_step_leads(void **state)
{
	(void)state;
	assert_int_equal(assessment_next_status(ASSESSMENT_INTRO, ASSESS_EDIT_INTRO, false), ASSESSMENT_INTRO);
	assert_int_equal(assessment_next_status(ASSESSMENT_INTRO, ASSESS_EDIT_INTRO, true), ASSESSMENT_SELF_ASSESSMENT);
	assert_int_equal(assessment_next_status(ASSESSMENT_SELF_ASSESSMENT, ASSESS_EDIT_INTRO, true), ASSESSMENT_SELF_ASSESSMENT);
	assert_int_equal(assessment_next_status(ASSESSMENT_SELF_ASSESSMENT, ASSESS_SAVE_SELF, true), ASSESSMENT_SELF_ASSESSMENT);
	assert_int_equal(assessment_next_status(ASSESSMENT_SELF_ASSESSMENT, ASSESS_SUBMIT_SELF, true), ASSESSMENT_SUBMITTED);
	/* Verification starts with the first save. */
	assert_int_equal(assessment_next_status(ASSESSMENT_SUBMITTED, ASSESS_SAVE_VERIFICATION, true), ASSESSMENT_VERIFICATION);
	assert_int_equal(assessment_next_status(ASSESSMENT_VERIFICATION, ASSESS_SAVE_VERIFICATION, true), ASSESSMENT_VERIFICATION);
	assert_int_equal(assessment_next_status(ASSESSMENT_RATING_UNLOCKED, ASSESS_SAVE_VERIFICATION, true), ASSESSMENT_RATING_UNLOCKED);
	assert_int_equal(assessment_next_status(ASSESSMENT_VERIFICATION, ASSESS_FINALIZE, true), ASSESSMENT_RATED);
	assert_int_equal(assessment_next_status(ASSESSMENT_RATING_UNLOCKED, ASSESS_FINALIZE, true), ASSESSMENT_RATED);
	assert_int_equal(assessment_next_status(ASSESSMENT_RATED, ASSESS_UNLOCK_RATING, true), ASSESSMENT_RATING_UNLOCKED);
	assert_int_equal(assessment_next_status(ASSESSMENT_VERIFICATION, ASSESS_UNLOCK_SELF, true), ASSESSMENT_SELF_ASSESSMENT);
	assert_int_equal(assessment_next_status(ASSESSMENT_SELF_ASSESSMENT, ASSESS_ACCEPT_PREVIOUS, true), ASSESSMENT_RATED);
	/* Only a rated assessment is closed: one open assessment per partner counts all the others. */
	for (int s = 0; s <= ASSESSMENT_RATING_UNLOCKED; s++)
		assert_int_equal(assessment_is_open((enum assessment_status)s), s != ASSESSMENT_RATED);
	for (int s = 0; s <= ASSESSMENT_RATING_UNLOCKED; s++)
		assert_int_equal(assessment_status_parse(assessment_status_name((enum assessment_status)s)), s);
	assert_int_equal(assessment_status_parse("closed"), -1);
}

static void the_partner_sees_the_verification_once_rated(void **state)
{
	(void)state;
	for (int s = 0; s <= ASSESSMENT_RATING_UNLOCKED; s++) {
		assert_true(assessment_verification_visible((enum assessment_status)s, false));
		assert_int_equal(assessment_verification_visible((enum assessment_status)s, true), s == ASSESSMENT_RATED);
	}
}

/* Plan-activity evidence: while the plan is submitted or active and the activity not completed. */
static void activity_evidence_while_the_work_is_under_way(void **state)
{
	(void)state;
	for (int p = CSIP_NONE; p <= CSIP_COMPLETED; p++)
		for (int a = CSIP_NOT_STARTED; a <= CSIP_ACTIVITY_COMPLETED; a++)
			assert_int_equal(assessment_activity_evidence_open(p, a),
					 (p == CSIP_SUBMITTED || p == CSIP_ACTIVE) && a != CSIP_ACTIVITY_COMPLETED);
}

/* Withdrawal: the uploader's side only, where it could upload, never once rated; activity
 * evidence while its activity is open; once. Letters as in state_table. */
static void documents_withdrawn_by_their_side_while_editable(void **state)
{
	(void)state;
	const char letters[] = "ISUVRL";
	for (int side = 0; side < 2; side++) {
		bool partner = side == 1;
		const char *editable = partner ? "IS" : "ISUVL";
		for (int s = 0; s <= ASSESSMENT_RATING_UNLOCKED; s++) {
			struct document_facts f = {partner, partner, (enum assessment_status)s,
						   s == ASSESSMENT_RATED || s == ASSESSMENT_RATING_UNLOCKED, false, false, false};
			int expect = listed(editable, letters[s]) && !f.rated_once ? ASSESS_OK : ASSESS_ESTATE;
			assert_int_equal(assessment_document_withdrawable(&f), expect);
			/* the other side never */
			f.uploaded_partner_side = !partner;
			assert_int_equal(assessment_document_withdrawable(&f), ASSESS_EFORBIDDEN);
		}
	}
	/* a rating given once keeps its documents, even back in the self-assessment after an unlock */
	struct document_facts f = {true, true, ASSESSMENT_SELF_ASSESSMENT, true, false, false, false};
	assert_int_equal(assessment_document_withdrawable(&f), ASSESS_ESTATE);
	/* plan-activity evidence after the rating, while its activity is open */
	f = (struct document_facts){true, true, ASSESSMENT_RATED, true, true, true, false};
	assert_int_equal(assessment_document_withdrawable(&f), ASSESS_OK);
	f.activity_evidence_open = false;
	assert_int_equal(assessment_document_withdrawable(&f), ASSESS_ESTATE);
	f = (struct document_facts){false, false, ASSESSMENT_RATED, true, true, true, false};
	assert_int_equal(assessment_document_withdrawable(&f), ASSESS_OK);
	f.caller_partner_side = true;
	assert_int_equal(assessment_document_withdrawable(&f), ASSESS_EFORBIDDEN);
	/* once only */
	f = (struct document_facts){true, true, ASSESSMENT_SELF_ASSESSMENT, false, false, false, true};
	assert_int_equal(assessment_document_withdrawable(&f), ASSESS_ESTATE);
}

/* Finalizing again after an unlock keeps the rating's date, unless the agency asks for a new one. */
static void a_revision_keeps_the_rating_date(void **state)
{
	(void)state;
	instant_t first = 1768467600, later = first + 86400 * 400;
	assert_int_equal(assessment_rating_date(0, first, false), first);
	assert_int_equal(assessment_rating_date(0, first, true), first);
	assert_int_equal(assessment_rating_date(first, later, false), first);
	assert_int_equal(assessment_rating_date(first, later, true), later);
}

static void section_1_is_complete_when_every_question_is_answered(void **state)
{
	(void)state;
	assert_false(assessment_intro_complete(&(struct assessment_intro){-1, 0, false}));
	assert_false(assessment_intro_complete(&(struct assessment_intro){1, -1, false}));
	assert_true(assessment_intro_complete(&(struct assessment_intro){0, 0, false}));
	assert_false(assessment_intro_complete(&(struct assessment_intro){1, 1, false}));
	assert_true(assessment_intro_complete(&(struct assessment_intro){1, 1, true}));
}

static void prior_assessment_date_not_future_nor_older_than_five_years(void **state)
{
	(void)state;
	instant_t now, d;
	time_parse_instant("2026-11-23T10:00:00Z", &now);
	time_parse_date("2026-11-23", &d);
	assert_null(assessment_previous_date_problem(d, now, 5));
	assert_non_null(assessment_previous_date_problem(d + DAY, now, 5));
	time_parse_date("2021-11-23", &d);
	assert_null(assessment_previous_date_problem(d, now, 5));
	assert_non_null(assessment_previous_date_problem(d - DAY, now, 5));
	assert_non_null(assessment_previous_date_problem(d, now, 4)); /* the setting moves the limit */
}

static void submitting_lists_every_gap(void **state)
{
	(void)state;
	enum answer a[STANDARD_COUNT] = {ANSWER_YES, ANSWER_YES, ANSWER_NO, ANSWER_NONE, ANSWER_YES, ANSWER_NO, ANSWER_NONE, ANSWER_NA};
	int docs[STANDARD_COUNT] = {1, 0, 0, 0, 2, 0, 0, 0};
	struct submit_gaps g = assessment_submit_gaps(a, docs);
	assert_int_equal(g.missing, (1u << 3) | (1u << 6));
	assert_int_equal(g.yes_without_document, 1u << 1);
	a[1] = ANSWER_NO;
	a[3] = a[6] = ANSWER_NO;
	g = assessment_submit_gaps(a, docs);
	assert_int_equal(g.missing | g.yes_without_document, 0);
	assert_int_equal(assessment_unanswered(a), 0);
	a[7] = ANSWER_NONE;
	assert_int_equal(assessment_unanswered(a), 1u << 7);
}

static void valid_for_five_years(void **state)
{
	(void)state;
	instant_t t, v, e;
	time_parse_instant("2026-11-23T10:00:00Z", &t);
	time_parse_instant("2031-11-23T10:00:00Z", &e);
	assert_int_equal(assessment_valid_until(t, 5), e);
	time_parse_date("2024-02-29", &t);
	time_parse_date("2029-02-28", &e);
	v = assessment_valid_until(t, 5);
	assert_int_equal(v, e);
}

static void partner_types_and_headquarters(void **state)
{
	(void)state;
	const char *covered[] = {"national_ngo", "international_cso", "cbo", "academic", "red_cross_red_crescent"};
	for (size_t i = 0; i < 5; i++) {
		assert_true(partner_type_valid(covered[i]));
		assert_false(partner_type_is_government(covered[i]));
	}
	assert_false(partner_type_valid("government"));
	assert_true(partner_type_is_government("government"));
	assert_false(partner_type_valid("company"));
	assert_false(partner_type_valid(NULL));
	assert_true(partner_may_have_parent("international_cso", "international_cso", false));
	assert_false(partner_may_have_parent("international_cso", "international_cso", true));
	assert_false(partner_may_have_parent("national_ngo", "international_cso", false));
	assert_false(partner_may_have_parent("international_cso", "cbo", false));
}

int run_assessment(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(who_may_do_what),
		cmocka_unit_test(outsiders_get_not_found),
		cmocka_unit_test(each_step_in_its_statuses),
		cmocka_unit_test(where_each_step_leads),
		cmocka_unit_test(the_partner_sees_the_verification_once_rated),
		cmocka_unit_test(activity_evidence_while_the_work_is_under_way),
		cmocka_unit_test(documents_withdrawn_by_their_side_while_editable),
		cmocka_unit_test(a_revision_keeps_the_rating_date),
		cmocka_unit_test(section_1_is_complete_when_every_question_is_answered),
		cmocka_unit_test(prior_assessment_date_not_future_nor_older_than_five_years),
		cmocka_unit_test(submitting_lists_every_gap),
		cmocka_unit_test(valid_for_five_years),
		cmocka_unit_test(partner_types_and_headquarters),
	};
	return cmocka_run_group_tests_name("assessment", tests, NULL, NULL);
}
