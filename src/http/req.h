/* req.h: what the server uses of req.c beyond http.h: the checks of a request's text, run before
 * any handler (connection.c). Each returns false after answering (422 with the error code
 * invalid_value, or 400 for JSON that does not parse). */
#ifndef PSEA_REQ_H
#define PSEA_REQ_H
#include <stdbool.h>
#include <stddef.h>
#include "http.h"

bool req_check_query(struct req *r);
/* Parses body into r->body and checks each of its strings and member names. */
bool req_read_json(struct req *r, const char *body, size_t len);
/* The fields and the file name of r->upload. */
bool req_check_form(struct req *r);

#endif
