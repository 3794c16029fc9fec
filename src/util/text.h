/* text.h: what the program accepts as text from outside (request bodies, form fields, query
 * parameters, command-line arguments): well-formed UTF-8 without control characters. Text that
 * is not UTF-8 cannot be written as JSON, so once stored it makes every answer that shows it
 * fail; control characters split log lines, CSV rows and e-mail headers. Both are refused where
 * the text comes in, in one place per entry point, with this one rule. */
#ifndef PSEA_TEXT_H
#define PSEA_TEXT_H
#include <stddef.h>

enum text_lines {
	TEXT_ONE_LINE, /* names, titles, parameters: no control character at all */
	TEXT_LINES,    /* comments, descriptions: tab, line feed and carriage return allowed */
};

enum text_fault {
	TEXT_OK = 0,
	TEXT_NOT_UTF8,  /* a byte sequence that is not UTF-8 (overlong forms and surrogates included) */
	TEXT_CONTROL,   /* a control character: U+0000-U+001F, U+007F, U+0080-U+009F */
};

/* Checks the n bytes at s (NUL bytes count as control characters). */
enum text_fault text_check(const char *s, size_t n, enum text_lines lines);
/* A sentence that tells the sender what to fix. */
const char *text_fault_message(enum text_fault fault);
/* Length of the well-formed UTF-8 sequence at s (at most n bytes, n > 0), 0 when there is none. */
size_t text_utf8_sequence(const unsigned char *s, size_t n);
/* s as one field of a log line, in out (outlen > 0, always terminated, cut short when full):
 * control characters, spaces, backslashes and bytes that are not UTF-8 are written as \xNN, so a
 * request cannot forge or split log lines. Returns out. */
char *text_for_log(const char *s, char *out, size_t outlen);

#endif
