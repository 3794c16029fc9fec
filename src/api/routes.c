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
	{NULL, NULL, NULL, 0, NULL},
};
