/* incident.h: the allegations register (DOMAIN.md "Allegations involving partners"). An incident
 * records what an agency focal point needs to follow an allegation up and to report upward: who
 * received it, which partner it involves, what kind it is, when it came in and when it went
 * onward for investigation, the victims as counts only, the status, actions and assistance.
 * Pure functions: the caller passes `now` and the settings. */
#ifndef PSEA_INCIDENT_H
#define PSEA_INCIDENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../util/timeutil.h"

/* The word lists of API.md, NULL-terminated; a value outside its list is refused with 422. */
extern const char *const incident_types[];
extern const char *const incident_personnel_categories[];
extern const char *const incident_sources[];
extern const char *const incident_statuses[];
extern const char *const incident_actions[];
extern const char *const incident_assistance_kinds[];
extern const char *const incident_victim_sexes[];
extern const char *const incident_victim_age_groups[];
/* The only fields a victim entry may carry: sex, age group and a count. Anything else (a name,
 * an address, a free-text note) is refused, so that nothing identifying can be stored. */
extern const char *const incident_victim_fields[];

#define INCIDENT_VICTIMS_MAX 9        /* every sex × age group combination once */
#define INCIDENT_VICTIM_COUNT_MAX 100000
#define INCIDENT_ACTIONS_MAX 5
#define INCIDENT_ASSISTANCE_MAX 4

bool incident_word_ok(const char *const *list, const char *word);

struct incident_victims {
	const char *sex, *age_group;
	int64_t count;
};

struct incident {
	int64_t id, version, agency_id, partner_id; /* partner_id 0: none involved */
	const char *personnel_category, *type, *source, *status;
	instant_t received_at, incident_date, reported_onward_at; /* 0: unknown / not yet */
	instant_t status_changed_at;
	instant_t concluded_at; /* the instant the status first became substantiated or not_substantiated */
	instant_t created_at;
	struct incident_victims victims[INCIDENT_VICTIMS_MAX];
	size_t nvictims;
	const char *actions[INCIDENT_ACTIONS_MAX];
	size_t nactions;
	const char *assistance[INCIDENT_ASSISTANCE_MAX];
	size_t nassistance;
	/* the latest corrective-action review; reviewed_at 0 when there is none */
	bool review_adequate;
	const char *review_notes;
	instant_t reviewed_at;
};

/* One problem found by incident_check: the API turns each into an entry of the 422 list. */
struct incident_problem {
	const char *field, *code, *message;
};
#define INCIDENT_PROBLEMS_MAX 24
struct incident_problems {
	struct incident_problem items[INCIDENT_PROBLEMS_MAX];
	size_t n;
};

/* Checks a whole incident as it would be stored: words from their lists, the instants in order
 * and not in the future, counts positive, no sex × age group twice, no action or assistance
 * twice. Returns the number of problems (0: valid). */
size_t incident_check(const struct incident *inc, instant_t now, struct incident_problems *out);

/* Sets a new status at `now`: status_changed_at moves when the status changes, and the first
 * move to substantiated or not_substantiated is kept as the end of the investigation. */
void incident_set_status(struct incident *inc, const char *status, instant_t now);
/* A new incident's bookkeeping: status `received` unless given, status_changed_at = now. */
void incident_start(struct incident *inc, instant_t now);

/* The onward-report measure (target: incident.onward_hours). PENDING while the target has not
 * passed and nothing was reported yet: it cannot be judged either way. */
enum incident_onward { INCIDENT_ONWARD_WITHIN, INCIDENT_ONWARD_LATE, INCIDENT_ONWARD_PENDING };
enum incident_onward incident_onward(const struct incident *inc, int64_t target_hours, instant_t now);

/* Whole days from receipt to the end of the investigation; -1 while it is not concluded. */
int64_t incident_investigation_days(const struct incident *inc);

/* The figures of one agency for one year (API.md GET /reports/incidents). */
struct incident_figures {
	int64_t by_type[4];         /* in the order of incident_types */
	int64_t within_target, judged; /* reported onward within the target / incidents judged */
	double within_percent;      /* one decimal; -1 when none judged */
	int64_t concluded;          /* incidents whose investigation ended */
	int64_t days_total;         /* their investigation days added up */
	double average_days;        /* one decimal; -1 when none concluded */
	int64_t longest_days;       /* -1 when none concluded */
};
void incident_figures_init(struct incident_figures *f);
/* Adds one incident (received in the year of the figures). */
void incident_figures_add(struct incident_figures *f, const struct incident *inc, int64_t target_hours, instant_t now);
/* Computes the percentages and averages once every incident was added. */
void incident_figures_finish(struct incident_figures *f);

/* A share as a percentage rounded to one decimal (595 of 1015 → 58.6); -1 when of is 0. */
double percent_one_decimal(int64_t count, int64_t of);

/* The year of an instant (UTC) and the first instant of a year. */
int incident_year_of(instant_t t);
instant_t incident_year_start(int year);

#endif
