/* routes.c: every route of the API, in the order of API.md. The OpenAPI document is built from
 * this table, so a route added here is published. */
#include "api.h"
#include "handlers.h"

const struct route api_routes[] = {
	{"GET", "/api/v1/health", health_show, ROUTE_PUBLIC, "Liveness: {\"status\": \"ok\"}"},
	{"GET", "/api/v1/openapi.json", openapi_show, ROUTE_PUBLIC, "This document"},
	{"POST", "/api/v1/session", session_create, ROUTE_PUBLIC | ROUTE_NO_CSRF, "Sign in with e-mail and password"},
	{"GET", "/api/v1/session", session_show, 0, "The signed-in user and the CSRF token"},
	{"DELETE", "/api/v1/session", session_delete, 0, "Sign out"},
	{"POST", "/api/v1/tokens", token_create, 0, "Create an API token (shown once)"},
	{"DELETE", "/api/v1/tokens/{}", token_delete, 0, "Revoke an API token"},
	{"GET", "/api/v1/agencies", agencies_list, 0, "The participating UN agencies"},
	{"GET", "/api/v1/users", users_list, 0, "Accounts (admin)"},
	{"POST", "/api/v1/users", users_create, 0, "Create an account (admin)"},
	{"PATCH", "/api/v1/users/{}", users_update, 0, "Change an account (admin)"},
	{"GET", "/api/v1/audit", audit_list, 0, "The audit log (admin), filters object_type, object_id, user_id"},
	/* --- partners, assessments, documents, observation, alerts --- */
	{"GET", "/api/v1/partners", partners_list, 0, "Partners (agency roles); filters q, country, type, rating, agency_id"},
	{"POST", "/api/v1/partners", partners_create, 0, "Create a partner (advanced editor, admin)"},
	{"GET", "/api/v1/partners/{}", partners_show, 0, "A partner and its PSEA summary"},
	{"POST", "/api/v1/assessments", assessments_create, 0, "Open an assessment for a partner (advanced editor)"},
	{"GET", "/api/v1/assessments/{}", assessments_show, 0, "The whole assessment (participants)"},
	{"PUT", "/api/v1/assessments/{}/intro", assessments_intro, 0, "Section 1 answers"},
	{"PUT", "/api/v1/assessments/{}/self-assessment", assessments_self_save, 0, "Save Section 2 answers for later"},
	{"POST", "/api/v1/assessments/{}/self-assessment/submit", assessments_self_submit, 0, "Submit the self-assessment"},
	{"PUT", "/api/v1/assessments/{}/verification", assessments_verification_save, 0, "Save verified answers for later"},
	{"POST", "/api/v1/assessments/{}/finalize", assessments_finalize, 0, "Compute and lock the rating (advanced editor)"},
	{"POST", "/api/v1/assessments/{}/unlock-rating", assessments_unlock_rating, 0, "Unlock a rating, with a reason"},
	{"POST", "/api/v1/assessments/{}/unlock-self-assessment", assessments_unlock_self, 0, "Unlock the self-assessment, with a reason"},
	{"POST", "/api/v1/assessments/{}/unlock-requests", assessments_unlock_request, 0, "The partner asks for an unlock"},
	{"POST", "/api/v1/assessments/{}/accept-previous", assessments_accept_previous, 0, "Accept the prior assessment of Section 1"},
	{"POST", "/api/v1/assessments/{}/agencies", assessments_join, 0, "Another agency joins the assessment"},
	{"POST", "/api/v1/assessments/{}/documents", documents_upload, ROUTE_UPLOAD, "Upload evidence (multipart: file, standard, title, approved=true)"},
	{"GET", "/api/v1/documents/{}", documents_show, 0, "A document's file"},
	{"GET", "/api/v1/assessments/{}/comments", comments_list, 0, "Comments on an assessment"},
	{"POST", "/api/v1/assessments/{}/comments", comments_create, 0, "Add a comment"},
	{"GET", "/api/v1/observation", observation_list, 0, "Every partner with its PSEA standing (agency roles)"},
	{"GET", "/api/v1/alerts", alerts_list, 0, "What awaits the caller"},
	{"GET", "/api/v1/partnerships", partnerships_list, 0, "The caller's agency's partnerships"},
	{"POST", "/api/v1/partnerships", partnerships_create, 0, "Record a partnership (advanced editor)"},
	{"POST", "/api/v1/past-assessments", past_assessments_create, 0, "Record a migrated past assessment"},
	/* --- end of partners, assessments, documents, observation, alerts --- */
	{NULL, NULL, NULL, 0, NULL},
};
