/* documents.h (store): the documents uploaded as evidence (the files live in the blob directory)
 * (documents.c). */
#ifndef PSEA_STORE_DOCUMENTS_H
#define PSEA_STORE_DOCUMENTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"

struct document {
	int64_t id, assessment_id, partner_id, uploaded_by, uploader_org_id;
	int standard;          /* 0 for Section 1 */
	char *kind, *title, *filename, *content_type, *sha256;
	int64_t size;
	bool approved, on_behalf;
	instant_t uploaded_at;
	int64_t activity_id;   /* evidence of this plan activity; 0: of the assessment itself */
	instant_t withdrawn_at; /* 0 while the document is part of the assessment */
	int64_t withdrawn_by;
	char *withdrawn_reason;
};
int64_t store_document_add(struct db *db, const struct document *d);
/* Any document, withdrawn or not. */
int store_document_get(struct db *db, struct arena *a, int64_t id, struct document *out);
/* The assessment's own evidence (Sections 1 and 2), withdrawn documents left out, by id. */
int store_documents_of_assessment(struct db *db, struct arena *a, int64_t assessment_id, struct document **out, size_t *n);
/* The evidence of the plan activities of the assessment, withdrawn documents left out, by id. */
int store_documents_of_activities(struct db *db, struct arena *a, int64_t assessment_id, struct document **out, size_t *n);
/* Marks the document withdrawn (the row and its file stay); STORE_ECONFLICT when it was already. */
int store_document_withdraw(struct db *db, int64_t id, int64_t user_id, const char *reason, instant_t now);
#endif
