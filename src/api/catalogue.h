/* catalogue.h: the interface's words (web/i18n/LANG.json) read on the server, for what the
 * program writes itself (the PDF report, the offline form): the screens and the files use the
 * same words. A word missing in the language comes from English, then from the fallback given. */
#ifndef PSEA_API_CATALOGUE_H
#define PSEA_API_CATALOGUE_H
#include <jansson.h>
#include "../util/arena.h"

struct catalogue { json_t *lang, *en; struct arena *a; };
/* Reads the catalogues of lang and of English under web_dir; an unreadable one is left out. */
void catalogue_open(struct catalogue *c, const char *web_dir, const char *lang, struct arena *a);
void catalogue_close(struct catalogue *c);
/* The word of key (a copy in the arena), or fallback. */
const char *catalogue_say(struct catalogue *c, const char *key, const char *fallback);
/* The word of prefix + value ("status." + "rated"), or value itself; NULL for a NULL value. */
const char *catalogue_say_value(struct catalogue *c, const char *prefix, const char *value);
#endif
