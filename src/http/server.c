/* server.c: starting and stopping libmicrohttpd's daemon. Requests are handled in
 * connection.c; each connection gets a clock that bounds how long its request may take to
 * arrive (deadline.h). */
#include "server.h"
#include <malloc.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include "connection.h"
#include "deadline.h"
#include "statics.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct app *app;
	struct deadlines *deadlines;
};

#define RECEIVE_SECONDS_DEFAULT 30
#define CONNECTIONS_MAX 1000

/* Each connection gets a clock when it opens (see deadline.h); it is dropped before the socket
 * is closed. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct http_server *s = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = info ? deadline_track(s->deadlines, info->connect_fd) : NULL;
	} else {
		deadline_forget(*socket_context);
		*socket_context = NULL;
	}
}

static struct MHD_Daemon *daemon_start(struct http_server *s, struct sockaddr_in *addr, uint16_t port)
{
	struct app *app = s->app;
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
				port, NULL, NULL, connection_on_request, app,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)addr,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned)app->threads,
				MHD_OPTION_NOTIFY_COMPLETED, connection_on_completed, app,
				MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, /* idle, while an answer is sent */
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTIONS_MAX,
				/* one address cannot take every connection (libmicrohttpd closes the excess) */
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, app->per_address_max,
				MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
				MHD_OPTION_END);
}

struct http_server *http_server_start(struct app *app, const char *host, uint16_t port, char *err, size_t errlen)
{
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		snprintf(err, errlen, "the listen address %s is not an IPv4 address", host);
		return NULL;
	}
	/* Large transient buffers (an uploaded file's first megabytes read to recognise its type, a
	 * big export) get pages of their own that go back to the system when freed. By default glibc
	 * raises this threshold after the first such free, and from then on keeps the memory in each
	 * thread's heap for good: every thread that once took a 19 MiB upload held 7 MiB more. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	/* Fixing that threshold also fixes glibc's trim threshold at 128 KiB: a request that built a
	 * list of partners then freed its arena handed the pages back (madvise) and faulted them in
	 * again on the next request, and each such madvise stalled the other threads' processors.
	 * Keeping up to 4 MiB free at the top of each heap made a 50-partner page 3 to 6 times
	 * faster at 64 connections (perf and strace under wrk, bench/README.md). */
	mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
	app->statics = statics_load(app->web_dir);
	struct http_server *s = app->statics ? calloc(1, sizeof *s) : NULL;
	if (!s) {
		snprintf(err, errlen, "out of memory while loading the interface");
		statics_free(app->statics);
		app->statics = NULL;
		return NULL;
	}
	s->app = app;
	s->deadlines = deadlines_start(app->receive_seconds ? app->receive_seconds : RECEIVE_SECONDS_DEFAULT);
	s->daemon = s->deadlines ? daemon_start(s, &addr, port) : NULL;
	if (!s->daemon) {
		snprintf(err, errlen, "cannot listen on %s:%u (is the port in use?)", host, port);
		deadlines_stop(s->deadlines);
		statics_free(app->statics);
		free(s);
		return NULL;
	}
	return s;
}

uint16_t http_server_port(struct http_server *s)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	return info ? info->port : 0;
}

void http_server_stop(struct http_server *s)
{
	if (!s) return;
	MHD_stop_daemon(s->daemon);
	deadlines_stop(s->deadlines);
	statics_free(s->app->statics);
	free(s);
}
