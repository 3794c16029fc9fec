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
	 "?year=YYYY: allegations by type, onward reports within the target, investigation days (focal point)"},
	{NULL, NULL, NULL, 0, NULL},
};
