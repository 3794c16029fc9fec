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
#endif
