/* statics.h: the browser interface's files, read once at start, kept in memory with a gzip
 * copy and an ETag, so a slow link downloads each file once and revalidates cheaply. */
#ifndef PSEA_STATICS_H
#define PSEA_STATICS_H
#include "http.h"
struct static_files;
/* NULL when memory ran out while loading. */
struct static_files *statics_load(const char *dir);
void statics_free(struct static_files *s);
void statics_serve(struct static_files *s, struct req *r);
#endif
