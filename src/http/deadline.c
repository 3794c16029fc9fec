/* deadline.c: see deadline.h. The clocks are in one list under one lock: the watchdog reads them
 * twice a second, the server's threads touch them a few times per request. A clock leaves the
 * list before libmicrohttpd closes its socket, so the watchdog never shuts down a descriptor
 * that was closed and reused. */
#include "deadline.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include "../util/log.h"

#define WATCH_INTERVAL_MS 500

struct conn_clock {
	struct conn_clock *prev, *next;
	struct deadlines *owner;
	int fd;
	double started;      /* seconds, monotonic */
	uint64_t body_bytes;
	bool answering, shut;
};

struct deadlines {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	struct conn_clock *head;
	unsigned seconds;
	bool stopping;
};

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Bytes waiting in the socket mean the server is late, not the client: its thread is busy with
 * another request. Those connections wait for their turn. */
static bool server_is_behind(const struct conn_clock *c)
{
	int waiting = 0;
	return ioctl(c->fd, FIONREAD, &waiting) == 0 && waiting > 0;
}

static bool is_late(const struct deadlines *d, const struct conn_clock *c, double now)
{
	double allowed = d->seconds + (double)c->body_bytes / DEADLINE_BYTES_PER_SECOND;
	return !c->answering && !c->shut && now - c->started > allowed && !server_is_behind(c);
}

/* Shutting the socket down (not closing it: it is libmicrohttpd's) wakes its thread, which
 * finds the connection ended and closes it as it would any other. */
static void shut_late_connections(struct deadlines *d)
{
	double now = now_seconds();
	int shut = 0;
	for (struct conn_clock *c = d->head; c; c = c->next) {
		if (is_late(d, c, now)) {
			shutdown(c->fd, SHUT_RDWR);
			c->shut = true;
			shut++;
		}
	}
	if (shut)
		log_info("closed %d connection%s whose request took longer than allowed", shut, shut > 1 ? "s" : "");
}

static void *watch(void *arg)
{
	struct deadlines *d = arg;
	pthread_mutex_lock(&d->lock);
	while (!d->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += WATCH_INTERVAL_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&d->wake, &d->lock, &until);
		if (!d->stopping)
			shut_late_connections(d);
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

struct deadlines *deadlines_start(unsigned seconds)
{
	struct deadlines *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->seconds = seconds;
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->wake, NULL);
	if (pthread_create(&d->thread, NULL, watch, d) != 0) {
		pthread_cond_destroy(&d->wake);
		pthread_mutex_destroy(&d->lock);
		free(d);
		return NULL;
	}
	return d;
}

void deadlines_stop(struct deadlines *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	d->stopping = true;
	pthread_cond_signal(&d->wake);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	pthread_cond_destroy(&d->wake);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

struct conn_clock *deadline_track(struct deadlines *d, int fd)
{
	struct conn_clock *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->owner = d;
	c->fd = fd;
	c->started = now_seconds();
	pthread_mutex_lock(&d->lock);
	c->next = d->head;
	if (d->head)
		d->head->prev = c;
	d->head = c;
	pthread_mutex_unlock(&d->lock);
	return c;
}

void deadline_forget(struct conn_clock *c)
{
	if (!c)
		return;
	struct deadlines *d = c->owner;
	pthread_mutex_lock(&d->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		d->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&d->lock);
	free(c);
}

void deadline_body_received(struct conn_clock *c, size_t n)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->owner->lock);
	c->body_bytes += n;
	pthread_mutex_unlock(&c->owner->lock);
}

void deadline_answering(struct conn_clock *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->owner->lock);
	c->answering = true;
	pthread_mutex_unlock(&c->owner->lock);
}

void deadline_restart(struct conn_clock *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->owner->lock);
	c->answering = false;
	c->body_bytes = 0;
	c->started = now_seconds();
	pthread_mutex_unlock(&c->owner->lock);
}
