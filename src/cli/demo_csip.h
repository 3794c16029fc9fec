/* demo_csip.h: demonstration capacity strengthening plans for `psea demo`: partners rated below
 * full with a plan in draft (due soon), overdue, active (some activities done, extended past its
 * six months) and completed (rating now full, with its reassessment score). */
#ifndef PSEA_DEMO_CSIP_H
#define PSEA_DEMO_CSIP_H
#include "demo_partners.h"

/* Adds the partners and their plans; the context's lead agency and users must be set. 0 or -1. */
int demo_csip_fill(struct demo_ctx *c);
#endif
