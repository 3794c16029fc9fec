/* timeutil.h: instants (seconds since the epoch, UTC) and calendar dates, parsed and
 * formatted the way API.md writes them, and the calendar arithmetic the rules need. */
#ifndef PSEA_TIMEUTIL_H
#define PSEA_TIMEUTIL_H
#include <stdint.h>
#include <stdbool.h>

typedef int64_t instant_t;   /* seconds since 1970-01-01T00:00:00Z */

/* "2026-11-22T10:15:00Z" (also accepts fractional seconds and "+00:00"). 0 ok, -1 invalid. */
int time_parse_instant(const char *s, instant_t *out);
/* "2026-11-22" → midnight UTC of that day. 0 ok, -1 invalid (also 2026-02-30). */
int time_parse_date(const char *s, instant_t *out);
/* Writes 21 bytes ("2026-11-22T10:15:00Z" and NUL) into out. */
void time_format_instant(instant_t t, char out[21]);
/* Writes 11 bytes ("2026-11-22" and NUL). */
void time_format_date(instant_t t, char out[11]);
/* Adds calendar months; a day past the end of the target month becomes its last day
 * (31 January + 1 month = 28 or 29 February). Time of day is kept. */
instant_t time_add_months(instant_t t, int months);
/* Whole days from a to b, rounded down (b earlier than a gives a negative number). */
int64_t time_days_between(instant_t a, instant_t b);

/* The current instant: the real clock, or, when the environment names PSEA_CLOCK_FILE, the
 * instant written in that file (read at every call, so tests can move time). */
instant_t clock_now(void);

#endif
