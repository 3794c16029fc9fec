/* partner.h: which organisations the PSEA assessment covers (DOMAIN.md, "Organisations and
 * people"). */
#ifndef PSEA_PARTNER_H
#define PSEA_PARTNER_H
#include <stdbool.h>

/* national_ngo, international_cso, cbo, academic, red_cross_red_crescent. */
bool partner_type_valid(const char *type);
/* Governmental partners are not covered: creating one is refused with its own reason. */
bool partner_type_is_government(const char *type);
/* An INGO is assessed per country operation: a country office (international_cso) may link to
 * its headquarters record, itself an INGO record that is not a country office. */
bool partner_may_have_parent(const char *type, const char *parent_type, bool parent_has_parent);
#endif
