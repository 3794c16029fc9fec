/* Roles and account fields. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <string.h>
#include "../../src/domain/accounts.h"
#include "../../src/domain/invitations.h"
#include "../../src/domain/roles.h"

static void roles_parse_and_fit_their_organisation(void **state)
{
	(void)state;
	assert_int_equal(role_parse("agency_advanced_editor"), ROLE_AGENCY_ADVANCED_EDITOR);
	assert_int_equal(role_parse("Agency_Reader"), ROLE_NONE);
	assert_int_equal(role_parse(""), ROLE_NONE);
	assert_int_equal(role_parse(NULL), ROLE_NONE);
	for (int r = ROLE_PARTNER_READER; r <= ROLE_ADMIN; r++)
		assert_int_equal(role_parse(role_name((enum role)r)), r);
	assert_true(role_fits_org(ROLE_PARTNER_EDITOR, false));
	assert_false(role_fits_org(ROLE_PARTNER_EDITOR, true));
	assert_true(role_fits_org(ROLE_AGENCY_FOCAL_POINT, true));
	assert_false(role_fits_org(ROLE_AGENCY_READER, false));
	assert_true(role_fits_org(ROLE_ADMIN, false));
	assert_true(role_fits_org(ROLE_ADMIN, true));
}

static void only_advanced_editors_finalize(void **state)
{
	(void)state;
	for (int r = ROLE_PARTNER_READER; r <= ROLE_ADMIN; r++)
		assert_int_equal(role_is_advanced((enum role)r), r == ROLE_AGENCY_ADVANCED_EDITOR);
	assert_true(role_edits_agency_side(ROLE_AGENCY_EDITOR));
	assert_false(role_edits_agency_side(ROLE_AGENCY_READER));
	assert_false(role_edits_agency_side(ROLE_PARTNER_EDITOR));
}

static void agency_codes_and_domains(void **state)
{
	(void)state;
	assert_null(agency_code_problem("UNOPS"));
	assert_null(agency_code_problem("UNWOMEN"));
	assert_null(agency_code_problem("UN2"));
	assert_non_null(agency_code_problem("U"));
	assert_non_null(agency_code_problem("unops"));
	assert_non_null(agency_code_problem("UN OPS"));
	assert_non_null(agency_code_problem("2UN"));
	assert_non_null(agency_code_problem("UN-OPS"));
	assert_non_null(agency_code_problem("ABCDEFGHIJKLMNOPQ"));
	assert_null(agency_code_problem("ABCDEFGHIJKLMNOP"));
	assert_non_null(agency_code_problem(""));

	assert_null(agency_domain_problem("unops.org"));
	assert_null(agency_domain_problem("un-women.example.org"));
	assert_non_null(agency_domain_problem("unops"));
	assert_non_null(agency_domain_problem("unops..org"));
	assert_non_null(agency_domain_problem(".unops.org"));
	assert_non_null(agency_domain_problem("unops.org."));
	assert_non_null(agency_domain_problem("-unops.org"));
	assert_non_null(agency_domain_problem("unops-.org"));
	assert_non_null(agency_domain_problem("name@unops.org"));
	assert_non_null(agency_domain_problem("un ops.org"));
	assert_non_null(agency_domain_problem(""));
	char label[70];
	memset(label, 'a', 64);
	strcpy(label + 64, ".org");
	assert_non_null(agency_domain_problem(label));
	strcpy(label + 63, ".org");
	assert_null(agency_domain_problem(label));

	struct arena a;
	arena_init(&a);
	assert_string_equal(agency_domain_normalize(&a, " @UNOPS.Org "), "unops.org");
	assert_null(agency_domain_problem(agency_domain_normalize(&a, "@UNOPS.ORG")));
	arena_free(&a);
}

static void account_fields(void **state)
{
	(void)state;
	assert_null(account_email_problem("a.b@example.org"));
	assert_non_null(account_email_problem("example.org"));
	assert_non_null(account_email_problem("a@b"));
	assert_non_null(account_email_problem("a b@example.org"));
	assert_non_null(account_email_problem("a@@example.org"));
	assert_non_null(account_password_problem("012345678"));
	assert_true(account_language_ok("fr"));
	assert_false(account_language_ok("de"));
	struct arena a;
	arena_init(&a);
	assert_string_equal(account_email_normalize(&a, "Mixed.Case@Example.ORG"), "mixed.case@example.org");
	arena_free(&a);
}

static void tokens_end_a_year_on_or_when_chosen_within_bounds(void **state)
{
	(void)state;
	instant_t now, t, want;
	time_parse_instant("2026-03-01T10:00:00Z", &now);
	assert_null(account_token_expiry(now, false, 0, NULL, &t));
	time_parse_instant("2027-03-01T10:00:00Z", &want);
	assert_int_equal(t, want);
	assert_null(account_token_expiry(now, true, 1, NULL, &t));
	assert_int_equal(t, now + 86400);
	assert_null(account_token_expiry(now, true, TOKEN_DAYS_MAX, NULL, &t));
	assert_non_null(account_token_expiry(now, true, 0, NULL, &t));
	assert_non_null(account_token_expiry(now, true, TOKEN_DAYS_MAX + 1, NULL, &t));
	assert_non_null(account_token_expiry(now, true, -5, NULL, &t));
	assert_null(account_token_expiry(now, false, 0, "2026-12-31", &t));
	time_parse_date("2026-12-31", &want);
	assert_int_equal(t, want);
	assert_non_null(account_token_expiry(now, false, 0, "2026-03-01T12:00:00Z", &t)); /* under a day */
	assert_non_null(account_token_expiry(now, false, 0, "2036-03-02", &t));          /* over ten years */
	assert_non_null(account_token_expiry(now, false, 0, "soon", &t));
	assert_non_null(account_token_expiry(now, true, 7, "2026-12-31", &t));           /* both */
}

static void sign_in_waits_double_past_the_free_failures_up_to_the_cap(void **state)
{
	(void)state;
	const instant_t now = 1000000;
	assert_int_equal(login_delay(0, 0, 5, now), 0);
	assert_int_equal(login_delay(4, now, 5, now), 0);
	assert_int_equal(login_delay(5, now, 5, now), LOGIN_DELAY_FIRST_SECONDS);
	assert_int_equal(login_delay(6, now, 5, now), 2 * LOGIN_DELAY_FIRST_SECONDS);
	assert_int_equal(login_delay(7, now - 10, 5, now), 4 * LOGIN_DELAY_FIRST_SECONDS - 10); /* from the latest failure */
	assert_int_equal(login_delay(5, now - LOGIN_DELAY_FIRST_SECONDS, 5, now), 0);        /* waited long enough */
	assert_int_equal(login_delay(40, now, 5, now), LOGIN_DELAY_MAX_SECONDS);
	assert_int_equal(login_delay(INT64_MAX, now, 5, now), LOGIN_DELAY_MAX_SECONDS);     /* no overflow */
}

static void agency_email_domains(void **state)
{
	(void)state;
	char *domains[] = {"unicef.org", "un.org"};
	assert_true(account_email_in_domains("ana@unicef.org", domains, 2));
	assert_true(account_email_in_domains("ana@UN.org", domains, 2));
	assert_false(account_email_in_domains("ana@notunicef.org", domains, 2));
	assert_false(account_email_in_domains("ana@field.unicef.org", domains, 2));
	assert_false(account_email_in_domains("unicef.org", domains, 2));
	assert_true(account_email_in_domains("anyone@gmail.com", NULL, 0)); /* no domains listed: any address */
}

/* NIST SP 800-63B: 12 characters at least (counted as characters, not bytes), no composition
 * rule, and not on the list of common passwords whatever its case. */
static void passwords_long_and_uncommon(void **state)
{
	(void)state;
	assert_null(account_password_rule("plum river kettle"));
	assert_null(account_password_rule("alllowercase"));          /* no composition rule */
	assert_string_equal(account_password_rule("elevenchars"), "too_short");
	assert_string_equal(account_password_rule("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"), "too_short"); /* 6 letters, 12 bytes */
	assert_null(account_password_rule("\xc3\xa9t\xc3\xa9 \xc3\xa0 la for\xc3\xaat"));
	assert_string_equal(account_password_rule("password1234"), "common");
	assert_string_equal(account_password_rule("PassWord1234"), "common");
	assert_string_equal(account_password_rule("qwertyuiop123"), "common");
	assert_string_equal(account_password_rule("123456789012"), "common");
	assert_string_equal(account_password_rule("correcthorsebatterystaple"), "common");
	assert_string_equal(account_password_rule("demo-password"), "common");   /* published with the demonstration */
	char long_one[ACCOUNT_PASSWORD_MAX + 2];
	memset(long_one, 'x', sizeof long_one - 1);
	long_one[sizeof long_one - 1] = '\0';
	assert_string_equal(account_password_rule(long_one), "too_long");
	assert_non_null(strstr(account_password_problem("password1234"), "common"));
	assert_non_null(strstr(account_password_problem("short"), "12 characters"));
}

/* An administrator invites anyone; an advanced editor only a partner's people, into a partner its
 * agency works with; nobody else. */
static void who_may_invite_whom(void **state)
{
	(void)state;
	assert_true(invitation_allowed(ROLE_ADMIN, ROLE_AGENCY_FOCAL_POINT, false, false));
	assert_true(invitation_allowed(ROLE_ADMIN, ROLE_PARTNER_EDITOR, true, false));
	assert_true(invitation_allowed(ROLE_AGENCY_ADVANCED_EDITOR, ROLE_PARTNER_EDITOR, true, true));
	assert_true(invitation_allowed(ROLE_AGENCY_ADVANCED_EDITOR, ROLE_PARTNER_READER, true, true));
	assert_false(invitation_allowed(ROLE_AGENCY_ADVANCED_EDITOR, ROLE_PARTNER_EDITOR, true, false));
	assert_false(invitation_allowed(ROLE_AGENCY_ADVANCED_EDITOR, ROLE_AGENCY_READER, false, false));
	assert_false(invitation_allowed(ROLE_AGENCY_ADVANCED_EDITOR, ROLE_ADMIN, true, true));
	for (enum role r = ROLE_PARTNER_READER; r <= ROLE_AGENCY_FOCAL_POINT; r++)
		if (r != ROLE_AGENCY_ADVANCED_EDITOR)
			assert_false(invitation_allowed(r, ROLE_PARTNER_READER, true, true));
}

/* Pending until the expiry instant, expired from it on; accepted or withdrawn stays so. */
static void invitation_statuses(void **state)
{
	(void)state;
	instant_t sent = 1800000000, expires = invitation_expiry(sent, 7);
	assert_int_equal(expires - sent, 7 * 86400);
	assert_string_equal(invitation_status_name(invitation_status(0, 0, expires, expires - 1)), "pending");
	assert_string_equal(invitation_status_name(invitation_status(0, 0, expires, expires)), "expired");
	assert_string_equal(invitation_status_name(invitation_status(sent + 5, 0, expires, expires + 99)), "accepted");
	assert_string_equal(invitation_status_name(invitation_status(0, sent + 5, expires, expires + 99)), "withdrawn");
	assert_int_equal(password_reset_expiry(sent, 60) - sent, 3600);
}

int run_accounts(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles_parse_and_fit_their_organisation),
		cmocka_unit_test(only_advanced_editors_finalize),
		cmocka_unit_test(account_fields),
		cmocka_unit_test(agency_codes_and_domains),
		cmocka_unit_test(tokens_end_a_year_on_or_when_chosen_within_bounds),
		cmocka_unit_test(sign_in_waits_double_past_the_free_failures_up_to_the_cap),
		cmocka_unit_test(agency_email_domains),
		cmocka_unit_test(passwords_long_and_uncommon),
		cmocka_unit_test(who_may_invite_whom),
		cmocka_unit_test(invitation_statuses),
	};
	return cmocka_run_group_tests_name("accounts", tests, NULL, NULL);
}
