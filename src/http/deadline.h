/* deadline.h: how long a client may take to send a request. libmicrohttpd's connection timeout
 * counts idle time only, so a client that sends one byte every few seconds keeps its connection
 * for ever, and a thousand such clients take every connection there is. Here each connection
 * has a clock: its request must have arrived within `seconds` of the connection's start (or of
 * its previous answer), plus one second for each DEADLINE_BYTES_PER_SECOND bytes of body
 * accepted, so that a large upload over a slow link still arrives. A watchdog thread shuts down
 * the connections that run late; answering is not timed. */
#ifndef PSEA_DEADLINE_H
#define PSEA_DEADLINE_H
#include <stddef.h>

#define DEADLINE_BYTES_PER_SECOND 2048

struct deadlines;
struct conn_clock;

/* NULL when the watchdog thread cannot start. */
struct deadlines *deadlines_start(unsigned seconds);
void deadlines_stop(struct deadlines *d);

/* A new connection on socket fd: its clock starts now. NULL when memory runs out (untimed). */
struct conn_clock *deadline_track(struct deadlines *d, int fd);
/* The connection is closing: called before its socket is closed. */
void deadline_forget(struct conn_clock *c);
/* n bytes of the request's body were accepted. */
void deadline_body_received(struct conn_clock *c, size_t n);
/* The request has arrived: the clock stops while it is answered. */
void deadline_answering(struct conn_clock *c);
/* The answer is sent: the next request's clock starts now. */
void deadline_restart(struct conn_clock *c);

#endif
