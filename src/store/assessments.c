/* assessments.c: assessments, their answers, participating agencies, history, comments and
 * unlock requests. Status rules live in src/domain/assessment.c; here the writes only make sure
 * that what the caller checked still holds (version, status) when the row is written. */
#include <stdio.h>
#include <string.h>
#include "db.h"
#include "assessments.h"
#include "reports.h"

static int opt_int(struct db_stmt *st, int col) { return db_null(st, col) ? -1 : (int)db_int(st, col); }
static int64_t opt_id(struct db_stmt *st, int col) { return db_null(st, col) ? 0 : db_int(st, col); }

int64_t store_assessment_add(struct db *db, int64_t partner_id, int64_t agency_id, int64_t user_id, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO assessments (partner_id, open_partner_id, lead_agency_id, status, created_by, "
			       "created_at, updated_at) VALUES (?, ?, ?, 'intro', ?, ?, ?) RETURNING id", "iiinii",
			       partner_id, partner_id, agency_id, user_id, now, now);
	if (id < 0)
		return store_code(id);
	int64_t rc = db_exec(db, "INSERT INTO assessment_agencies (assessment_id, agency_id, joined_by, joined_at) VALUES (?, ?, ?, ?)",
			     "iini", id, agency_id, user_id, now);
	for (int k = 1; rc >= 0 && k <= 8; k++) {
		rc = db_exec(db, "INSERT INTO assessment_answers (assessment_id, side, standard) VALUES (?, 'self', ?)", "ii", id, (int64_t)k);
		if (rc >= 0)
			rc = db_exec(db, "INSERT INTO assessment_answers (assessment_id, side, standard) VALUES (?, 'verified', ?)",
				     "ii", id, (int64_t)k);
	}
	return rc < 0 ? store_code(rc) : id;
}

#define ASSESSMENT_COLUMNS "id, version, partner_id, lead_agency_id, status, contact_with_beneficiaries, " \
	"previously_assessed, previous_agency_id, previous_date, previous_rating, source, rating, standards_met, eligible, " \
	"rated_at, valid_until, rated_by, created_by, created_at, updated_at, rating_full_min, rating_medium_min, decided_at, " \
	"imported_from"

static void read_assessment(struct db_stmt *st, struct arena *a, void *row)
{
	struct assessment *x = row;
	memset(x, 0, sizeof *x);
	x->id = db_int(st, 0);
	x->version = db_int(st, 1);
	x->partner_id = db_int(st, 2);
	x->lead_agency_id = db_int(st, 3);
	x->status = arena_strdup(a, db_text(st, 4));
	x->contact_with_beneficiaries = opt_int(st, 5);
	x->previously_assessed = opt_int(st, 6);
	x->previous_agency_id = opt_id(st, 7);
	x->previous_date = opt_id(st, 8);
	x->previous_rating = arena_strdup(a, db_text(st, 9));
	x->source = arena_strdup(a, db_text(st, 10));
	x->rating = arena_strdup(a, db_text(st, 11));
	x->standards_met = opt_int(st, 12);
	x->eligible = opt_int(st, 13);
	x->rated_at = opt_id(st, 14);
	x->valid_until = opt_id(st, 15);
	x->rated_by = opt_id(st, 16);
	x->created_by = opt_id(st, 17);
	x->created_at = db_int(st, 18);
	x->updated_at = db_int(st, 19);
	x->bands = (struct rating_bands){opt_int(st, 20), opt_int(st, 21)};
	if (x->bands.full_min < 0 || x->bands.medium_min < 0)
		x->bands = (struct rating_bands){0, 0};
	x->decided_at = opt_id(st, 22);
	x->imported_from = arena_strdup(a, db_text(st, 23));
}

struct answers_read { struct arena *a; struct assessment *x; };

static int answer_row(struct db_stmt *st, void *ctx)
{
	struct answers_read *r = ctx;
	int64_t k = db_int(st, 1);
	if (k < 1 || k > 8)
		return STORE_OK;
	struct answer_row *row = strcmp(db_text(st, 0), "self") == 0 ? &r->x->self[k - 1] : &r->x->verified[k - 1];
	row->answer = arena_strdup(r->a, db_text(st, 2));
	row->comment = arena_strdup(r->a, db_text(st, 3));
	row->updated_by = opt_id(st, 4);
	row->updated_at = opt_id(st, 5);
	row->rated = arena_strdup(r->a, db_text(st, 6));
	return STORE_OK;
}

static int read_answers_and_agencies(struct db *db, struct arena *a, struct assessment *x)
{
	struct answers_read r = {a, x};
	int rc = db_each(db, answer_row, &r, "SELECT side, standard, answer, comment, updated_by, updated_at, rated_answer "
			 "FROM assessment_answers WHERE assessment_id = ?", "i", x->id);
	if (rc != STORE_OK)
		return rc;
	/* The lead agency first, then the others in the order they joined. */
	return db_read_ids(db_query(db, "SELECT agency_id FROM assessment_agencies WHERE assessment_id = ? "
				    "ORDER BY CASE WHEN agency_id = ? THEN 0 ELSE 1 END, joined_at, agency_id", "ii",
				    x->id, x->lead_agency_id), a, &x->agencies, &x->nagencies);
}

int store_assessment_mark_imported(struct db *db, int64_t id, const char *from)
{
	int64_t rc = db_exec(db, "UPDATE assessments SET imported_from = ? WHERE id = ?", "si", from, id);
	return rc < 0 ? store_code(rc) : rc == 0 ? STORE_ENOTFOUND : STORE_OK;
}

int store_assessment_get(struct db *db, struct arena *a, int64_t id, struct assessment *out)
{
	int rc = db_read_one(db, a, read_assessment, out, "SELECT " ASSESSMENT_COLUMNS " FROM assessments WHERE id = ?", "i", id);
	return rc == STORE_OK ? read_answers_and_agencies(db, a, out) : rc;
}

int store_assessment_open_id(struct db *db, int64_t partner_id, int64_t *id)
{
	*id = 0;
	int rc = db_scalar(db, id, "SELECT id FROM assessments WHERE open_partner_id = ?", "i", partner_id);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

int store_assessments_of_partner(struct db *db, struct arena *a, int64_t partner_id, struct assessment **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_assessment, out, n, "SELECT " ASSESSMENT_COLUMNS " FROM assessments WHERE partner_id = ? "
			   "ORDER BY id DESC LIMIT 100", "i", partner_id);
}

struct agencies_fill { struct arena *a; struct assessment *xs; size_t n; size_t *caps; };

static int agency_row(struct db_stmt *st, void *ctx)
{
	struct agencies_fill *r = ctx;
	int64_t id = db_int(st, 0);
	for (size_t i = 0; i < r->n; i++)
		if (r->xs[i].id == id) {
			struct assessment *x = &r->xs[i];
			x->agencies = arena_grow(r->a, x->agencies, &r->caps[i], x->nagencies, sizeof *x->agencies);
			x->agencies[x->nagencies++] = db_int(st, 1);
			break;
		}
	return STORE_OK;
}

int store_assessments_agencies_fill(struct db *db, struct arena *a, int64_t partner_id, struct assessment *xs, size_t n)
{
	struct agencies_fill r = {a, xs, n, arena_alloc(a, (n ? n : 1) * sizeof *r.caps)};
	for (size_t i = 0; i < n; i++) {
		xs[i].agencies = NULL;
		xs[i].nagencies = 0;
	}
	return db_each(db, agency_row, &r, "SELECT g.assessment_id, g.agency_id FROM assessment_agencies g "
		       "JOIN assessments x ON x.id = g.assessment_id WHERE x.partner_id = ? "
		       "ORDER BY g.assessment_id, CASE WHEN g.agency_id = x.lead_agency_id THEN 0 ELSE 1 END, "
		       "g.joined_at, g.agency_id", "i", partner_id);
}

int store_assessment_has_agency(struct db *db, int64_t assessment_id, int64_t agency_id, bool *has)
{
	int64_t n = 0;
	int rc = db_scalar(db, &n, "SELECT count(*) FROM assessment_agencies WHERE assessment_id = ? AND agency_id = ?", "ii",
			   assessment_id, agency_id);
	*has = rc == STORE_OK && n > 0;
	return rc;
}

/* The version and status checks shared by every write: the row's version moves on by one. */
static int bump(struct db *db, int64_t id, int64_t if_version, const char *from_status, const char *new_status, instant_t now)
{
	int64_t n = db_exec(db, "UPDATE assessments SET version = version + 1, updated_at = ?, "
			    "status = coalesce(?, status), "
			    "open_partner_id = CASE WHEN coalesce(?, status) = 'rated' THEN NULL ELSE partner_id END "
			    "WHERE id = ? AND (? = 0 OR version = ?) AND (CAST(? AS TEXT) IS NULL OR status = ?)",
			    "issiiiss", now, new_status, new_status, id, if_version, if_version, from_status, from_status);
	if (n < 0) return store_code(n);
	if (n == 0)
		return db_missing_or_moved(db, "SELECT count(*) FROM assessments WHERE id = ?", id);
	return STORE_OK;
}

int store_assessment_add_agency(struct db *db, int64_t assessment_id, int64_t agency_id, int64_t user_id, instant_t now)
{
	int rc = bump(db, assessment_id, 0, NULL, NULL, now);
	if (rc != STORE_OK) return rc;
	return store_code(db_exec(db, "INSERT INTO assessment_agencies (assessment_id, agency_id, joined_by, joined_at) VALUES (?, ?, ?, ?)",
				  "iini", assessment_id, agency_id, user_id, now));
}

int store_assessment_set_intro(struct db *db, int64_t id, int64_t if_version, const char *from_status,
			       const struct assessment_intro_row *in, const char *new_status, instant_t now)
{
	int rc = bump(db, id, if_version, from_status, new_status, now);
	if (rc != STORE_OK) return rc;
	int64_t cwb = in->contact_with_beneficiaries, prev = in->previously_assessed;
	return store_code(db_exec(db, "UPDATE assessments SET contact_with_beneficiaries = CASE WHEN ? < 0 THEN NULL ELSE CAST(? AS INTEGER) END, "
		"previously_assessed = CASE WHEN ? < 0 THEN NULL ELSE CAST(? AS INTEGER) END, previous_agency_id = ?, previous_date = ?, "
		"previous_rating = ? WHERE id = ?", "iiiinnsi", cwb, cwb, prev, prev, in->previous_agency_id,
		in->previous_date, in->previous_rating, id));
}

int store_assessment_save_answers(struct db *db, int64_t id, int64_t if_version, const char *from_status,
				  const char *side, int n, const int *standards, const bool *set_answer,
				  const char *const *answers, const bool *set_comment, const char *const *comments,
				  const char *new_status, int64_t user_id, instant_t now)
{
	int rc = bump(db, id, if_version, from_status, new_status, now);
	for (int i = 0; rc == STORE_OK && i < n; i++) {
		/* Each standard is its own row and only the fields sent are written, so concurrent
		 * editors of different standards (or of the answer and the comment) keep both. */
		int64_t w = db_exec(db, "UPDATE assessment_answers SET answer = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE answer END, "
				    "comment = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE comment END, updated_by = ?, updated_at = ? "
				    "WHERE assessment_id = ? AND side = ? AND standard = ?", "bsbsniisi",
				    set_answer[i], answers[i], set_comment[i], comments[i], user_id, now, id, side,
				    (int64_t)standards[i]);
		rc = w < 0 ? store_code(w) : w == 0 ? STORE_ENOTFOUND : STORE_OK;
	}
	return rc;
}

int store_assessment_set_status(struct db *db, int64_t id, int64_t if_version, const char *from_status,
				const char *new_status, instant_t now)
{
	return bump(db, id, if_version, from_status, new_status, now);
}

int store_assessment_set_rating(struct db *db, int64_t id, int64_t if_version, const char *from_status,
				const struct rating_row_in *r, instant_t now)
{
	int rc = bump(db, id, if_version, from_status, "rated", now);
	if (rc != STORE_OK) return rc;
	int64_t met = r->standards_met, eligible = r->eligible;
	rc = store_code(db_exec(db, "UPDATE assessments SET source = ?, rating = ?, "
		"standards_met = CASE WHEN ? < 0 THEN NULL ELSE CAST(? AS INTEGER) END, "
		"eligible = CASE WHEN ? < 0 THEN NULL ELSE CAST(? AS INTEGER) END, "
		"rated_at = ?, valid_until = ?, rated_by = ?, rating_full_min = ?, rating_medium_min = ?, decided_at = ? "
		"WHERE id = ?", "ssiiiiiinnnni", r->source, r->rating, met, met, eligible, eligible, r->rated_at, r->valid_until,
		r->rated_by, (int64_t)r->bands.full_min, (int64_t)r->bands.medium_min, r->decided_at, id));
	/* the verified answers become the rating's: a later unlock edits a draft beside them */
	if (rc == STORE_OK && strcmp(r->source, "verified") == 0)
		rc = store_code(db_exec(db, "UPDATE assessment_answers SET rated_answer = answer WHERE assessment_id = ? AND side = 'verified'",
					"i", id));
	return rc != STORE_OK ? rc : store_assessment_rated_refresh(db, id);
}

int store_history_add(struct db *db, int64_t assessment_id, int64_t user_id, const char *action,
		      const char *from_status, const char *to_status, const char *reason, instant_t now)
{
	return store_code(db_exec(db, "INSERT INTO assessment_history (assessment_id, at, user_id, action, from_status, to_status, reason) "
				  "VALUES (?, ?, ?, ?, ?, ?, ?)", "iinssss", assessment_id, now, user_id, action, from_status,
				  to_status, reason));
}

static void read_history(struct db_stmt *st, struct arena *a, void *row)
{
	struct history_entry *h = row;
	h->id = db_int(st, 0);
	h->at = db_int(st, 1);
	h->user_id = opt_id(st, 2);
	h->action = arena_strdup(a, db_text(st, 3));
	h->from_status = arena_strdup(a, db_text(st, 4));
	h->to_status = arena_strdup(a, db_text(st, 5));
	h->reason = arena_strdup(a, db_text(st, 6));
	h->user_name = arena_strdup(a, db_text(st, 7));
	h->org_id = opt_id(st, 8);
	h->org_kind = arena_strdup(a, db_text(st, 9));
	h->org_code = arena_strdup(a, db_text(st, 10));
	h->org_name = arena_strdup(a, db_text(st, 11));
}

int store_history_list(struct db *db, struct arena *a, int64_t assessment_id, struct history_entry **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_history, out, n, "SELECT h.id, h.at, h.user_id, h.action, h.from_status, h.to_status, "
			   "h.reason, u.name, o.id, o.kind, o.code, o.name FROM assessment_history h "
			   "LEFT JOIN users u ON u.id = h.user_id LEFT JOIN organizations o ON o.id = u.org_id "
			   "WHERE h.assessment_id = ? ORDER BY h.id", "i", assessment_id);
}

int64_t store_comment_add(struct db *db, int64_t assessment_id, int64_t user_id, int64_t org_id, const char *text,
			  instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO assessment_comments (assessment_id, user_id, org_id, text, created_at) "
			       "VALUES (?, ?, ?, ?, ?) RETURNING id", "inisi", assessment_id, user_id, org_id, text, now);
	return id < 0 ? store_code(id) : id;
}

static void read_comment(struct db_stmt *st, struct arena *a, void *row)
{
	struct comment_row *c = row;
	c->id = db_int(st, 0);
	c->user_id = opt_id(st, 1);
	c->org_id = opt_id(st, 2);
	c->user_name = arena_strdup(a, db_text(st, 3));
	c->text = arena_strdup(a, db_text(st, 4));
	c->created_at = db_int(st, 5);
}

int store_comments_list(struct db *db, struct arena *a, int64_t assessment_id, int64_t after, int limit,
			struct comment_row **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_comment, out, n, "SELECT c.id, c.user_id, c.org_id, u.name, c.text, c.created_at "
			   "FROM assessment_comments c LEFT JOIN users u ON u.id = c.user_id "
			   "WHERE c.assessment_id = ? AND c.id > ? ORDER BY c.id LIMIT ?", "iii", assessment_id, after, (int64_t)limit);
}

int64_t store_unlock_request_add(struct db *db, int64_t assessment_id, int64_t user_id, const char *reason, instant_t now)
{
	int64_t id = db_insert(db, "INSERT INTO unlock_requests (assessment_id, requested_by, reason, created_at) VALUES (?, ?, ?, ?) "
			       "RETURNING id", "insi", assessment_id, user_id, reason, now);
	return id < 0 ? store_code(id) : id;
}

static void read_unlock_request(struct db_stmt *st, struct arena *a, void *row)
{
	struct unlock_request *u = row;
	u->id = db_int(st, 0);
	u->assessment_id = db_int(st, 1);
	u->requested_by = opt_id(st, 2);
	u->reason = arena_strdup(a, db_text(st, 3));
	u->created_at = db_int(st, 4);
	u->resolved_by = opt_id(st, 5);
	u->resolved_at = opt_id(st, 6);
}

int store_unlock_requests_list(struct db *db, struct arena *a, int64_t assessment_id, struct unlock_request **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_unlock_request, out, n, "SELECT id, assessment_id, requested_by, reason, created_at, "
			   "resolved_by, resolved_at FROM unlock_requests WHERE assessment_id = ? ORDER BY id", "i", assessment_id);
}

int store_unlock_requests_resolve(struct db *db, int64_t assessment_id, int64_t user_id, instant_t now)
{
	return store_code(db_exec(db, "UPDATE unlock_requests SET resolved_by = ?, resolved_at = ? WHERE assessment_id = ? "
				  "AND resolved_at IS NULL", "nii", user_id, now, assessment_id));
}

static void read_brief(struct db_stmt *st, struct arena *a, void *row)
{
	struct assessment_brief *b = row;
	b->id = db_int(st, 0);
	b->partner_id = db_int(st, 1);
	b->status = arena_strdup(a, db_text(st, 2));
	b->partner_name = arena_strdup(a, db_text(st, 3));
	b->open_unlock_requests = (int)db_int(st, 4);
}

#define BRIEF_SELECT "SELECT x.id, x.partner_id, x.status, o.name, " \
	"(SELECT count(*) FROM unlock_requests u WHERE u.assessment_id = x.id AND u.resolved_at IS NULL) " \
	"FROM assessments x JOIN organizations o ON o.id = x.partner_id "

int store_assessments_for_agency(struct db *db, struct arena *a, int64_t agency_id, struct assessment_brief **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_brief, out, n, BRIEF_SELECT "JOIN assessment_agencies g ON g.assessment_id = x.id "
			   "AND g.agency_id = ? "
			   /* open ones, and rated ones whose partner asks for an unlock */
			   "WHERE x.status <> 'rated' OR EXISTS (SELECT 1 FROM unlock_requests u WHERE u.assessment_id = x.id "
			   "AND u.resolved_at IS NULL) ORDER BY x.id LIMIT 500", "i", agency_id);
}

int store_assessments_for_partner_brief(struct db *db, struct arena *a, int64_t partner_id, struct assessment_brief **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_brief, out, n, BRIEF_SELECT "WHERE x.partner_id = ? ORDER BY x.id DESC LIMIT 100", "i",
			   partner_id);
}

struct open_read {
	struct arena *a;
	struct open_assessment_brief *rows;
	size_t n, cap;
	size_t at, agency_cap;  /* the assessment agencies are appended to */
};

static void open_row(struct db_stmt *st, void *ctx)
{
	struct open_read *read = ctx;
	read->rows = arena_grow(read->a, read->rows, &read->cap, read->n, sizeof *read->rows);
	read->rows[read->n++] = (struct open_assessment_brief){.id = db_int(st, 0), .partner_id = db_int(st, 1),
								.status = arena_strdup(read->a, db_text(st, 2))};
}

/* Agencies come grouped by assessment in the order of the assessments read. */
static void open_agency_row(struct db_stmt *st, void *ctx)
{
	struct open_read *read = ctx;
	int64_t assessment = db_int(st, 0);
	if (read->at == read->n || read->rows[read->at].id != assessment) {
		size_t i = 0;
		while (i < read->n && read->rows[i].id != assessment)
			i++;
		read->at = i;
		read->agency_cap = 0;
	}
	if (read->at == read->n)
		return;
	struct open_assessment_brief *x = &read->rows[read->at];
	x->agencies = arena_grow(read->a, x->agencies, &read->agency_cap, x->nagencies, sizeof *x->agencies);
	x->agencies[x->nagencies++] = db_int(st, 1);
}

int store_open_assessments_of(struct db *db, struct arena *a, const int64_t *partner_ids, size_t n,
			      struct open_assessment_brief **out, size_t *nout)
{
	struct open_read read = {.a = a};
	int rc = db_query_ids(db, DB_IDS("SELECT id, open_partner_id, status FROM assessments WHERE open_partner_id IN ",
					 " ORDER BY id"), partner_ids, n, open_row, &read);
	if (rc == STORE_OK && read.n)
		rc = db_query_ids(db, DB_IDS("SELECT g.assessment_id, g.agency_id FROM assessment_agencies g "
			"JOIN assessments x ON x.id = g.assessment_id WHERE x.open_partner_id IN ",
			" ORDER BY g.assessment_id, CASE WHEN g.agency_id = x.lead_agency_id THEN 0 ELSE 1 END, "
			"g.joined_at, g.agency_id"), partner_ids, n, open_agency_row, &read);
	*out = read.rows;
	*nout = read.n;
	return rc;
}
