/* transaction.h: private to src/store. The pieces store_write is made of: a write transaction
 * and one audit line. Above the store, every write goes through store_write (write.h), so that no
 * change commits without its audit line; only the store's own bulk work (migrations, copies)
 * opens a transaction itself. */
#ifndef PSEA_STORE_TRANSACTION_H
#define PSEA_STORE_TRANSACTION_H
#include <stdint.h>
#include "../util/timeutil.h"

struct db;

/* pool.c */
int store_begin(struct db *db);   /* a write transaction */
int store_commit(struct db *db);
void store_rollback(struct db *db);

/* accounts.c: one line of the audit log, in the running transaction. */
int store_audit(struct db *db, int64_t user_id, const char *object_type, int64_t object_id,
		const char *action, const char *request_id, instant_t now);

#endif
