/* partner.c: see partner.h. */
#include "partner.h"
#include <string.h>

static const char *const types[] = {"national_ngo", "international_cso", "cbo", "academic", "red_cross_red_crescent"};

bool partner_type_valid(const char *type)
{
	for (size_t i = 0; type && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(types[i], type) == 0)
			return true;
	return false;
}

bool partner_type_is_government(const char *type)
{
	return type && (strcmp(type, "government") == 0 || strcmp(type, "governmental") == 0);
}

bool partner_may_have_parent(const char *type, const char *parent_type, bool parent_has_parent)
{
	return type && parent_type && strcmp(type, "international_cso") == 0 &&
	       strcmp(parent_type, "international_cso") == 0 && !parent_has_parent;
}
