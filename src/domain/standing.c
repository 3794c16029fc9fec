/* standing.c: see standing.h. */
#include "standing.h"
#include <stddef.h>
#include "assessment.h"

const char *rating_source_name(enum rating_source s)
{
	switch (s) {
	case RATING_SOURCE_PREVIOUS: return "previous";
	case RATING_SOURCE_MIGRATED: return "migrated";
	default: return "verified";
	}
}

const char *standing_status_name(enum standing_status s)
{
	switch (s) {
	case STANDING_VALID: return "valid";
	case STANDING_EXPIRING: return "expiring";
	case STANDING_EXPIRED: return "expired";
	default: return "not_assessed";
	}
}

/* The latest rating; validity runs the same length from every rating, so the latest one is also
 * the one valid longest. On equal instants a verified rating wins over a declared one. */
const struct standing_record *standing_latest(const struct standing_input *in)
{
	const struct standing_record *best = NULL;
	for (int i = 0; i < in->nrecords; i++) {
		const struct standing_record *r = &in->records[i];
		if (!best || r->rated_at > best->rated_at ||
		    (r->rated_at == best->rated_at && r->source < best->source))
			best = r;
	}
	return best;
}

instant_t standing_record_decided_at(const struct standing_record *r)
{
	return r->decided_at > r->rated_at ? r->decided_at : r->rated_at;
}

struct rating_bands standing_bands_of(const struct standing_input *in, const struct standing_record *r)
{
	return r->bands.full_min > 0 && r->bands.medium_min > 0 ? r->bands : in->bands;
}

/* Plan progress and an inadequate corrective action change the answers in force. */
static void apply_changes(const struct standing_input *in, struct standing *s)
{
	const struct standing_record *r = s->record;
	instant_t decided = standing_record_decided_at(r);
	/* A plan activity for standard 8, confirmed by an agency after the review, answers it
	 * (the plan reads only confirmations after the review: csip_apply_inadequate_review). */
	bool review_applies = in->corrective_action_inadequate &&
		(in->corrective_action_reviewed_at == 0 || in->corrective_action_reviewed_at > decided) &&
		!in->met_by_plan[STANDARD_CORRECTIVE_ACTION - 1];
	if (r->has_answers) {
		enum answer a[STANDARD_COUNT];
		for (int i = 0; i < STANDARD_COUNT; i++)
			a[i] = in->met_by_plan[i] && !standard_met(i + 1, r->answers[i]) ? ANSWER_YES : r->answers[i];
		if (review_applies)
			a[STANDARD_CORRECTIVE_ACTION - 1] = ANSWER_NO;
		struct rating rt = rating_compute(a, standing_bands_of(in, r));
		for (int i = 0; i < STANDARD_COUNT; i++)
			s->met[i] = a[i];
		s->capacity = rt.complete ? rt.capacity : r->capacity;
		s->standards_met = rt.complete ? rt.standards_met : -1;
		s->eligible = rt.complete ? rt.eligible : r->eligible && !review_applies;
		return;
	}
	/* A rating without answers per standard (accepted or migrated): only a plan that met every
	 * standard raises it, to full. */
	bool all = true;
	for (int i = 0; i < STANDARD_COUNT; i++)
		all = all && in->met_by_plan[i];
	s->capacity = all ? CAPACITY_FULL : r->capacity;
	s->standards_met = -1;
	s->eligible = r->eligible && !review_applies;
	if (review_applies)
		s->met[STANDARD_CORRECTIVE_ACTION - 1] = ANSWER_NO;
}

struct standing standing_compute(const struct standing_input *in, instant_t now)
{
	struct standing s = {0};
	s.standards_met = -1;
	s.eligible = !in->corrective_action_inadequate;
	s.record = standing_latest(in);
	if (!s.record)
		return s;
	s.rated_at = s.record->rated_at;
	s.valid_until = assessment_valid_until(s.record->rated_at, in->validity_years);
	if (now >= s.valid_until) {
		s.status = STANDING_EXPIRED;
		return s;
	}
	s.status = now >= time_add_months(s.valid_until, -in->expiring_months) ? STANDING_EXPIRING : STANDING_VALID;
	apply_changes(in, &s);
	return s;
}
