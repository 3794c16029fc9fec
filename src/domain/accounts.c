#include "accounts.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "roles.h"

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

const char *account_domain_problem(const char *domain)
{
	size_t n = strlen(domain);
	if (strchr(domain, '@') || n == 0 || n > 253 || domain[0] == '.' || domain[n - 1] == '.' || domain[0] == '-' || !strchr(domain, '.') ||
	    strstr(domain, ".."))
		return "Enter a domain such as unicef.org, without the @.";
	for (const char *p = domain; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
			return "A domain has only letters, digits, dots and hyphens, such as unicef.org.";
	return NULL;
}

bool account_two_step_due(int role, bool sso, bool enrolled, bool required)
{
	return required && !sso && !enrolled && (role == ROLE_AGENCY_FOCAL_POINT || role == ROLE_ADMIN);
}
