/* routes.c: every route of the API, in the order of API.md. The OpenAPI document is built from
 * this table, so a route added here is published. */
#include <stdio.h>
#include <string.h>
#include "api.h"
#include "handlers.h"

const struct route api_routes[] = {
	{"GET", "/api/v1/health", health_show, ROUTE_PUBLIC, "Liveness: {\"status\": \"ok\"}"},
	{"GET", "/api/v1/openapi.json", openapi_show, ROUTE_PUBLIC, "This document"},
	{"POST", "/api/v1/session", session_create, ROUTE_PUBLIC | ROUTE_NO_CSRF, "Sign in with e-mail and password"},
	{"POST", "/api/v1/session/two-step", session_two_step, ROUTE_PUBLIC | ROUTE_NO_CSRF, "The second step of signing in: {\"challenge\", \"code\"} (a TOTP or recovery code)"},
	{"GET", "/api/v1/session", session_show, ROUTE_BEFORE_TWO_STEP, "The signed-in user and the CSRF token"},
	{"DELETE", "/api/v1/session", session_delete, ROUTE_BEFORE_TWO_STEP, "Sign out"},
	{"GET", "/api/v1/account/two-step", two_step_show, ROUTE_BEFORE_TWO_STEP, "Whether the caller signs in in two steps, and recovery codes left"},
	{"POST", "/api/v1/account/two-step", two_step_begin, ROUTE_BEFORE_TWO_STEP, "Start turning two-step sign-in on: a new secret and its otpauth URI"},
	{"POST", "/api/v1/account/two-step/confirm", two_step_confirm, ROUTE_BEFORE_TWO_STEP, "Confirm with {\"code\"}: on, and ten recovery codes shown once"},
	{"POST", "/api/v1/account/two-step/disable", two_step_disable, 0, "Turn two-step sign-in off with {\"code\"} (not when the role requires it)"},
	{"GET", "/api/v1/auth/oidc/providers", oidc_public_list, ROUTE_PUBLIC, "The single sign-on providers offered on the sign-in page"},
	{"GET", "/api/v1/auth/oidc/callback", oidc_callback, ROUTE_PUBLIC, "Where a provider returns after sign-in (state, code): a session, then 303 to the page asked; else 303 to /signin?sso_error=CODE"},
	{"GET", "/api/v1/auth/oidc/{}/start", oidc_start, ROUTE_PUBLIC, "Sign in through a provider: 303 to it (PKCE, state, nonce); ?next=/path"},
	{"GET", "/api/v1/oidc-providers", oidc_providers_list, 0, "Single sign-on providers (admin)"},
	{"POST", "/api/v1/oidc-providers", oidc_providers_create, 0, "Register a provider: name, display_name, issuer, client_id, client_secret_file or client_secret_env, agencies (codes), role (admin)"},
	{"PATCH", "/api/v1/oidc-providers/{}", oidc_providers_update, 0, "Turn a provider on or off: {\"active\": true|false} (admin)"},
	{"POST", "/api/v1/tokens", token_create, 0, "Create an API token (shown once): {\"name\", \"expires_in_days\"? (1..3650, default 365) or \"expires_at\"?}"},
	{"GET", "/api/v1/tokens", tokens_list, 0, "The caller's API tokens not revoked, each with expires_at and expired"},
	{"DELETE", "/api/v1/tokens/{}", token_delete, 0, "Revoke an API token"},
	{"GET", "/api/v1/agencies", agencies_list, ROUTE_CACHED, "The participating UN agencies, each with its e-mail domains and version"},
	{"POST", "/api/v1/agencies", agencies_create, 0,
	 "Add a participating agency (admin): {\"code\" (2-16 capital letters or digits), \"name\", \"domains\"?: [\"unops.org\"]}; "
	 "409 code_taken or domain_taken"},
	{"PATCH", "/api/v1/agencies/{}", agencies_update, 0,
	 "Change an agency's name or e-mail domains (admin): {\"name\"?, \"domains\"?}, the list replaces the domains; "
	 "the code never changes; If-Match: \"version\""},
	{"GET", "/api/v1/users", users_list, 0, "Accounts (admin)"},
	{"POST", "/api/v1/users", users_create, 0, "Create an account (admin)"},
	{"GET", "/api/v1/users/{}", users_show, 0, "One account (admin)"},
	{"PATCH", "/api/v1/users/{}", users_update, 0, "Change an account (admin)"},
	{"POST", "/api/v1/password-resets", password_reset_request, ROUTE_PUBLIC | ROUTE_NO_CSRF,
	 "Forgot password: {\"email\"} → 202 whatever the address; an account with it is e-mailed a one-time link (password_reset.minutes)"},
	{"GET", "/api/v1/password-resets/{}", password_reset_show, ROUTE_PUBLIC, "Whether a reset link is usable: 404 unknown, 409 used, 410 expired"},
	{"POST", "/api/v1/password-resets/{}", password_reset_complete, ROUTE_PUBLIC | ROUTE_NO_CSRF,
	 "Use a reset link: {\"password\"} → 204; every session and API token of the account ends"},
	{"GET", "/api/v1/invitations", invitations_list, 0, "Invitations, newest first, each pending, accepted, withdrawn or expired (admin: all; advanced editor: its agency's)"},
	{"POST", "/api/v1/invitations", invitations_create, 0,
	 "Invite by e-mail: {\"email\", \"role\", \"organization_id\", \"language\"?} (admin: anyone; advanced editor: partner roles, partners its agency works with)"},
	{"DELETE", "/api/v1/invitations/{}", invitations_withdraw, 0, "Withdraw a pending invitation"},
	{"GET", "/api/v1/invitation-links/{}", invitation_link_show, ROUTE_PUBLIC,
	 "What an invitation link offers: 404 unknown, 409 accepted, 410 withdrawn or expired"},
	{"POST", "/api/v1/invitation-links/{}", invitation_link_accept, ROUTE_PUBLIC | ROUTE_NO_CSRF,
	 "Accept an invitation: {\"name\", \"password\", \"language\"?} → 201 the new account"},
	{"GET", "/api/v1/audit", audit_list, 0, "The audit log (admin), filters object_type, object_id, user_id"},
	{"GET", "/api/v1/settings", settings_list, 0, "The settings an administrator may change, with default and range (admin)"},
	{"PATCH", "/api/v1/settings", settings_update, 0, "Change settings: {\"key\": whole number, ...}, checked together, all or none (admin)"},
	/* --- partners, assessments, documents, observation, alerts --- */
	{"GET", "/api/v1/partners", partners_list, ROUTE_CACHED, "Partners (agency roles); filters q, country, type, rating, agency_id"},
	{"POST", "/api/v1/partners", partners_create, 0, "Create a partner (advanced editor, admin)"},
	{"GET", "/api/v1/partners/{}", partners_show, ROUTE_CACHED, "A partner and its PSEA summary; psea.assessment_id: the assessment behind the rating shown (null for a migrated one)"},
	{"GET", "/api/v1/partners/{}/assessments", partners_assessments, ROUTE_CACHED,
	 "The partner's assessments and migrated past assessments, newest first: {kind, id, status, source, rating, rated_at, valid_until, in_force, superseded, expired, assessed_by, agencies, participating} (whoever may read the partner)"},
	{"POST", "/api/v1/assessments", assessments_create, 0, "Open an assessment for a partner (advanced editor)"},
	{"GET", "/api/v1/assessments/{}", assessments_show, ROUTE_CACHED, "The whole assessment (participants)"},
	{"PUT", "/api/v1/assessments/{}/intro", assessments_intro, 0, "Section 1 answers"},
	{"PUT", "/api/v1/assessments/{}/self-assessment", assessments_self_save, 0, "Save Section 2 answers for later"},
	{"POST", "/api/v1/assessments/{}/self-assessment/submit", assessments_self_submit, 0, "Submit the self-assessment"},
	{"PUT", "/api/v1/assessments/{}/verification", assessments_verification_save, 0, "Save verified answers for later"},
	{"POST", "/api/v1/assessments/{}/finalize", assessments_finalize, 0, "Compute and lock the rating (advanced editor); finalizing again keeps the rating's date unless {\"new_rating_date\": true}"},
	{"POST", "/api/v1/assessments/{}/unlock-rating", assessments_unlock_rating, 0, "Unlock a rating, with a reason"},
	{"POST", "/api/v1/assessments/{}/unlock-self-assessment", assessments_unlock_self, 0, "Unlock the self-assessment, with a reason"},
	{"POST", "/api/v1/assessments/{}/unlock-requests", assessments_unlock_request, 0, "The partner asks for an unlock"},
	{"POST", "/api/v1/assessments/{}/accept-previous", assessments_accept_previous, 0, "Accept the prior assessment of Section 1 (its document, and its plan of kind previous_plan when not full)"},
	{"POST", "/api/v1/assessments/{}/agencies", assessments_join, 0, "Another agency joins the assessment, open or rated (advanced editor)"},
	{"POST", "/api/v1/assessments/{}/documents", documents_upload, ROUTE_UPLOAD,
	 "Upload evidence (multipart: file, standard, title, approved=true; activity_id: evidence of a plan activity, "
	 "while the plan is submitted or active and the activity not completed)"},
	{"GET", "/api/v1/documents/{}", documents_show, 0, "A document's file (also once withdrawn, for the record)"},
	{"POST", "/api/v1/documents/{}/withdraw", documents_withdraw, 0,
	 "Withdraw a document, {\"reason\"?}: the uploader's side, while its section is editable and never once the "
	 "assessment is rated (plan-activity evidence: while its activity is open); it leaves the assessment, the record stays"},
	{"DELETE", "/api/v1/documents/{}", documents_delete, 0, "The same as POST .../withdraw without a reason"},
	{"GET", "/api/v1/assessments/{}/comments", comments_list, ROUTE_CACHED, "Comments on an assessment"},
	{"POST", "/api/v1/assessments/{}/comments", comments_create, 0, "Add a comment"},
	{"GET", "/api/v1/observation", observation_list, ROUTE_CACHED, "Every partner with its PSEA standing (agency roles); filters q, country, type, rating, standing, eligible; sort name, -name, country, -country, type or -type (default: the order partners were added); next_cursor goes on in the same sort"},
	{"GET", "/api/v1/alerts", alerts_list, ROUTE_CACHED, "What awaits the caller; ?kind= keeps one kind"},
	{"GET", "/api/v1/partnerships", partnerships_list, ROUTE_CACHED, "The caller's agency's partnerships"},
	{"POST", "/api/v1/partnerships", partnerships_create, 0, "Record a partnership (advanced editor)"},
	{"POST", "/api/v1/past-assessments", past_assessments_create, 0, "Record a migrated past assessment (advanced editor: for its own agency; admin: for any agency)"},
	/* --- end of partners, assessments, documents, observation, alerts --- */
	/* the allegations register and its figures (incidents.c) */
	{"GET", "/api/v1/incidents", incidents_list, 0, "The incident register of the caller's agency (focal point, admin)"},
	{"POST", "/api/v1/incidents", incidents_create, 0, "Record an allegation (focal point, admin)"},
	{"GET", "/api/v1/incidents/{}", incidents_show, 0, "One incident (focal point of the recording agency, admin)"},
	{"PATCH", "/api/v1/incidents/{}", incidents_update, 0, "Change an incident; If-Match: \"version\""},
	{"POST", "/api/v1/incidents/{}/corrective-action-review", incidents_review, 0,
	 "{\"adequate\": true|false, \"notes\"}: judge the partner's corrective action"},
	{"POST", "/api/v1/disclosures", disclosures_create, 0,
	 "Partner editor: disclose an allegation {\"agency_id\", \"type\", \"incident_date\"?, \"victims\"?}"},
	{"GET", "/api/v1/reports/incidents", reports_incidents, 0,
	 "?year=YYYY: allegations by type and personnel category, pertaining to partners, self-disclosed, outcomes, actions, onward reports within the target, investigation days (focal point)"},
	{"GET", "/api/v1/exports/incidents-figures.csv", exports_incident_figures_csv, 0,
	 "?year=YYYY: the figures of /reports/incidents as CSV, one figure a row: agency,year,figure,item,value (focal point)"},
	{"GET", "/api/v1/exports/incidents-figures.xlsx", exports_incident_figures_xlsx, 0,
	 "?year=YYYY: the same figures as an XLSX workbook, one figure a row, numbers as numbers (focal point)"},
	{"GET", "/api/v1/agencies/{}/screening-training/{}", screening_show, 0,
	 "The agency's screening and training figures for a year: personnel_screened, screened_out, people_to_train, "
	 "people_trained (null when not known), screened_out_percent, training_percent, updated_at (its focal points, admin)"},
	{"PUT", "/api/v1/agencies/{}/screening-training/{}", screening_update, 0,
	 "Enter the year's counts {\"personnel_screened\", \"screened_out\", \"people_to_train\", \"people_trained\"}: "
	 "whole numbers or null, no names; screened_out <= personnel_screened, people_trained <= people_to_train (its focal points, admin)"},
	/* capacity strengthening implementation plans (csip_plan.c, csip_activities.c) */
	{"GET", "/api/v1/assessments/{}/csip", csip_show, ROUTE_CACHED, "The assessment's capacity strengthening plan"},
	{"POST", "/api/v1/assessments/{}/csip", csip_create, 0, "Start a draft plan after the rating (editors of either side)"},
	{"POST", "/api/v1/assessments/{}/csip/activities", csip_activity_add, 0, "Add an activity for an unmet standard"},
	{"PATCH", "/api/v1/csip-activities/{}", csip_activity_update, 0, "Change an activity: status (active plan; completed is reported, "
	 "and confirmed at once when an agency editor marks it), description, responsible, due_date (draft plan)"},
	{"DELETE", "/api/v1/csip-activities/{}", csip_activity_delete, 0, "Delete an activity of a draft plan (editors of either side); answers the plan"},
	{"POST", "/api/v1/csip-activities/{}/confirm", csip_activity_confirm, 0,
	 "Confirm a reported completion (agency editor of a participating agency): from now it counts"},
	{"POST", "/api/v1/csip-activities/{}/return", csip_activity_return, 0,
	 "Send a reported completion back to the partner: {\"reason\"} (agency editor of a participating agency)"},
	{"POST", "/api/v1/assessments/{}/csip/extend", csip_extend, 0, "Extend the plan: {until, reason} (advanced editor)"},
	{"POST", "/api/v1/assessments/{}/csip/submit", csip_submit, 0, "Submit the plan (partner editor; agency editor on behalf)"},
	{"POST", "/api/v1/assessments/{}/csip/approve", csip_approve, 0, "Approve and start the plan (advanced editor)"},
	/* coverage, ratings and exports (reports.c, exports.c) */
	{"GET", "/api/v1/reports/coverage", reports_coverage, ROUTE_CACHED, "Coverage per agency: active partners, how many with a valid rating, percent"},
	{"GET", "/api/v1/reports/ratings", reports_ratings, ROUTE_CACHED, "Partners by capacity and eligibility, standings; ?agency_id="},
	{"GET", "/api/v1/reports/csip", reports_csip, ROUTE_CACHED, "Plans active, overdue, completed; standings expiring; ?agency_id="},
	{"GET", "/api/v1/exports/observation.csv", exports_observation_csv, 0, "The observation list as CSV, a column per standard; codes, then the same in words (?lang=en|fr|es)"},
	{"GET", "/api/v1/exports/observation.xlsx", exports_observation_xlsx, 0, "The observation list as an Excel workbook; codes, then the same in words (?lang=en|fr|es)"},
	{"GET", "/api/v1/assessments/{}/report.pdf", assessments_report_pdf, 0, "One assessment as a printable PDF report"},
	{"GET", "/api/v1/offline-forms/assessment.pdf", offline_forms_assessment_pdf, 0,
	 "?lang=en|fr|es (default: the account's language): Section 1, Section 2, the agency's verification and the plan "
	 "as a form to print and fill by hand, with tick boxes, lines to write on and each standard's instructions (any signed-in account)"},
	/* the offline form and its import (offline_forms.c) */
	{"GET", "/api/v1/offline-forms/assessment.xlsx", offline_forms_workbook, 0,
	 "The offline form as a workbook (agency and partner roles): Section 1, Section 2, verification and plan, one sheet each, "
	 "every answer cell named and restricted to its choices; ?lang=en|fr|es, ?partner_id= (agency staff) fills in the partner"},
	{"POST", "/api/v1/offline-imports/preview", offline_imports_preview, ROUTE_UPLOAD | ROUTE_UPLOAD_FILES,
	 "Read a filled offline form without writing anything (advanced editor; multipart: file, partner_id?, evidence_1..8* "
	 "files with approved=true): what it says, the rating it gives, the evidence; a bad cell or file: 422 with errors "
	 "[{field: \"Sheet!C4\" or \"evidence_3\", code, name, message}]"},
	{"POST", "/api/v1/offline-imports", offline_imports_create, ROUTE_UPLOAD | ROUTE_UPLOAD_FILES,
	 "Import a filled offline form (advanced editor; multipart: file, partner_id?, sha256? of the previewed file, "
	 "evidence_1..8* files with approved=true): 201 the new rated assessment, imported_from offline_form, with its plan, the "
	 "workbook and the evidence as documents; a bad cell or file: 422, nothing written"},
	{NULL, NULL, NULL, 0, NULL},
};

/* --- the OpenAPI document, built from the table above --- */

/* "/api/v1/assessments/{}/intro" → "/assessments/{id}/intro" (a second {} is {id2}). */
static char *openapi_path(struct arena *a, const char *pattern, int *nparams)
{
	const char *p = strncmp(pattern, "/api/v1", 7) == 0 ? pattern + 7 : pattern;
	char *out = arena_alloc(a, strlen(p) * 2 + 16), *o = out;
	*nparams = 0;
	for (; *p; p++) {
		if (p[0] == '{' && p[1] == '}') {
			o += sprintf(o, *nparams ? "{id%d}" : "{id}", *nparams + 1);
			(*nparams)++;
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static char *lower(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s);
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
	return out;
}

void openapi_show(struct req *r)
{
	json_t *paths = json_object();
	for (const struct route *rt = api_routes; rt->method; rt++) {
		int nparams;
		char *path = openapi_path(&r->arena, rt->pattern, &nparams);
		json_t *item = json_object_get(paths, path);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, path, item);
		}
		json_t *params = json_array();
		for (int i = 0; i < nparams; i++)
			json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name",
				i ? arena_printf(&r->arena, "id%d", i + 1) : "id", "in", "path", "required", 1, "schema", "type", "string"));
		json_t *op = json_pack("{s:s, s:o, s:{s:{s:s}}}", "summary", rt->summary ? rt->summary : "",
				       "parameters", params, "responses", "default", "description",
				       "JSON, or application/problem+json on error");
		if (!(rt->flags & ROUTE_PUBLIC))
			json_object_set_new(op, "security", json_pack("[{s:[]}, {s:[]}]", "cookie", "bearer"));
		json_object_set_new(item, lower(&r->arena, rt->method), op);
	}
	json_t *doc = json_pack("{s:s, s:{s:s, s:s}, s:[{s:s}], s:o, s:{s:{s:{s:s, s:s, s:s}, s:{s:s, s:s}}}}",
		"openapi", "3.0.3", "info", "title", "PSEA Portal API", "version", "1",
		"servers", "url", "/api/v1", "paths", paths, "components", "securitySchemes",
		"cookie", "type", "apiKey", "in", "cookie", "name", "psea_session",
		"bearer", "type", "http", "scheme", "bearer");
	reply_json(r, 200, doc);
}
