/* csv.h: comma-separated values as RFC 4180 writes them (fields with a comma, quote or line
 * break in double quotes, quotes doubled), for the exports and the import. */
#ifndef PSEA_CSV_H
#define PSEA_CSV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes one field (NULL: empty). A field that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or carriage return) gets a leading apostrophe, so that an exported partner
 * name cannot become a formula on the reader's machine. */
int csv_write_field(FILE *f, const char *s);
/* Writes fields separated by commas and ended with CRLF. */
int csv_write_row(FILE *f, const char *const *fields, size_t n);

/* Splits one record of text (without its line end) into at most max fields, in place: quotes are
 * removed and doubled quotes undone. Returns the number of fields, or -1 when a quoted field is
 * not closed or text follows a closing quote. */
int csv_split(char *line, char **fields, int max);

#endif
