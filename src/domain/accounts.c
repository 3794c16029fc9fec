#include "accounts.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "roles.h"

/* build/common_passwords.c, from common-passwords.txt: lowered, sorted byte by byte. */
extern const char *const account_common_passwords[];
extern const size_t account_common_passwords_count;

const char *account_email_problem(const char *email)
{
	const char *at = strchr(email, '@');
	if (!at || at == email || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
	    email[strlen(email) - 1] == '.')
		return "Enter an e-mail address such as name@example.org.";
	for (const char *p = email; *p; p++)
		if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p))
			return "An e-mail address cannot contain spaces.";
	return NULL;
}

/* Characters, not bytes: a letter outside ASCII counts once (UTF-8 continuation bytes are skipped). */
static size_t characters(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static int compare_words(const void *key, const void *item)
{
	return strcmp(key, *(const char *const *)item);
}

bool account_password_common(const char *password)
{
	char lowered[ACCOUNT_PASSWORD_MAX + 1];
	size_t n = strlen(password);
	if (n > ACCOUNT_PASSWORD_MAX)
		return false;
	for (size_t i = 0; i <= n; i++)
		lowered[i] = (char)tolower((unsigned char)password[i]);
	return bsearch(lowered, account_common_passwords, account_common_passwords_count, sizeof account_common_passwords[0],
		       compare_words) != NULL;
}

/* NIST SP 800-63B, 5.1.1.2: a length, a list of values too common to keep an attacker guessing,
 * and nothing else: no rules of composition (a digit, a capital) and no forced periodic change. */
const char *account_password_rule(const char *password)
{
	size_t n = characters(password);
	if (n < ACCOUNT_PASSWORD_MIN)
		return "too_short";
	if (strlen(password) > ACCOUNT_PASSWORD_MAX)
		return "too_long";
	if (account_password_common(password))
		return "common";
	return NULL;
}

const char *account_password_problem(const char *password)
{
	const char *rule = account_password_rule(password);
	if (!rule)
		return NULL;
	if (!strcmp(rule, "too_short"))
		return "The password must have at least 12 characters; a few unrelated words make a long one that is easy to remember.";
	if (!strcmp(rule, "too_long"))
		return "The password must have at most 256 bytes.";
	return "This password is on the list of common passwords that attackers try first; choose another.";
}

bool account_language_ok(const char *language)
{
	return !strcmp(language, "en") || !strcmp(language, "fr") || !strcmp(language, "es");
}

char *account_email_normalize(struct arena *a, const char *email)
{
	char *out = arena_strdup(a, email);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

const char *agency_code_problem(const char *code)
{
	size_t n = strlen(code);
	if (n < 2 || n > AGENCY_CODE_MAX)
		return "The code has 2 to 16 characters, such as UNOPS.";
	if (!(code[0] >= 'A' && code[0] <= 'Z'))
		return "The code begins with a capital letter, such as UNOPS.";
	for (const char *p = code; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return "The code has capital letters A-Z and digits only, without spaces, such as UNOPS.";
	return NULL;
}

const char *agency_domain_problem(const char *domain)
{
	size_t n = strlen(domain), label = 0, labels = 1;
	if (n == 0 || n > AGENCY_DOMAIN_MAX)
		return "A domain has 1 to 253 characters, such as unops.org.";
	for (size_t i = 0; i <= n; i++) {
		char c = domain[i];
		if (c == '.' || c == '\0') {
			if (label == 0 || label > 63)
				return "Each part of a domain between dots has 1 to 63 characters, such as unops.org.";
			if (domain[i - 1] == '-' || domain[i - label] == '-')
				return "A part of a domain does not begin or end with a hyphen.";
			if (c == '.')
				labels++;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
			label++;
		} else {
			return "A domain has letters, digits, hyphens and dots only, such as unops.org (no '@', no spaces).";
		}
	}
	if (labels < 2)
		return "A domain has at least two parts, such as unops.org.";
	return NULL;
}

char *agency_domain_normalize(struct arena *a, const char *domain)
{
	while (*domain == ' ')
		domain++;
	if (*domain == '@')
		domain++;
	char *out = arena_strdup(a, domain);
	size_t n = strlen(out);
	while (n && out[n - 1] == ' ')
		out[--n] = '\0';
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

const char *account_token_expiry(instant_t now, bool days_given, long long days, const char *expires_at, instant_t *out)
{
	if (days_given && expires_at)
		return "Give expires_in_days or expires_at, not both.";
	instant_t earliest = now + (instant_t)TOKEN_DAYS_MIN * 86400, latest = now + (instant_t)TOKEN_DAYS_MAX * 86400;
	if (days_given) {
		if (days < TOKEN_DAYS_MIN || days > TOKEN_DAYS_MAX)
			return "expires_in_days is a whole number from 1 to 3650.";
		*out = now + (instant_t)days * 86400;
		return NULL;
	}
	if (!expires_at) {
		*out = now + (instant_t)TOKEN_DAYS_DEFAULT * 86400;
		return NULL;
	}
	instant_t t;
	if (time_parse_instant(expires_at, &t) != 0 && time_parse_date(expires_at, &t) != 0)
		return "Give expires_at as a date (YYYY-MM-DD) or an instant (YYYY-MM-DDTHH:MM:SSZ).";
	if (t < earliest || t > latest)
		return "expires_at must be from one day to ten years from now.";
	*out = t;
	return NULL;
}

int64_t login_delay(int64_t failures, instant_t latest, int64_t free_failures, instant_t now)
{
	if (failures < free_failures)
		return 0;
	/* the first failure past the free ones waits LOGIN_DELAY_FIRST_SECONDS, each next one twice
	 * as long; the shift stops before it could overflow */
	int64_t wait = LOGIN_DELAY_FIRST_SECONDS;
	for (int64_t k = free_failures; k < failures && wait < LOGIN_DELAY_MAX_SECONDS; k++)
		wait *= 2;
	if (wait > LOGIN_DELAY_MAX_SECONDS)
		wait = LOGIN_DELAY_MAX_SECONDS;
	int64_t left = latest + wait - now;
	return left > 0 ? left : 0;
}

/* Domains compare whole: "unicef.org" admits name@unicef.org, not name@notunicef.org nor
 * name@field.unicef.org (a sub-domain is listed on its own when the agency uses it). */
bool account_email_in_domains(const char *email, char *const *domains, size_t n)
{
	if (n == 0)
		return true;
	const char *at = strrchr(email, '@');
	if (!at)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(at + 1, domains[i]) == 0)
			return true;
	return false;
}

bool account_two_step_due(int role, bool sso, bool enrolled, bool required)
{
	return required && !sso && !enrolled && (role == ROLE_AGENCY_FOCAL_POINT || role == ROLE_ADMIN);
}
