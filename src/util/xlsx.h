/* xlsx.h: reading cells back from a workbook by their defined names. A workbook is a ZIP
 * package (read with libzip, within the limits filetype.h sets for every office document) of XML
 * parts (read with expat): xl/workbook.xml lists the sheets and the defined names, each naming
 * one cell as 'Sheet name'!$C$4; xl/_rels/workbook.xml.rels says which part holds each sheet;
 * xl/sharedStrings.xml holds the text that cells refer to by number. Nothing is looked up by a
 * cell's position or by the text around it: a name is the only way to a cell.
 *
 * Pure: reads the file or buffer it is given, nothing else. Everything is freed by xlsx_close. */
#ifndef PSEA_XLSX_H
#define PSEA_XLSX_H
#include <stdbool.h>
#include <stddef.h>
#include "filetype.h"

/* One part (sheet, shared strings) is read whole into memory: larger ones are not a form's. */
#define XLSX_PART_MAX (16 * 1024 * 1024)
#define XLSX_NAMES_MAX 10000      /* defined names */
#define XLSX_CELLS_MAX 200000     /* cells kept from one sheet */

enum {
	XLSX_OK = 0,
	XLSX_ENOTXLSX = -1,   /* not a workbook, or one whose parts do not read */
	XLSX_ETOOLARGE = -2,  /* over the limits */
	XLSX_ENOMEM = -3,
};

struct xlsx;

int xlsx_open_file(const char *path, struct xlsx **out);
int xlsx_open_buffer(const void *data, size_t len, struct xlsx **out);
/* The same with other limits (tests). */
int xlsx_open_file_limited(const char *path, const struct filetype_limits *limits, struct xlsx **out);
void xlsx_close(struct xlsx *x);

enum xlsx_type { XLSX_EMPTY = 0, XLSX_TEXT, XLSX_NUMBER, XLSX_BOOLEAN, XLSX_ERROR };

/* A cell found through a defined name. Pointers are borrowed from x. */
struct xlsx_cell {
	const char *sheet;   /* the sheet's name */
	const char *ref;     /* "C4", without $ */
	enum xlsx_type type;
	const char *text;    /* XLSX_TEXT: the text (shared, inline or a formula's); XLSX_ERROR: #N/A...; else the raw value */
	double number;       /* XLSX_NUMBER, XLSX_BOOLEAN (0 or 1) */
};

/* The cell the workbook-wide defined name points at. 0 when found (an empty cell is found and
 * XLSX_EMPTY); -1 when the workbook has no such name, or the name is not one cell of an
 * existing sheet (a range, a formula, a deleted reference #REF!). */
int xlsx_named_cell(struct xlsx *x, const char *name, struct xlsx_cell *out);
/* Whether dates are counted from 1904 (a workbook setting) rather than from 1900. */
bool xlsx_date1904(const struct xlsx *x);
/* A cell's serial date number as days since 1970-01-01; -1 when it cannot be a date. */
long xlsx_serial_to_days(double serial, bool date1904);
#endif
