/* accounts.h: what makes an account's fields acceptable. Each *_problem function returns NULL
 * when the value is fine and otherwise one sentence saying what to fix. */
#ifndef PSEA_ACCOUNTS_H
#define PSEA_ACCOUNTS_H
#include <stdbool.h>
#include <stddef.h>
#include "../util/arena.h"

#define ACCOUNT_PASSWORD_MIN 10
#define ACCOUNT_PASSWORD_MAX 256

const char *account_email_problem(const char *email);
const char *account_password_problem(const char *password);
bool account_language_ok(const char *language);   /* en, fr, es */
/* E-mail addresses compare without regard to case: stored in lower case. */
char *account_email_normalize(struct arena *a, const char *email);
/* Whether the address is in one of an agency's e-mail domains (an agency without any admits
 * every address). */
bool account_email_in_domains(const char *email, char *const *domains, size_t n);
const char *account_domain_problem(const char *domain);
/* Whether an account must turn two-step sign-in on before doing anything else: when the setting
 * requires it, focal points and administrators who sign in with a password (single sign-on
 * accounts rely on their provider's). */
bool account_two_step_due(int role, bool sso, bool enrolled, bool required);
#endif
