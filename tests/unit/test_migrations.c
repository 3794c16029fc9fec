/* The embedded migrations: one set, each version once on each engine, whether a version is
 * common SQL or written once per engine (NNN_name.sqlite.sql, NNN_name.postgresql.sql). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "../../src/store/migrate.h"

static void migrations_have_one_file_per_version_on_each_engine(void **state)
{
	(void)state;
	char err[256] = "";
	int sqlite = store_migrations_check("sqlite", err, sizeof err);
	if (sqlite < 0)
		fail_msg("%s", err);
	int pg = store_migrations_check("postgresql", err, sizeof err);
	if (pg < 0)
		fail_msg("%s", err);
	assert_true(sqlite >= 1);
	assert_int_equal(sqlite, pg); /* both engines reach the same schema version */
}

int run_migrations(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrations_have_one_file_per_version_on_each_engine),
	};
	return cmocka_run_group_tests_name("migrations", tests, NULL, NULL);
}
