/* documents.c: the records of uploaded evidence; the files themselves are under <data>/blobs. */
#include <string.h>
#include "db.h"
#include "store.h"

int64_t store_document_add(struct db *db, const struct document *d)
{
	int64_t id = db_insert(db, "INSERT INTO documents (assessment_id, partner_id, standard, kind, title, filename, content_type, "
			       "size, sha256, approved, uploaded_by, uploader_org_id, on_behalf, uploaded_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "iinssssisbnnbi",
			       d->assessment_id, d->partner_id, (int64_t)d->standard, d->kind, d->title, d->filename,
			       d->content_type, d->size, d->sha256, d->approved, d->uploaded_by, d->uploader_org_id,
			       d->on_behalf, d->uploaded_at);
	return id < 0 ? store_code(id) : id;
}

#define DOCUMENT_COLUMNS "id, assessment_id, partner_id, standard, kind, title, filename, content_type, size, sha256, " \
	"approved, uploaded_by, uploader_org_id, on_behalf, uploaded_at"

static void read_document(struct db_stmt *st, struct arena *a, struct document *d)
{
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
}

int store_document_get(struct db *db, struct arena *a, int64_t id, struct document *out)
{
	struct db_stmt *st = db_query(db, "SELECT " DOCUMENT_COLUMNS " FROM documents WHERE id = ?", "i", id);
	if (!st) return STORE_ERROR;
	int rc = db_next(st);
	if (rc == DB_ROW)
		read_document(st, a, out);
	db_done(st);
	return rc == DB_ROW ? STORE_OK : rc == DB_DONE ? STORE_ENOTFOUND : store_code(rc);
}

int store_documents_of_assessment(struct db *db, struct arena *a, int64_t assessment_id, struct document **out, size_t *n)
{
	struct db_stmt *st = db_query(db, "SELECT " DOCUMENT_COLUMNS " FROM documents WHERE assessment_id = ? ORDER BY id", "i",
				      assessment_id);
	if (!st) return STORE_ERROR;
	size_t cap = 16;
	*out = arena_alloc(a, cap * sizeof **out);
	*n = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		if (*n == cap) {
			struct document *bigger = arena_alloc(a, 2 * cap * sizeof *bigger);
			memcpy(bigger, *out, cap * sizeof *bigger);
			*out = bigger;
			cap *= 2;
		}
		read_document(st, a, &(*out)[(*n)++]);
	}
	db_done(st);
	return store_code(rc < 0 ? rc : 0);
}
