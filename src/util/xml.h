/* xml.h: the few things every reader of an XML part does with expat: names without their
 * namespace, an attribute by name, character data gathered into a growing buffer, and one parse
 * that refuses document type declarations (and with them every entity trick). */
#ifndef PSEA_XML_H
#define PSEA_XML_H
#include <expat.h>
#include <stdbool.h>
#include <stddef.h>

/* The local part of an expat name "uri|local" (or the name itself without a namespace). */
const char *xml_local(const char *name);
/* The value of the attribute whose local name is want; NULL when absent. */
const char *xml_attr(const char **atts, const char *want);

/* Character data gathered across expat's calls. s is malloc'd (free it); failed once an
 * allocation failed, after which adding does nothing. */
struct xml_text {
	char *s;
	size_t len, cap;
	bool failed;
};
void xml_text_add(struct xml_text *t, const char *s, size_t n);
void xml_text_clear(struct xml_text *t);

/* Parses xml with the handlers, which receive ctx; ctx must start with an XML_Parser field,
 * which this fills (the handlers may stop the parser through it). False when the text is not
 * well-formed, declares a document type, or a handler stopped it. */
bool xml_parse(const char *xml, size_t len, void *ctx, XML_StartElementHandler start, XML_EndElementHandler end,
	       XML_CharacterDataHandler chars);
#endif
