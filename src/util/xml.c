/* xml.c: see xml.h. */
#include "xml.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *xml_local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

const char *xml_attr(const char **atts, const char *want)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(xml_local(atts[i]), want) == 0)
			return atts[i + 1];
	return NULL;
}

void xml_text_add(struct xml_text *t, const char *s, size_t n)
{
	if (t->failed)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 64;
		while (cap < t->len + n + 1)
			cap *= 2;
		char *grown = realloc(t->s, cap);
		if (!grown) {
			t->failed = true;
			return;
		}
		t->s = grown;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

void xml_text_clear(struct xml_text *t) { t->len = 0; if (t->s) t->s[0] = '\0'; }

/* A document type declaration is never part of the parts we read; refusing it keeps entity
 * tricks out. */
static void XMLCALL refuse_doctype(void *user, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
				   int has_internal)
{
	XML_StopParser(*(XML_Parser *)user, XML_FALSE);
}

bool xml_parse(const char *xml, size_t len, void *ctx, XML_StartElementHandler start, XML_EndElementHandler end,
	       XML_CharacterDataHandler chars)
{
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	if (!p)
		return false;
	/* the handlers receive ctx; the doctype handler needs the parser, passed as the first field */
	*(XML_Parser *)ctx = p;
	XML_SetUserData(p, ctx);
	XML_SetElementHandler(p, start, end);
	if (chars)
		XML_SetCharacterDataHandler(p, chars);
	XML_SetStartDoctypeDeclHandler(p, refuse_doctype);
	bool ok = len <= INT32_MAX && XML_Parse(p, xml, (int)len, XML_TRUE) == XML_STATUS_OK;
	XML_ParserFree(p);
	return ok;
}
