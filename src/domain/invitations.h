/* invitations.h: who may invite whom into the portal, an invitation's status, and how long the
 * e-mailed links (invitations and password resets) stay usable. */
#ifndef PSEA_INVITATIONS_H
#define PSEA_INVITATIONS_H
#include <stdbool.h>
#include "roles.h"
#include "../util/timeutil.h"

/* An administrator invites anyone into any organisation, with a role that fits it. An agency
 * advanced editor invites a partner's people (partner_reader, partner_editor), and only into a
 * partner its agency has an active partnership with: agency staff who work with a partner may
 * bring its people in, but no agency hands out access to another agency's partners. Nobody
 * else invites. invited_role must fit the organisation (role_fits_org), checked apart. */
bool invitation_allowed(enum role inviter, enum role invited_role, bool into_partner, bool partner_works_with_agency);

enum invitation_status {
	INVITATION_PENDING,
	INVITATION_ACCEPTED,
	INVITATION_WITHDRAWN,
	INVITATION_EXPIRED,
};
/* Accepted or withdrawn (0: not) wins over expiry: an invitation accepted in time stays accepted. */
enum invitation_status invitation_status(instant_t accepted_at, instant_t withdrawn_at, instant_t expires_at, instant_t now);
const char *invitation_status_name(enum invitation_status s); /* pending, accepted, withdrawn, expired */

/* A link sent at now, valid for the setting invitation.days or password_reset.minutes: the first
 * instant it no longer opens anything. */
instant_t invitation_expiry(instant_t now, int64_t days);
instant_t password_reset_expiry(instant_t now, int64_t minutes);
#endif
