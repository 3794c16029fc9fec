/* app.h: the server's shared context, set up by `psea serve` and read by every request. Apart
 * from server.h so that the request functions (req.c) can read it without depending on the
 * server that runs them. */
#ifndef PSEA_APP_H
#define PSEA_APP_H
#include <stdint.h>
#include "http.h"

struct app {
	struct store *store;
	const char *data_dir;        /* documents and temporary uploads */
	const char *web_dir;         /* the browser interface's static files */
	const struct route *routes;
	uint64_t upload_max;         /* bytes, when the setting upload.max_bytes cannot be read */
	int threads;
	struct static_files *statics;
	/* Behind a reverse proxy: connections from this address (the proxy's) are taken to come
	 * from the address in their X-Real-IP header, so that sign-in throttling counts per client
	 * and not per proxy. NULL: every peer is the client. */
	const char *trusted_proxy;
	struct response_cache *cache; /* NULL: every answer is computed */
	unsigned receive_seconds;     /* to send a request's headers (see deadline.h); 0: the default */
	unsigned per_address_max;     /* connections at once from one address; 0: no limit */
	/* E-mail the server sends itself (invitations, password resets): the command that takes each
	 * message, the sender's address, and the portal's address the links start with (NULL: the
	 * server sends no e-mail). */
	const char *sendmail, *mail_from, *base_url;
};

#endif
