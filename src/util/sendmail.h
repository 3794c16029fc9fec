/* sendmail.h: handing e-mail messages to a sendmail command (the alerts of `psea alerts send`, and
 * the invitations and password resets the server sends), and the portal address links start with. */
#ifndef PSEA_SENDMAIL_H
#define PSEA_SENDMAIL_H
#include <stdbool.h>
#include <stddef.h>

#define SENDMAIL_DEFAULT "/usr/sbin/sendmail -t -i"

/* Pipes the whole message (headers and body) to the command, run by /bin/sh; true when the
 * command took all of it and exited 0. *status: its exit status, -1 when it did not exit. The
 * caller ignores SIGPIPE, so that a command that stops reading is a failure, not the end. */
bool sendmail_hand_over(const char *command, const char *message, size_t len, int *status);
/* The base URL joined to paths: http(s)://..., nothing that would break a line, no final slash.
 * A new string to free, or NULL when the URL is not acceptable (or memory ran out). */
char *sendmail_base_url(const char *url);
/* psea@ this machine's name: the sender when none is given (a static string). */
const char *sendmail_default_from(void);
#endif
