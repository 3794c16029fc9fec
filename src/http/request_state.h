/* request_state.h: what the server keeps of one request between libmicrohttpd's calls, from
 * the first (connection.c) to the answer (dispatch.c) and the request-completed callback. */
#ifndef PSEA_REQUEST_STATE_H
#define PSEA_REQUEST_STATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "http.h"

struct request_state {
	struct req r;
	const struct route *route;
	char *body;
	size_t body_len, body_cap;
	uint64_t body_max;
	bool answered;
	struct upload_state *upload;
	struct conn_clock *clock; /* the connection's, see deadline.h */
	struct timespec started;
	char request_id[17];
	int attempts; /* more than 1 when a database conflict made the request run again */
};

#endif
