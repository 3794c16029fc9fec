/* pool.h (store): the connection pool, write transactions, read snapshots and the data revision
 * (pool.c). */
#ifndef PSEA_STORE_POOL_H
#define PSEA_STORE_POOL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"

/* Opens a pool. target: a file path, "sqlite:PATH" or "postgresql://...". size: connections. */
struct store *store_open(const char *target, int size, char *err, size_t errlen);
void store_close(struct store *s);
/* Borrows a connection (waits for one when all are busy) and gives it back. */
struct db *store_acquire(struct store *s);
void store_release(struct store *s, struct db *db);
const char *store_engine_name(struct store *s);

/* Write transactions are serializable on both engines (SQLite: writers take turns; PostgreSQL:
 * SERIALIZABLE). On PostgreSQL a transaction may then fail with STORE_ERETRY because a concurrent
 * one got there first; so may any statement after a deadlock or a lost connection. Nothing of
 * the failed transaction remains, so the whole request may run again: store_retry_wanted tells
 * whether that is worth it, store_retry_reset rolls back what is open and clears the mark. */
bool store_retry_wanted(struct db *db);
void store_retry_reset(struct db *db);

/* --- read snapshots (the HTTP layer opens one around every GET) --- */
/* The statements that follow run in one read transaction: the request sees one consistent state
 * and pays the engine's read locking once instead of once per statement. A write transaction, or any
 * statement that writes, ends the snapshot first, so a write never runs on a stale one. A no-op
 * on engines where per-statement reads cost nothing extra. */
void store_snapshot_begin(struct db *db);
void store_snapshot_end(struct db *db);

/* The data revision: a number that changes with every committed write, from any process on the
 * database. Read it before the data it should vouch for: an answer computed after reading
 * revision R is never older than R. -1 when it cannot be read. */
int64_t store_revision(struct db *db);
#endif
