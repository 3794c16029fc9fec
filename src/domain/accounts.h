/* accounts.h: what makes an account's fields acceptable. Each *_problem function returns NULL
 * when the value is fine and otherwise one sentence saying what to fix. */
#ifndef PSEA_ACCOUNTS_H
#define PSEA_ACCOUNTS_H
#include <stdbool.h>
#include "../util/arena.h"

#define ACCOUNT_PASSWORD_MIN 12   /* characters */
#define ACCOUNT_PASSWORD_MAX 256  /* bytes */

const char *account_email_problem(const char *email);
/* Which password rule a password breaks: "too_short", "too_long" or "common" (on the list built
 * from src/domain/common-passwords.txt, compared without regard to case); NULL when none.
 * account_password_problem says the same in a sentence. */
const char *account_password_rule(const char *password);
const char *account_password_problem(const char *password);
bool account_password_common(const char *password);
bool account_language_ok(const char *language);   /* en, fr, es */
/* E-mail addresses compare without regard to case: stored in lower case. */
char *account_email_normalize(struct arena *a, const char *email);
#endif
