/* incident.c: the rules of the allegations register. */
#include "incident.h"
#include <string.h>

const char *const incident_types[] = {"sexual_exploitation", "sexual_abuse", "sexual_harassment", "other", NULL};
const char *const incident_personnel_categories[] = {"agency_staff", "agency_related_personnel",
						     "implementing_partner", "other", NULL};
const char *const incident_sources[] = {"complaint", "self_disclosure", "other", NULL};
const char *const incident_statuses[] = {"received", "preliminary_assessment", "under_investigation",
					 "substantiated", "not_substantiated", "closed",
					 "referred_to_national_authorities", NULL};
const char *const incident_actions[] = {"disciplinary_measure", "separation", "letter_on_file",
					"screening_database_entry", "referral_to_national_authorities", NULL};
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

size_t incident_check(const struct incident *inc, instant_t now, struct incident_problems *out)
{
	out->n = 0;
	check_word(out, incident_personnel_categories, inc->personnel_category, "personnel_category",
		   "Choose agency_staff, agency_related_personnel, implementing_partner or other.");
	check_word(out, incident_types, inc->type, "type",
		   "Choose sexual_exploitation, sexual_abuse, sexual_harassment or other.");
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
	check_victims(inc, out);
	check_word_list(out, incident_actions, inc->actions, inc->nactions, "actions",
			"Actions are disciplinary_measure, separation, letter_on_file, screening_database_entry or "
			"referral_to_national_authorities.");
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

int64_t incident_investigation_days(const struct incident *inc)
{
	if (!inc->concluded_at || inc->concluded_at < inc->received_at)
		return inc->concluded_at ? 0 : -1;
	return time_days_between(inc->received_at, inc->concluded_at);
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
}

void incident_figures_add(struct incident_figures *f, const struct incident *inc, int64_t target_hours, instant_t now)
{
	for (size_t i = 0; incident_types[i]; i++)
		if (inc->type && strcmp(inc->type, incident_types[i]) == 0)
			f->by_type[i]++;
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
