/* text.c: see text.h. */
#include "text.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

size_t text_utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
	else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
	else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
	else return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* U+0080-U+009F: two bytes, C2 80 to C2 9F. */
static bool is_c1_control(const unsigned char *s, size_t len) { return len == 2 && s[0] == 0xC2 && s[1] < 0xA0; }

static bool is_allowed_ascii(unsigned char c, enum text_lines lines)
{
	if (c >= 0x20 && c != 0x7F)
		return true;
	return lines == TEXT_LINES && (c == '\t' || c == '\n' || c == '\r');
}

enum text_fault text_check(const char *text, size_t n, enum text_lines lines)
{
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0; i < n;) {
		if (s[i] < 0x80) {
			if (!is_allowed_ascii(s[i], lines))
				return TEXT_CONTROL;
			i++;
			continue;
		}
		size_t len = text_utf8_sequence(s + i, n - i);
		if (!len)
			return TEXT_NOT_UTF8;
		if (is_c1_control(s + i, len))
			return TEXT_CONTROL;
		i += len;
	}
	return TEXT_OK;
}

const char *text_fault_message(enum text_fault fault)
{
	switch (fault) {
	case TEXT_NOT_UTF8: return "This text is not valid UTF-8: send it encoded as UTF-8.";
	case TEXT_CONTROL: return "This text holds a control character: remove it. Line breaks and tabs are "
				  "allowed only in texts of several lines such as comments; a name or a title is one line.";
	default: return "This text is valid.";
	}
}

char *text_for_log(const char *text, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), o = 0;
	for (size_t i = 0; i < n;) {
		size_t len = s[i] > 0x20 && s[i] != 0x7F && s[i] != '\\' ? text_utf8_sequence(s + i, n - i) : 0;
		if (len && is_c1_control(s + i, len))
			len = 0;
		size_t need = len ? len : 4;
		if (o + need >= outlen)
			break;
		if (len)
			memcpy(out + o, s + i, len);
		else
			snprintf(out + o, 5, "\\x%02X", s[i]);
		o += need;
		i += len ? len : 1;
	}
	out[o] = '\0';
	return out;
}
