/* offline_form.h: the offline form, a workbook an agency hands to a partner who works without a
 * connection: Section 1, Section 2, the agency's verification and the plan (CSIP), one sheet
 * each. Every cell a person fills has a workbook defined name, and the program reads the filled
 * workbook back by those names only. This header is the form's layout, shared by the writer and
 * the reader: the names, the choices a cell accepts and how its text reads as a value. Pure. */
#ifndef PSEA_OFFLINE_FORM_H
#define PSEA_OFFLINE_FORM_H
#include <stdbool.h>
#include <stddef.h>
#include "rating.h"

/* The layout's version, written in the cell named form_version: a workbook of another layout is
 * refused rather than read wrongly. */
#define OFFLINE_FORM_VERSION "1"
/* Rows for plan activities on the Plan sheet. */
#define OFFLINE_ACTIVITIES_MAX 20

/* The names of single cells. */
#define OFFLINE_NAME_VERSION "form_version"
#define OFFLINE_NAME_LANGUAGE "form_language"
#define OFFLINE_NAME_PARTNER "partner_id"
#define OFFLINE_NAME_CONTACT "s1_contact"
#define OFFLINE_NAME_PREVIOUSLY "s1_previously_assessed"
#define OFFLINE_NAME_PREVIOUS_AGENCY "s1_previous_agency"
#define OFFLINE_NAME_PREVIOUS_DATE "s1_previous_date"
#define OFFLINE_NAME_PREVIOUS_RATING "s1_previous_rating"
#define OFFLINE_NAME_AGENCY "verify_agency"
#define OFFLINE_NAME_RATING_DATE "verify_rating_date"

/* The names of a standard's cells (standard 1..8) and of an activity row's (row 1..20):
 * s2_std3_answer, s2_std3_comment, verify_std3_answer, verify_std3_comment, plan_act1_standard,
 * plan_act1_description, plan_act1_responsible, plan_act1_due_date. */
enum offline_standard_cell { OFFLINE_SELF_ANSWER, OFFLINE_SELF_COMMENT, OFFLINE_VERIFY_ANSWER, OFFLINE_VERIFY_COMMENT };
enum offline_activity_cell { OFFLINE_ACT_STANDARD, OFFLINE_ACT_DESCRIPTION, OFFLINE_ACT_RESPONSIBLE, OFFLINE_ACT_DUE_DATE };
#define OFFLINE_NAME_MAX 32
const char *offline_standard_name(int standard, enum offline_standard_cell which, char buf[OFFLINE_NAME_MAX]);
const char *offline_activity_name(int row, enum offline_activity_cell which, char buf[OFFLINE_NAME_MAX]);

/* The words the form shows for its choices, in the form's language (the interface's catalogue). */
struct offline_words {
	const char *yes, *no, *na;            /* answers */
	const char *full, *medium, *low;      /* ratings */
};

/* A choice cell's text as a value. The form's words and the API's words (yes, no, na; full,
 * medium, low) are both accepted, without regard to case or surrounding spaces. Empty text gives
 * ANSWER_NONE / CAPACITY_NONE; a text that is no choice gives -1. */
int offline_answer_parse(const char *text, const struct offline_words *w);
int offline_capacity_parse(const char *text, const struct offline_words *w);
/* Section 1's yes/no questions: 1 yes, 0 no, -1 empty, -2 no choice. */
int offline_yes_no_parse(const char *text, const struct offline_words *w);
/* The list a standard's answer cells offer: yes and no, and not applicable for standard 8. */
size_t offline_answer_choices(int standard, const struct offline_words *w, const char *out[3]);
#endif
