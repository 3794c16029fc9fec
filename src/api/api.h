/* api.h: the resources of API.md. Each file in src/api/ handles one resource: it parses the
 * request, checks permission, calls the domain and the store, and writes the response. The
 * helpers below keep those steps short and the answers uniform. */
#ifndef PSEA_API_H
#define PSEA_API_H
#include <jansson.h>
#include <stdbool.h>
#include "../domain/roles.h"
#include "../http/http.h"
#include "../store/write.h"

#define API_LIMIT_DEFAULT 50
#define API_LIMIT_MAX 200
#define API_TEXT_MAX 10000   /* a comment, reason or description */
#define API_NAME_MAX 200     /* a name, title or e-mail */

extern const struct route api_routes[];

/* The caller's role (ROLE_NONE when not signed in). */
enum role api_role(struct req *r);
/* Answers 403 and returns false when allowed is false. */
bool api_allow(struct req *r, bool allowed);
/* Turns a STORE_E* code into the matching problem answer. */
void api_store_failed(struct req *r, int rc);
/* If-Match: 0 none, 1 *version filled, -1 malformed (400 already answered). */
int api_if_match(struct req *r, int64_t *version);
/* ?limit= (1..200, default 50): false after answering 400. */
bool api_limit(struct req *r, int *limit);
/* ?cursor=: a positive id, 0 when absent; false after answering 400. */
bool api_cursor(struct req *r, int64_t *cursor);
/* {"items": items, "next_cursor": "N"|null}; takes items. */
json_t *api_list(json_t *items, int64_t next_cursor);
/* The same with a cursor of any form (NULL: the last page). */
json_t *api_list_text(json_t *items, const char *next_cursor);
/* The body must be a JSON object: false after answering 400/422. */
bool api_body_object(struct req *r);
/* A string member: NULL when absent or null; *bad set (and an error appended) when of the wrong
 * type or longer than max. Errors are collected into errs for one 422 listing every problem. */
const char *api_str(json_t *obj, const char *key, size_t max, bool required, json_t *errs);
/* Appends the password's problem (field "password", code too_short, too_long or common) to errs
 * when it breaks a password rule (domain/accounts.h); true when it is acceptable. */
bool api_password_ok(const char *password, json_t *errs);
/* Hashes the password (Argon2id, bounded in how many run at once); answers 503 busy and returns
 * false when the server cannot now. */
bool api_password_hash(struct req *r, const char *password, char hash[128]);
/* Inside the caller's write: adds the account and returns its id, or answers (409 email_taken
 * with taken_detail when the address has an account) and returns API_ANSWERED, or returns
 * another STORE_E* code for api_write to answer. */
int64_t api_user_add(struct req *r, const struct user *u, const char *hash, const char *taken_detail);
/* Answers 422 validation_failed with errs when it is not empty, 500 when errs is NULL (the list
 * could not be made); returns true when it answered. */
bool api_invalid(struct req *r, json_t *errs);
/* An id given as a JSON string (or number); 0 when absent or malformed. */
int64_t api_json_id(json_t *v);
json_t *api_id(int64_t id);   /* ids are strings in JSON */
json_t *api_instant(instant_t t); /* null when 0 */
json_t *api_date(instant_t t);    /* null when 0 */
json_t *api_user_json(const struct user *u);
json_t *api_org_json(const struct org *o);
/* NULL when the e-mail may be that of an account of org; else the sentence to show (agency
 * accounts need an address in one of the agency's domains: agency_domains.c). */
const char *api_email_domain_problem(struct db *db, struct arena *a, const struct org *org, const char *email);
/* Checks a TOTP or recovery code of the user and uses it up (two_step.c): 0 right, 1 wrong
 * (record it with api_two_step_failed), API_ANSWERED answered already (429 throttled, or a
 * database failure). Call inside a write. */
int api_two_step_verify(struct req *r, int64_t user_id, const char *code);
int api_two_step_failed(struct req *r, int64_t user_id);
/* Checks a single sign-on provider before it is written (oidc_providers.c) and fills
 * p->agencies from the agency codes; each problem goes into errs. */
void api_oidc_provider_check(struct db *db, struct arena *a, struct oidc_provider *p, const char *const *codes,
			     size_t ncodes, json_t *errs);

/* --- writes: every change goes through api_write, in one transaction with its audit lines. */
/* A write answered its own problem (a 409 or 422 worded for the route): api_write says no more. */
#define API_ANSWERED (-100)
/* The write of a route: its statements through r->db, then audit_add for each object it changed.
 * STORE_OK; a STORE_E* code for api_write to answer; or API_ANSWERED. */
typedef int api_write_fn(struct req *r, struct audit *audit, void *ctx);
/* Runs write in one transaction with its audit lines (store_write): true when committed; else
 * everything is rolled back and the failure answered (500 when the audit log refused a line,
 * 503 busy when the request may run again, the matching problem for the other STORE_E* codes). */
__attribute__((warn_unused_result))
bool api_write(struct req *r, api_write_fn *write, void *ctx);
/* A write of one audit line alone: a read that is recorded (who read an incident, who exported).
 * False after answering, as api_write. */
__attribute__((warn_unused_result))
bool api_record(struct req *r, const char *object_type, int64_t object_id, const char *action);

#endif
