/* upload.h: multipart/form-data streamed to a temporary file while it is hashed, so memory
 * does not grow with the file. Past the limit the rest is read and dropped. */
#ifndef PSEA_UPLOAD_H
#define PSEA_UPLOAD_H
#include <stddef.h>
#include <stdint.h>
#include "http.h"
struct upload_state;
/* max: the limit of each file; files_max: how many files the form may carry beside "file" (0:
 * none; a part of another name is then a field); total_max: the whole body, past which the
 * upload is too large. NULL when memory is gone. */
struct upload_state *upload_begin(void *connection, const char *data_dir, uint64_t max, int files_max, uint64_t total_max);
/* Results of upload_feed: after an error, feed no more. */
#define UPLOAD_MALFORMED (-1)  /* the parser refused the form */
#define UPLOAD_NOT_STORED (-2) /* the file could not be written (the error is logged) */
int upload_feed(struct upload_state *u, const char *data, size_t len);
/* Finishes the hash and describes what arrived (allocated in a). */
struct upload *upload_result(struct upload_state *u, struct arena *a);
/* Removes the temporary file (unless it was moved away) and frees the state. */
void upload_end(struct upload_state *u);
#endif
