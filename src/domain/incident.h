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
#define INCIDENT_ACTIONS_MAX 8
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
	/* Entered by the focal point, as dates (midnight UTC; 0: not given): when the investigation
	 * started and when it concluded. A case concluded in May and recorded in September counts
	 * its real duration from concluded_on; concluded_at is the fallback for older records. */
	instant_t investigation_started_on, concluded_on;
	const char *finding; /* the latest finding, substantiated or not_substantiated; NULL: none yet */
	bool pertains_to_partner; /* the allegation concerns an implementing partner's personnel */
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

/* The focal point's alerts. A disclosure waits while the partner's own report is still only
 * `received`; an onward report is due when nothing was reported onward yet, the record is not
 * closed, and the target passes within warn_hours of now or has passed. */
#define INCIDENT_ONWARD_WARN_HOURS 12
bool incident_disclosure_waiting(const struct incident *inc);
bool incident_onward_due_soon(const struct incident *inc, int64_t target_hours, int64_t warn_hours, instant_t now);
/* The instant by which the allegation must be reported onward. */
instant_t incident_onward_deadline(const struct incident *inc, int64_t target_hours);

/* Whole days from receipt to the end of the investigation: to concluded_on when it was entered
 * (counted in calendar days from the day of receipt), else to the instant the server recorded the
 * first finding; -1 while it is not concluded. */
int64_t incident_investigation_days(const struct incident *inc);

/* Self-disclosed: the partner itself reported the allegation (source self_disclosure). Derived,
 * never stored apart, so that the two can never disagree. */
bool incident_self_disclosed(const struct incident *inc);

/* Whether a new record pertains to an implementing partner when the caller does not say: it
 * names a partner, or the personnel concerned are a partner's. */
bool incident_pertains_by_default(const struct incident *inc);

/* The outcome as the figures count it: under_investigation while the status is open (received,
 * preliminary_assessment, under_investigation), else the latest finding, else
 * closed_without_finding. An index into incident_outcomes. */
extern const char *const incident_outcomes[];
size_t incident_outcome(const struct incident *inc);

/* The actions as agencies report them: dismissal (dismissal, separation from service), contract
 * ended, referral to national authorities, and other (every other action word). */
extern const char *const incident_action_groups[];
size_t incident_action_group(const char *action);

/* The median of n investigation day counts (sorted in place), to one decimal; -1 when n is 0. */
double incident_median_days(int64_t *days, size_t n);

/* The figures of one agency for one year (API.md GET /reports/incidents). */
#define INCIDENT_TYPES 5
#define INCIDENT_PERSONNEL_CATEGORIES 4
#define INCIDENT_OUTCOMES 4
#define INCIDENT_ACTION_GROUPS 4
struct incident_figures {
	int64_t total;
	int64_t by_type[INCIDENT_TYPES]; /* in the order of incident_types */
	int64_t by_personnel_category[INCIDENT_PERSONNEL_CATEGORIES]; /* in the order of incident_personnel_categories */
	int64_t pertaining_to_partners, self_disclosed;
	int64_t outcomes[INCIDENT_OUTCOMES];          /* in the order of incident_outcomes */
	int64_t actions[INCIDENT_ACTION_GROUPS];      /* incidents with an action of each group */
	int64_t within_target, judged; /* reported onward within the target / incidents judged */
	double within_percent;      /* one decimal; -1 when none judged */
	int64_t concluded;          /* incidents whose investigation ended */
	int64_t days_total;         /* their investigation days added up */
	double average_days;        /* one decimal; -1 when none concluded */
	int64_t longest_days;       /* -1 when none concluded */
	double median_days;         /* -1 until the caller sets it with incident_median_days */
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
