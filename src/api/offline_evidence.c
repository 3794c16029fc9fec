/* offline_evidence.c: the evidence files brought in with a filled offline form (see offline.h).
 * Each is checked as an upload on the screens is (document_files.h) and every bad one is listed
 * beside the workbook's bad cells, so that one answer says all there is to correct; the good
 * ones become documents of their standard in the import's own transaction. */
#include <stdio.h>
#include <string.h>
#include "api.h"
#include "document_files.h"
#include "offline.h"

static void evidence_problem(struct arena *a, struct offline_read *out, size_t *cap, const struct offline_evidence *e,
			     const char *code, const char *reason)
{
	out->problems = arena_grow(a, out->problems, cap, out->nproblems, sizeof *out->problems);
	out->problems[out->nproblems++] = (struct offline_problem){e->where, e->filename ? e->filename : "", reason, code};
}

/* What is wrong with one file, or NULL (its content type then set). */
static const char *evidence_fault(struct arena *a, struct offline_evidence *e, int64_t limit, const char **code)
{
	const char *name = e->filename && *e->filename ? e->filename : "the file";
	if (e->standard < 1 || e->standard > STANDARD_COUNT) {
		*code = "unknown_standard";
		return arena_printf(a, "%s: name a standard from 1 to 8 for this evidence", name);
	}
	if (!e->path || e->size > (uint64_t)limit) {
		*code = "too_large";
		return arena_printf(a, "%s is larger than the limit of %lld bytes for a document", name, (long long)limit);
	}
	if (!e->filename || !*e->filename || strlen(e->filename) > API_NAME_MAX) {
		*code = "bad_name";
		return arena_printf(a, "give the file a name of 1 to %d characters: it becomes the document's title", API_NAME_MAX);
	}
	e->content_type = document_type_recognise(e->path);
	if (!e->content_type) {
		*code = "unsupported_media_type";
		return arena_printf(a, "%s is not one of the accepted types: " DOCUMENT_TYPES_TEXT
				    " (recognised from its content, not its name)", name);
	}
	return NULL;
}

int offline_evidence_check(struct db *db, struct arena *a, struct offline_evidence *files, size_t n, struct offline_read *out)
{
	int64_t limit;
	int rc = document_size_limit(db, &limit);
	if (rc != STORE_OK)
		return rc;
	size_t cap = out->nproblems;
	for (size_t i = 0; i < n; i++) {
		const char *code = NULL, *why = evidence_fault(a, &files[i], limit, &code);
		if (why)
			evidence_problem(a, out, &cap, &files[i], code, why);
	}
	if (n > OFFLINE_EVIDENCE_MAX) {
		struct offline_evidence all = {.where = "evidence", .filename = ""};
		evidence_problem(a, out, &cap, &all, "too_many",
				 arena_printf(a, "bring at most %d evidence files with one form; add the others to the assessment afterwards",
					      OFFLINE_EVIDENCE_MAX));
	}
	out->form.evidence = files;
	out->form.nevidence = n;
	return out->nproblems ? OFFLINE_EBADCELLS : OFFLINE_OK;
}

int offline_evidence_store(struct db *db, struct arena *a, const struct offline_assessment *f, int64_t id, int64_t user_id,
			   int64_t user_org_id, const char *data_dir, struct audit *audit, instant_t now)
{
	int rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < f->nevidence; i++) {
		const struct offline_evidence *e = &f->evidence[i];
		/* as an agency's upload of approved evidence on the partner's behalf: the import stands
		 * for the verification the agency made offline */
		struct document d = {
			.assessment_id = id, .partner_id = f->partner_id, .standard = e->standard, .kind = NULL,
			.title = (char *)e->filename, .filename = (char *)e->filename, .content_type = (char *)e->content_type,
			.size = (int64_t)e->size, .sha256 = (char *)e->sha256, .approved = true, .uploaded_by = user_id,
			.uploader_org_id = user_org_id, .on_behalf = true, .uploaded_at = now,
		};
		int64_t doc = store_document_add(db, &d);
		rc = doc < 0 ? (int)doc : audit_add(audit, "document", doc, "upload");
	}
	/* the files once every record is in, as an upload does: a failure leaves at worst a stored
	 * file that no record names, never a record without its file */
	for (size_t i = 0; rc == STORE_OK && i < f->nevidence; i++)
		if (document_blob_keep(a, data_dir, f->evidence[i].path, f->evidence[i].sha256, f->evidence[i].move) != 0)
			rc = STORE_ERROR;
	return rc;
}

json_t *offline_evidence_json(const struct offline_assessment *f)
{
	json_t *list = json_array();
	for (size_t i = 0; i < f->nevidence; i++) {
		const struct offline_evidence *e = &f->evidence[i];
		json_array_append_new(list, json_pack("{s:i, s:s, s:I, s:s, s:s}", "standard", e->standard, "filename", e->filename,
			"size", (json_int_t)e->size, "content_type", e->content_type, "sha256", e->sha256));
	}
	return list;
}
