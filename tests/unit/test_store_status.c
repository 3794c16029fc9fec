/* Store look-ups answer with a status, never with a default that hides a failure: db_scalar,
 * settings_get, the row readers and the look-ups built on them, on an in-memory SQLite database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdbool.h>
#include <cmocka.h>
#include "../../src/store/db.h"
#include "../../src/store/store.h"
#include "../../src/store/transaction.h"

struct fixture { struct store *s; struct db *db; };

static int open_store(void **state)
{
	static struct fixture f;
	char err[256];
	int applied;
	f.s = store_open("sqlite::memory:", 1, err, sizeof err);
	if (!f.s || store_migrate(f.s, &applied, err, sizeof err) != STORE_OK)
		return -1;
	f.db = store_acquire(f.s);
	*state = &f;
	return f.db ? 0 : -1;
}

static int close_store(void **state)
{
	struct fixture *f = *state;
	store_release(f->s, f->db);
	store_close(f->s);
	return 0;
}

static void db_scalar_tells_a_value_from_none_from_a_failure(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	int64_t v = -7;
	assert_int_equal(db_scalar(db, &v, "SELECT 42", ""), STORE_OK);
	assert_int_equal(v, 42);
	v = -7;
	assert_int_equal(db_scalar(db, &v, "SELECT NULL", ""), STORE_ENOTFOUND);
	assert_int_equal(db_scalar(db, &v, "SELECT id FROM users WHERE id = ?", "i", (int64_t)999), STORE_ENOTFOUND);
	assert_int_equal(v, -7);  /* untouched */
	assert_int_equal(db_scalar(db, &v, "SELECT count(*) FROM no_such_table", ""), STORE_ERROR);
	assert_int_equal(v, -7);
	/* after an UPDATE that changed nothing: the row is missing, or the store failed */
	assert_int_equal(db_missing_or_moved(db, "SELECT count(*) FROM users WHERE id = ?", 999), STORE_ENOTFOUND);
	assert_int_equal(db_missing_or_moved(db, "SELECT count(*) FROM no_such_table WHERE id = ?", 1), STORE_ERROR);
}

static void a_setting_is_its_value_its_default_or_a_failure(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	int64_t v;
	assert_int_equal(settings_get(db, SETTING_VALIDITY_YEARS, &v), STORE_OK);
	assert_int_equal(v, 5);  /* none stored: the default */
	assert_int_equal(settings_set(db, SETTING_VALIDITY_YEARS, 3), STORE_OK);
	assert_int_equal(settings_get(db, SETTING_VALIDITY_YEARS, &v), STORE_OK);
	assert_int_equal(v, 3);
	/* the settings cannot be read: a failure, not the default */
	assert_int_equal(store_begin(db), STORE_OK);
	assert_true(db_exec(db, "DROP TABLE settings", "") >= 0);
	v = -7;
	assert_int_not_equal(settings_get(db, SETTING_VALIDITY_YEARS, &v), STORE_OK);
	assert_int_equal(v, -7);  /* untouched */
	int64_t all[SETTING_COUNT];
	assert_int_not_equal(settings_get_all(db, all), STORE_OK);
	/* and the look-ups built on db_scalar report it too */
	assert_true(db_exec(db, "DROP TABLE partnerships", "") >= 0);
	bool active = true;
	assert_int_equal(store_partnership_active(db, 1, 2, 0, &active), STORE_ERROR);
	assert_false(active);
	store_rollback(db);
	assert_int_equal(settings_get(db, SETTING_VALIDITY_YEARS, &v), STORE_OK);
	assert_int_equal(v, 3);
}

struct pair { int64_t n; char *text; };

static void pair_map(struct db_stmt *st, struct arena *a, void *row)
{
	struct pair *p = row;
	p->n = db_int(st, 0);
	p->text = arena_strdup(a, db_text(st, 1));
}

static int stop_at_two(struct db_stmt *st, void *ctx)
{
	int64_t *seen = ctx;
	*seen = db_int(st, 0);
	return *seen == 2 ? STORE_ECONFLICT : STORE_OK;
}

static void the_row_readers_tell_rows_none_and_failures_apart(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	struct arena a;
	arena_init(&a);
	struct pair one = {-7, NULL}, *all = NULL;
	size_t n = 9;
	assert_int_equal(db_read_one(db, &a, pair_map, &one, "SELECT ?, 'x'", "i", (int64_t)4), STORE_OK);
	assert_int_equal(one.n, 4);
	assert_string_equal(one.text, "x");
	one.n = -7;
	assert_int_equal(db_read_one(db, &a, pair_map, &one, "SELECT 1, 'x' WHERE 0", ""), STORE_ENOTFOUND);
	assert_int_equal(one.n, -7);
	assert_int_equal(db_read_one(db, &a, pair_map, &one, "SELECT x FROM no_such_table", ""), STORE_ERROR);
	assert_int_equal(DB_READ_ALL(db, &a, pair_map, &all, &n, "SELECT 1, 'a' UNION ALL SELECT 2, NULL ORDER BY 1", ""),
			 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(all[1].n, 2);
	assert_null(all[1].text);
	assert_int_equal(DB_READ_ALL(db, &a, pair_map, &all, &n, "SELECT x FROM no_such_table", ""), STORE_ERROR);
	assert_int_equal(n, 0);
	/* a row function's failure stops the read and is the answer */
	int64_t seen = 0;
	assert_int_equal(db_each(db, stop_at_two, &seen, "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 ORDER BY 1", ""),
			 STORE_ECONFLICT);
	assert_int_equal(seen, 2);
	arena_free(&a);
}

int run_store_status(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(db_scalar_tells_a_value_from_none_from_a_failure),
		cmocka_unit_test(a_setting_is_its_value_its_default_or_a_failure),
		cmocka_unit_test(the_row_readers_tell_rows_none_and_failures_apart),
	};
	return cmocka_run_group_tests_name("store_status", tests, open_store, close_store);
}
