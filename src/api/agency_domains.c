/* agency_domains.c: the rule that an agency account's e-mail address is in its agency's domains,
 * as every way of making an account applies it. */
#include <string.h>
#include "api.h"
#include "../domain/accounts.h"

const char *api_email_domain_problem(struct db *db, struct arena *a, const struct org *org, const char *email)
{
	if (strcmp(org->kind, "agency") != 0)
		return NULL;
	char **domains;
	size_t n;
	if (store_agency_domain_names(db, a, org->id, &domains, &n) != STORE_OK)
		return "The agency's e-mail domains could not be read; try again.";
	if (account_email_in_domains(email, domains, n))
		return NULL;
	char *list = arena_strdup(a, domains[0]);
	for (size_t i = 1; i < n; i++)
		list = arena_printf(a, "%s%s%s", list, i + 1 == n ? " or " : ", ", domains[i]);
	return arena_printf(a, "%s accounts need an e-mail address at %s; use the person's address at the agency.",
			    org->name, list);
}
