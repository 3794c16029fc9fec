/* copy.h (store): copying a deployment from SQLite to PostgreSQL (psea copy) (copy.c). */
#ifndef PSEA_STORE_COPY_H
#define PSEA_STORE_COPY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"

/* --- copying a deployment from SQLite to PostgreSQL (psea copy) --- */
struct store_copy_table {
	const char *name;
	int64_t rows, target_rows;
	char checksum[65], target_checksum[65]; /* order-independent sums of the rows' SHA-256 */
	bool verified;
};
typedef void (*store_copy_report)(const struct store_copy_table *table, void *ctx);
/* Copies every table of from (SQLite) into to (PostgreSQL), both migrated to the same version,
 * in one transaction, ids kept; then reads both back and reports each table's counts and
 * checksums. A target holding more than its migrations' seed rows is refused (STORE_ECONFLICT).
 * err says what failed. */
int store_copy(struct store *from, struct store *to, store_copy_report report, void *ctx, char *err, size_t errlen);
#endif
