/* common.c: the helpers of api.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api.h"
#include "../domain/accounts.h"
#include "../http/auth.h"
#include "../util/log.h"

enum role api_role(struct req *r) { return r->user ? role_parse(r->user->role) : ROLE_NONE; }

bool api_allow(struct req *r, bool allowed)
{
	if (!allowed)
		reply_problem(r, 403, "forbidden", "Your role does not allow this.", NULL);
	return allowed;
}

void api_store_failed(struct req *r, int rc)
{
	switch (rc) {
	case STORE_ENOTFOUND:
		reply_problem(r, 404, "not_found", "There is no such object.", NULL);
		break;
	case STORE_ECONFLICT:
		reply_problem(r, 409, "version_conflict",
			      "Someone else saved this first. Reload to see their changes, then apply yours again.", NULL);
		break;
	case STORE_ECONSTRAINT:
		reply_problem(r, 409, "conflict", "This would duplicate or orphan a record.", NULL);
		break;
	case STORE_ERETRY:
		reply_problem(r, 503, "busy", "The database is busy; try again.", NULL);
		break;
	default:
		reply_problem(r, 500, "internal_error", "The database failed; the error is logged.", NULL);
	}
}

int api_if_match(struct req *r, int64_t *version)
{
	const char *h = req_header(r, "If-Match");
	if (!h)
		return 0;
	char digits[24];
	size_t len = strlen(h);
	if (len >= 2 && h[0] == '"' && h[len - 1] == '"') {
		h++;
		len -= 2;
	} else if (len >= 4 && strncmp(h, "W/\"", 3) == 0) {
		h += 3;
		len -= 4;
	}
	if (len == 0 || len >= sizeof digits) {
		reply_problem(r, 400, "bad_if_match", "If-Match must be the object's version, such as \"3\".", NULL);
		return -1;
	}
	memcpy(digits, h, len);
	digits[len] = '\0';
	char *end;
	long long v = strtoll(digits, &end, 10);
	if (*end || v <= 0) {
		reply_problem(r, 400, "bad_if_match", "If-Match must be the object's version, such as \"3\".", NULL);
		return -1;
	}
	*version = v;
	return 1;
}

bool api_limit(struct req *r, int *limit)
{
	const char *s = req_query(r, "limit");
	*limit = API_LIMIT_DEFAULT;
	if (!s)
		return true;
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 1 || v > API_LIMIT_MAX) {
		reply_problem(r, 400, "bad_parameter", "limit must be a whole number from 1 to 200.", NULL);
		return false;
	}
	*limit = (int)v;
	return true;
}

bool api_cursor(struct req *r, int64_t *cursor)
{
	const char *s = req_query(r, "cursor");
	*cursor = 0;
	if (!s || !*s)
		return true;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0) {
		reply_problem(r, 400, "bad_parameter", "cursor must be a value returned as next_cursor.", NULL);
		return false;
	}
	*cursor = v;
	return true;
}

json_t *api_list(json_t *items, int64_t next_cursor)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)next_cursor);
	return api_list_text(items, next_cursor ? buf : NULL);
}

json_t *api_list_text(json_t *items, const char *next_cursor)
{
	return json_pack("{s:o, s:o}", "items", items, "next_cursor", next_cursor ? json_string(next_cursor) : json_null());
}

bool api_body_object(struct req *r)
{
	if (!r->body) {
		reply_problem(r, 400, "malformed_json", "This route needs a JSON object as its body.", NULL);
		return false;
	}
	if (!json_is_object(r->body)) {
		reply_problem(r, 422, "validation_failed", "The body must be a JSON object.", NULL);
		return false;
	}
	return true;
}

/* A name, title, e-mail or code is one line: a control character (a line break included) in it
 * could split a CSV row, a PDF line or an e-mail header. Longer texts (comments, reasons) keep
 * their line breaks. */
static bool has_control_character(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

const char *api_str(json_t *obj, const char *key, size_t max, bool required, json_t *errs)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (required)
			json_array_append_new(errs, problem_error(key, "required", "This field is required."));
		return NULL;
	}
	if (!json_is_string(v)) {
		json_array_append_new(errs, problem_error(key, "invalid_type", "This field must be text."));
		return NULL;
	}
	const char *s = json_string_value(v);
	if (json_string_length(v) > max) {
		char msg[96];
		snprintf(msg, sizeof msg, "This field is longer than %zu characters.", max);
		json_array_append_new(errs, problem_error(key, "too_long", msg));
		return NULL;
	}
	if (required && !*s) {
		json_array_append_new(errs, problem_error(key, "required", "This field must not be empty."));
		return NULL;
	}
	if (strlen(s) != json_string_length(v)) {
		json_array_append_new(errs, problem_error(key, "invalid_value", "This field must not contain NUL characters."));
		return NULL;
	}
	if (max <= API_NAME_MAX && has_control_character(s)) {
		json_array_append_new(errs, problem_error(key, "invalid_value",
			"This field is one line: remove line breaks, tabs and other control characters."));
		return NULL;
	}
	return s;
}

bool api_invalid(struct req *r, json_t *errs)
{
	if (!errs) { /* the list could not be made, so a problem may have gone unrecorded */
		log_error("request %s: out of memory while checking the body", r->request_id ? r->request_id : "-");
		reply_problem(r, 500, "internal_error", "The request could not be checked; the error is logged.", NULL);
		return true;
	}
	if (json_array_size(errs) == 0) {
		json_decref(errs);
		return false;
	}
	json_t *first = json_array_get(errs, 0);
	const char *msg = json_string_value(json_object_get(first, "message"));
	const char *field = json_string_value(json_object_get(first, "field"));
	char *detail = json_array_size(errs) == 1 && field && *field
		? arena_printf(&r->arena, "%s: %s", field, msg)
		: arena_printf(&r->arena, "%zu fields need attention; see errors.", json_array_size(errs));
	reply_problem(r, 422, "validation_failed", detail, errs);
	return true;
}

int64_t api_json_id(json_t *v)
{
	if (json_is_integer(v))
		return json_integer_value(v) > 0 ? json_integer_value(v) : 0;
	if (!json_is_string(v))
		return 0;
	char *end;
	const char *s = json_string_value(v);
	long long id = strtoll(s, &end, 10);
	return *s && !*end && id > 0 ? id : 0;
}

json_t *api_id(int64_t id)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)id);
	return json_string(buf);
}

json_t *api_instant(instant_t t)
{
	if (!t) return json_null();
	char buf[21];
	time_format_instant(t, buf);
	return json_string(buf);
}

json_t *api_date(instant_t t)
{
	if (!t) return json_null();
	char buf[11];
	time_format_date(t, buf);
	return json_string(buf);
}

json_t *api_org_json(const struct org *o)
{
	json_t *j = json_pack("{s:o, s:s, s:s}", "id", api_id(o->id), "kind", o->kind ? o->kind : "", "name", o->name ? o->name : "");
	if (o->code)
		json_object_set_new(j, "code", json_string(o->code));
	return j;
}

json_t *api_user_json(const struct user *u)
{
	return json_pack("{s:o, s:s, s:s, s:o, s:s, s:s, s:b, s:I, s:b, s:b}", "id", api_id(u->id), "email", u->email,
			 "name", u->name, "organization", api_org_json(&u->org), "role", u->role,
			 "language", u->language, "active", u->active, "version", (json_int_t)u->version,
			 "two_step", u->two_step, "sso", u->sso);
}

struct route_write {
	struct req *r;
	api_write_fn *write;
	void *ctx;
};

static int run_route_write(struct db *db, struct audit *audit, void *ctx)
{
	(void)db; /* the same as r->db */
	struct route_write *w = ctx;
	return w->write(w->r, audit, w->ctx);
}

bool api_write(struct req *r, api_write_fn *write, void *ctx)
{
	struct audit audit = {.user_id = r->user ? r->user->id : 0, .request_id = r->request_id, .now = r->now};
	struct route_write w = {r, write, ctx};
	int rc = store_write(r->db, &audit, run_route_write, &w);
	if (rc == STORE_OK || rc == API_ANSWERED)
		return rc == STORE_OK;
	if (rc == STORE_EAUDIT)
		reply_problem(r, 500, "internal_error", "The audit log could not be written, so nothing was changed.", NULL);
	else
		api_store_failed(r, rc);
	return false;
}

struct record {
	const char *object_type, *action;
	int64_t object_id;
};

static int write_record(struct req *r, struct audit *audit, void *ctx)
{
	(void)r;
	struct record *line = ctx;
	return audit_add(audit, line->object_type, line->object_id, line->action);
}

bool api_record(struct req *r, const char *object_type, int64_t object_id, const char *action)
{
	struct record line = {object_type, action, object_id};
	return api_write(r, write_record, &line);
}

bool api_password_ok(const char *password, json_t *errs)
{
	const char *rule = account_password_rule(password);
	if (rule)
		json_array_append_new(errs, problem_error("password", rule, account_password_problem(password)));
	return rule == NULL;
}

int64_t api_user_add(struct req *r, const struct user *u, const char *hash, const char *taken_detail)
{
	int64_t id = store_user_add(r->db, u, hash, r->now);
	if (id != STORE_ECONSTRAINT)
		return id;
	reply_problem(r, 409, "email_taken", taken_detail, NULL);
	return API_ANSWERED;
}

bool api_password_hash(struct req *r, const char *password, char hash[128])
{
	if (password_hash(password, hash) == 0)
		return true;
	reply_problem(r, 503, "busy", "The server could not hash the password; try again.", NULL);
	return false;
}
