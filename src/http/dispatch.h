/* dispatch.h: answering a request once it has arrived whole: the caller is checked (signed in,
 * two-step sign-in, CSRF), the route's handler runs (or the response cache answers), and a
 * request whose transaction lost a race to another runs again. */
#ifndef PSEA_DISPATCH_H
#define PSEA_DISPATCH_H
#include <stdbool.h>
#include "app.h"
#include "request_state.h"

/* The caller's check of dispatch, made before the body is read so that an unknown caller cannot
 * make the server write a file or hold memory: one more look-up of the session or token, paid
 * only by requests that bring a body. True when answered. */
bool caller_refused_early(struct app *app, struct request_state *st);
/* Runs st's route on a database connection of its own and leaves the answer in st->r. */
void dispatch(struct app *app, struct request_state *st);

#endif
