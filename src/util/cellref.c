/* cellref.c: see cellref.h. */
#include "cellref.h"
#include <stdlib.h>
#include <string.h>
#include "xml.h"

bool cellref_split(const char *text, char **sheet, char ref[16])
{
	const char *p = text;
	struct xml_text name = {0};
	if (*p == '\'') {
		for (p++; *p; p++) {
			if (*p == '\'' && p[1] == '\'') {
				xml_text_add(&name, "'", 1);
				p++;
			} else if (*p == '\'') {
				break;
			} else {
				xml_text_add(&name, p, 1);
			}
		}
		if (*p != '\'') {
			free(name.s);
			return false;
		}
		p++;
	} else {
		const char *bang = strchr(p, '!');
		if (!bang) return false;
		xml_text_add(&name, p, (size_t)(bang - p));
		p = bang;
	}
	if (*p != '!' || name.failed || !name.len) {
		free(name.s);
		return false;
	}
	p++;
	size_t n = 0, letters = 0, digits = 0;
	if (*p == '$') p++;
	while (*p >= 'A' && *p <= 'Z' && n < 3) { ref[n++] = *p++; letters++; }
	if (*p == '$') p++;
	while (*p >= '0' && *p <= '9' && n < 10) { ref[n++] = *p++; digits++; }
	ref[n] = '\0';
	if (*p || !letters || !digits || ref[letters] == '0') {
		free(name.s);
		return false;
	}
	*sheet = name.s;
	return true;
}

void cellref_column_name(long col, char *out)
{
	char tmp[8];
	int n = 0;
	for (long c = col; c > 0 && n < 7; c = (c - 1) / 26)
		tmp[n++] = (char)('A' + (c - 1) % 26);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

long cellref_column(const char *ref)
{
	long col = 0;
	for (; *ref >= 'A' && *ref <= 'Z' && col < 100000; ref++)
		col = col * 26 + (*ref - 'A' + 1);
	return col;
}
