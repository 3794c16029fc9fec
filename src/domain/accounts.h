/* accounts.h: what makes an account's fields acceptable. Each *_problem function returns NULL
 * when the value is fine and otherwise one sentence saying what to fix. */
#ifndef PSEA_ACCOUNTS_H
#define PSEA_ACCOUNTS_H
#include <stdbool.h>
#include "../util/arena.h"

#define ACCOUNT_PASSWORD_MIN 10
#define ACCOUNT_PASSWORD_MAX 256

const char *account_email_problem(const char *email);
const char *account_password_problem(const char *password);
bool account_language_ok(const char *language);   /* en, fr, es */
/* E-mail addresses compare without regard to case: stored in lower case. */
char *account_email_normalize(struct arena *a, const char *email);
#endif
