#include "roles.h"
#include <string.h>

static const char *const names[] = {
	[ROLE_NONE] = "", [ROLE_PARTNER_READER] = "partner_reader", [ROLE_PARTNER_EDITOR] = "partner_editor",
	[ROLE_AGENCY_READER] = "agency_reader", [ROLE_AGENCY_EDITOR] = "agency_editor",
	[ROLE_AGENCY_ADVANCED_EDITOR] = "agency_advanced_editor", [ROLE_AGENCY_FOCAL_POINT] = "agency_focal_point",
	[ROLE_ADMIN] = "admin",
};

enum role role_parse(const char *name)
{
	for (int r = ROLE_PARTNER_READER; name && r <= ROLE_ADMIN; r++)
		if (strcmp(names[r], name) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

const char *role_name(enum role r) { return r >= ROLE_NONE && r <= ROLE_ADMIN ? names[r] : ""; }
bool role_is_partner(enum role r) { return r == ROLE_PARTNER_READER || r == ROLE_PARTNER_EDITOR; }
bool role_is_agency(enum role r) { return r >= ROLE_AGENCY_READER && r <= ROLE_AGENCY_FOCAL_POINT; }
bool role_edits_agency_side(enum role r) { return r == ROLE_AGENCY_EDITOR || r == ROLE_AGENCY_ADVANCED_EDITOR; }
bool role_is_advanced(enum role r) { return r == ROLE_AGENCY_ADVANCED_EDITOR; }

bool role_fits_org(enum role r, bool org_is_agency)
{
	if (r == ROLE_ADMIN)
		return true;
	return org_is_agency ? role_is_agency(r) : role_is_partner(r);
}
