/* offline_forms.c: the offline form for download, and the import of a filled one by an agency
 * advanced editor, in two steps: a preview that answers what was read (the "check your answers"
 * page), and the import itself, which reads the same file again and writes it. Both are the
 * same reading (offline_import.c): a bad cell is a 422 listing every `Sheet!C4: reason`, and
 * nothing is written. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "handlers.h"
#include "export.h"
#include "offline.h"
#include "psea.h"
#include "assessment_json.h"
#include "../domain/accounts.h"

/* The partner the form is filled in for: a partner user's own organisation; for agency staff,
 * ?partner_id= when given. 0: none (the cell is left to fill); -1 after answering. */
static int64_t form_partner(struct req *r, struct partner *p)
{
	int64_t id = 0;
	if (role_is_partner(api_role(r))) {
		id = r->user->org.id;
	} else if (req_query(r, "partner_id")) {
		char *end;
		long long v = strtoll(req_query(r, "partner_id"), &end, 10);
		if (*end || v <= 0) {
			reply_problem(r, 400, "bad_parameter", "partner_id must be a partner's id.", NULL);
			return -1;
		}
		id = v;
	}
	if (!id)
		return 0;
	int rc = store_partner_get(r->db, &r->arena, id, p);
	if (rc != STORE_OK) {
		if (rc == STORE_ENOTFOUND)
			reply_problem(r, 404, "not_found", "There is no partner with this id.", NULL);
		else
			api_store_failed(r, rc);
		return -1;
	}
	return id;
}

void offline_forms_workbook(struct req *r)
{
	enum role role = api_role(r);
	if (!api_allow(r, role_is_agency(role) || role_is_partner(role)))
		return;
	const char *lang = export_language(r);
	struct partner p = {0};
	int64_t partner_id = lang ? form_partner(r, &p) : -1;
	if (partner_id < 0)
		return;
	struct org *agencies;
	size_t n;
	int years;
	int rc = store_agencies(r->db, &r->arena, &agencies, &n);
	if (rc == STORE_OK)
		rc = psea_validity_years(r, &years);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	char **codes = arena_alloc(&r->arena, (n ? n : 1) * sizeof *codes);
	for (size_t i = 0; i < n; i++)
		codes[i] = agencies[i].code;
	struct catalogue words;
	catalogue_open(&words, req_web_dir(r), lang, &r->arena);
	struct offline_workbook_in in = {
		.lang = lang, .words = &words, .partner_id = partner_id, .partner_name = partner_id ? p.name : NULL,
		.agency_code = role_is_agency(role) ? r->user->org.code : NULL, .agency_codes = codes, .nagencies = n,
		.now = r->now, .validity_years = years,
	};
	char *path = export_tmp_path(r);
	rc = path ? offline_workbook_write(path, arena_printf(&r->arena, "%s/tmp", req_data_dir(r)), &in) : -1;
	catalogue_close(&words);
	if (rc != 0) {
		reply_problem(r, 500, "internal_error", "The offline form could not be written.", NULL);
		return;
	}
	export_send(r, path, OFFLINE_MEDIA_TYPE, arena_printf(&r->arena, "psea-offline-form-%s.xlsx", lang));
}

/* The evidence files beside the workbook: parts named evidence_1 .. evidence_8 (repeated for
 * several files of one standard), each a document of that standard once imported. */
static size_t evidence_from_upload(struct req *r, struct offline_evidence **out)
{
	const struct upload *u = r->upload;
	struct offline_evidence *files = arena_alloc(&r->arena, ((size_t)u->nfiles + 1) * sizeof *files);
	for (int i = 0; i < u->nfiles; i++) {
		const struct upload_file *f = &u->files[i];
		char *end = NULL;
		long k = strncmp(f->field, "evidence_", 9) == 0 ? strtol(f->field + 9, &end, 10) : 0;
		files[i] = (struct offline_evidence){.where = f->field, .standard = end && !*end && end != f->field + 9 ? (int)k : 0,
						     .path = f->tmp_path, .filename = f->filename, .sha256 = f->sha256, .size = f->size,
						     .move = true};
	}
	*out = files;
	return (size_t)u->nfiles;
}

/* The form's evidence, listed with the workbook's problems: OFFLINE_OK, OFFLINE_EBADCELLS or a
 * negative STORE_E*. */
static int read_evidence(struct req *r, struct offline_read *out)
{
	struct offline_evidence *files;
	size_t n = evidence_from_upload(r, &files);
	return offline_evidence_check(r->db, &r->arena, files, n, out);
}

/* What the form must say when it brings evidence: no more files than allowed, and the approval
 * that an upload on the screens asks for. False after answering 422. */
static bool evidence_form_ok(struct req *r)
{
	const struct upload *u = r->upload;
	json_t *errs = json_array();
	if (u->too_many_files)
		json_array_append_new(errs, problem_error("evidence", "too_many", arena_printf(&r->arena,
			"Bring at most %d evidence files with one form; add the others to the assessment afterwards.", OFFLINE_EVIDENCE_MAX)));
	const char *approved = req_form_field(r, "approved");
	if (u->nfiles && (!approved || strcmp(approved, "true") != 0))
		json_array_append_new(errs, problem_error("approved", "approval_required",
			"Only formally approved or official documents count as evidence: confirm with approved=true."));
	return !api_invalid(r, errs);
}

/* The upload, read and checked; false after answering (400, 403, 404, 409, 413, 415, 422). */
static bool read_upload(struct req *r, struct offline_read *out)
{
	if (!api_allow(r, role_is_advanced(api_role(r))))
		return false;
	struct upload *u = r->upload;
	if (!u || u->bad_form) {
		reply_problem(r, 400, "malformed_form", "Send multipart/form-data with the field file (the filled workbook) and, "
			      "optionally, partner_id, each once, and evidence files as evidence_1 to evidence_8 with approved=true.", NULL);
		return false;
	}
	if (u->too_large) {
		reply_problem(r, 413, "too_large", "The workbook is larger than the upload limit, or the form as a whole larger than "
			      "four times it.", NULL);
		return false;
	}
	if (!u->has_file || !u->tmp_path) {
		api_invalid(r, json_pack("[o]", problem_error("file", "required", "Attach the filled workbook as the field file.")));
		return false;
	}
	if (!evidence_form_ok(r))
		return false;
	int64_t partner_id = 0;
	const char *field = req_form_field(r, "partner_id");
	if (field && *field) {
		char *end;
		long long v = strtoll(field, &end, 10);
		if (*end || v <= 0) {
			api_invalid(r, json_pack("[o]", problem_error("partner_id", "invalid_value", "partner_id is a partner's id.")));
			return false;
		}
		partner_id = v;
	}
	struct offline_context ctx = {r->db, &r->arena, req_web_dir(r), r->now, partner_id, r->user->org.id};
	int rc = offline_read(u->tmp_path, &ctx, out);
	if (rc == OFFLINE_OK || rc == OFFLINE_EBADCELLS)
		rc = read_evidence(r, out);
	if (rc < 0) {
		api_store_failed(r, rc);
		return false;
	}
	switch (rc) {
	case OFFLINE_OK:
		return true;
	case OFFLINE_ETOOLARGE:
		reply_problem(r, 413, "too_large", out->detail, NULL);
		return false;
	case OFFLINE_ENOTFORM:
		reply_problem(r, 415, "not_offline_form", out->detail, NULL);
		return false;
	case OFFLINE_EOPEN:
		reply_problem(r, 409, "invalid_state", out->detail, NULL);
		return false;
	default: {
		json_t *errs = json_array();
		for (size_t i = 0; i < out->nproblems; i++) {
			const struct offline_problem *p = &out->problems[i];
			json_t *e = problem_error(p->where, p->code ? p->code : "bad_cell", offline_problem_text(&r->arena, p));
			json_object_set_new(e, "name", json_string(p->name));
			json_array_append_new(errs, e);
		}
		reply_problem(r, 422, "validation_failed", "Some cells of the workbook or evidence files need correcting; nothing "
			      "was imported. See errors: each says which sheet and cell, or which file, and what to fix.", errs);
		return false;
	}
	}
}

void offline_imports_preview(struct req *r)
{
	struct offline_read read;
	if (!read_upload(r, &read))
		return;
	json_t *j = offline_form_json(&read.form);
	json_object_set_new(j, "sha256", json_string(r->upload->sha256));
	json_object_set_new(j, "evidence", offline_evidence_json(&read.form));
	reply_json(r, 200, j);
}

struct form_import {
	const struct offline_assessment *form;
	const struct offline_workbook_file *file;
	int64_t id; /* out: the assessment */
};

static int write_form_import(struct req *r, struct audit *audit, void *ctx)
{
	struct form_import *w = ctx;
	int rc = offline_create(r->db, &r->arena, w->form, r->user->id, r->user->org.id, req_data_dir(r), w->file,
				audit, r->now, &w->id);
	if (rc == STORE_ECONSTRAINT) {
		reply_problem(r, 409, "invalid_state", "This partner has an open assessment by now: finish it on the screens, "
			      "or import the form once it is rated.", NULL);
		return API_ANSWERED;
	}
	return rc;
}

void offline_imports_create(struct req *r)
{
	struct offline_read read;
	if (!read_upload(r, &read))
		return;
	struct upload *u = r->upload;
	/* the file checked on the preview page, when the client says which it was */
	const char *expected = req_form_field(r, "sha256");
	if (expected && *expected && strcmp(expected, u->sha256) != 0) {
		reply_problem(r, 409, "version_conflict", "This is not the workbook that was checked: check it again before importing.", NULL);
		return;
	}
	struct offline_workbook_file file = {u->tmp_path, u->filename, u->sha256, u->size, true};
	struct form_import w = {&read.form, &file, 0};
	if (!api_write(r, write_form_import, &w))
		return;
	struct assessment x;
	int rc = store_assessment_get(r->db, &r->arena, w.id, &x);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	psea_reply_assessment(r, 201, &x);
}
