/* incidents.c: the allegations register and the corrective-action reviews. The writes here are
 * several statements each (the incident, its victim counts, its measures): callers wrap them in
 * store_begin/store_commit so that nothing is half written. */
#include <string.h>
#include "db.h"
#include "incidents.h"

#define INCIDENT_COLUMNS "i.id, i.version, i.agency_id, i.partner_id, i.personnel_category, i.type, " \
	"i.received_at, i.incident_date, i.reported_onward_at, i.source, i.status, i.status_changed_at, " \
	"i.concluded_at, i.created_at, i.investigation_started_on, i.concluded_on, i.finding, i.pertains_to_partner"

static void read_incident(struct db_stmt *st, struct arena *a, void *row)
{
	struct incident *inc = row;
	memset(inc, 0, sizeof *inc);
	inc->id = db_int(st, 0);
	inc->version = db_int(st, 1);
	inc->agency_id = db_int(st, 2);
	inc->partner_id = db_int(st, 3);
	inc->personnel_category = arena_strdup(a, db_text(st, 4));
	inc->type = arena_strdup(a, db_text(st, 5));
	inc->received_at = db_int(st, 6);
	inc->incident_date = db_int(st, 7);
	inc->reported_onward_at = db_int(st, 8);
	inc->source = arena_strdup(a, db_text(st, 9));
	inc->status = arena_strdup(a, db_text(st, 10));
	inc->status_changed_at = db_int(st, 11);
	inc->concluded_at = db_int(st, 12);
	inc->created_at = db_int(st, 13);
	inc->investigation_started_on = db_int(st, 14);
	inc->concluded_on = db_int(st, 15);
	inc->finding = db_text(st, 16) ? arena_strdup(a, db_text(st, 16)) : NULL;
	inc->pertains_to_partner = db_int(st, 17) != 0;
}

/* An incident whose detail rows are being read. */
struct details_read { struct arena *a; struct incident *inc; };

static int victims_row(struct db_stmt *st, void *ctx)
{
	struct details_read *d = ctx;
	if (d->inc->nvictims == INCIDENT_VICTIMS_MAX)
		return STORE_OK;
	struct incident_victims *v = &d->inc->victims[d->inc->nvictims++];
	v->sex = arena_strdup(d->a, db_text(st, 0));
	v->age_group = arena_strdup(d->a, db_text(st, 1));
	v->count = db_int(st, 2);
	return STORE_OK;
}

static int measure_row(struct db_stmt *st, void *ctx)
{
	struct details_read *d = ctx;
	struct incident *inc = d->inc;
	const char *kind = db_text(st, 0);
	char *word = arena_strdup(d->a, db_text(st, 1));
	if (strcmp(kind, "action") == 0 && inc->nactions < INCIDENT_ACTIONS_MAX)
		inc->actions[inc->nactions++] = word;
	else if (strcmp(kind, "assistance") == 0 && inc->nassistance < INCIDENT_ASSISTANCE_MAX)
		inc->assistance[inc->nassistance++] = word;
	return STORE_OK;
}

static void read_review(struct db_stmt *st, struct arena *a, void *row)
{
	struct incident *inc = row;
	inc->review_adequate = db_int(st, 0) != 0;
	inc->review_notes = arena_strdup(a, db_text(st, 1));
	inc->reviewed_at = db_int(st, 2);
}

/* Fills the victim counts, the measures and the latest review of an incident already read. */
static int read_details(struct db *db, struct arena *a, struct incident *inc)
{
	struct details_read d = {a, inc};
	int rc = db_each(db, victims_row, &d, "SELECT sex, age_group, count FROM incident_victims WHERE incident_id = ? "
			 "ORDER BY sex, age_group", "i", inc->id);
	if (rc == STORE_OK)
		rc = db_each(db, measure_row, &d, "SELECT kind, word FROM incident_measures WHERE incident_id = ? "
			     "ORDER BY kind, word", "i", inc->id);
	if (rc == STORE_OK)
		rc = db_read_one(db, a, read_review, inc, "SELECT adequate, notes, reviewed_at FROM corrective_action_reviews "
				 "WHERE incident_id = ? ORDER BY id DESC LIMIT 1", "i", inc->id);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;  /* not reviewed yet */
}

static int write_details(struct db *db, const struct incident *inc)
{
	int64_t rc = db_exec(db, "DELETE FROM incident_victims WHERE incident_id = ?", "i", inc->id);
	if (rc >= 0)
		rc = db_exec(db, "DELETE FROM incident_measures WHERE incident_id = ?", "i", inc->id);
	for (size_t i = 0; rc >= 0 && i < inc->nvictims; i++)
		rc = db_exec(db, "INSERT INTO incident_victims (incident_id, sex, age_group, count) VALUES (?, ?, ?, ?)",
			     "issi", inc->id, inc->victims[i].sex, inc->victims[i].age_group, inc->victims[i].count);
	for (size_t i = 0; rc >= 0 && i < inc->nactions; i++)
		rc = db_exec(db, "INSERT INTO incident_measures (incident_id, kind, word) VALUES (?, 'action', ?)",
			     "is", inc->id, inc->actions[i]);
	for (size_t i = 0; rc >= 0 && i < inc->nassistance; i++)
		rc = db_exec(db, "INSERT INTO incident_measures (incident_id, kind, word) VALUES (?, 'assistance', ?)",
			     "is", inc->id, inc->assistance[i]);
	return store_code(rc);
}

int64_t store_incident_add(struct db *db, const struct incident *inc, int64_t recorded_by)
{
	int64_t id = db_insert(db, "INSERT INTO incidents (agency_id, partner_id, personnel_category, type, received_at, "
			       "incident_date, reported_onward_at, source, status, status_changed_at, concluded_at, "
			       "recorded_by, created_at, investigation_started_on, concluded_on, finding, pertains_to_partner) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			       "inssinnssinninnsb", inc->agency_id, inc->partner_id, inc->personnel_category, inc->type,
			       inc->received_at, inc->incident_date, inc->reported_onward_at, inc->source, inc->status,
			       inc->status_changed_at, inc->concluded_at, recorded_by, inc->created_at,
			       inc->investigation_started_on, inc->concluded_on, inc->finding, inc->pertains_to_partner);
	if (id < 0)
		return store_code(id);
	struct incident copy = *inc;
	copy.id = id;
	int rc = write_details(db, &copy);
	return rc == STORE_OK ? id : rc;
}

int store_incident_get(struct db *db, struct arena *a, int64_t id, struct incident *out)
{
	int rc = db_read_one(db, a, read_incident, out, "SELECT " INCIDENT_COLUMNS " FROM incidents i WHERE i.id = ?", "i", id);
	return rc == STORE_OK ? read_details(db, a, out) : rc;
}

int store_incident_update(struct db *db, const struct incident *inc, int64_t if_version)
{
	int64_t n = db_exec(db, "UPDATE incidents SET partner_id = ?, personnel_category = ?, type = ?, received_at = ?, "
			    "incident_date = ?, reported_onward_at = ?, source = ?, status = ?, status_changed_at = ?, "
			    "concluded_at = ?, investigation_started_on = ?, concluded_on = ?, finding = ?, "
			    "pertains_to_partner = ?, version = version + 1 WHERE id = ? AND (? = 0 OR version = ?)",
			    "nssinnssinnnsbiii", inc->partner_id, inc->personnel_category, inc->type, inc->received_at,
			    inc->incident_date, inc->reported_onward_at, inc->source, inc->status, inc->status_changed_at,
			    inc->concluded_at, inc->investigation_started_on, inc->concluded_on, inc->finding,
			    inc->pertains_to_partner, inc->id, if_version, if_version);
	if (n < 0) return store_code(n);
	if (n == 0)
		return db_missing_or_moved(db, "SELECT count(*) FROM incidents WHERE id = ?", inc->id);
	return write_details(db, inc);
}

int store_incidents_list(struct db *db, struct arena *a, int64_t agency_id, int64_t after, int limit,
			 struct incident **out, size_t *n)
{
	int rc = DB_READ_ALL(db, a, read_incident, out, n, "SELECT " INCIDENT_COLUMNS " FROM incidents i "
			     "WHERE (? = 0 OR i.agency_id = ?) AND i.id > ? ORDER BY i.id LIMIT ?", "iiii", agency_id, agency_id,
			     after, (int64_t)limit);
	if (rc != STORE_OK) return rc;
	/* the details after the list query is finished: one statement open at a time */
	for (size_t i = 0; i < *n; i++)
		if ((rc = read_details(db, a, &(*out)[i])) != STORE_OK)
			return rc;
	return STORE_OK;
}

/* The actions of incidents read in id order, arriving in the same order: k walks along. */
struct actions_read { struct arena *a; struct incident *all; size_t n, k; };

static int action_row(struct db_stmt *st, void *ctx)
{
	struct actions_read *r = ctx;
	int64_t id = db_int(st, 0);
	while (r->k < r->n && r->all[r->k].id < id)
		r->k++;
	if (r->k == r->n)
		return STORE_OK;
	struct incident *inc = &r->all[r->k];
	if (inc->id == id && inc->nactions < INCIDENT_ACTIONS_MAX)
		inc->actions[inc->nactions++] = arena_strdup(r->a, db_text(st, 1));
	return STORE_OK;
}

int store_incidents_each(struct db *db, struct arena *a, int64_t agency_id, instant_t from, instant_t to,
			 void (*fn)(const struct incident *inc, void *ctx), void *ctx)
{
	struct incident *all;
	size_t n;
	int rc = DB_READ_ALL(db, a, read_incident, &all, &n, "SELECT " INCIDENT_COLUMNS " FROM incidents i WHERE i.agency_id = ? "
			     "AND i.received_at >= ? AND i.received_at < ? ORDER BY i.id", "iii", agency_id, from, to);
	if (rc != STORE_OK) return rc;
	/* the actions taken, in the same id order, in one statement for the whole year */
	struct actions_read r = {a, all, n, 0};
	rc = db_each(db, action_row, &r, "SELECT m.incident_id, m.word FROM incident_measures m "
		     "JOIN incidents i ON i.id = m.incident_id WHERE i.agency_id = ? AND i.received_at >= ? "
		     "AND i.received_at < ? AND m.kind = 'action' ORDER BY m.incident_id, m.word", "iii", agency_id, from, to);
	if (rc != STORE_OK) return rc;
	for (size_t i = 0; i < n; i++)
		fn(&all[i], ctx);
	return STORE_OK;
}

int store_incident_disclosures_waiting(struct db *db, struct arena *a, int64_t agency_id, int limit,
				       struct incident **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_incident, out, n, "SELECT " INCIDENT_COLUMNS " FROM incidents i WHERE i.agency_id = ? "
			   "AND i.source = 'self_disclosure' AND i.status = 'received' ORDER BY i.received_at, i.id LIMIT ?",
			   "ii", agency_id, (int64_t)limit);
}

int store_incident_onward_pending(struct db *db, struct arena *a, int64_t agency_id, instant_t received_until, int limit,
				  struct incident **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_incident, out, n, "SELECT " INCIDENT_COLUMNS " FROM incidents i WHERE i.agency_id = ? "
			   "AND i.reported_onward_at IS NULL AND i.status <> 'closed' AND i.received_at <= ? "
			   "ORDER BY i.received_at, i.id LIMIT ?", "iii", agency_id, received_until, (int64_t)limit);
}

int64_t store_review_add(struct db *db, int64_t incident_id, int64_t partner_id, bool adequate, const char *notes,
			 instant_t at, int64_t by)
{
	int64_t id = db_insert(db, "INSERT INTO corrective_action_reviews (incident_id, partner_id, adequate, notes, "
			       "reviewed_at, reviewed_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "iibsin",
			       incident_id, partner_id, adequate, notes, at, by);
	if (id < 0) return store_code(id);
	/* a review is a change of the incident: its version moves so that open forms notice */
	int64_t n = db_exec(db, "UPDATE incidents SET version = version + 1 WHERE id = ?", "i", incident_id);
	return n < 0 ? store_code(n) : id;
}

int store_partner_inadequate_since(struct db *db, int64_t partner_id, instant_t *since)
{
	/* the current review of each of the partner's incidents is its latest one */
	*since = 0;
	int rc = db_scalar(db, since, "SELECT max(r.reviewed_at) FROM corrective_action_reviews r WHERE r.partner_id = ? "
			   "AND r.adequate = 0 AND r.id = (SELECT max(r2.id) FROM corrective_action_reviews r2 "
			   "WHERE r2.incident_id = r.incident_id)", "i", partner_id);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}
