#include "invitations.h"

bool invitation_allowed(enum role inviter, enum role invited_role, bool into_partner, bool partner_works_with_agency)
{
	if (inviter == ROLE_ADMIN)
		return invited_role != ROLE_NONE;
	if (inviter == ROLE_AGENCY_ADVANCED_EDITOR)
		return role_is_partner(invited_role) && into_partner && partner_works_with_agency;
	return false;
}

enum invitation_status invitation_status(instant_t accepted_at, instant_t withdrawn_at, instant_t expires_at, instant_t now)
{
	if (accepted_at)
		return INVITATION_ACCEPTED;
	if (withdrawn_at)
		return INVITATION_WITHDRAWN;
	return now >= expires_at ? INVITATION_EXPIRED : INVITATION_PENDING;
}

const char *invitation_status_name(enum invitation_status s)
{
	static const char *const names[] = {"pending", "accepted", "withdrawn", "expired"};
	return names[s];
}

instant_t invitation_expiry(instant_t now, int64_t days) { return now + days * 86400; }
instant_t password_reset_expiry(instant_t now, int64_t minutes) { return now + minutes * 60; }
