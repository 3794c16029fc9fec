/* documents.c: evidence uploaded to an assessment (DOMAIN.md, "Documents"). The file arrives
 * already streamed to <data>/tmp and hashed; here it is checked (size, approval, type recognised
 * from its content) and moved into the content-addressed store <data>/blobs/ab/cdef... */
#include <stdlib.h>
#include <string.h>
#include "document_files.h"
#include "handlers.h"
#include "psea.h"
#include "../domain/csip.h"

/* The checks and the store every document shares (document_files.h). */
static const char *recognise(const char *path) { return document_type_recognise(path); }

static int store_blob(struct req *r, const char *tmp, const char *sha)
{
	return document_blob_keep(&r->arena, req_data_dir(r), tmp, sha, true);
}

/* The plan activity an upload names (multipart field activity_id), checked against the
 * assessment: *activity is filled and true returned when it may receive evidence now; false
 * after answering 422 (not this assessment's activity) or 409 (the work is not under way). */
static bool evidence_activity(struct req *r, const struct assessment *x, const char *field, struct store_csip_activity *activity)
{
	char *end;
	long long id = strtoll(field, &end, 10);
	if (*end || id <= 0 || store_csip_activity_get(r->db, &r->arena, id, activity) != STORE_OK ||
	    activity->assessment_id != x->id) {
		api_invalid(r, json_pack("[o]", problem_error("activity_id", "unknown",
			"There is no activity with this id in this assessment's plan.")));
		return false;
	}
	struct store_csip plan;
	int rc = store_csip_get(r->db, &r->arena, x->id, &plan);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND) {
		api_store_failed(r, rc);
		return false;
	}
	int plan_status = rc == STORE_OK ? csip_status_parse(plan.status) : CSIP_NONE;
	if (!assessment_activity_evidence_open(plan_status, csip_activity_status_parse(activity->status))) {
		reply_problem(r, 409, "invalid_state", "Evidence of an activity is added while the plan is submitted or active "
			      "and the activity is not completed.", NULL);
		return false;
	}
	return true;
}

/* The record and its audit entry, then the file, then the commit: a failure on the way leaves
 * at worst a stored file that no record names, never a record without its file. */
static int write_upload(struct req *r, struct audit *audit, void *ctx)
{
	struct document *d = ctx;
	d->id = store_document_add(r->db, d);
	int rc = d->id < 0 ? (int)d->id : audit_add(audit, "document", d->id, "upload");
	if (rc != STORE_OK)
		return rc;
	if (store_blob(r, r->upload->tmp_path, r->upload->sha256) != 0) {
		reply_problem(r, 500, "internal_error", "The file could not be stored.", NULL);
		return API_ANSWERED;
	}
	return STORE_OK;
}

void documents_upload(struct req *r)
{
	struct assessment x;
	/* Evidence of a plan activity comes after the rating; the assessment's own before it. */
	const char *activity_field = req_form_field(r, "activity_id");
	bool for_activity = activity_field && *activity_field;
	if (!psea_load(r, 0, for_activity ? ASSESS_ACTIVITY_EVIDENCE : ASSESS_UPLOAD, &x))
		return;
	struct store_csip_activity activity = {0};
	if (for_activity && !evidence_activity(r, &x, activity_field, &activity))
		return;
	struct upload *u = r->upload;
	if (!u || u->bad_form) {
		reply_problem(r, 400, "malformed_form", "Send multipart/form-data with the fields file, standard, title and approved, "
			      "each once.", NULL);
		return;
	}
	if (u->too_large) {
		int64_t limit;
		int rc = settings_get(r->db, SETTING_UPLOAD_MAX_BYTES, &limit);
		if (rc != STORE_OK)
			api_store_failed(r, rc);
		else
			reply_problem(r, 413, "too_large", arena_printf(&r->arena, "The file is larger than the limit of %lld bytes.",
				      (long long)limit), NULL);
		return;
	}
	json_t *errs = json_array();
	if (!u->has_file || !u->tmp_path)
		json_array_append_new(errs, problem_error("file", "required", "Attach the document as the field file."));
	const char *approved = req_form_field(r, "approved");
	if (!approved || strcmp(approved, "true") != 0)
		json_array_append_new(errs, problem_error("approved", "approval_required",
			"Only formally approved or official documents count as evidence: confirm with approved=true."));
	const char *standard = req_form_field(r, "standard");
	int k = 0;
	if (standard && *standard) {
		char *end;
		long v = strtol(standard, &end, 10);
		if (*end || v < 1 || v > STANDARD_COUNT)
			json_array_append_new(errs, problem_error("standard", "unknown_standard",
				"The standard is a number from 1 to 8, or empty for Section 1."));
		else
			k = (int)v;
	}
	if (for_activity && k && k != activity.standard)
		json_array_append_new(errs, problem_error("standard", "not_the_activity_standard",
			"Evidence of an activity belongs to the activity's standard: leave standard empty or give that one."));
	if (for_activity)
		k = activity.standard;
	const char *title = req_form_field(r, "title");
	if (!title || !*title)
		title = u->filename && *u->filename ? u->filename : NULL;
	if (!title)
		json_array_append_new(errs, problem_error("title", "required", "Give the document a title."));
	else if (strlen(title) > API_NAME_MAX)
		json_array_append_new(errs, problem_error("title", "too_long", "The title is longer than 200 characters."));
	const char *kind = req_form_field(r, "kind");
	if (kind && strlen(kind) > 64)
		json_array_append_new(errs, problem_error("kind", "too_long", "The kind is longer than 64 characters."));
	if (api_invalid(r, errs))
		return;
	const char *type = recognise(u->tmp_path);
	if (!type) {
		reply_problem(r, 415, "unsupported_media_type",
			      "The file is not one of the accepted types: " DOCUMENT_TYPES_TEXT " "
			      "(recognised from its content, not its name).", NULL);
		return;
	}
	struct document d = {
		.assessment_id = x.id, .partner_id = x.partner_id, .standard = k, .kind = (char *)(kind && *kind ? kind : NULL),
		.title = (char *)title, .filename = u->filename, .content_type = (char *)type, .size = (int64_t)u->size,
		.sha256 = u->sha256, .approved = true, .uploaded_by = r->user->id, .uploader_org_id = r->user->org.id,
		.on_behalf = !role_is_partner(api_role(r)), .uploaded_at = r->now, .activity_id = activity.id,
	};
	if (!api_write(r, write_upload, &d))
		return;
	reply_json(r, 201, psea_document_json(&d));
}

void documents_show(struct req *r)
{
	int64_t id = req_param_id(r, 0);
	struct document d;
	int rc = id ? store_document_get(r->db, &r->arena, id, &d) : STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	/* Whoever may read the assessment may read its documents; nobody else learns they exist. */
	struct assessment x;
	rc = store_assessment_get(r->db, &r->arena, d.assessment_id, &x);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	struct assessment_actor actor = psea_actor(r, &x);
	rc = assessment_may(&actor, ASSESS_READ);
	if (rc != ASSESS_OK) {
		if (rc == ASSESS_ENOTFOUND)
			reply_problem(r, 404, "not_found", "There is no such document.", NULL);
		else
			api_allow(r, false);
		return;
	}
	char *path = arena_printf(&r->arena, "%s/blobs/%.2s/%s", req_data_dir(r), d.sha256, d.sha256 + 2);
	reply_file(r, path, d.content_type);
	reply_header(r, "Content-Disposition", "attachment");
	reply_header(r, "ETag", arena_printf(&r->arena, "\"%s\"", d.sha256));
}

struct withdrawal {
	const struct assessment *x;
	const struct document *d;
	const char *reason;
};

static int write_withdrawal(struct req *r, struct audit *audit, void *ctx)
{
	struct withdrawal *w = ctx;
	return psea_document_withdraw(r, audit, w->x, w->d, w->reason);
}

/* Withdraws a document from its assessment (DOMAIN.md, "Documents"; rules in
 * assessment_document_withdrawable): the row and the file stay for the audit trail, the
 * assessment no longer lists it nor counts it as evidence. Who (404/403), then when (409), then
 * the body's optional reason (with_body: POST .../withdraw; 422). */
static void withdraw(struct req *r, bool with_body)
{
	int64_t id = req_param_id(r, 0);
	struct document d;
	struct assessment x;
	int rc = id ? store_document_get(r->db, &r->arena, id, &d) : STORE_ENOTFOUND;
	if (rc == STORE_OK)
		rc = store_assessment_get(r->db, &r->arena, d.assessment_id, &x);
	if (rc != STORE_OK) {
		if (rc == STORE_ENOTFOUND)
			reply_problem(r, 404, "not_found", "There is no such document.", NULL);
		else
			api_store_failed(r, rc);
		return;
	}
	struct assessment_actor actor = psea_actor(r, &x);
	rc = assessment_may(&actor, ASSESS_UPLOAD);
	if (rc == ASSESS_ENOTFOUND) {
		reply_problem(r, 404, "not_found", "There is no such document.", NULL);
		return;
	}
	if (rc != ASSESS_OK) {
		reply_problem(r, 403, "forbidden", "Your role does not allow withdrawing documents.", NULL);
		return;
	}
	struct document_facts facts;
	if ((rc = psea_document_facts(r, &x, &d, &facts)) != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	rc = assessment_document_withdrawable(&facts);
	if (rc == ASSESS_EFORBIDDEN) {
		reply_problem(r, 403, "forbidden", d.on_behalf
			? "An agency uploaded this document on the partner's behalf: only agency staff may withdraw it."
			: "The partner uploaded this document: only the partner may withdraw it.", NULL);
		return;
	}
	if (rc != ASSESS_OK) {
		reply_problem(r, 409, "invalid_state", d.withdrawn_at ? "This document has been withdrawn already."
			: d.activity_id ? "Evidence of a plan activity is withdrawn while the plan is under way and the activity is not completed."
			: "The section of this document can no longer be changed: documents behind a rating are never withdrawn.", NULL);
		return;
	}
	const char *reason = NULL;
	if (with_body && r->body) { /* the body, with its reason, is optional */
		if (!api_body_object(r))
			return;
		json_t *errs = json_array();
		reason = api_str(r->body, "reason", API_TEXT_MAX, false, errs);
		if (api_invalid(r, errs))
			return;
		if (reason && !*reason)
			reason = NULL;
	}
	struct withdrawal w = {&x, &d, reason};
	if (!api_write(r, write_withdrawal, &w))
		return;
	store_document_get(r->db, &r->arena, id, &d);
	reply_json(r, 200, psea_document_json(&d));
}

void documents_withdraw(struct req *r) { withdraw(r, true); }

void documents_delete(struct req *r) { withdraw(r, false); }
