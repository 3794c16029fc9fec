/* copy.c: moving a deployment from SQLite to PostgreSQL (psea copy).
 *
 * The tables come from the source's own catalogue, so tables added by later migrations are
 * copied without a change here. Both databases are migrated to the same schema first; the
 * target must hold nothing but what the migrations put there (counts compared with a fresh
 * in-memory database), which is then replaced by the source's rows: one transaction, parents
 * before children (foreign keys), ids preserved, identity sequences moved past the largest id.
 * At the end every table is read back from both sides and compared by row count and by a
 * checksum that does not depend on row order (the sum of the rows' SHA-256 digests). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"
#include "copy.h"
#include "migrate.h"
#include "pool.h"
#include "transaction.h"

#define COPY_MAX_TABLES 128
#define COPY_MAX_COLUMNS 96
#define COPY_FETCH_ROWS 5000

struct table {
	char name[64];
	char *columns[COPY_MAX_COLUMNS];
	int ncolumns;
	bool identity_id;       /* an "id" key whose sequence must follow the copied ids */
	char parents[16][64];   /* tables this one references */
	int nparents;
	int64_t baseline;       /* rows a freshly migrated database has */
};

struct sum {
	unsigned char digest[32]; /* little-endian 256-bit sum of row digests */
	int64_t rows;
};

static bool plain_name(const char *s)
{
	if (!s || !*s || strlen(s) >= 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static void sum_row(struct sum *sum, const char *const *values, int n)
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (int i = 0; i < n; i++) {
		unsigned char mark = values[i] ? 1 : 0;
		crypto_hash_sha256_update(&h, &mark, 1);
		if (values[i]) {
			uint64_t len = strlen(values[i]);
			crypto_hash_sha256_update(&h, (const unsigned char *)&len, sizeof len);
			crypto_hash_sha256_update(&h, (const unsigned char *)values[i], len);
		}
	}
	unsigned char d[32];
	crypto_hash_sha256_final(&h, d);
	unsigned carry = 0;
	for (int i = 0; i < 32; i++) {
		carry += (unsigned)sum->digest[i] + d[i];
		sum->digest[i] = (unsigned char)carry;
		carry >>= 8;
	}
	sum->rows++;
}

static void sum_hex(const struct sum *sum, char out[65])
{
	sodium_bin2hex(out, 65, sum->digest, sizeof sum->digest);
}

static void free_tables(struct table *t, int n)
{
	for (int i = 0; i < n; i++)
		for (int c = 0; c < t[i].ncolumns; c++)
			free(t[i].columns[c]);
}

/* The source's tables with their columns and the tables they reference. */
static int read_catalogue(struct db *src, struct table *t, int *n, char *err, size_t errlen)
{
	*n = 0;
	struct db_stmt *st = db_query(src, "SELECT name FROM sqlite_master WHERE type = 'table' "
				      "AND name NOT LIKE 'sqlite%' AND name NOT IN ('schema_version', 'store_revision') ORDER BY name", "");
	if (!st) {
		snprintf(err, errlen, "cannot read the source's tables: %s", db_errmsg(src));
		return STORE_ERROR;
	}
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		const char *name = db_text(st, 0);
		if (!plain_name(name) || *n == COPY_MAX_TABLES) {
			snprintf(err, errlen, "the source has a table psea cannot copy: %s", name);
			db_done(st);
			return STORE_ERROR;
		}
		memset(&t[*n], 0, sizeof t[*n]);
		snprintf(t[(*n)++].name, 64, "%s", name);
	}
	db_done(st);
	for (int i = 0; i < *n; i++) {
		st = db_query(src, "SELECT name, pk, type FROM pragma_table_info(?) ORDER BY cid", "s", t[i].name);
		while (st && db_next(st) == DB_ROW && t[i].ncolumns < COPY_MAX_COLUMNS) {
			const char *col = db_text(st, 0);
			if (!plain_name(col)) {
				snprintf(err, errlen, "table %s has a column psea cannot copy: %s", t[i].name, col);
				db_done(st);
				return STORE_ERROR;
			}
			if (strcmp(col, "id") == 0 && db_int(st, 1) == 1)
				t[i].identity_id = true;
			if (!(t[i].columns[t[i].ncolumns++] = strdup(col))) {
				snprintf(err, errlen, "out of memory");
				db_done(st);
				return STORE_ERROR;
			}
		}
		db_done(st);
		st = db_query(src, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", "s", t[i].name);
		while (st && db_next(st) == DB_ROW && t[i].nparents < 16) {
			const char *parent = db_text(st, 0);
			if (strcmp(parent, t[i].name) != 0) /* rows of one table arrive in one COPY */
				snprintf(t[i].parents[t[i].nparents++], 64, "%s", parent);
		}
		db_done(st);
	}
	return rc < 0 ? STORE_ERROR : STORE_OK;
}

/* Parents before children; fails on a cycle between tables. */
static int order_tables(struct table *t, int n, char *err, size_t errlen)
{
	struct table *sorted = malloc(sizeof *sorted * (size_t)(n ? n : 1));
	bool *placed = calloc((size_t)(n ? n : 1), 1);
	if (!sorted || !placed) {
		snprintf(err, errlen, "out of memory");
		free(sorted);
		free(placed);
		return STORE_ERROR;
	}
	int count = 0;
	while (count < n) {
		bool progress = false;
		for (int i = 0; i < n; i++) {
			if (placed[i])
				continue;
			bool ready = true;
			for (int p = 0; p < t[i].nparents && ready; p++)
				for (int j = 0; j < n; j++)
					if (!placed[j] && strcmp(t[j].name, t[i].parents[p]) == 0)
						ready = false;
			if (ready) {
				sorted[count++] = t[i];
				placed[i] = true;
				progress = true;
			}
		}
		if (!progress) {
			snprintf(err, errlen, "the tables' foreign keys form a cycle; psea cannot order them");
			free(sorted);
			free(placed);
			return STORE_ERROR;
		}
	}
	memcpy(t, sorted, sizeof *t * (size_t)n);
	free(sorted);
	free(placed);
	return STORE_OK;
}

static char *select_all(const struct table *t)
{
	size_t len = 64 + strlen(t->name);
	for (int c = 0; c < t->ncolumns; c++)
		len += strlen(t->columns[c]) + 4;
	char *sql = malloc(len), *o = sql;
	if (!sql)
		return NULL;
	o += sprintf(o, "SELECT ");
	for (int c = 0; c < t->ncolumns; c++)
		o += sprintf(o, "%s\"%s\"", c ? ", " : "", t->columns[c]);
	sprintf(o, " FROM \"%s\"", t->name);
	return sql;
}

/* Rows per table in a freshly migrated database: what "empty" means for a target. */
static int read_baseline(struct table *t, int n, char *err, size_t errlen)
{
	struct store *fresh = store_open("sqlite::memory:", 1, err, errlen);
	int applied;
	if (!fresh || store_migrate(fresh, &applied, err, errlen) != STORE_OK) {
		store_close(fresh);
		return STORE_ERROR;
	}
	struct db *db = store_acquire(fresh);
	char sql[128];
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", t[i].name);
		if (db_scalar(db, &t[i].baseline, sql, "") != STORE_OK) {
			snprintf(err, errlen, "cannot count the rows of %s in a new database", t[i].name);
			store_release(fresh, db);
			store_close(fresh);
			return STORE_ERROR;
		}
	}
	store_release(fresh, db);
	store_close(fresh);
	return STORE_OK;
}

static int check_target(struct db *dst, struct table *t, int n, char *err, size_t errlen)
{
	char sql[160];
	for (int i = 0; i < n; i++) {
		/* the same columns, else the two databases are not at the same schema */
		int64_t matching = 0, all = -1, one;
		int rc = STORE_OK;
		for (int c = 0; c < t[i].ncolumns && rc == STORE_OK; c++) {
			rc = db_scalar(dst, &one, "SELECT count(*) FROM information_schema.columns "
				       "WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?",
				       "ss", t[i].name, t[i].columns[c]);
			matching += rc == STORE_OK ? one : 0;
		}
		/* generated columns (organizations.name_key) are computed on each side, never copied */
		if (rc == STORE_OK)
			rc = db_scalar(dst, &all, "SELECT count(*) FROM information_schema.columns "
				       "WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'",
				       "s", t[i].name);
		if (rc != STORE_OK) {
			snprintf(err, errlen, "cannot read the columns of %s in the target: %s", t[i].name, db_errmsg(dst));
			return STORE_ERROR;
		}
		if (matching != t[i].ncolumns || all != t[i].ncolumns) {
			snprintf(err, errlen, "table %s differs between the two databases; run the same psea version on both", t[i].name);
			return STORE_ERROR;
		}
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", t[i].name);
		int64_t rows = -1;
		if (db_scalar(dst, &rows, sql, "") != STORE_OK) {
			snprintf(err, errlen, "cannot count the rows of %s in the target: %s", t[i].name, db_errmsg(dst));
			return STORE_ERROR;
		}
		if (rows != t[i].baseline) {
			snprintf(err, errlen, "the target database is not empty (table %s has %lld rows); "
				 "copy into a new database", t[i].name, (long long)rows);
			return STORE_ECONFLICT;
		}
	}
	return STORE_OK;
}

/* Streams one table from the source into COPY on the target, summing the rows on the way. */
static int copy_table(struct db *src, struct db *dst, const struct table *t, struct sum *sum, char *err, size_t errlen)
{
	char *sql = select_all(t);
	struct db_stmt *st = sql ? db_query(src, sql, "") : NULL;
	free(sql);
	if (!st || db_pg_copy_begin(dst, t->name, (const char *const *)t->columns, t->ncolumns) < 0) {
		db_done(st);
		snprintf(err, errlen, "cannot copy table %s: %s", t->name, db_errmsg(st ? dst : src));
		return STORE_ERROR;
	}
	const char *values[COPY_MAX_COLUMNS];
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		for (int c = 0; c < t->ncolumns; c++)
			values[c] = db_text(st, c);
		sum_row(sum, values, t->ncolumns);
		if (db_pg_copy_row(dst, values, t->ncolumns) < 0) {
			rc = DB_ERROR;
			break;
		}
	}
	db_done(st);
	int end = db_pg_copy_end(dst);
	if (rc < 0 || end < 0) {
		snprintf(err, errlen, "copying table %s failed: %s", t->name, rc < 0 ? db_errmsg(src) : db_errmsg(dst));
		return STORE_ERROR;
	}
	return STORE_OK;
}

/* Reads a table back from PostgreSQL through a cursor, so that a large table is never held whole. */
static int sum_target(struct db *dst, const struct table *t, struct sum *sum)
{
	char *select = select_all(t);
	char *declare = select ? malloc(strlen(select) + 64) : NULL;
	if (!declare) {
		free(select);
		return STORE_ERROR;
	}
	sprintf(declare, "DECLARE psea_verify NO SCROLL CURSOR FOR %s", select);
	free(select);
	int rc = dst->engine->exec(dst, "BEGIN ISOLATION LEVEL REPEATABLE READ");
	if (rc == 0)
		rc = dst->engine->exec(dst, declare);
	free(declare);
	const char *values[COPY_MAX_COLUMNS];
	char fetch[64];
	snprintf(fetch, sizeof fetch, "FETCH %d FROM psea_verify", COPY_FETCH_ROWS);
	for (int got = COPY_FETCH_ROWS; rc == 0 && got == COPY_FETCH_ROWS;) {
		struct db_stmt *st = db_query(dst, fetch, "");
		if (!st) {
			rc = DB_ERROR;
			break;
		}
		for (got = 0; (rc = db_next(st)) == DB_ROW; got++) {
			for (int c = 0; c < t->ncolumns; c++)
				values[c] = db_text(st, c);
			sum_row(sum, values, t->ncolumns);
		}
		db_done(st);
	}
	dst->engine->exec(dst, "ROLLBACK"); /* read only: nothing to keep */
	return rc < 0 ? STORE_ERROR : STORE_OK;
}

static int sum_source(struct db *src, const struct table *t, struct sum *sum)
{
	char *sql = select_all(t);
	struct db_stmt *st = sql ? db_query(src, sql, "") : NULL;
	free(sql);
	if (!st)
		return STORE_ERROR;
	const char *values[COPY_MAX_COLUMNS];
	int rc;
	while ((rc = db_next(st)) == DB_ROW) {
		for (int c = 0; c < t->ncolumns; c++)
			values[c] = db_text(st, c);
		sum_row(sum, values, t->ncolumns);
	}
	db_done(st);
	return rc < 0 ? STORE_ERROR : STORE_OK;
}

/* Empties the target (its migration seeds), loads every table, and moves the sequences on. */
static int load(struct db *src, struct db *dst, struct table *t, int n, char *err, size_t errlen)
{
	char sql[512];
	if (store_begin(dst) != STORE_OK) {
		snprintf(err, errlen, "cannot start a transaction on the target: %s", db_errmsg(dst));
		return STORE_ERROR;
	}
	for (int i = n - 1; i >= 0; i--) {
		snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", t[i].name);
		if (db_exec(dst, sql, "") < 0) {
			snprintf(err, errlen, "cannot empty table %s on the target: %s", t[i].name, db_errmsg(dst));
			store_rollback(dst);
			return STORE_ERROR;
		}
	}
	for (int i = 0; i < n; i++) {
		struct sum ignored = {0};
		if (copy_table(src, dst, &t[i], &ignored, err, errlen) != STORE_OK) {
			store_rollback(dst);
			return STORE_ERROR;
		}
		if (!t[i].identity_id)
			continue;
		/* the next id must come after the largest copied one (1 on an empty table) */
		snprintf(sql, sizeof sql, "SELECT setval(seq, coalesce((SELECT max(id) FROM \"%s\"), 0) + 1, false) "
			 "FROM (SELECT pg_get_serial_sequence('\"%s\"', 'id') AS seq) s WHERE seq IS NOT NULL",
			 t[i].name, t[i].name);
		int64_t next;
		int rc_seq = db_scalar(dst, &next, sql, "");
		if (rc_seq != STORE_OK && rc_seq != STORE_ENOTFOUND) {
			snprintf(err, errlen, "cannot move the id sequence of %s: %s", t[i].name, db_errmsg(dst));
			store_rollback(dst);
			return STORE_ERROR;
		}
	}
	if (store_commit(dst) != STORE_OK) {
		snprintf(err, errlen, "the copy could not be committed: %s", db_errmsg(dst));
		return STORE_ERROR;
	}
	return STORE_OK;
}

int store_copy(struct store *from, struct store *to, store_copy_report report, void *ctx, char *err, size_t errlen)
{
	if (strcmp(store_engine_name(from), "sqlite") != 0 || strcmp(store_engine_name(to), "postgresql") != 0) {
		snprintf(err, errlen, "psea copy goes from an SQLite database to a PostgreSQL one");
		return STORE_ERROR;
	}
	struct table *t = calloc(COPY_MAX_TABLES, sizeof *t);
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return STORE_ERROR;
	}
	int n = 0, rc;
	struct db *src = store_acquire(from), *dst = store_acquire(to);
	if (!src || !dst) {
		snprintf(err, errlen, "cannot connect to both databases");
		rc = STORE_ERROR;
		goto out;
	}
	int src_version, dst_version;
	if (store_schema_version(src, &src_version) != STORE_OK || store_schema_version(dst, &dst_version) != STORE_OK) {
		snprintf(err, errlen, "cannot read the schema versions of the two databases");
		rc = STORE_ERROR;
		goto out;
	}
	if (src_version != dst_version) {
		snprintf(err, errlen, "the two databases are at different schema versions (%d and %d)",
			 src_version, dst_version);
		rc = STORE_ERROR;
		goto out;
	}
	if ((rc = read_catalogue(src, t, &n, err, errlen)) != STORE_OK ||
	    (rc = order_tables(t, n, err, errlen)) != STORE_OK ||
	    (rc = read_baseline(t, n, err, errlen)) != STORE_OK ||
	    (rc = check_target(dst, t, n, err, errlen)) != STORE_OK)
		goto out;
	/* The source must not change while it is copied and verified: a read transaction on SQLite
	 * keeps one snapshot (in WAL mode, writers may go on meanwhile without being copied). */
	if (src->engine->exec(src, "BEGIN") < 0) {
		snprintf(err, errlen, "cannot read the source consistently: %s", db_errmsg(src));
		rc = STORE_ERROR;
		goto out;
	}
	rc = load(src, dst, t, n, err, errlen);
	for (int i = 0; rc == STORE_OK && i < n; i++) {
		struct sum a = {0}, b = {0};
		if (sum_source(src, &t[i], &a) != STORE_OK || sum_target(dst, &t[i], &b) != STORE_OK) {
			snprintf(err, errlen, "cannot read table %s back for checking", t[i].name);
			rc = STORE_ERROR;
			break;
		}
		struct store_copy_table result = {.name = t[i].name, .rows = a.rows, .target_rows = b.rows};
		sum_hex(&a, result.checksum);
		sum_hex(&b, result.target_checksum);
		result.verified = a.rows == b.rows && strcmp(result.checksum, result.target_checksum) == 0;
		if (report)
			report(&result, ctx);
		if (!result.verified) {
			snprintf(err, errlen, "table %s differs after copying (%lld rows, %lld on the target)",
				 t[i].name, (long long)a.rows, (long long)b.rows);
			rc = STORE_ERROR;
		}
	}
	src->engine->exec(src, "ROLLBACK");
out:
	store_release(from, src);
	store_release(to, dst);
	free_tables(t, n);
	free(t);
	return rc;
}
