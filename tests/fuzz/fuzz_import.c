/* fuzz_import.c: a file for `psea import past-assessments`, checked row by row against the
 * demonstration database as the import checks it (src/cli/import.c over src/util/csv.c):
 * the header, the quoting, each field. Nothing is written. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "harness.h"
#include "../../src/cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *s = fuzz_demo_store();
	if (size == 0)
		return 0;
	FILE *f = fmemopen((void *)data, size, "r");
	if (!f)
		abort();
	struct db *db = store_acquire(s);
	struct arena a;
	arena_init(&a);
	size_t good;
	long bad;
	int rc = import_past_check(db, &a, f, clock_now(), &good, &bad);
	/* a file with a bad row is never accepted */
	if (rc == 0 && bad != 0)
		abort();
	arena_free(&a);
	store_release(s, db);
	fclose(f);
	return 0;
}
