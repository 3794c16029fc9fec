/* incident.c: the rules of the allegations register. */
#include "incident.h"
#include <string.h>

#include <stdlib.h>

/* "other" stays after sexual_assault was added, for the records and clients that use it. */
const char *const incident_types[] = {"sexual_exploitation", "sexual_abuse", "sexual_harassment", "sexual_assault",
				      "other", NULL};
/* The interface offers agency_staff, implementing_partner and other, as agencies report them;
 * agency_related_personnel stays accepted for the records that carry it. */
const char *const incident_personnel_categories[] = {"agency_staff", "agency_related_personnel",
						     "implementing_partner", "other", NULL};
const char *const incident_sources[] = {"complaint", "self_disclosure", "other", NULL};
const char *const incident_statuses[] = {"received", "preliminary_assessment", "under_investigation",
					 "substantiated", "not_substantiated", "closed",
					 "referred_to_national_authorities", NULL};
const char *const incident_actions[] = {"disciplinary_measure", "separation", "letter_on_file",
					"screening_database_entry", "referral_to_national_authorities", "dismissal",
					"contract_ended", "other", NULL};
const char *const incident_outcomes[] = {"substantiated", "not_substantiated", "under_investigation",
					 "closed_without_finding", NULL};
const char *const incident_action_groups[] = {"dismissal", "contract_ended", "referral_to_national_authorities",
					      "other", NULL};
const char *const incident_assistance_kinds[] = {"medical", "psychosocial", "legal", "material", NULL};
const char *const incident_victim_sexes[] = {"female", "male", "unknown", NULL};
const char *const incident_victim_age_groups[] = {"child", "adult", "unknown", NULL};
const char *const incident_victim_fields[] = {"sex", "age_group", "count", NULL};

bool incident_word_ok(const char *const *list, const char *word)
{
	for (size_t i = 0; word && list[i]; i++)
		if (strcmp(list[i], word) == 0)
			return true;
	return false;
}

static void problem(struct incident_problems *out, const char *field, const char *code, const char *message)
{
	if (out->n < INCIDENT_PROBLEMS_MAX)
		out->items[out->n++] = (struct incident_problem){field, code, message};
}

static void check_word(struct incident_problems *out, const char *const *list, const char *word,
		       const char *field, const char *message)
{
	if (!word)
		problem(out, field, "required", "This field is required.");
	else if (!incident_word_ok(list, word))
		problem(out, field, "invalid_value", message);
}

/* Field names of list entries, such as "victims[2].count": static, so that the problems can
 * point at them without allocating. */
static const char *const victim_count_fields[] = {"victims[0].count", "victims[1].count", "victims[2].count",
	"victims[3].count", "victims[4].count", "victims[5].count", "victims[6].count", "victims[7].count",
	"victims[8].count"};
static const char *const victim_sex_fields[] = {"victims[0].sex", "victims[1].sex", "victims[2].sex",
	"victims[3].sex", "victims[4].sex", "victims[5].sex", "victims[6].sex", "victims[7].sex", "victims[8].sex"};
static const char *const victim_age_fields[] = {"victims[0].age_group", "victims[1].age_group",
	"victims[2].age_group", "victims[3].age_group", "victims[4].age_group", "victims[5].age_group",
	"victims[6].age_group", "victims[7].age_group", "victims[8].age_group"};

static void check_victims(const struct incident *inc, struct incident_problems *out)
{
	for (size_t i = 0; i < inc->nvictims && i < INCIDENT_VICTIMS_MAX; i++) {
		const struct incident_victims *v = &inc->victims[i];
		check_word(out, incident_victim_sexes, v->sex, victim_sex_fields[i], "Choose female, male or unknown.");
		check_word(out, incident_victim_age_groups, v->age_group, victim_age_fields[i],
			   "Choose child, adult or unknown.");
		if (v->count < 1 || v->count > INCIDENT_VICTIM_COUNT_MAX)
			problem(out, victim_count_fields[i], "invalid_value", "The count must be a whole number from 1 to 100000.");
		for (size_t j = 0; j < i; j++)
			if (v->sex && v->age_group && inc->victims[j].sex && inc->victims[j].age_group &&
			    strcmp(v->sex, inc->victims[j].sex) == 0 && strcmp(v->age_group, inc->victims[j].age_group) == 0)
				problem(out, victim_sex_fields[i], "duplicate",
					"This sex and age group is already counted in an earlier entry; add the counts together.");
	}
}

static void check_word_list(struct incident_problems *out, const char *const *list, const char *const *words,
			    size_t n, const char *field, const char *message)
{
	for (size_t i = 0; i < n; i++) {
		if (!incident_word_ok(list, words[i]))
			problem(out, field, "invalid_value", message);
		for (size_t j = 0; j < i; j++)
			if (words[i] && words[j] && strcmp(words[i], words[j]) == 0)
				problem(out, field, "duplicate", "Each word may appear only once.");
	}
}

/* Midnight UTC of the day of an instant: the entered dates compare with the day of receipt, so
 * that an investigation concluded on the day the allegation came in is accepted. */
static instant_t day_of(instant_t t)
{
	instant_t r = t % 86400;
	return t - (r < 0 ? r + 86400 : r);
}

static void check_investigation_dates(const struct incident *inc, instant_t now, struct incident_problems *out)
{
	instant_t received_day = inc->received_at ? day_of(inc->received_at) : 0;
	instant_t started = inc->investigation_started_on, concluded = inc->concluded_on;
	if (started && started > now)
		problem(out, "investigation_started_on", "in_future", "The investigation cannot have started in the future.");
	else if (started && received_day && started < received_day)
		problem(out, "investigation_started_on", "before_receipt",
			"An investigation cannot start before the allegation was received.");
	if (concluded && concluded > now)
		problem(out, "concluded_on", "in_future", "The investigation cannot have concluded in the future.");
	else if (concluded && started && concluded < started)
		problem(out, "concluded_on", "before_start", "The investigation cannot conclude before it started.");
	else if (concluded && received_day && concluded < received_day)
		problem(out, "concluded_on", "before_receipt",
			"An investigation cannot conclude before the allegation was received.");
}

size_t incident_check(const struct incident *inc, instant_t now, struct incident_problems *out)
{
	out->n = 0;
	check_word(out, incident_personnel_categories, inc->personnel_category, "personnel_category",
		   "Choose agency_staff, agency_related_personnel, implementing_partner or other.");
	check_word(out, incident_types, inc->type, "type",
		   "Choose sexual_exploitation, sexual_abuse, sexual_harassment, sexual_assault or other.");
	check_word(out, incident_sources, inc->source, "source", "Choose complaint, self_disclosure or other.");
	check_word(out, incident_statuses, inc->status, "status",
		   "Choose received, preliminary_assessment, under_investigation, substantiated, not_substantiated, "
		   "closed or referred_to_national_authorities.");
	if (!inc->received_at)
		problem(out, "received_at", "required", "Give the instant the allegation was received.");
	else if (inc->received_at > now)
		problem(out, "received_at", "in_future", "The allegation cannot have been received in the future.");
	if (inc->incident_date && inc->incident_date > now)
		problem(out, "incident_date", "in_future", "The incident date cannot be in the future.");
	else if (inc->incident_date && inc->received_at && inc->incident_date > inc->received_at)
		problem(out, "incident_date", "after_receipt", "The incident cannot have happened after the allegation was received.");
	if (inc->reported_onward_at && inc->received_at && inc->reported_onward_at < inc->received_at)
		problem(out, "reported_onward_at", "before_receipt",
			"An allegation cannot be reported onward before it was received.");
	else if (inc->reported_onward_at > now)
		problem(out, "reported_onward_at", "in_future", "The onward report cannot be in the future.");
	check_investigation_dates(inc, now, out);
	check_victims(inc, out);
	check_word_list(out, incident_actions, inc->actions, inc->nactions, "actions",
			"Actions are dismissal, contract_ended, referral_to_national_authorities, disciplinary_measure, "
			"separation, letter_on_file, screening_database_entry or other.");
	check_word_list(out, incident_assistance_kinds, inc->assistance, inc->nassistance, "assistance",
			"Assistance is medical, psychosocial, legal or material.");
	return out->n;
}

static bool is_conclusion(const char *status)
{
	return status && (strcmp(status, "substantiated") == 0 || strcmp(status, "not_substantiated") == 0);
}

void incident_set_status(struct incident *inc, const char *status, instant_t now)
{
	if (!inc->status || strcmp(inc->status, status) != 0) {
		inc->status = status;
		inc->status_changed_at = now;
	}
	/* Only the first conclusion ends the investigation: a later re-opening and second finding
	 * does not make the recorded investigation look shorter or longer than it was. */
	if (is_conclusion(status) && !inc->concluded_at)
		inc->concluded_at = now;
	/* The finding, though, is the latest one: it survives a later move to closed. */
	if (is_conclusion(status))
		inc->finding = status;
}

void incident_start(struct incident *inc, instant_t now)
{
	const char *status = inc->status ? inc->status : "received";
	inc->status = NULL;
	inc->concluded_at = 0;
	incident_set_status(inc, status, now);
	inc->created_at = now;
}

enum incident_onward incident_onward(const struct incident *inc, int64_t target_hours, instant_t now)
{
	instant_t deadline = inc->received_at + target_hours * 3600;
	if (inc->reported_onward_at)
		return inc->reported_onward_at <= deadline ? INCIDENT_ONWARD_WITHIN : INCIDENT_ONWARD_LATE;
	return now > deadline ? INCIDENT_ONWARD_LATE : INCIDENT_ONWARD_PENDING;
}

instant_t incident_onward_deadline(const struct incident *inc, int64_t target_hours)
{
	return inc->received_at + target_hours * 3600;
}

bool incident_disclosure_waiting(const struct incident *inc)
{
	return incident_self_disclosed(inc) && inc->status && strcmp(inc->status, "received") == 0;
}

bool incident_onward_due_soon(const struct incident *inc, int64_t target_hours, int64_t warn_hours, instant_t now)
{
	if (inc->reported_onward_at || (inc->status && strcmp(inc->status, "closed") == 0))
		return false;
	return incident_onward_deadline(inc, target_hours) <= now + warn_hours * 3600;
}

int64_t incident_investigation_days(const struct incident *inc)
{
	if (inc->concluded_on) {
		instant_t received_day = day_of(inc->received_at);
		return inc->concluded_on < received_day ? 0 : time_days_between(received_day, inc->concluded_on);
	}
	if (!inc->concluded_at || inc->concluded_at < inc->received_at)
		return inc->concluded_at ? 0 : -1;
	return time_days_between(inc->received_at, inc->concluded_at);
}

bool incident_self_disclosed(const struct incident *inc)
{
	return inc->source && strcmp(inc->source, "self_disclosure") == 0;
}

bool incident_pertains_by_default(const struct incident *inc)
{
	return inc->partner_id || (inc->personnel_category && strcmp(inc->personnel_category, "implementing_partner") == 0);
}

static size_t index_of(const char *const *list, const char *word)
{
	size_t i = 0;
	for (; list[i]; i++)
		if (word && strcmp(list[i], word) == 0)
			break;
	return i;
}

size_t incident_outcome(const struct incident *inc)
{
	static const char *const open[] = {"received", "preliminary_assessment", "under_investigation", NULL};
	if (incident_word_ok(open, inc->status))
		return index_of(incident_outcomes, "under_investigation");
	if (inc->finding && is_conclusion(inc->finding))
		return index_of(incident_outcomes, inc->finding);
	return index_of(incident_outcomes, "closed_without_finding");
}

size_t incident_action_group(const char *action)
{
	if (action && strcmp(action, "separation") == 0) /* separation from service is a dismissal */
		return index_of(incident_action_groups, "dismissal");
	size_t i = index_of(incident_action_groups, action);
	return incident_action_groups[i] ? i : index_of(incident_action_groups, "other");
}

static int compare_days(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

double incident_median_days(int64_t *days, size_t n)
{
	if (!n)
		return -1;
	qsort(days, n, sizeof *days, compare_days);
	if (n % 2)
		return (double)days[n / 2];
	int64_t twice = days[n / 2 - 1] + days[n / 2]; /* the mean of the middle two: a whole or a half */
	return (double)twice / 2.0;
}

double percent_one_decimal(int64_t count, int64_t of)
{
	if (of <= 0)
		return -1;
	/* In tenths of a percent, rounded half up, in integers so 58.55 does not become 58.5. */
	int64_t tenths = (count * 2000 + of) / (2 * of);
	return (double)tenths / 10.0;
}

void incident_figures_init(struct incident_figures *f)
{
	memset(f, 0, sizeof *f);
	f->within_percent = -1;
	f->average_days = -1;
	f->longest_days = -1;
	f->median_days = -1;
}

void incident_figures_add(struct incident_figures *f, const struct incident *inc, int64_t target_hours, instant_t now)
{
	f->total++;
	for (size_t i = 0; incident_types[i]; i++)
		if (inc->type && strcmp(inc->type, incident_types[i]) == 0)
			f->by_type[i]++;
	for (size_t i = 0; incident_personnel_categories[i]; i++)
		if (inc->personnel_category && strcmp(inc->personnel_category, incident_personnel_categories[i]) == 0)
			f->by_personnel_category[i]++;
	if (inc->pertains_to_partner)
		f->pertaining_to_partners++;
	if (incident_self_disclosed(inc))
		f->self_disclosed++;
	f->outcomes[incident_outcome(inc)]++;
	/* an incident counts once per group, however many of its actions fall in it */
	bool group_seen[INCIDENT_ACTION_GROUPS] = {false};
	for (size_t i = 0; i < inc->nactions; i++)
		group_seen[incident_action_group(inc->actions[i])] = true;
	for (size_t g = 0; g < INCIDENT_ACTION_GROUPS; g++)
		f->actions[g] += group_seen[g];
	enum incident_onward onward = incident_onward(inc, target_hours, now);
	if (onward != INCIDENT_ONWARD_PENDING) {
		f->judged++;
		if (onward == INCIDENT_ONWARD_WITHIN)
			f->within_target++;
	}
	int64_t days = incident_investigation_days(inc);
	if (days >= 0) {
		f->days_total += days;
		f->concluded++;
		if (days > f->longest_days)
			f->longest_days = days;
	}
}

void incident_figures_finish(struct incident_figures *f)
{
	f->within_percent = percent_one_decimal(f->within_target, f->judged);
	if (f->concluded > 0) {
		f->average_days = (double)((f->days_total * 20 + f->concluded) / (2 * f->concluded)) / 10.0;
	}
}

int incident_year_of(instant_t t)
{
	char date[11];
	time_format_date(t, date);
	return (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
}

instant_t incident_year_start(int year)
{
	/* 1 January of the year, from the day count of the proleptic Gregorian calendar */
	int64_t y = year - 1;
	int64_t days = y * 365 + y / 4 - y / 100 + y / 400 - 719162; /* days from 0001-01-01 to 1970-01-01 */
	return days * 86400;
}
