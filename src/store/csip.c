/* csip.c: capacity strengthening implementation plans, their activities and extensions. */
#include <string.h>
#include "db.h"
#include "csip.h"

#define PLAN_COLUMNS "id, version, assessment_id, status, created_at, submitted_at, started_at, completed_at, " \
	"created_by, submitted_by, approved_by, rerated_at"
#define ACTIVITY_COLUMNS "a.id, a.version, a.plan_id, p.assessment_id, a.standard, a.description, a.responsible, " \
	"a.status, a.due_date, a.completed_at, a.created_at, a.reported_by, a.confirmed_at, a.confirmed_by, " \
	"a.returned_at, a.returned_by, a.return_reason"
#define ACTIVITY_FROM " FROM csip_activities a JOIN csip_plans p ON p.id = a.plan_id "

static void read_activity(struct db_stmt *st, struct arena *a, void *row)
{
	struct store_csip_activity *out = row;
	out->id = db_int(st, 0);
	out->version = db_int(st, 1);
	out->plan_id = db_int(st, 2);
	out->assessment_id = db_int(st, 3);
	out->standard = (int)db_int(st, 4);
	out->description = arena_strdup(a, db_text(st, 5));
	out->responsible = arena_strdup(a, db_text(st, 6));
	out->status = arena_strdup(a, db_text(st, 7));
	out->due_date = db_int(st, 8);
	out->completed_at = db_int(st, 9);
	out->created_at = db_int(st, 10);
	out->reported_by = db_int(st, 11);
	out->confirmed_at = db_int(st, 12);
	out->confirmed_by = db_int(st, 13);
	out->returned_at = db_int(st, 14);
	out->returned_by = db_int(st, 15);
	out->return_reason = db_text(st, 16) ? arena_strdup(a, db_text(st, 16)) : NULL;
}

static void read_plan(struct db_stmt *st, struct arena *a, void *row)
{
	struct store_csip *out = row;
	memset(out, 0, sizeof *out);
	out->id = db_int(st, 0);
	out->version = db_int(st, 1);
	out->assessment_id = db_int(st, 2);
	out->status = arena_strdup(a, db_text(st, 3));
	out->created_at = db_int(st, 4);
	out->submitted_at = db_int(st, 5);
	out->started_at = db_int(st, 6);
	out->completed_at = db_int(st, 7);
	out->created_by = db_int(st, 8);
	out->submitted_by = db_int(st, 9);
	out->approved_by = db_int(st, 10);
	out->rerated_at = db_int(st, 11);
}

/* The plans of a set of assessments being read: out[i] is the plan of the i-th assessment. */
struct plans_read {
	struct arena *a;
	const struct db_id_map *m;
	struct store_csip *out;
	size_t found;
	long at;     /* the plan rows are appended to (they come grouped by assessment) */
	size_t cap;
};

static struct store_csip *plan_at(struct plans_read *read, int64_t assessment_id, bool starts_group)
{
	long i = db_id_map_find(read->m, assessment_id);
	if (i < 0 || !read->out[i].id)
		return NULL;
	if (starts_group && i != read->at) {
		read->at = i;
		read->cap = 0;
	}
	return &read->out[i];
}

static void plan_row(struct db_stmt *st, void *ctx)
{
	struct plans_read *read = ctx;
	long i = db_id_map_find(read->m, db_int(st, 2));
	if (i < 0)
		return;
	read_plan(st, read->a, &read->out[i]);
	read->found++;
}

static void activity_row(struct db_stmt *st, void *ctx)
{
	struct plans_read *read = ctx;
	struct store_csip *plan = plan_at(read, db_int(st, 3), true);
	if (!plan)
		return;
	plan->activities = arena_grow(read->a, plan->activities, &read->cap, plan->nactivities, sizeof *plan->activities);
	read_activity(st, read->a, &plan->activities[plan->nactivities++]);
}

static void extension_row(struct db_stmt *st, void *ctx)
{
	struct plans_read *read = ctx;
	struct store_csip *plan = plan_at(read, db_int(st, 0), true);
	if (!plan)
		return;
	plan->extensions = arena_grow(read->a, plan->extensions, &read->cap, plan->nextensions, sizeof *plan->extensions);
	struct store_csip_extension *e = &plan->extensions[plan->nextensions++];
	e->id = db_int(st, 1);
	e->until = db_int(st, 2);
	e->reason = arena_strdup(read->a, db_text(st, 3));
	e->granted_at = db_int(st, 4);
	e->granted_by = db_int(st, 5);
}

int store_csip_plans_of(struct db *db, struct arena *a, const int64_t *assessment_ids, size_t n, struct store_csip *out)
{
	memset(out, 0, n * sizeof *out);
	if (!n)
		return STORE_OK;
	struct db_id_map m;
	db_id_map_init(&m, a, assessment_ids, n);
	struct plans_read read = {.a = a, .m = &m, .out = out, .at = -1};
	int rc = db_query_ids(db, DB_IDS("SELECT " PLAN_COLUMNS " FROM csip_plans WHERE assessment_id IN ", ""),
			      assessment_ids, n, plan_row, &read);
	if (rc != STORE_OK || !read.found)
		return rc;
	rc = db_query_ids(db, DB_IDS("SELECT " ACTIVITY_COLUMNS ACTIVITY_FROM "WHERE p.assessment_id IN ",
				     " ORDER BY p.assessment_id, a.id"), assessment_ids, n, activity_row, &read);
	if (rc != STORE_OK)
		return rc;
	read.at = -1;
	return db_query_ids(db, DB_IDS("SELECT p.assessment_id, e.id, e.until_at, e.reason, e.granted_at, e.granted_by "
				       "FROM csip_extensions e JOIN csip_plans p ON p.id = e.plan_id WHERE p.assessment_id IN ",
				       " ORDER BY p.assessment_id, e.id"), assessment_ids, n, extension_row, &read);
}

int store_csip_get(struct db *db, struct arena *a, int64_t assessment_id, struct store_csip *out)
{
	int rc = store_csip_plans_of(db, a, &assessment_id, 1, out);
	return rc == STORE_OK && !out->id ? STORE_ENOTFOUND : rc;
}

int64_t store_csip_create(struct db *db, int64_t assessment_id, int64_t user_id, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO csip_plans (assessment_id, status, created_at, created_by) "
			       "VALUES (?, 'draft', ?, ?) RETURNING id", "iin", assessment_id, now, user_id);
	return id < 0 ? store_code(id) : id;
}

/* After an UPDATE ... WHERE version = ? changed nothing: was the row missing or had it moved on? */
static int missing_or_moved(struct db *db, const char *count_sql, int64_t id)
{
	return db_missing_or_moved(db, count_sql, id);
}

int store_csip_set_status(struct db *db, int64_t plan_id, int64_t if_version, const char *status,
			  int64_t user_id, instant_t at)
{
	bool submitted = strcmp(status, "submitted") == 0, active = strcmp(status, "active") == 0;
	bool completed = strcmp(status, "completed") == 0;
	int64_t n = db_exec(db, "UPDATE csip_plans SET status = ?, "
			    "submitted_at = CASE WHEN ? = 1 THEN CAST(? AS BIGINT) ELSE submitted_at END, "
			    "submitted_by = CASE WHEN ? = 1 THEN CAST(? AS BIGINT) ELSE submitted_by END, "
			    "started_at = CASE WHEN ? = 1 THEN CAST(? AS BIGINT) ELSE started_at END, "
			    "approved_by = CASE WHEN ? = 1 THEN CAST(? AS BIGINT) ELSE approved_by END, "
			    "completed_at = CASE WHEN ? = 1 THEN CAST(? AS BIGINT) ELSE completed_at END, version = version + 1 "
			    "WHERE id = ? AND (? = 0 OR version = ?)", "sbibnbibnbiiii", status,
			    submitted, at, submitted, user_id, active, at, active, user_id, completed, at,
			    plan_id, if_version, if_version);
	if (n < 0) return store_code(n);
	return n ? STORE_OK : missing_or_moved(db, "SELECT count(*) FROM csip_plans WHERE id = ?", plan_id);
}

int store_csip_touch(struct db *db, int64_t plan_id, int64_t if_version)
{
	int64_t n = db_exec(db, "UPDATE csip_plans SET version = version + 1 WHERE id = ? AND (? = 0 OR version = ?)",
			    "iii", plan_id, if_version, if_version);
	if (n < 0) return store_code(n);
	return n ? STORE_OK : missing_or_moved(db, "SELECT count(*) FROM csip_plans WHERE id = ?", plan_id);
}

int64_t store_csip_activity_add(struct db *db, int64_t plan_id, const struct store_csip_activity *act,
				int64_t user_id, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO csip_activities (plan_id, standard, description, responsible, due_date, "
			       "status, completed_at, created_at, created_by, reported_by, confirmed_at, confirmed_by) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			       "iissisninnnn", plan_id, (int64_t)act->standard, act->description, act->responsible,
			       act->due_date, act->status ? act->status : "not_started", act->completed_at, now, user_id,
			       act->reported_by, act->confirmed_at, act->confirmed_by);
	return id < 0 ? store_code(id) : id;
}

int store_csip_activity_get(struct db *db, struct arena *a, int64_t id, struct store_csip_activity *out)
{
	return db_read_one(db, a, read_activity, out, "SELECT " ACTIVITY_COLUMNS ACTIVITY_FROM "WHERE a.id = ?", "i", id);
}

int store_csip_activity_update(struct db *db, const struct store_csip_activity *act, int64_t if_version)
{
	int64_t n = db_exec(db, "UPDATE csip_activities SET description = ?, responsible = ?, due_date = ?, status = ?, "
			    "completed_at = ?, reported_by = ?, confirmed_at = ?, confirmed_by = ?, returned_at = ?, "
			    "returned_by = ?, return_reason = ?, version = version + 1 WHERE id = ? AND (? = 0 OR version = ?)",
			    "ssisnnnnnnsiii", act->description, act->responsible, act->due_date, act->status,
			    act->completed_at, act->reported_by, act->confirmed_at, act->confirmed_by, act->returned_at,
			    act->returned_by, act->return_reason, act->id, if_version, if_version);
	if (n < 0) return store_code(n);
	return n ? STORE_OK : missing_or_moved(db, "SELECT count(*) FROM csip_activities WHERE id = ?", act->id);
}

int store_csip_activity_delete(struct db *db, int64_t id, int64_t if_version)
{
	int64_t n = db_exec(db, "DELETE FROM csip_activities WHERE id = ? AND (? = 0 OR version = ?)", "iii",
			    id, if_version, if_version);
	if (n < 0) return store_code(n);
	return n ? STORE_OK : missing_or_moved(db, "SELECT count(*) FROM csip_activities WHERE id = ?", id);
}

int store_csip_rerated(struct db *db, int64_t assessment_id, instant_t at, bool reopen)
{
	int64_t n = db_exec(db, "UPDATE csip_plans SET rerated_at = ?, "
			    "status = CASE WHEN ? = 1 AND status = 'completed' THEN 'active' ELSE status END, "
			    "completed_at = CASE WHEN ? = 1 AND status = 'completed' THEN NULL ELSE completed_at END, "
			    "version = version + 1 WHERE assessment_id = ?", "ibbi", at, reopen, reopen, assessment_id);
	if (n < 0) return store_code(n);
	return n ? STORE_OK : STORE_ENOTFOUND;
}

int store_csip_reopen(struct db *db, int64_t plan_id)
{
	int64_t n = db_exec(db, "UPDATE csip_plans SET status = 'active', completed_at = NULL, version = version + 1 "
			    "WHERE id = ? AND status = 'completed'", "i", plan_id);
	if (n < 0) return store_code(n);
	return n ? STORE_OK : missing_or_moved(db, "SELECT count(*) FROM csip_plans WHERE id = ?", plan_id);
}

int64_t store_csip_extension_add(struct db *db, int64_t plan_id, instant_t until, const char *reason,
				 int64_t user_id, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO csip_extensions (plan_id, until_at, reason, granted_at, granted_by) "
			       "VALUES (?, ?, ?, ?, ?) RETURNING id", "iisin", plan_id, until, reason, now, user_id);
	return id < 0 ? store_code(id) : id;
}

int store_csip_open_assessments(struct db *db, struct arena *a, int64_t partner_id, int64_t agency_id, int limit,
				int64_t **out, size_t *n)
{
	struct db_stmt *st = db_query(db, "SELECT x.id FROM assessments x LEFT JOIN csip_plans p ON p.assessment_id = x.id "
				      "WHERE x.rating IS NOT NULL AND (? = 0 OR x.partner_id = ?) "
				      "AND (? = 0 OR EXISTS (SELECT 1 FROM assessment_agencies g WHERE g.assessment_id = x.id AND g.agency_id = ?)) "
				      "AND ((p.id IS NULL AND x.contact_with_beneficiaries = 1 AND x.rating IN ('low', 'medium')) "
				      "OR p.status IN ('draft', 'submitted', 'active')) ORDER BY x.id LIMIT ?",
				      "iiiii", partner_id, partner_id, agency_id, agency_id, (int64_t)limit);
	return db_read_ids(st, a, out, n);
}
