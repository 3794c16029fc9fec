/* outbox.h: the e-mail the server sends itself, each message with one link: an invitation, a
 * password reset. Words come from the interface's catalogues (web/i18n/LANG.json, keys mail.*),
 * as the alerts' messages do; sent through the sendmail command psea serve was given. */
#ifndef PSEA_OUTBOX_H
#define PSEA_OUTBOX_H
#include <stdbool.h>
#include "api.h"

/* True when the server sends e-mail (psea serve --base-url); else answers 503 mail_unavailable. */
bool outbox_ready(struct req *r);

/* A {name} of the catalogue's texts and the value that replaces it; with word, value is a key of
 * the catalogue (role.partner_editor) whose text in the message's language replaces it. */
struct outbox_fill { const char *name, *value; bool word; };

/* Sends the message of kind (mail.KIND.subject, .intro, .action, .footer) to address, greeting
 * to_name (NULL: no name yet), in language, with the link base_url + path. False when the message
 * could not be written or the sendmail command refused it (logged). */
bool outbox_send(struct req *r, const char *kind, const char *language, const char *to_name, const char *address,
		 const char *path, const struct outbox_fill *fills, size_t nfills);
/* The same, handed to the sendmail command by a thread of its own after the request goes on: the
 * answer then takes as long whether a message leaves or not (a password reset must not tell
 * whether an account has the address). A failure is only logged. With address NULL the message
 * is written and dropped, for the same reason: the work before the answer is the same. */
void outbox_send_unseen(struct req *r, const char *kind, const char *language, const char *to_name, const char *address,
			const char *path, const struct outbox_fill *fills, size_t nfills);
#endif
