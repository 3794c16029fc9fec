/* Roles and account fields. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "../../src/domain/accounts.h"
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

static void account_fields(void **state)
{
	(void)state;
	assert_null(account_email_problem("a.b@example.org"));
	assert_non_null(account_email_problem("example.org"));
	assert_non_null(account_email_problem("a@b"));
	assert_non_null(account_email_problem("a b@example.org"));
	assert_non_null(account_email_problem("a@@example.org"));
	assert_null(account_password_problem("0123456789"));
	assert_non_null(account_password_problem("012345678"));
	assert_true(account_language_ok("fr"));
	assert_false(account_language_ok("de"));
	struct arena a;
	arena_init(&a);
	assert_string_equal(account_email_normalize(&a, "Mixed.Case@Example.ORG"), "mixed.case@example.org");
	arena_free(&a);
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
	assert_null(account_domain_problem("unicef.org"));
	assert_null(account_domain_problem("field-office.who.int"));
	assert_non_null(account_domain_problem("@unicef.org"));
	assert_non_null(account_domain_problem("unicef"));
	assert_non_null(account_domain_problem(".unicef.org"));
	assert_non_null(account_domain_problem("unicef..org"));
	assert_non_null(account_domain_problem("unicef.org/x"));
	assert_non_null(account_domain_problem(""));
}

int run_accounts(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles_parse_and_fit_their_organisation),
		cmocka_unit_test(only_advanced_editors_finalize),
		cmocka_unit_test(account_fields),
		cmocka_unit_test(agency_email_domains),
	};
	return cmocka_run_group_tests_name("accounts", tests, NULL, NULL);
}
