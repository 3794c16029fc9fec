/* csip.c: capacity strengthening implementation plans, their activities and extensions. */
#include <string.h>
#include "db.h"
#include "store.h"

#define PLAN_COLUMNS "id, version, assessment_id, status, created_at, submitted_at, started_at, completed_at, " \
	"created_by, submitted_by, approved_by"
#define ACTIVITY_COLUMNS "a.id, a.version, a.plan_id, p.assessment_id, a.standard, a.description, a.responsible, " \
	"a.status, a.due_date, a.completed_at, a.created_at"
#define ACTIVITY_FROM " FROM csip_activities a JOIN csip_plans p ON p.id = a.plan_id "

static void read_activity(struct db_stmt *st, struct arena *a, struct store_csip_activity *out)
{
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
}

static int read_activities(struct db *db, struct arena *a, struct store_csip *plan)
{
	struct db_stmt *st = db_query(db, "SELECT " ACTIVITY_COLUMNS ACTIVITY_FROM "WHERE a.plan_id = ? ORDER BY a.id",
				      "i", plan->id);
	if (!st) return STORE_ERROR;
	size_t cap = 8;
	plan->activities = arena_alloc(a, cap * sizeof *plan->activities);
	plan->nactivities = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		plan->activities = arena_grow(a, plan->activities, &cap, plan->nactivities, sizeof *plan->activities);
		read_activity(st, a, &plan->activities[plan->nactivities++]);
	}
	db_done(st);
	return store_code(rc);
}

static int read_extensions(struct db *db, struct arena *a, struct store_csip *plan)
{
	struct db_stmt *st = db_query(db, "SELECT id, until_at, reason, granted_at, granted_by FROM csip_extensions "
				      "WHERE plan_id = ? ORDER BY id", "i", plan->id);
	if (!st) return STORE_ERROR;
	size_t cap = 4;
	plan->extensions = arena_alloc(a, cap * sizeof *plan->extensions);
	plan->nextensions = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		plan->extensions = arena_grow(a, plan->extensions, &cap, plan->nextensions, sizeof *plan->extensions);
		struct store_csip_extension *e = &plan->extensions[plan->nextensions++];
		e->id = db_int(st, 0);
		e->until = db_int(st, 1);
		e->reason = arena_strdup(a, db_text(st, 2));
		e->granted_at = db_int(st, 3);
		e->granted_by = db_int(st, 4);
	}
	db_done(st);
	return store_code(rc);
}

int store_csip_get(struct db *db, struct arena *a, int64_t assessment_id, struct store_csip *out)
{
	struct db_stmt *st = db_query(db, "SELECT " PLAN_COLUMNS " FROM csip_plans WHERE assessment_id = ?", "i", assessment_id);
	if (!st) return STORE_ERROR;
	int rc = db_next(st);
	if (rc == DB_ROW) {
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
	}
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? STORE_ENOTFOUND : store_code(rc);
	rc = read_activities(db, a, out);
	return rc == STORE_OK ? read_extensions(db, a, out) : rc;
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
	return db_scalar(db, 0, count_sql, "i", id) ? STORE_ECONFLICT : STORE_ENOTFOUND;
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
			       "status, completed_at, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			       "iissisnin", plan_id, (int64_t)act->standard, act->description, act->responsible,
			       act->due_date, act->status ? act->status : "not_started", act->completed_at, now, user_id);
	return id < 0 ? store_code(id) : id;
}

int store_csip_activity_get(struct db *db, struct arena *a, int64_t id, struct store_csip_activity *out)
{
	struct db_stmt *st = db_query(db, "SELECT " ACTIVITY_COLUMNS ACTIVITY_FROM "WHERE a.id = ?", "i", id);
	if (!st) return STORE_ERROR;
	int rc = db_next(st);
	if (rc == DB_ROW)
		read_activity(st, a, out);
	db_done(st);
	return rc == DB_ROW ? STORE_OK : rc == DB_DONE ? STORE_ENOTFOUND : store_code(rc);
}

int store_csip_activity_update(struct db *db, const struct store_csip_activity *act, int64_t if_version)
{
	int64_t n = db_exec(db, "UPDATE csip_activities SET description = ?, responsible = ?, due_date = ?, status = ?, "
			    "completed_at = ?, version = version + 1 WHERE id = ? AND (? = 0 OR version = ?)",
			    "ssisniii", act->description, act->responsible, act->due_date, act->status,
			    act->completed_at, act->id, if_version, if_version);
	if (n < 0) return store_code(n);
	return n ? STORE_OK : missing_or_moved(db, "SELECT count(*) FROM csip_activities WHERE id = ?", act->id);
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
	if (!st) return STORE_ERROR;
	*out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
	*n = 0;
	int rc;
	while ((rc = db_next(st)) == DB_ROW && *n < (size_t)limit)
		(*out)[(*n)++] = db_int(st, 0);
	db_done(st);
	return store_code(rc);
}
