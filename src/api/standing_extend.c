/* standing_extend.c: the parts of a partner's standing decided outside its ratings. Each
 * source fills its own fields of struct standing_input:
 *   - met_by_plan[]: the capacity strengthening plan (a standard whose activities are all
 *     completed and confirmed by an agency counts as met);
 *   - corrective_action_inadequate / corrective_action_reviewed_at: the incident register's
 *     review of the partner's corrective action (a rating given after the review prevails). */
#include "psea.h"
#include "csip.h"

void psea_standing_extend(struct req *r, const struct partner_standing_rows *rows, struct csip_of_record *plan,
			  struct standing_input *in)
{
	if (rows->inadequate_since > 0) {
		in->corrective_action_inadequate = true;
		in->corrective_action_reviewed_at = rows->inadequate_since;
	}
	csip_of_record_extend(r, plan, in);
}
