#include "accounts.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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
