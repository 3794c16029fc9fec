#include "accounts.h"
#include <ctype.h>
#include <string.h>

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

const char *account_password_problem(const char *password)
{
	size_t n = strlen(password);
	if (n < ACCOUNT_PASSWORD_MIN)
		return "The password must have at least 10 characters.";
	if (n > ACCOUNT_PASSWORD_MAX)
		return "The password must have at most 256 characters.";
	return NULL;
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
