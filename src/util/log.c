#include "log.h"
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include "timeutil.h"

__attribute__((format(printf, 2, 0)))
static void log_line(const char *level, const char *fmt, va_list ap)
{
	char when[21], msg[2048];
	time_format_instant((instant_t)time(NULL), when);
	vsnprintf(msg, sizeof msg, fmt, ap);
	/* one fprintf call: lines from several threads do not interleave */
	fprintf(stderr, "%s %s %s\n", when, level, msg);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}
