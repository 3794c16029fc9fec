/* mail.h: the parts of an e-mail message (RFC 5322, RFC 2047) that must be exact: header values
 * that cannot start a header of their own, names outside ASCII, and the date. Pure: no I/O. */
#ifndef PSEA_MAIL_H
#define PSEA_MAIL_H
#include <stdbool.h>
#include "arena.h"
#include "timeutil.h"

/* A copy of s with every control character (CR and LF above all) turned into a space, so that
 * a value from the database can never end its header line and begin another. */
char *mail_header_text(struct arena *a, const char *s);
/* True when the address can stand in a header as it is: local@domain of the plain RFC 5322
 * dot-atom characters only (no space, control character, quote, angle bracket or comma). */
bool mail_address_ok(const char *address);
/* The text for a Subject or a display name: unchanged when it is printable ASCII (controls made
 * spaces), else RFC 2047 encoded words ("=?utf-8?B?...?="), each under 75 characters, never
 * cutting a UTF-8 character, separated by a folding line break ("\n "). */
char *mail_encode_words(struct arena *a, const char *text);
/* "Name <address>" (the name quoted or encoded as needed), or the bare address without a name;
 * NULL when the address is not mail_address_ok. */
char *mail_mailbox(struct arena *a, const char *name, const char *address);
/* The Date header's value: "Mon, 23 Nov 2026 18:08:16 +0000". */
void mail_date(instant_t t, char out[48]);
#endif
