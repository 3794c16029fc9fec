/* timeutil.c: UTC only. Days from civil dates use the proleptic Gregorian algorithm so no
 * time zone or locale can change an answer. */
#include "timeutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int64_t yy = (int64_t)yoe + era * 400;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int parse_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int parse_ymd(const char *s, int *y, int *m, int *d)
{
	if (parse_digits(s, 4, y) || s[4] != '-' || parse_digits(s + 5, 2, m) || s[7] != '-' ||
	    parse_digits(s + 8, 2, d))
		return -1;
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

int time_parse_date(const char *s, instant_t *out)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || parse_ymd(s, &y, &m, &d))
		return -1;
	*out = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
	return 0;
}

int time_parse_instant(const char *s, instant_t *out)
{
	int y, m, d, hh, mm, ss;
	if (!s || strlen(s) < 20 || parse_ymd(s, &y, &m, &d) || s[10] != 'T' ||
	    parse_digits(s + 11, 2, &hh) || s[13] != ':' || parse_digits(s + 14, 2, &mm) ||
	    s[16] != ':' || parse_digits(s + 17, 2, &ss))
		return -1;
	if (hh > 23 || mm > 59 || ss > 59)
		return -1;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (strcmp(p, "Z") != 0 && strcmp(p, "+00:00") != 0)
		return -1;
	*out = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + hh * 3600 + mm * 60 + ss;
	return 0;
}

void time_format_instant(instant_t t, char out[21])
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t secs = t - days * 86400;
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	char buf[64];
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000, m % 100, d % 100,
		 (int)(secs / 3600) % 100, (int)(secs / 60 % 60), (int)(secs % 60));
	memcpy(out, buf, 20);
	out[20] = '\0';
}

void time_format_date(instant_t t, char out[11])
{
	char full[21];
	time_format_instant(t, full);
	memcpy(out, full, 10);
	out[10] = '\0';
}

instant_t time_add_months(instant_t t, int months)
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t secs = t - days * 86400;
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > days_in_month(y, m))
		d = days_in_month(y, m);
	return days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + secs;
}

int64_t time_days_between(instant_t a, instant_t b)
{
	int64_t diff = b - a;
	return diff >= 0 ? diff / 86400 : -((-diff + 86399) / 86400);
}

instant_t clock_now(void)
{
	const char *file = getenv("PSEA_CLOCK_FILE");
	if (file && *file) {
		FILE *f = fopen(file, "r");
		if (f) {
			char line[64] = {0};
			instant_t t;
			char *ok = fgets(line, sizeof line, f);
			fclose(f);
			if (ok) {
				line[strcspn(line, " \r\n")] = '\0';
				if (time_parse_instant(line, &t) == 0 || time_parse_date(line, &t) == 0)
					return t;
			}
		}
	}
	return (instant_t)time(NULL);
}
