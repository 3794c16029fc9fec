/* write.h: the one way to change the database. A write runs in one transaction with the audit
 * lines that record it: the data and its record are committed together or not at all, so no
 * change is ever made that the audit log cannot show. */
#ifndef PSEA_STORE_WRITE_H
#define PSEA_STORE_WRITE_H
#include "store.h"

/* The audit log refused a line: the write was rolled back. */
#define STORE_EAUDIT (-20)

/* Who writes, in which request, when; and the first audit failure of the write, if any. */
struct audit {
	int64_t user_id;        /* 0: the system or the command line */
	const char *request_id;
	instant_t now;
	struct db *db;          /* set by store_write */
	int rc;                 /* STORE_OK until a line is refused */
};

/* Records one line (object, action) of the running write. A refused line fails the whole write
 * when the write returns, whatever it returns; the return value lets a write stop early. */
int audit_add(struct audit *audit, const char *object_type, int64_t object_id, const char *action);

/* The write itself: its statements, then audit_add for what it did. STORE_OK, or a STORE_E*
 * code (or any negative code of the caller's own), which rolls everything back. */
typedef int store_write_fn(struct db *db, struct audit *audit, void *ctx);

/* Begins a transaction, runs write, and commits; rolls back when the write, one of its audit
 * lines or the commit fails. STORE_OK, the write's own code (which wins: nothing was written), STORE_ERETRY when the whole write
 * may run again, STORE_EAUDIT when the audit log refused a line, or the commit's failure. */
int store_write(struct db *db, struct audit *audit, store_write_fn *write, void *ctx);

#endif
