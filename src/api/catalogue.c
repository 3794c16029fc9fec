/* catalogue.c: see catalogue.h. */
#include "catalogue.h"
#include <string.h>

static json_t *catalogue_file(const char *web_dir, const char *lang, struct arena *a)
{
	json_t *j = json_load_file(arena_printf(a, "%s/i18n/%s.json", web_dir, lang), 0, NULL);
	return json_is_object(j) ? j : (json_decref(j), NULL);
}

void catalogue_open(struct catalogue *c, const char *web_dir, const char *lang, struct arena *a)
{
	c->a = a;
	c->lang = catalogue_file(web_dir, lang, a);
	c->en = strcmp(lang, "en") ? catalogue_file(web_dir, "en", a) : NULL;
}

void catalogue_close(struct catalogue *c)
{
	json_decref(c->lang);
	json_decref(c->en);
	c->lang = c->en = NULL;
}

const char *catalogue_say(struct catalogue *c, const char *key, const char *fallback)
{
	const char *s = json_string_value(json_object_get(c->lang, key));
	if (!s)
		s = json_string_value(json_object_get(c->en, key));
	return s ? arena_strdup(c->a, s) : fallback;
}

const char *catalogue_say_value(struct catalogue *c, const char *prefix, const char *value)
{
	return value ? catalogue_say(c, arena_printf(c->a, "%s%s", prefix, value), value) : NULL;
}
