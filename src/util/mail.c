/* mail.c: header values for the e-mail copy of the alerts (see mail.h). */
#include "mail.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define WORD_BYTES 39 /* text bytes per encoded word: 52 in base64, 64 with its markers */

char *mail_header_text(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s ? s : "");
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return out;
}

static bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
static bool local_char(char c) { return alnum(c) || (c && strchr("!#$%&'*+/=?^_`{|}~-", c)); }
static bool domain_char(char c) { return alnum(c) || c == '-'; }

/* Runs of allowed characters separated by single dots, neither first nor last. */
static bool dot_atom(const char *s, size_t n, bool (*allowed)(char))
{
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.' ? s[i + 1] == '.' : !allowed(s[i]))
			return false;
	return true;
}

bool mail_address_ok(const char *address)
{
	const char *at = address ? strchr(address, '@') : NULL;
	if (!at || strchr(at + 1, '@'))
		return false;
	return dot_atom(address, (size_t)(at - address), local_char) && dot_atom(at + 1, strlen(at + 1), domain_char) &&
	       strchr(at + 1, '.');
}

static bool plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

static void base64(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
		*out++ = digits[v >> 18 & 63];
		*out++ = digits[v >> 12 & 63];
		*out++ = i + 1 < n ? digits[v >> 6 & 63] : '=';
		*out++ = i + 2 < n ? digits[v & 63] : '=';
	}
	*out = '\0';
}

/* Where a word of at most max bytes starting at s may end: before a UTF-8 continuation byte. */
static size_t word_length(const char *s, size_t left, size_t max)
{
	if (left <= max)
		return left;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n ? n : max;
}

char *mail_encode_words(struct arena *a, const char *text)
{
	char *clean = mail_header_text(a, text);
	if (plain_ascii(clean))
		return clean;
	/* a word holds at least WORD_BYTES - 3 bytes, and takes under 72 characters with its fold */
	size_t len = strlen(clean), words = len / (WORD_BYTES - 3) + 1;
	char *out = arena_alloc(a, words * 72), *o = out;
	for (size_t at = 0; at < len;) {
		size_t n = word_length(clean + at, len - at, WORD_BYTES);
		char b64[4 * (WORD_BYTES + 2) / 3 + 4];
		base64((const unsigned char *)clean + at, n, b64);
		o += sprintf(o, "%s=?utf-8?B?%s?=", at ? "\n " : "", b64);
		at += n;
	}
	return out;
}

char *mail_mailbox(struct arena *a, const char *name, const char *address)
{
	if (!mail_address_ok(address))
		return NULL;
	char *phrase = mail_encode_words(a, name ? name : "");
	if (!*phrase)
		return arena_strdup(a, address);
	if (strncmp(phrase, "=?", 2) == 0)
		return arena_printf(a, "%s <%s>", phrase, address);
	/* a quoted string: its quotes and backslashes escaped */
	char *q = arena_alloc(a, 2 * strlen(phrase) + 1), *o = q;
	for (const char *p = phrase; *p; p++) {
		if (*p == '"' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	return arena_printf(a, "\"%s\" <%s>", q, address);
}

void mail_date(instant_t t, char out[48])
{
	static const char days[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	snprintf(out, 48, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
