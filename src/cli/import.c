/* import.c: psea import past-assessments --db PATH FILE.csv
 *        and psea import offline-assessment --db PATH [--data DIR] [--partner ID] [--agency CODE]
 *            [--evidence STANDARD:FILE ...] FILE.xlsx
 *
 * Migrates ratings given before the portal existed: one row per past assessment, with the
 * partner, the rating agency's code, the date, and either a rating (full/medium/low) or UNICEF's
 * earlier SEA risk rating (high/moderate/low, or its numeric total 6 to 18). Every row is checked
 * before anything is written; one bad row and nothing from the file is kept, so a file can be
 * corrected and run again without leaving half an import behind. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "../api/offline.h"
#include "../domain/legacy.h"
#include "../domain/rating.h"
#include "../util/csv.h"

static const char usage[] = "usage: psea import past-assessments --db PATH FILE.csv\n"
			    "       psea import offline-assessment --db PATH [--data DIR] [--partner ID] [--agency CODE] [--web DIR]\n"
			    "                                      [--evidence STANDARD:FILE ...] FILE.xlsx\n";
static const char header[] = "partner_id,agency,date,rating,legacy_sea_risk";

#define IMPORT_LINE_MAX 4096
#define IMPORT_ROWS_MAX 1000000

struct import_row {
	long line;
	struct past_assessment p;
};

struct import {
	struct import_row *rows;
	size_t n, cap;
	long bad;          /* rows refused */
	bool out_of_memory; /* the rows could not all be kept: the check stops */
	instant_t now;
	struct db *db;
	struct arena *a;
};

static void refuse(struct import *im, long line, const char *reason, const char *value)
{
	if (value)
		fprintf(stderr, "line %ld: %s ('%s')\n", line, reason, value);
	else
		fprintf(stderr, "line %ld: %s\n", line, reason);
	im->bad++;
}

/* A rating word, or UNICEF's risk level (a word or a numeric total) translated into one. */
static bool read_rating(struct import *im, long line, const char *rating, const char *legacy, struct past_assessment *p)
{
	if (*rating && *legacy) {
		refuse(im, line, "give either rating or legacy_sea_risk, not both", NULL);
		return false;
	}
	if (!*rating && !*legacy) {
		refuse(im, line, "give a rating (full, medium, low) or a legacy_sea_risk (high, moderate, low or 6 to 18)", NULL);
		return false;
	}
	if (*rating) {
		int c = capacity_parse(rating);
		if (c <= 0) {
			refuse(im, line, "the rating must be full, medium or low", rating);
			return false;
		}
		p->rating = (char *)capacity_name((enum capacity)c);
		return true;
	}
	int risk = legacy_risk_parse(legacy);
	if (risk <= 0) {
		char *end;
		long total = strtol(legacy, &end, 10);
		if (*end || (risk = (int)legacy_risk_from_score((int)total)) == LEGACY_RISK_NONE) {
			refuse(im, line, "legacy_sea_risk must be high, moderate, low, or a total from 6 to 18", legacy);
			return false;
		}
		p->legacy_sea_score = (int)total;
	}
	p->legacy_sea_risk = (char *)legacy_risk_name((enum legacy_risk)risk);
	p->rating = (char *)capacity_name(legacy_capacity((enum legacy_risk)risk));
	return true;
}

static bool read_partner(struct import *im, long line, const char *text, struct past_assessment *p)
{
	char *end;
	long long id = strtoll(text, &end, 10);
	struct partner partner;
	if (!*text || *end || id <= 0) {
		refuse(im, line, "partner_id must be a partner's id (a whole number)", text);
		return false;
	}
	if (store_partner_get(im->db, im->a, id, &partner) != STORE_OK) {
		refuse(im, line, "there is no partner with this id", text);
		return false;
	}
	p->partner_id = id;
	return true;
}

static bool read_agency(struct import *im, long line, const char *code, struct past_assessment *p)
{
	struct org agency;
	if (!*code || store_agency_by_code(im->db, im->a, code, &agency) != STORE_OK) {
		refuse(im, line, "unknown agency code; use a code such as UNICEF", code);
		return false;
	}
	p->agency_id = agency.id;
	return true;
}

static bool read_date(struct import *im, long line, const char *text, struct past_assessment *p)
{
	if (time_parse_date(text, &p->date) != 0) {
		refuse(im, line, "the date must be YYYY-MM-DD", text);
		return false;
	}
	if (p->date > im->now) {
		refuse(im, line, "the date is in the future", text);
		return false;
	}
	return true;
}

/* The same partner, agency and date twice, in the file or already in the database. */
static bool is_duplicate(struct import *im, const struct past_assessment *p)
{
	for (size_t i = 0; i < im->n; i++)
		if (im->rows[i].p.partner_id == p->partner_id && im->rows[i].p.agency_id == p->agency_id &&
		    im->rows[i].p.date == p->date)
			return true;
	struct past_assessment *known;
	size_t n;
	if (store_past_assessments_of_partner(im->db, im->a, p->partner_id, &known, &n) != STORE_OK)
		return false;
	for (size_t i = 0; i < n; i++)
		if (known[i].agency_id == p->agency_id && known[i].date == p->date)
			return true;
	return false;
}

static void check_row(struct import *im, long line, char *text)
{
	char *f[6];
	int n = csv_split(text, f, 6);
	if (n != 5) {
		refuse(im, line, n < 0 ? "badly quoted field" : "expected 5 fields: partner_id,agency,date,rating,legacy_sea_risk",
		       NULL);
		return;
	}
	struct past_assessment p = {0};
	bool ok = read_partner(im, line, f[0], &p);
	ok = read_agency(im, line, f[1], &p) && ok;
	ok = read_date(im, line, f[2], &p) && ok;
	ok = read_rating(im, line, f[3], f[4], &p) && ok;
	if (!ok)
		return;
	if (is_duplicate(im, &p)) {
		refuse(im, line, "this partner, agency and date are already imported", NULL);
		return;
	}
	if (im->n == im->cap) {
		size_t cap = im->cap ? 2 * im->cap : 256;
		struct import_row *rows = realloc(im->rows, cap * sizeof *rows);
		if (!rows) {
			refuse(im, line, "out of memory", NULL);
			im->out_of_memory = true;
			return;
		}
		im->rows = rows;
		im->cap = cap;
	}
	im->rows[im->n++] = (struct import_row){line, p};
}

/* Reads and checks the whole file; 0 when every row is good. */
static int check_file(struct import *im, FILE *f)
{
	char *buf = NULL;
	size_t size = 0;
	ssize_t len;
	long line = 0;
	while (!im->out_of_memory && (len = getline(&buf, &size, f)) >= 0) {
		line++;
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		char *text = buf;
		if (line == 1 && strncmp(text, "\xEF\xBB\xBF", 3) == 0)
			text += 3; /* a spreadsheet's byte-order mark */
		if (len > IMPORT_LINE_MAX) {
			refuse(im, line, "the line is too long", NULL);
			continue;
		}
		if (line == 1) {
			if (strcmp(text, header) != 0) {
				fprintf(stderr, "line 1: the header must be exactly %s\n", header);
				free(buf);
				return -1;
			}
			continue;
		}
		if (!*text)
			continue; /* a blank line, such as the last one */
		if ((long)im->n + im->bad >= IMPORT_ROWS_MAX) {
			refuse(im, line, "the file has too many rows; split it", NULL);
			break;
		}
		check_row(im, line, text);
	}
	free(buf);
	if (line == 0) {
		fprintf(stderr, "line 1: the file is empty; it needs the header %s\n", header);
		return -1;
	}
	return im->bad ? -1 : 0;
}

int import_past_check(struct db *db, struct arena *a, FILE *f, instant_t now, size_t *good, long *bad)
{
	struct import im = {.now = now, .db = db, .a = a};
	int rc = check_file(&im, f);
	*good = im.n;
	*bad = im.bad;
	free(im.rows);
	return rc;
}

/* Adds every row with its audit line; the first refused row stops the write, and nothing is kept. */
static int write_past_rows(struct db *db, struct audit *audit, void *ctx)
{
	struct import *im = ctx;
	int rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < im->n; i++) {
		int64_t id = store_past_assessment_add(db, &im->rows[i].p, im->now);
		rc = id > 0 ? audit_add(audit, "past_assessment", id, "import") : (int)id;
		if (rc != STORE_OK)
			fprintf(stderr, "line %ld: the database refused the row; nothing was imported\n", im->rows[i].line);
	}
	return rc;
}

static int write_rows(struct import *im)
{
	struct audit audit = {.request_id = "cli", .now = im->now};
	return store_write(im->db, &audit, write_past_rows, im);
}

static int import_past(const char *db_target, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f) {
		fprintf(stderr, "psea: cannot open %s\n", path);
		return 1;
	}
	struct store *s = cli_open_store(db_target, 1);
	if (!s) {
		if (f != stdin) fclose(f);
		return 1;
	}
	struct arena a;
	arena_init(&a);
	struct import im = {.now = clock_now(), .db = store_acquire(s), .a = &a};
	int rc = check_file(&im, f);
	if (f != stdin)
		fclose(f);
	if (rc != 0)
		fprintf(stderr, "psea: nothing was imported (%ld bad row%s)\n", im.bad, im.bad == 1 ? "" : "s");
	else if (write_rows(&im) != STORE_OK)
		rc = -1;
	else
		printf("imported %zu past assessment%s\n", im.n, im.n == 1 ? "" : "s");
	store_release(s, im.db);
	store_close(s);
	arena_free(&a);
	free(im.rows);
	return rc == 0 ? 0 : 1;
}

/* --- a filled offline form (the workbook of GET /api/v1/offline-forms/assessment.xlsx) --- */

/* The SHA-256 of the file in hex, as documents are stored; false when it cannot be read. */
static bool file_sha256(const char *path, char hex[65], uint64_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	unsigned char buf[65536], digest[crypto_hash_sha256_BYTES];
	size_t n;
	*size = 0;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		crypto_hash_sha256_update(&st, buf, n);
		*size += n;
	}
	bool ok = !ferror(f);
	fclose(f);
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(hex, 65, digest, sizeof digest);
	return ok;
}

/* The documents' directory: --data, else "data" beside an SQLite database file (as make run lays
 * a deployment out). NULL when neither applies. */
static char *data_dir_for(const char *data, const char *db_target, struct arena *a)
{
	if (data)
		return arena_strdup(a, data);
	if (strstr(db_target, "://"))
		return NULL;
	const char *file = strncmp(db_target, "sqlite:", 7) == 0 ? db_target + 7 : db_target;
	const char *slash = strrchr(file, '/');
	return slash ? arena_printf(a, "%.*s/data", (int)(slash - file), file) : arena_strdup(a, "data");
}

struct offline_options {
	const char *db, *data, *partner, *agency, *web, *file;
	const char **evidence; /* STANDARD:FILE, as given */
	size_t nevidence;
};

/* The --evidence files: each read and hashed as an upload is; false after saying which one cannot be read. */
static bool read_evidence_files(const struct offline_options *o, struct arena *a, struct offline_evidence **out)
{
	struct offline_evidence *files = arena_alloc(a, (o->nevidence + 1) * sizeof *files);
	for (size_t i = 0; i < o->nevidence; i++) {
		const char *given = o->evidence[i], *colon = strchr(given, ':');
		char *end = NULL;
		long k = colon ? strtol(given, &end, 10) : 0;
		const char *path = colon ? colon + 1 : given;
		struct offline_evidence *e = &files[i];
		*e = (struct offline_evidence){.where = arena_printf(a, "--evidence %s", given), .standard = end == colon ? (int)k : 0,
					       .path = path, .filename = strrchr(path, '/') ? strrchr(path, '/') + 1 : path};
		char *sha = arena_alloc(a, 65);
		if (!file_sha256(path, sha, &e->size)) {
			fprintf(stderr, "psea: cannot read the evidence file %s\n", path);
			return false;
		}
		e->sha256 = sha;
	}
	*out = files;
	return true;
}

/* The workbook's reading, then the evidence's checks: OFFLINE_* or a negative STORE_E*. */
static int read_offline(const struct offline_options *o, const struct offline_context *ctx, struct offline_evidence *files,
			struct offline_read *rd)
{
	int rc = offline_read(o->file, ctx, rd);
	if (rc == OFFLINE_OK || rc == OFFLINE_EBADCELLS)
		rc = offline_evidence_check(ctx->db, ctx->a, files, o->nevidence, rd);
	return rc;
}

static int offline_refused(int rc, const struct offline_read *rd, struct arena *a)
{
	if (rc == OFFLINE_EBADCELLS) {
		for (size_t i = 0; i < rd->nproblems; i++)
			fprintf(stderr, "%s\n", offline_problem_text(a, &rd->problems[i]));
		fprintf(stderr, "psea: nothing was imported (%zu cell%s to correct)\n", rd->nproblems, rd->nproblems == 1 ? "" : "s");
	} else if (rc > 0) {
		fprintf(stderr, "psea: %s Nothing was imported.\n", rd->detail);
	} else {
		fputs("psea: the database failed; nothing was imported\n", stderr);
	}
	return 1;
}

struct form_import {
	struct arena *a;
	const struct offline_assessment *form;
	const char *data_dir;
	const struct offline_workbook_file *file;
	instant_t now;
	int64_t id; /* out: the assessment */
};

static int write_form_import(struct db *db, struct audit *audit, void *ctx)
{
	struct form_import *w = ctx;
	return offline_create(db, w->a, w->form, 0, w->form->agency_id, w->data_dir, w->file, audit, w->now, &w->id);
}

static int import_offline(const struct offline_options *o)
{
	struct arena a;
	arena_init(&a);
	char *data = data_dir_for(o->data, o->db, &a);
	char sha[65];
	uint64_t size;
	int64_t partner_id = 0;
	if (o->partner) {
		char *end;
		partner_id = strtoll(o->partner, &end, 10);
		if (*end || partner_id <= 0) {
			fprintf(stderr, "psea: --partner takes a partner's id (a whole number)\n");
			arena_free(&a);
			return 2;
		}
	}
	if (!data || !file_sha256(o->file, sha, &size)) {
		fprintf(stderr, data ? "psea: cannot read %s\n" : "psea: give --data DIR, where psea serve keeps documents\n", o->file);
		arena_free(&a);
		return 1;
	}
	struct offline_evidence *files;
	if (!read_evidence_files(o, &a, &files)) {
		arena_free(&a);
		return 1;
	}
	struct store *s = cli_open_store(o->db, 1);
	if (!s) {
		arena_free(&a);
		return 1;
	}
	struct db *db = store_acquire(s);
	instant_t now = clock_now();
	int rc = 0;
	struct org agency = {0};
	if (o->agency && store_agency_by_code(db, &a, o->agency, &agency) != STORE_OK) {
		fprintf(stderr, "psea: %s is not an agency's code\n", o->agency);
		rc = 1;
	}
	struct offline_context ctx = {db, &a, o->web ? o->web : cli_default_web_dir(), now, partner_id, agency.id};
	struct offline_read rd;
	int64_t id = 0;
	if (rc == 0 && (rc = read_offline(o, &ctx, files, &rd)) != OFFLINE_OK) {
		rc = offline_refused(rc, &rd, &a);
	} else if (rc == 0) {
		struct offline_workbook_file file = {o->file, strrchr(o->file, '/') ? strrchr(o->file, '/') + 1 : o->file, sha, size, false};
		struct form_import w = {&a, &rd.form, data, &file, now, 0};
		struct audit audit = {.request_id = "cli", .now = now};
		rc = store_write(db, &audit, write_form_import, &w);
		id = w.id;
		if (rc != STORE_OK) {
			fprintf(stderr, rc == STORE_ECONSTRAINT ? "psea: the partner has an open assessment; nothing was imported\n"
				: "psea: the database refused the assessment; nothing was imported\n");
			rc = 1;
		} else {
			printf("imported assessment %lld for partner %lld: rated %s, %d of 8 standards met%s\n", (long long)id,
			       (long long)rd.form.partner_id, capacity_name(rd.form.rating.capacity), rd.form.rating.standards_met,
			       rd.form.nactivities ? ", with its plan" : "");
			if (rd.form.nevidence)
				printf("with %zu evidence file%s\n", rd.form.nevidence, rd.form.nevidence == 1 ? "" : "s");
		}
	}
	store_release(s, db);
	store_close(s);
	arena_free(&a);
	return rc;
}

/* Takes the repeated --evidence options out of argv (the option parser keeps one value per
 * option): the rest is left in place, *argc shortened. -1 when one lacks its value. */
static int take_evidence(int *argc, char **argv, const char **evidence)
{
	int n = 0, kept = 0;
	for (int i = 0; i < *argc; i++) {
		if (strncmp(argv[i], "--evidence=", 11) == 0) {
			evidence[n++] = argv[i] + 11;
		} else if (strcmp(argv[i], "--evidence") == 0) {
			if (i + 1 == *argc)
				return -1;
			evidence[n++] = argv[++i];
		} else {
			argv[kept++] = argv[i];
		}
	}
	*argc = kept;
	return n;
}

static int cmd_import_offline(int argc, char **argv)
{
	struct cli_opt o[] = {{"--db", NULL}, {"--data", NULL}, {"--partner", NULL}, {"--agency", NULL}, {"--web", NULL}};
	const char *rest[1];
	int nrest = 0;
	const char **evidence = calloc((size_t)argc + 1, sizeof *evidence);
	int nevidence = evidence ? take_evidence(&argc, argv, evidence) : -1;
	if (nevidence < 0 || !cli_parse(argc, argv, o, 5, rest, 1, &nrest) || !o[0].value || nrest != 1) {
		fputs(usage, stderr);
		free(evidence);
		return 2;
	}
	struct offline_options opts = {o[0].value, o[1].value, o[2].value, o[3].value, o[4].value, rest[0], evidence, (size_t)nevidence};
	int rc = import_offline(&opts);
	free(evidence);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		fprintf(stdout, "The file starts with the header %s; each row gives a rating (full, medium, low) or\n"
			"UNICEF's earlier legacy_sea_risk (high, moderate, low, or a total from 6 to 18). Every row is\n"
			"checked first: any bad row is reported with its line number and nothing is written.\n\n"
			"offline-assessment reads a filled offline form (the workbook the portal hands out) by its\n"
			"cells' names and creates the rated assessment with its answers, verification, rating date and\n"
			"plan; the workbook is kept as a document under --data (default: data beside an SQLite\n"
			"database). The partner is the one the workbook names, unless --partner ID is given; the\n"
			"verifying agency the one it names, or --agency CODE (the workbook's must then be the same\n"
			"or empty). Any bad cell is reported as Sheet!C4: reason and nothing is written.\n"
			"--evidence STANDARD:FILE (repeated) brings a file along as approved evidence of that\n"
			"standard (1 to 8), stored as a document of the new assessment; each is checked as an upload\n"
			"is (its type from its content, the size limit) and a bad one is reported, nothing written.\n", header);
		return 0;
	}
	if (argc >= 1 && strcmp(argv[0], "offline-assessment") == 0)
		return cmd_import_offline(argc - 1, argv + 1);
	if (argc < 1 || strcmp(argv[0], "past-assessments") != 0) {
		fputs(usage, stderr);
		return 2;
	}
	struct cli_opt o[] = {{"--db", NULL}};
	const char *rest[1];
	int nrest = 0;
	if (!cli_parse(argc - 1, argv + 1, o, 1, rest, 1, &nrest) || !o[0].value || nrest != 1) {
		fputs(usage, stderr);
		return 2;
	}
	return import_past(o[0].value, rest[0]);
}
