/* req.c: the req_* and reply_* functions of http.h, and the check of every text a request brings
 * (see util/text.h) before any handler sees it. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app.h"
#include "json_out.h"
#include "req.h"
#include "../util/log.h"
#include "../util/text.h"

static struct MHD_Connection *conn_of(struct req *r) { return r->conn; }

const char *req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(conn_of(r), MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(conn_of(r), MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(conn_of(r), MHD_COOKIE_KIND, name);
}

const char *req_client_address(struct req *r)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(conn_of(r), MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	static const char unknown[] = "unknown";
	if (!info || !info->client_addr)
		return unknown;
	char host[64];
	if (getnameinfo(info->client_addr, sizeof(struct sockaddr_storage), host, sizeof host, NULL, 0,
			NI_NUMERICHOST) != 0)
		return unknown;
	const char *forwarded = r->app->trusted_proxy && strcmp(host, r->app->trusted_proxy) == 0 ?
		req_header(r, "X-Real-IP") : NULL;
	unsigned char parsed[sizeof(struct in6_addr)];
	if (forwarded && (inet_pton(AF_INET, forwarded, parsed) == 1 || inet_pton(AF_INET6, forwarded, parsed) == 1))
		return arena_strdup(&r->arena, forwarded);
	return arena_strdup(&r->arena, host);
}

int64_t req_param_id(struct req *r, int i)
{
	const char *s = i < HTTP_MAX_PARAMS ? r->params[i] : NULL;
	if (!s || !*s || strlen(s) > 18)
		return 0;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

const char *req_data_dir(struct req *r) { return r->app->data_dir; }
const char *req_web_dir(struct req *r) { return r->app->web_dir; }
const char *req_base_url(struct req *r) { return r->app ? r->app->base_url : NULL; }
const char *req_sendmail(struct req *r) { return r->app ? r->app->sendmail : NULL; }
const char *req_mail_from(struct req *r) { return r->app ? r->app->mail_from : NULL; }
const char *req_param(struct req *r, int i) { return i >= 0 && i < HTTP_MAX_PARAMS ? r->params[i] : NULL; }

const char *req_form_field(struct req *r, const char *name)
{
	if (!r->upload)
		return NULL;
	for (int i = 0; i < r->upload->nfields; i++)
		if (strcmp(r->upload->fields[i].name, name) == 0)
			return r->upload->fields[i].value;
	return NULL;
}

void reply_bytes(struct req *r, int status, const char *content_type, const char *data, size_t len)
{
	r->status = status;
	r->content_type = arena_strdup(&r->arena, content_type);
	r->body_out = arena_strndup(&r->arena, data, len);
	r->body_len = len;
	r->file_out = NULL;
}

/* The answer when an answer cannot be written (text that is not UTF-8 reached it, or memory ran
 * out): fixed text, so that it cannot fail in turn. */
static const char internal_error_body[] =
	"{\"type\":\"about:blank\",\"title\":\"Internal error\",\"status\":500,\"code\":\"internal_error\","
	"\"detail\":\"The answer could not be written; the error is logged.\"}";

static void reply_internal_error(struct req *r)
{
	log_error("request %s: the answer could not be written as JSON", r->request_id ? r->request_id : "-");
	reply_bytes(r, 500, "application/problem+json", internal_error_body, sizeof internal_error_body - 1);
}

void reply_json(struct req *r, int status, json_t *json)
{
	size_t len = 0;
	const char *text = json ? json_out(json, &len) : NULL;
	if (text)
		reply_bytes(r, status, "application/json", text, len);
	else
		reply_internal_error(r);
	json_decref(json);
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Not signed in";
	case 403: return "Not allowed";
	case 404: return "Not found";
	case 405: return "Method not allowed";
	case 409: return "Conflict";
	case 413: return "Too large";
	case 415: return "Unsupported media type";
	case 422: return "Invalid data";
	case 429: return "Too many attempts";
	case 503: return "Unavailable";
	default: return status >= 500 ? "Internal error" : "Error";
	}
}

json_t *problem_error(const char *field, const char *code, const char *message)
{
	return json_pack("{s:s, s:s, s:s}", "field", field ? field : "", "code", code, "message", message);
}

void reply_problem(struct req *r, int status, const char *code, const char *detail, json_t *errors)
{
	json_t *p = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", "about:blank", "title", status_title(status),
			      "status", status, "code", code, "detail", detail ? detail : status_title(status));
	if (errors && p)
		json_object_set_new(p, "errors", errors);
	else
		json_decref(errors);
	size_t len = 0;
	const char *text = p ? json_out(p, &len) : NULL;
	if (text)
		reply_bytes(r, status, "application/problem+json", text, len);
	else
		reply_internal_error(r);
	json_decref(p);
}

void reply_file(struct req *r, const char *path, const char *content_type)
{
	r->status = 200;
	r->content_type = arena_strdup(&r->arena, content_type);
	r->file_out = arena_strdup(&r->arena, path);
}

void reply_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders >= (int)(sizeof r->headers / sizeof r->headers[0]))
		return;
	r->headers[r->nheaders].name = arena_strdup(&r->arena, name);
	r->headers[r->nheaders].value = arena_strdup(&r->arena, value);
	r->nheaders++;
}


/* --- the text a request brings: one rule for every input (util/text.h) --- */

/* Answers 422 for the text of field (NULL: the body as a whole); returns false. */
static bool refuse_text(struct req *r, const char *field, enum text_fault fault)
{
	const char *message = text_fault_message(fault);
	json_t *errs = json_array();
	json_array_append_new(errs, problem_error(field, "invalid_value", message));
	reply_problem(r, 422, "validation_failed",
		      field ? arena_printf(&r->arena, "%s: %s", field, message) : arena_printf(&r->arena, "The body: %s", message),
		      errs);
	return false;
}

struct query_check { struct req *r; const char *field; enum text_fault fault; };

static enum MHD_Result check_argument(void *cls, enum MHD_ValueKind kind, const char *name, size_t name_len,
				      const char *value, size_t value_len)
{
	(void)kind;
	struct query_check *q = cls;
	enum text_fault f = text_check(name, name_len, TEXT_ONE_LINE);
	if (f) {
		q->field = "query"; /* the name itself cannot be shown */
		q->fault = f;
		return MHD_NO;
	}
	f = value ? text_check(value, value_len, TEXT_ONE_LINE) : TEXT_OK;
	if (f) {
		q->field = arena_strdup(&q->r->arena, name);
		q->fault = f;
		return MHD_NO;
	}
	return MHD_YES;
}

bool req_check_query(struct req *r)
{
	struct query_check q = {r, NULL, TEXT_OK};
	MHD_get_connection_values_n(conn_of(r), MHD_GET_ARGUMENT_KIND, check_argument, &q);
	return q.fault == TEXT_OK || refuse_text(r, q.field, q.fault);
}

/* Where a member of a JSON body is, for the "field" of an error: "x.y[1]". */
static const char *json_path(struct arena *a, const char *parent, const char *child)
{
	if (!*child)
		return parent;
	return arena_printf(a, "%s%s%s", parent, child[0] == '[' ? "" : ".", child);
}

/* The first text of v (a string, or a member name at any depth) that breaks the rule; *where
 * gets its path. Texts of several lines are allowed everywhere: the api layer refuses line
 * breaks in the fields that are one line (api_str). */
static enum text_fault json_fault(struct arena *a, json_t *v, const char **where)
{
	enum text_fault f = TEXT_OK;
	*where = "";
	if (json_is_string(v))
		return text_check(json_string_value(v), json_string_length(v), TEXT_LINES);
	if (json_is_object(v)) {
		for (void *it = json_object_iter(v); it && !f; it = json_object_iter_next(v, it)) {
			const char *key = json_object_iter_key(it);
			f = text_check(key, json_object_iter_key_len(it), TEXT_ONE_LINE);
			if (f)
				*where = "";
			else if ((f = json_fault(a, json_object_iter_value(it), where)))
				*where = json_path(a, key, *where);
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v) && !f; i++)
			if ((f = json_fault(a, json_array_get(v, i), where)))
				*where = json_path(a, arena_printf(a, "[%zu]", i), *where);
	}
	return f;
}

bool req_read_json(struct req *r, const char *body, size_t len)
{
	enum text_fault f = text_check(body, len, TEXT_LINES);
	if (f)
		return refuse_text(r, NULL, f);
	json_error_t jerr;
	/* NUL is let through the parser so that it is refused below as the control character it is */
	r->body = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!r->body) {
		reply_problem(r, 400, "malformed_json", arena_printf(&r->arena, "The body is not valid JSON: %s (line %d, column %d).",
								      jerr.text, jerr.line, jerr.column), NULL);
		return false;
	}
	const char *where;
	f = json_fault(&r->arena, r->body, &where);
	return f == TEXT_OK || refuse_text(r, *where ? where : NULL, f);
}

bool req_check_form(struct req *r)
{
	struct upload *u = r->upload;
	for (int i = 0; i < u->nfields; i++) {
		enum text_fault f = text_check(u->fields[i].name, strlen(u->fields[i].name), TEXT_ONE_LINE);
		if (f)
			return refuse_text(r, "form", f);
		if ((f = text_check(u->fields[i].value, u->fields[i].len, TEXT_ONE_LINE)))
			return refuse_text(r, u->fields[i].name, f);
	}
	for (int i = 0; i < u->nfiles; i++) {
		enum text_fault f = text_check(u->files[i].field, strlen(u->files[i].field), TEXT_ONE_LINE);
		if (f)
			return refuse_text(r, "form", f);
		if ((f = text_check(u->files[i].filename, strlen(u->files[i].filename), TEXT_ONE_LINE)))
			return refuse_text(r, u->files[i].field, f);
	}
	enum text_fault f = u->filename ? text_check(u->filename, strlen(u->filename), TEXT_ONE_LINE) : TEXT_OK;
	return f == TEXT_OK || refuse_text(r, "file", f);
}
