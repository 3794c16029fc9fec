/* server.h: starting and stopping the HTTP server. */
#ifndef PSEA_SERVER_H
#define PSEA_SERVER_H
#include <stdint.h>
#include "app.h"
#include "http.h"

struct http_server;
/* Listens on host:port (port 0 picks a free one, see http_server_port). */
struct http_server *http_server_start(struct app *app, const char *host, uint16_t port,
				      char *err, size_t errlen);
uint16_t http_server_port(struct http_server *s);
void http_server_stop(struct http_server *s);

#endif
