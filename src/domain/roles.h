/* roles.h: the roles of API.md and what each may do in general. Rules that also depend on the
 * object (which agency takes part in an assessment, whose partner it is) live beside those
 * objects' rules. */
#ifndef PSEA_ROLES_H
#define PSEA_ROLES_H
#include <stdbool.h>

enum role {
	ROLE_NONE = 0,
	ROLE_PARTNER_READER,
	ROLE_PARTNER_EDITOR,
	ROLE_AGENCY_READER,
	ROLE_AGENCY_EDITOR,
	ROLE_AGENCY_ADVANCED_EDITOR,
	ROLE_AGENCY_FOCAL_POINT,
	ROLE_ADMIN,
};

enum role role_parse(const char *name);   /* ROLE_NONE when unknown */
const char *role_name(enum role r);
bool role_is_partner(enum role r);         /* partner_reader, partner_editor */
bool role_is_agency(enum role r);          /* the four agency roles */
bool role_fits_org(enum role r, bool org_is_agency); /* admins fit any organisation */
bool role_edits_agency_side(enum role r);  /* agency_editor, agency_advanced_editor */
bool role_is_advanced(enum role r);        /* agency_advanced_editor */
#endif
