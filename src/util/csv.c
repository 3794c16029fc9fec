/* csv.c: see csv.h. */
#include "csv.h"
#include <string.h>

static bool needs_guard(const char *s) { return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'; }

int csv_write_field(FILE *f, const char *s)
{
	if (!s || !*s)
		return 0;
	bool guard = needs_guard(s);
	if (!guard && !strpbrk(s, ",\"\r\n"))
		return fputs(s, f) < 0 ? -1 : 0;
	if (fputc('"', f) == EOF || (guard && fputc('\'', f) == EOF))
		return -1;
	for (const char *p = s; *p; p++)
		if ((*p == '"' && fputc('"', f) == EOF) || fputc(*p, f) == EOF)
			return -1;
	return fputc('"', f) == EOF ? -1 : 0;
}

int csv_write_row(FILE *f, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((i && fputc(',', f) == EOF) || csv_write_field(f, fields[i]) < 0)
			return -1;
	return fputs("\r\n", f) < 0 ? -1 : 0;
}

int csv_split(char *line, char **fields, int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		if (n == max)
			return -1;
		char *out = p;
		fields[n++] = out;
		if (*p == '"') {
			p++;
			for (;;) {
				if (!*p)
					return -1;          /* the quoted field never closes */
				if (*p == '"' && p[1] == '"') {
					*out++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*out++ = *p++;
				}
			}
			if (*p && *p != ',')
				return -1;              /* text after the closing quote */
		} else {
			while (*p && *p != ',')
				*out++ = *p++;
		}
		char sep = *p;
		*out = '\0';
		if (!sep)
			return n;
		p++;
	}
}
