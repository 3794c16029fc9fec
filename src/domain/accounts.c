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
