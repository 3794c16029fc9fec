/* cellref.h: spreadsheet cell references in the A1 style, as defined names write them. */
#ifndef PSEA_CELLREF_H
#define PSEA_CELLREF_H
#include <stdbool.h>

/* 'Sheet name'!$C$4 or Sheet!C4 → the sheet's name (malloc'd, quotes undone) and "C4"; false
 * for anything else (a range, a formula, #REF!). */
bool cellref_split(const char *text, char **sheet, char ref[16]);
/* The letters of a 1-based column number (1 → "A", 28 → "AB"); out holds at least 8 bytes. */
void cellref_column_name(long col, char *out);
/* The column number of a reference such as "AB12" (1-based); 0 when it has none. */
long cellref_column(const char *ref);
#endif
