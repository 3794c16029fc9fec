/* connection.h: one request's life in libmicrohttpd's calls. The access handler is called
 * several times per request: the first call sets up and refuses what can be refused before any
 * of the body is read (answering then forces "Connection: close", which is fine for refusals),
 * the middle calls receive the body, the last one checks the request's text, dispatches
 * (dispatch.h) and queues the answer. Per-request state is freed in the request-completed
 * callback. */
#ifndef PSEA_CONNECTION_H
#define PSEA_CONNECTION_H
#include <microhttpd.h>
#include <stddef.h>

/* libmicrohttpd's access handler; cls is the struct app. */
enum MHD_Result connection_on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				      const char *version, const char *upload_data, size_t *upload_data_size,
				      void **con_cls);
/* libmicrohttpd's request-completed callback: logs the request and frees its state. */
void connection_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			     enum MHD_RequestTerminationCode toe);

#endif
