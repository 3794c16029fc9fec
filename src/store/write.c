/* write.c: store_write, the transaction around every write and its audit lines (write.h). */
#include "write.h"
#include "transaction.h"
#include "../util/log.h"

int audit_add(struct audit *audit, const char *object_type, int64_t object_id, const char *action)
{
	if (audit->rc != STORE_OK)
		return audit->rc;
	int rc = store_audit(audit->db, audit->user_id, object_type, object_id, action, audit->request_id, audit->now);
	if (rc == STORE_OK || rc == STORE_ERETRY)
		return audit->rc = rc;
	/* whatever refused the line (a constraint included), the write is the server's failure */
	log_error("audit log write failed: %s %lld %s", object_type, (long long)object_id, action);
	return audit->rc = STORE_EAUDIT;
}

int store_write(struct db *db, struct audit *audit, store_write_fn *write, void *ctx)
{
	audit->db = db;
	audit->rc = STORE_OK;
	int rc = store_begin(db);
	if (rc == STORE_OK)
		rc = write(db, audit, ctx);
	/* a refused line fails the write even when the write went on and said STORE_OK */
	if (rc == STORE_OK && audit->rc != STORE_OK)
		rc = audit->rc;
	if (rc == STORE_OK)
		rc = store_commit(db);
	if (rc != STORE_OK)
		store_rollback(db);
	return rc;
}
