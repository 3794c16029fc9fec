/* standing_extend.c: the parts of a partner's standing decided outside its ratings. Each
 * source fills its own fields of struct standing_input:
 *   - met_by_plan[]: the capacity strengthening plan (a standard whose activities are all
 *     completed counts as met);
 *   - corrective_action_inadequate / corrective_action_reviewed_at: the incident register's
 *     review of the partner's corrective action (a rating given after the review prevails). */
#include "psea.h"
#include "csip.h"

void psea_standing_extend(struct req *r, int64_t partner_id, struct standing_input *in)
{
	instant_t inadequate_since = store_partner_inadequate_since(r->db, partner_id);
	if (inadequate_since > 0) {
		in->corrective_action_inadequate = true;
		in->corrective_action_reviewed_at = inadequate_since;
	}
	csip_standing_extend(r, in);
}
