/* harness.h: what the fuzz targets share. A database with the demonstration data (the partners,
 * assessments, plans and incidents of `psea demo`), and the real server started on it on a
 * loopback port, with an API token for each demonstration account, so that a target can send
 * any bytes as a request and reach the handlers as each role. Both are made once per process,
 * in a fresh directory under /dev/shm (or /tmp) removed at exit (after a crash, by the next run). */
#ifndef PSEA_FUZZ_HARNESS_H
#define PSEA_FUZZ_HARNESS_H
#include <stddef.h>
#include <stdint.h>
#include "../../src/store/store.h"

/* The demonstration accounts, in the order of `psea demo`; FUZZ_ANONYMOUS sends no token. */
enum fuzz_role {
	FUZZ_ADMIN, FUZZ_ADVANCED, FUZZ_EDITOR, FUZZ_READER, FUZZ_FOCAL, FUZZ_PARTNER_EDITOR,
	FUZZ_PARTNER_READER, FUZZ_ANONYMOUS, FUZZ_ROLES
};

/* Extra accounts the fuzzed requests may change (deactivate, demote) without taking away the
 * tokens the harness signs in with: their ids follow one another from fuzz_spare_user_first. */
#define FUZZ_SPARE_USERS 4
extern int64_t fuzz_spare_user_first;

/* The store of the demonstration database (no server). */
struct store *fuzz_demo_store(void);

/* Starts the server on the demonstration database (once); aborts when it cannot. */
void fuzz_server_start(void);

/* The Authorization header line for role, "" for FUZZ_ANONYMOUS ("Authorization: Bearer ...\r\n"). */
const char *fuzz_auth_header(enum fuzz_role role);

/* Sends request (the bytes of a whole HTTP request) on a new connection and reads the answer
 * until the server closes it. Returns the status code, 0 when the answer has none (the server
 * closed the connection without answering). With FUZZ_STRICT=1 in the environment, an answer
 * 5xx aborts too: the server's fixed 500 answer is safe, but an input that leads to it is one
 * the server failed to check. */
int fuzz_http(const char *request, size_t len);

/* Appends text to a growing request buffer (aborts when memory runs out). */
struct fuzz_buf { char *data; size_t len, cap; };
void fuzz_buf_add(struct fuzz_buf *b, const void *data, size_t len);
void fuzz_buf_str(struct fuzz_buf *b, const char *s);
/* Appends bytes with CR, LF and NUL left out, so that they stay within one header line. */
void fuzz_buf_line(struct fuzz_buf *b, const uint8_t *data, size_t len);
void fuzz_buf_free(struct fuzz_buf *b);

#endif
