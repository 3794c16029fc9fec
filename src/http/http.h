/* http.h: what the api layer sees of HTTP. A handler receives a struct req, reads the request
 * through the req_* functions and answers through the reply_* functions; it never calls the
 * HTTP library. Everything a handler allocates comes from req->arena and is freed after the
 * response is sent. */
#ifndef PSEA_HTTP_H
#define PSEA_HTTP_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../store/store.h"
#include "../util/arena.h"
#include "../util/timeutil.h"

#define HTTP_JSON_BODY_MAX (1024 * 1024)   /* JSON request bodies */
#define HTTP_MAX_PARAMS 4                 /* {} segments in a route */
#define HTTP_FORM_FIELD_MAX 4096           /* a non-file field of a multipart form */
/* A ROUTE_UPLOAD_FILES form: each file within the upload limit, at most this many beside "file",
 * and the whole request within this many times the upload limit. */
#define HTTP_UPLOAD_FILES_MAX 16
#define HTTP_UPLOAD_FILES_FACTOR 4

struct req;
typedef void (*handler_fn)(struct req *r);

enum route_flags {
	ROUTE_PUBLIC = 1,  /* no sign-in needed */
	ROUTE_UPLOAD = 2,  /* multipart/form-data, the file streamed to disk */
	ROUTE_NO_CSRF = 4, /* a write that needs no CSRF token (signing in) */
	ROUTE_CACHED = 8,  /* a read whose answers the response cache may keep (see cache.h) */
	ROUTE_BEFORE_TWO_STEP = 16, /* open to an account that must turn two-step sign-in on first */
	ROUTE_UPLOAD_FILES = 32, /* with ROUTE_UPLOAD: more files beside "file" (struct upload's files) */
};

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/assessments/{}/intro": {} matches one segment */
	handler_fn handler;
	int flags;
	const char *summary; /* one line for the OpenAPI document */
};

/* A file of a ROUTE_UPLOAD_FILES form beside "file": a part with a file name, in the order sent. */
struct upload_file {
	char *field;        /* the part's name */
	char *tmp_path;     /* under <data>/tmp; NULL when too large; removed after the request unless moved */
	char *filename;     /* as the client named it (untrusted) */
	char sha256[65];
	uint64_t size;
	bool too_large;     /* past the upload limit: nothing past it was kept */
};

/* A multipart upload after it was received: the file is on disk, already hashed. */
struct upload {
	char *tmp_path;     /* under <data>/tmp; removed after the request unless moved */
	char *filename;     /* as the client named it (untrusted) */
	char sha256[65];
	uint64_t size;
	bool too_large;     /* the file passed the limit: nothing past it was kept */
	bool has_file;
	bool bad_form;      /* a field was too long, repeated, or not a form at all */
	struct { char *name, *value; size_t len; } fields[8]; /* len: value may hold NUL bytes */
	int nfields;
	struct upload_file *files; /* ROUTE_UPLOAD_FILES routes only */
	int nfiles;
	bool too_many_files;       /* more than HTTP_UPLOAD_FILES_MAX: the rest were dropped */
};

struct app; /* the server's shared context, see app.h */

struct req {
	struct arena arena;
	const char *method;
	const char *path;
	const char *request_id;
	const char *params[HTTP_MAX_PARAMS];
	json_t *body;          /* the parsed JSON body, NULL without one; borrowed */
	struct user *user;     /* the signed-in user, NULL on public routes without one */
	bool via_cookie;
	char *csrf;            /* the session's CSRF token when signed in by cookie */
	char *session_hash;
	struct db *db;         /* a connection held for this request */
	instant_t now;
	struct upload *upload; /* ROUTE_UPLOAD routes only */
	struct app *app;
	void *conn;            /* private to src/http */
	/* the answer */
	int status;
	char *content_type;
	char *body_out;
	size_t body_len;
	char *file_out;        /* a file to stream instead of body_out */
	bool body_gzip;        /* body_out is gzipped (compress.h); set by src/http only */
	struct { char *name, *value; } headers[8];
	int nheaders;
};

const char *req_query(struct req *r, const char *name);   /* NULL when absent */
const char *req_header(struct req *r, const char *name);  /* NULL when absent */
const char *req_client_address(struct req *r);
const char *req_cookie(struct req *r, const char *name);
/* The id in path segment i as a positive number; 0 when it is not one (answer 404). */
int64_t req_param_id(struct req *r, int i);
const char *req_data_dir(struct req *r);
const char *req_web_dir(struct req *r);  /* the interface's files, its text catalogues included */
const char *req_form_field(struct req *r, const char *name); /* uploads */
/* Path segment i as it came (a link's secret); NULL when absent. */
const char *req_param(struct req *r, int i);
/* The e-mail the server sends: the portal's address for links (NULL: no e-mail is sent), the
 * sendmail command and the sender's address (psea serve --base-url, --sendmail, --mail-from). */
const char *req_base_url(struct req *r);
const char *req_sendmail(struct req *r);
const char *req_mail_from(struct req *r);

/* JSON answer; takes the reference to json. */
void reply_json(struct req *r, int status, json_t *json);
/* problem+json; errors (may be NULL) is an array of {"field","code","message"}, taken. */
void reply_problem(struct req *r, int status, const char *code, const char *detail, json_t *errors);
void reply_bytes(struct req *r, int status, const char *content_type, const char *data, size_t len);
/* Streams a file from disk (a stored document). */
void reply_file(struct req *r, const char *path, const char *content_type);
void reply_header(struct req *r, const char *name, const char *value);

/* One entry of a problem's "errors" list. */
json_t *problem_error(const char *field, const char *code, const char *message);

#endif
