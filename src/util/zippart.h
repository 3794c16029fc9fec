/* zippart.h: reading parts of a ZIP package (an office document) with libzip, within limits
 * set before anything is inflated. */
#ifndef PSEA_ZIPPART_H
#define PSEA_ZIPPART_H
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>
#include "filetype.h"

enum {
	ZIPPART_OK = 0,
	ZIPPART_EUNREADABLE = -1, /* the archive's directory or the part does not read */
	ZIPPART_ETOOLARGE = -2,
	ZIPPART_ENOMEM = -3,
};

/* Whether the archive's entries and their sizes, as its directory declares them, are within
 * the limits. */
bool zippart_within_limits(zip_t *za, const struct filetype_limits *limits);
/* The whole part named name (malloc'd, NUL-terminated, *len its length); NULL when it is absent
 * (*rc ZIPPART_OK), larger than max bytes, or unreadable (*rc says which). */
char *zippart_read(zip_t *za, const char *name, size_t max, size_t *len, int *rc);
#endif
