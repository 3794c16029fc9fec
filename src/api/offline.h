/* offline.h: the offline form as a workbook (layout in src/domain/offline_form.h): writing it
 * for download, and reading a filled one back into a new, rated assessment. Shared by the API
 * (offline_forms.c) and the command line (psea import offline-assessment). */
#ifndef PSEA_API_OFFLINE_H
#define PSEA_API_OFFLINE_H
#include <stdbool.h>
#include <stdint.h>
#include "catalogue.h"
#include "../domain/offline_form.h"
#include "../domain/rating.h"
#include "../store/store.h"
#include "../store/write.h"

#define OFFLINE_MEDIA_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define OFFLINE_DOCUMENT_KIND "offline_form"
/* A comment, a description, a responsible: as the screens allow. */
#define OFFLINE_COMMENT_MAX 4000

/* The choices' words of the catalogue's language. */
void offline_words_read(struct catalogue *c, struct offline_words *w);

/* --- writing the blank form --- */
struct offline_workbook_in {
	const char *lang;               /* en, fr, es */
	struct catalogue *words;        /* of lang */
	int64_t partner_id;             /* 0: the partner's cell is left for the person to fill */
	const char *partner_name;       /* shown beside the id; NULL when none */
	const char *agency_code;        /* the verifying agency, filled in; NULL: left to fill */
	char *const *agency_codes;      /* every agency's code, for the lists */
	size_t nagencies;
	instant_t now;
	int validity_years;             /* how old a prior assessment or a rating date may be */
};
/* Writes the workbook to path; tmpdir: where the library may keep its work files. 0 ok. */
int offline_workbook_write(const char *path, const char *tmpdir, const struct offline_workbook_in *in);

/* --- reading a filled form --- */
/* A file brought along with the workbook as evidence of a standard's answer: stored as a document
 * of that standard, checked as every document is (document_files.h). */
#define OFFLINE_EVIDENCE_MAX 16
struct offline_evidence {
	const char *where;          /* how it was given, for the problems: evidence_3, --evidence 3:FILE */
	int standard;               /* 1..8; anything else is listed as a problem */
	const char *path;           /* the file; NULL when it passed the size limit while arriving */
	const char *filename;       /* as it was called: the document's title */
	const char *sha256;         /* hex */
	uint64_t size;
	bool move;                  /* path may be moved away (an upload's temporary file) */
	const char *content_type;   /* recognised by offline_evidence_check */
};
struct offline_activity {
	int standard;
	const char *description, *responsible;
	instant_t due_date;
};
struct offline_assessment {
	const char *language;
	int64_t partner_id;
	const char *partner_name;
	int contact, previously;            /* 1 yes, 0 no */
	int64_t previous_agency_id;
	instant_t previous_date;
	const char *previous_rating;        /* full, medium, low; NULL when not previously assessed */
	enum answer self[STANDARD_COUNT], verified[STANDARD_COUNT];
	const char *self_comment[STANDARD_COUNT], *verified_comment[STANDARD_COUNT]; /* NULL when empty */
	int64_t agency_id;
	const char *agency_code;
	instant_t rating_date;
	struct offline_activity activities[OFFLINE_ACTIVITIES_MAX];
	size_t nactivities;
	/* what the verified answers give */
	struct rating rating;
	struct rating_bands bands;
	instant_t valid_until;
	bool plan_covers_gaps;             /* every unmet standard has an activity: the plan is submitted */
	/* the evidence brought along, once offline_evidence_check accepted it */
	const struct offline_evidence *evidence;
	size_t nevidence;
};
/* One bad cell: where ("Section 2!E7"), its defined name, and what to fix. An evidence file:
 * where it was given (evidence_3), its file name, what to fix, and code (NULL for a cell). */
struct offline_problem {
	const char *where, *name, *reason;
	const char *code;
};
struct offline_context {
	struct db *db;
	struct arena *a;
	const char *web_dir;      /* the catalogues, for the form's words */
	instant_t now;
	int64_t partner_id;       /* > 0: the partner, whatever the workbook names (an option) */
	int64_t agency_id;        /* > 0: the verifying agency (the caller's); the workbook's must be it or empty */
};
enum {
	OFFLINE_OK = 0,
	OFFLINE_ENOTFORM = 1,     /* not a workbook, or not the offline form of this layout */
	OFFLINE_ETOOLARGE = 2,    /* over the archive limits */
	OFFLINE_EBADCELLS = 3,    /* see problems */
	OFFLINE_EOPEN = 4,        /* the partner has an open assessment already */
};
struct offline_read {
	struct offline_assessment form;
	struct offline_problem *problems;
	size_t nproblems;
	const char *detail;       /* OFFLINE_ENOTFORM / OFFLINE_EOPEN: a sentence */
};
/* Reads and checks the workbook at path: OFFLINE_* or a negative STORE_E* (the database
 * failed). Nothing is written. */
int offline_read(const char *path, const struct offline_context *ctx, struct offline_read *out);
/* "Sheet!C4: reason" */
const char *offline_problem_text(struct arena *a, const struct offline_problem *p);

/* The workbook as the assessment's document, stored in the content-addressed directory. */
struct offline_workbook_file {
	const char *path;          /* the workbook as received */
	const char *filename;      /* as it was called (NULL: offline-form.xlsx) */
	const char *sha256;        /* hex */
	uint64_t size;
	bool move;                 /* path may be moved away (an upload's temporary file) */
};
/* Creates the assessment from a form offline_read accepted, in one transaction the caller opened:
 * Section 1, both sides' answers, the rating at the form's date, the plan when it has
 * activities, the workbook as a document, the history and the audit line. *id: the assessment.
 * STORE_ECONSTRAINT when the partner has an open assessment by now. The file is stored under
 * data_dir before the caller commits. Inside a write (store_write), whose audit takes the lines. */
int offline_create(struct db *db, struct arena *a, const struct offline_assessment *f, int64_t user_id, int64_t user_org_id,
		   const char *data_dir, const struct offline_workbook_file *file, struct audit *audit, instant_t now,
		   int64_t *id);
/* Checks the evidence files (the standard, the size limit, the type recognised from the content),
 * appending each bad one to out->problems, and attaches the good list to out->form. Returns
 * OFFLINE_OK, OFFLINE_EBADCELLS when out lists any problem (the workbook's too), or a negative
 * STORE_E*. Call it after offline_read answered OFFLINE_OK or OFFLINE_EBADCELLS. */
int offline_evidence_check(struct db *db, struct arena *a, struct offline_evidence *files, size_t n, struct offline_read *out);
/* Stores the form's evidence as documents of the assessment id (offline_create calls it): each
 * with its audit line, as an upload on the screens. */
int offline_evidence_store(struct db *db, struct arena *a, const struct offline_assessment *f, int64_t id, int64_t user_id,
			   int64_t user_org_id, const char *data_dir, struct audit *audit, instant_t now);
/* The evidence as the check-your-answers page lists it. New reference. */
json_t *offline_evidence_json(const struct offline_assessment *f);
/* The whole form as JSON, as the check-your-answers page shows it. New reference. */
json_t *offline_form_json(const struct offline_assessment *f);
#endif
