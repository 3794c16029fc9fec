/* accounts.h: what makes an account's fields acceptable. Each *_problem function returns NULL
 * when the value is fine and otherwise one sentence saying what to fix. */
#ifndef PSEA_ACCOUNTS_H
#define PSEA_ACCOUNTS_H
#include <stdbool.h>
#include <stddef.h>
#include "../util/arena.h"
#include "../util/timeutil.h"

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

/* Participating agencies (DOMAIN.md: admins may add more than the ten seeded). */
#define AGENCY_CODE_MAX 16
#define AGENCY_DOMAINS_MAX 20
#define AGENCY_DOMAIN_MAX 253
/* A code is 2 to 16 capital letters or digits, beginning with a letter (UNICEF, UNOPS, UNWOMEN):
 * it names the agency on the command line and in imported files, so it never changes. */
const char *agency_code_problem(const char *code);
/* An e-mail domain such as unops.org: letters, digits and hyphens in dot-separated labels of 1 to
 * 63 characters, at least two labels, no label beginning or ending with a hyphen. Checked after
 * agency_domain_normalize. */
const char *agency_domain_problem(const char *domain);
/* Domains compare without regard to case, and "@unops.org" means unops.org: stored in lower case
 * without a leading '@'. */
char *agency_domain_normalize(struct arena *a, const char *domain);
/* An API token ends a year after it is made, or when its maker says, within one day and ten
 * years: a forgotten token stops working on its own. */
#define TOKEN_DAYS_DEFAULT 365
#define TOKEN_DAYS_MIN 1
#define TOKEN_DAYS_MAX 3650
/* When a token made at now ends. days: expires_in_days when given (days_given), expires_at: the
 * chosen end as an instant or a date (NULL when not given); at most one of the two. Fills *out
 * and returns NULL, or returns the sentence that says what to fix. */
const char *account_token_expiry(instant_t now, bool days_given, long long days, const char *expires_at, instant_t *out);

/* Sign-in throttling (OWASP's authentication guidance: slow down, never lock the owner out).
 * Failures count per account from one address, and per address over all accounts; past the free
 * attempts, each further failure doubles the wait before the next try, up to the cap. */
#define LOGIN_WINDOW_SECONDS (60 * 60)
#define LOGIN_FREE_FAILURES_PER_ACCOUNT 5     /* one account from one address */
#define LOGIN_FREE_FAILURES_PER_ADDRESS 30    /* any accounts from one address */
#define LOGIN_DELAY_FIRST_SECONDS 30
#define LOGIN_DELAY_MAX_SECONDS (15 * 60)
/* Failed attempts are kept this long: longer than any window that counts them (sign-in, reset,
 * two-step code), so forgetting older ones changes no wait. */
#define LOGIN_FAILURES_KEPT_SECONDS (24 * 60 * 60)
/* The seconds to wait from now before another sign-in from that address (0: go ahead), given
 * failures recorded in the window, the latest at latest, with free attempts before the wait. */
int64_t login_delay(int64_t failures, instant_t latest, int64_t free_failures, instant_t now);
/* Whether the address is in one of an agency's e-mail domains (an agency without any admits
 * every address). */
bool account_email_in_domains(const char *email, char *const *domains, size_t n);
/* Whether an account must turn two-step sign-in on before doing anything else: when the setting
 * requires it, focal points and administrators who sign in with a password (single sign-on
 * accounts rely on their provider's). */
bool account_two_step_due(int role, bool sso, bool enrolled, bool required);
#endif
