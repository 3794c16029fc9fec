/* documents.c: the records of uploaded evidence; the files themselves are under <data>/blobs. */
#include <string.h>
#include "db.h"
#include "documents.h"

int64_t store_document_add(struct db *db, const struct document *d)
{
	int64_t id = db_insert(db, "INSERT INTO documents (assessment_id, partner_id, standard, kind, title, filename, content_type, "
			       "size, sha256, approved, uploaded_by, uploader_org_id, on_behalf, uploaded_at, activity_id) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "iinssssisbnnbin",
			       d->assessment_id, d->partner_id, (int64_t)d->standard, d->kind, d->title, d->filename,
			       d->content_type, d->size, d->sha256, d->approved, d->uploaded_by, d->uploader_org_id,
			       d->on_behalf, d->uploaded_at, d->activity_id);
	return id < 0 ? store_code(id) : id;
}

#define DOCUMENT_COLUMNS "id, assessment_id, partner_id, standard, kind, title, filename, content_type, size, sha256, " \
	"approved, uploaded_by, uploader_org_id, on_behalf, uploaded_at, activity_id, withdrawn_at, withdrawn_by, withdrawn_reason"

static void read_document(struct db_stmt *st, struct arena *a, void *row)
{
	struct document *d = row;
	d->id = db_int(st, 0);
	d->assessment_id = db_int(st, 1);
	d->partner_id = db_int(st, 2);
	d->standard = db_null(st, 3) ? 0 : (int)db_int(st, 3);
	d->kind = arena_strdup(a, db_text(st, 4));
	d->title = arena_strdup(a, db_text(st, 5));
	d->filename = arena_strdup(a, db_text(st, 6));
	d->content_type = arena_strdup(a, db_text(st, 7));
	d->size = db_int(st, 8);
	d->sha256 = arena_strdup(a, db_text(st, 9));
	d->approved = db_int(st, 10) != 0;
	d->uploaded_by = db_null(st, 11) ? 0 : db_int(st, 11);
	d->uploader_org_id = db_null(st, 12) ? 0 : db_int(st, 12);
	d->on_behalf = db_int(st, 13) != 0;
	d->uploaded_at = db_int(st, 14);
	d->activity_id = db_null(st, 15) ? 0 : db_int(st, 15);
	d->withdrawn_at = db_null(st, 16) ? 0 : db_int(st, 16);
	d->withdrawn_by = db_null(st, 17) ? 0 : db_int(st, 17);
	d->withdrawn_reason = db_null(st, 18) ? NULL : arena_strdup(a, db_text(st, 18));
}

int store_document_get(struct db *db, struct arena *a, int64_t id, struct document *out)
{
	return db_read_one(db, a, read_document, out, "SELECT " DOCUMENT_COLUMNS " FROM documents WHERE id = ?", "i", id);
}

int store_documents_of_assessment(struct db *db, struct arena *a, int64_t assessment_id, struct document **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_document, out, n, "SELECT " DOCUMENT_COLUMNS " FROM documents WHERE assessment_id = ? "
			   "AND activity_id IS NULL AND withdrawn_at IS NULL ORDER BY id", "i", assessment_id);
}

int store_documents_of_activities(struct db *db, struct arena *a, int64_t assessment_id, struct document **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_document, out, n, "SELECT " DOCUMENT_COLUMNS " FROM documents WHERE assessment_id = ? "
			   "AND activity_id IS NOT NULL AND withdrawn_at IS NULL ORDER BY id", "i", assessment_id);
}

int store_document_withdraw(struct db *db, int64_t id, int64_t user_id, const char *reason, instant_t now)
{
	int64_t n = db_exec(db, "UPDATE documents SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ? "
			    "WHERE id = ? AND withdrawn_at IS NULL", "insi", now, user_id, reason, id);
	if (n < 0) return store_code(n);
	if (n == 0)
		return db_missing_or_moved(db, "SELECT count(*) FROM documents WHERE id = ?", id);
	return STORE_OK;
}
