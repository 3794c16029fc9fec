/* export.h: the files the exports answer with: the observation list as CSV or XLSX, and one
 * assessment as a PDF report. Each writer works on plain rows handed to it one at a time and
 * writes to a temporary file under <data>/tmp, so that an export of every partner never holds
 * more than one row in memory; the file is streamed from disk and removed once sent. */
#ifndef PSEA_EXPORT_H
#define PSEA_EXPORT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include "../http/http.h"
#include "../util/timeutil.h"
#include "catalogue.h"

/* One partner in the observation list. */
struct observation_row {
	int64_t partner_id;
	const char *name, *country, *type;
	const char *standing;       /* not_assessed, valid, expiring, expired */
	const char *rating;         /* full, medium, low; NULL when no rating is in force */
	int eligible;               /* 1, 0, -1 unknown */
	instant_t rated_at, valid_until; /* 0 when none */
	const char *assessed_by;    /* the agency code of the rating in force; NULL when none */
	const char *standards[8];   /* yes/no/na as met in force; NULL when unrated */
	/* for people, after the columns for programs: type, rating, eligibility, standing and the
	 * last day of validity in the reader's words (NULL: empty) */
	const char *words[5];
};
#define OBSERVATION_WORD_COLUMNS 5

/* A sink for observation rows: CSV or XLSX. */
struct observation_sink;
/* Opens a sink writing to path (a temporary file); NULL on failure. tmpdir: where the XLSX
 * library may keep its row files. */
/* word_headers: the headers of the columns for people, in the reader's language. */
struct observation_sink *observation_csv_open(const char *path, const char *const word_headers[OBSERVATION_WORD_COLUMNS]);
struct observation_sink *observation_xlsx_open(const char *path, const char *tmpdir,
					       const char *const word_headers[OBSERVATION_WORD_COLUMNS]);
int observation_sink_row(struct observation_sink *s, const struct observation_row *row);
/* Finishes the file and frees the sink: 0 when the file is complete. */
int observation_sink_close(struct observation_sink *s);

/* One figure of an agency's year as the figures exports write it: figure, item and value (a
 * number as text, "" when there is nothing to measure). Codes, not words: programs read them. */
struct figure_row {
	const char *figure, *item, *value;
};
/* Writes the rows as an XLSX workbook with one sheet, columns agency, year, figure, item, value;
 * numbers are written as numbers. 0 ok, -1 on failure. */
int figures_xlsx(const char *path, const char *agency, int year, const struct figure_row *rows, size_t n);

/* The report's own words in the reader's language (exports.c reads them from the interface's
 * catalogues). standards_met_value holds "{n}" where the count goes. */
struct report_words {
	const char *title, *assessment, *country, *type, *lead_agency, *agencies, *status, *contact;
	const char *rating, *not_rated, *standards_met, *standards_met_value, *eligible, *inadequate;
	const char *rated_on, *valid_until, *standards, *self, *verified, *met, *generated_on;
	const char *yes, *no, *not_answered, *not_known;
	/* dates as people read them: the twelve month names separated by "|", and where the day,
	 * month and year go ("{d} {month} {y}"); NULL: YYYY-MM-DD */
	const char *months, *date_pattern;
};
/* t as a date in the words' language ("5 mars 2027"), or YYYY-MM-DD without them; "" for 0. */
void date_in_words(const struct report_words *w, instant_t t, char *out, size_t size);
extern const struct report_words report_words_en;

/* One assessment as the PDF report shows it, every value already in the reader's words. Text is
 * UTF-8. */
struct report_standard {
	const char *title;
	const char *self_answer, *self_comment;
	const char *verified_answer, *verified_comment;
	const char *met;            /* yes / no / na as in force; NULL when unknown */
};
struct assessment_report {
	int64_t id;
	const char *partner_name, *partner_country, *partner_type;
	const char *lead_agency, *agencies;   /* agencies: the participating codes, comma separated */
	const char *status;
	const char *rating;                   /* NULL while unrated */
	int standards_met;                    /* -1 when none */
	int eligible;                         /* -1 unknown */
	bool corrective_action_inadequate;    /* an allegation review overrides standard 8 */
	instant_t rated_at, valid_until, generated_at;
	int contact_with_beneficiaries;       /* -1 unanswered */
	struct report_standard standards[8];
	const struct report_words *words;     /* NULL: report_words_en */
};
/* Writes the report to path with an embedded TrueType font that covers French and Spanish
 * accents (font_path). 0 ok, -1 on failure. */
int assessment_report_pdf(const char *path, const char *font_path, const struct assessment_report *rep);
/* The font the PDF report embeds: PSEA_PDF_FONT, else DejaVu Sans from fonts-dejavu-core. */
const char *report_font_path(void);

/* A form to print and fill by hand, as a list of blocks in reading order; every text already in
 * the reader's words (UTF-8). The blocks say what to draw, the writer how. */
enum form_block_kind {
	FORM_TITLE,        /* text: the form's title */
	FORM_HEADING,      /* text: a section, on a new page */
	FORM_SUBHEADING,   /* text: a standard or a group of questions */
	FORM_TEXT,         /* text: instructions */
	FORM_HINT,         /* text: a smaller note under a question */
	FORM_CHOICE,       /* text: the question; options: one tick box each */
	FORM_FIELD,        /* text: a label followed by one line to write on */
	FORM_LINES,        /* text: a label; lines: how many blank lines follow */
	FORM_TABLE,        /* options: the column headings; lines: how many blank rows */
};
struct form_block {
	enum form_block_kind kind;
	const char *text;
	const char *const *options;
	size_t noptions;
	int lines;
};
/* Writes the form to path with the embedded font of the PDF report. 0 ok, -1 on failure. */
int form_pdf(const char *path, const char *font_path, const char *title, const struct form_block *blocks, size_t n);

/* ?lang= when given (en, fr, es), else the account's language. NULL after answering 400. */
const char *export_language(struct req *r);

/* A new temporary file under <data>/tmp, removed when the request's memory is freed (after the
 * answer was sent). *path receives its name. NULL on failure. */
char *export_tmp_path(struct req *r);
/* Answers with the finished file as an attachment called filename. */
void export_send(struct req *r, const char *path, const char *content_type, const char *filename);

#endif
