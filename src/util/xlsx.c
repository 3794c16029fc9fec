/* xlsx.c: see xlsx.h. The package is opened, checked against the limits and read in one go:
 * first the workbook (sheets and defined names), then each sheet that a name points into,
 * keeping only the cells named, then the shared strings those cells use. The archive is closed
 * before xlsx_open_* returns, so a struct xlsx is plain memory. */
#include "xlsx.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>
#include "cellref.h"
#include "xml.h"
#include "zippart.h"

struct cell {
	char *sheet;     /* borrowed from the sheet list */
	char ref[16];
	enum xlsx_type type;
	bool found;      /* the sheet has the cell (else it reads as empty) */
	bool shared;     /* text is shared string number `index` */
	long index;
	char *text;
	double number;
};

struct name {
	char *name;
	char *target;       /* as written: 'Sheet name'!$C$4 */
	struct cell *cell;  /* NULL when the name is not one cell of an existing sheet */
};

struct sheet {
	char *name, *rid, *part;
};

struct xlsx {
	struct sheet *sheets;
	size_t nsheets;
	struct name *names;
	size_t nnames;
	struct cell *cells;   /* one per name that points at a cell */
	size_t ncells;
	bool date1904;
	bool nomem;           /* a copy failed: the workbook is not read */
};

/* A copy of s owned by x's reader; NULL, with x->nomem set, when memory ran out. */
static char *dup(struct xlsx *x, const char *s)
{
	char *copy = strdup(s);
	if (!copy)
		x->nomem = true;
	return copy;
}

/* A part of the package, with the part limit of a workbook and its codes. */
static char *read_part(zip_t *za, const char *name, size_t *len, int *rc)
{
	char *part = zippart_read(za, name, XLSX_PART_MAX, len, rc);
	*rc = *rc == ZIPPART_OK ? XLSX_OK : *rc == ZIPPART_ETOOLARGE ? XLSX_ETOOLARGE
	    : *rc == ZIPPART_ENOMEM ? XLSX_ENOMEM : XLSX_ENOTXLSX;
	return part;
}

/* --- xl/workbook.xml: sheets, defined names, the date system --- */

struct workbook_ctx {
	XML_Parser parser;    /* first: see xml_parse() */
	struct xlsx *x;
	struct xml_text text;
	bool in_name, skip_name, failed;
	char *name;
	size_t names_cap, sheets_cap;
};

static void XMLCALL workbook_start(void *user, const XML_Char *el, const XML_Char **atts)
{
	struct workbook_ctx *c = user;
	const char *n = xml_local(el);
	if (strcmp(n, "sheet") == 0) {
		const char *name = xml_attr(atts, "name"), *rid = xml_attr(atts, "id");
		if (!name || !rid || c->x->nsheets >= FILETYPE_ENTRIES_MAX) {
			c->failed = true;
			return;
		}
		if (c->x->nsheets == c->sheets_cap) {
			c->sheets_cap = c->sheets_cap ? 2 * c->sheets_cap : 8;
			struct sheet *grown = realloc(c->x->sheets, c->sheets_cap * sizeof *grown);
			if (!grown) {
				c->failed = true;
				return;
			}
			c->x->sheets = grown;
		}
		struct sheet sheet = {dup(c->x, name), dup(c->x, rid), NULL};
		if (!sheet.name || !sheet.rid) {
			free(sheet.name);
			free(sheet.rid);
			c->failed = true;
			return;
		}
		c->x->sheets[c->x->nsheets++] = sheet;
	} else if (strcmp(n, "definedName") == 0) {
		const char *name = xml_attr(atts, "name");
		c->in_name = true;
		/* names scoped to one sheet, and the program's own (_xlnm.Print_Area), are not the form's */
		c->skip_name = !name || xml_attr(atts, "localSheetId") || strncmp(name, "_xlnm.", 6) == 0;
		free(c->name);  /* a name nested in another (not a real workbook's) replaces it */
		c->name = c->skip_name ? NULL : dup(c->x, name);
		xml_text_clear(&c->text);
	} else if (strcmp(n, "workbookPr") == 0) {
		const char *d = xml_attr(atts, "date1904");
		c->x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	}
	if (c->failed)
		XML_StopParser(c->parser, XML_FALSE);
}

static void XMLCALL workbook_chars(void *user, const XML_Char *s, int len)
{
	struct workbook_ctx *c = user;
	if (c->in_name && !c->skip_name)
		xml_text_add(&c->text, s, (size_t)len);
}

static void XMLCALL workbook_end(void *user, const XML_Char *el)
{
	struct workbook_ctx *c = user;
	if (strcmp(xml_local(el), "definedName") != 0 || !c->in_name)
		return;
	c->in_name = false;
	if (c->skip_name || !c->name || c->text.failed) {
		free(c->name);
		c->name = NULL;
		return;
	}
	struct xlsx *x = c->x;
	if (x->nnames >= XLSX_NAMES_MAX) {
		free(c->name);
		c->name = NULL;
		c->failed = true;
		XML_StopParser(c->parser, XML_FALSE);
		return;
	}
	if (x->nnames == c->names_cap) {
		c->names_cap = c->names_cap ? 2 * c->names_cap : 64;
		struct name *grown = realloc(x->names, c->names_cap * sizeof *grown);
		if (!grown) {
			free(c->name);
			c->name = NULL;
			c->failed = true;
			XML_StopParser(c->parser, XML_FALSE);
			return;
		}
		x->names = grown;
	}
	/* the cell is resolved later, once every sheet is known */
	x->names[x->nnames++] = (struct name){c->name, dup(x, c->text.s ? c->text.s : ""), NULL};
	c->name = NULL;
}

/* --- xl/_rels/workbook.xml.rels: where each sheet's part is --- */

struct rels_ctx {
	XML_Parser parser;
	struct xlsx *x;
};

static void XMLCALL rels_start(void *user, const XML_Char *el, const XML_Char **atts)
{
	struct rels_ctx *c = user;
	if (strcmp(xml_local(el), "Relationship") != 0)
		return;
	const char *id = xml_attr(atts, "Id"), *target = xml_attr(atts, "Target");
	if (!id || !target)
		return;
	for (size_t i = 0; i < c->x->nsheets; i++) {
		struct sheet *s = &c->x->sheets[i];
		if (s->part || strcmp(s->rid, id) != 0)
			continue;
		/* relative to xl/, or absolute from the package's root */
		if (target[0] == '/')
			s->part = dup(c->x, target + 1);
		else if (asprintf(&s->part, "xl/%s", target) < 0) {
			s->part = NULL;
			c->x->nomem = true;
		}
	}
}

/* --- a sheet: the named cells' values --- */

struct sheet_ctx {
	XML_Parser parser;
	struct xlsx *x;
	const char *sheet;
	long row, col;          /* of the cell being read (implied when a cell has no r) */
	struct cell *cell;      /* the named cell being read, NULL when the cell is not named */
	const char *type;       /* its t attribute */
	char type_buf[16];
	bool in_value, in_inline_text;
	struct xml_text text;
};

static void XMLCALL sheet_start(void *user, const XML_Char *el, const XML_Char **atts)
{
	struct sheet_ctx *c = user;
	const char *n = xml_local(el);
	if (strcmp(n, "row") == 0) {
		const char *r = xml_attr(atts, "r");
		c->row = r ? strtol(r, NULL, 10) : c->row + 1;
		c->col = 0;
	} else if (strcmp(n, "c") == 0) {
		const char *r = xml_attr(atts, "r");
		char ref[24];
		if (r && strlen(r) < sizeof ref) {
			snprintf(ref, sizeof ref, "%s", r);
			c->col = cellref_column(ref);
		} else {
			c->col++;
			cellref_column_name(c->col, ref);
			snprintf(ref + strlen(ref), sizeof ref - strlen(ref), "%ld", c->row);
		}
		c->cell = NULL;
		for (size_t i = 0; i < c->x->ncells; i++)
			if (c->x->cells[i].sheet == c->sheet && strcmp(c->x->cells[i].ref, ref) == 0 && !c->x->cells[i].found)
				c->cell = &c->x->cells[i];
		const char *t = xml_attr(atts, "t");
		snprintf(c->type_buf, sizeof c->type_buf, "%s", t ? t : "n");
		xml_text_clear(&c->text);
		if (c->cell)
			c->cell->found = true;
	} else if (strcmp(n, "v") == 0 && c->cell) {
		c->in_value = true;
	} else if (strcmp(n, "t") == 0 && c->cell) {
		c->in_inline_text = true;  /* inside <is>: an inline string (rich runs add up) */
	}
}

static void XMLCALL sheet_chars(void *user, const XML_Char *s, int len)
{
	struct sheet_ctx *c = user;
	if (c->in_value || c->in_inline_text)
		xml_text_add(&c->text, s, (size_t)len);
}

/* Fills the named cell from its t attribute and the text read. */
static void cell_finish(struct sheet_ctx *c)
{
	struct cell *cell = c->cell;
	const char *t = c->type_buf, *v = c->text.s ? c->text.s : "";
	if (c->text.failed)
		return;
	if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
		cell->type = XLSX_TEXT;
		cell->text = dup(c->x, v);
	} else if (!*v) {
		cell->type = XLSX_EMPTY;
	} else if (strcmp(t, "s") == 0) {
		char *end;
		long i = strtol(v, &end, 10);
		if (*end || i < 0)
			return;
		cell->type = XLSX_TEXT;
		cell->shared = true;
		cell->index = i;
	} else if (strcmp(t, "e") == 0) {
		cell->type = XLSX_ERROR;
		cell->text = dup(c->x, v);
	} else {
		char *end;
		double d = strtod(v, &end);
		if (*end || !isfinite(d)) {
			cell->type = XLSX_ERROR;
			cell->text = dup(c->x, v);
			return;
		}
		cell->type = strcmp(t, "b") == 0 ? XLSX_BOOLEAN : XLSX_NUMBER;
		cell->number = d;
		cell->text = dup(c->x, v);
	}
}

static void XMLCALL sheet_end(void *user, const XML_Char *el)
{
	struct sheet_ctx *c = user;
	const char *n = xml_local(el);
	if (strcmp(n, "v") == 0)
		c->in_value = false;
	else if (strcmp(n, "t") == 0)
		c->in_inline_text = false;
	else if (strcmp(n, "c") == 0 && c->cell) {
		cell_finish(c);
		c->cell = NULL;
	}
}

/* --- xl/sharedStrings.xml: the text of the named cells that refer to it --- */

struct strings_ctx {
	XML_Parser parser;
	struct xlsx *x;
	long index;            /* of the <si> being read */
	int phonetic;          /* inside <rPh>: a reading aid, not the text */
	bool in_text, wanted;
	struct xml_text text;
};

static bool wanted_index(struct xlsx *x, long index)
{
	for (size_t i = 0; i < x->ncells; i++)
		if (x->cells[i].shared && x->cells[i].index == index)
			return true;
	return false;
}

static void XMLCALL strings_start(void *user, const XML_Char *el, const XML_Char **atts)
{
	struct strings_ctx *c = user;
	const char *n = xml_local(el);
	if (strcmp(n, "si") == 0) {
		c->index++;
		c->wanted = wanted_index(c->x, c->index);
		xml_text_clear(&c->text);
	} else if (strcmp(n, "rPh") == 0) {
		c->phonetic++;
	} else if (strcmp(n, "t") == 0 && !c->phonetic) {
		c->in_text = c->wanted;
	}
}

static void XMLCALL strings_chars(void *user, const XML_Char *s, int len)
{
	struct strings_ctx *c = user;
	if (c->in_text)
		xml_text_add(&c->text, s, (size_t)len);
}

static void XMLCALL strings_end(void *user, const XML_Char *el)
{
	struct strings_ctx *c = user;
	const char *n = xml_local(el);
	if (strcmp(n, "t") == 0)
		c->in_text = false;
	else if (strcmp(n, "rPh") == 0 && c->phonetic)
		c->phonetic--;
	else if (strcmp(n, "si") == 0 && c->wanted && !c->text.failed)
		for (size_t i = 0; i < c->x->ncells; i++) {
			struct cell *cell = &c->x->cells[i];
			if (cell->shared && cell->index == c->index && !cell->text)
				cell->text = dup(c->x, c->text.s ? c->text.s : "");
		}
}

/* --- putting it together --- */

void xlsx_close(struct xlsx *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].part);
	}
	for (size_t i = 0; i < x->nnames; i++) {
		free(x->names[i].name);
		free(x->names[i].target);
	}
	for (size_t i = 0; i < x->ncells; i++)
		free(x->cells[i].text);
	free(x->sheets);
	free(x->names);
	free(x->cells);
	free(x);
}

/* Each name's reference becomes a cell to read (names pointing at the same cell share it). */
static int resolve_names(struct xlsx *x)
{
	x->cells = calloc(x->nnames ? x->nnames : 1, sizeof *x->cells);
	if (!x->cells)
		return XLSX_ENOMEM;
	for (size_t i = 0; i < x->nnames; i++) {
		char *sheet = NULL, ref[16];
		if (x->names[i].target && cellref_split(x->names[i].target, &sheet, ref)) {
			struct sheet *s = NULL;
			for (size_t k = 0; k < x->nsheets && !s; k++)
				if (strcmp(x->sheets[k].name, sheet) == 0)
					s = &x->sheets[k];
			for (size_t k = 0; s && k < x->ncells && !x->names[i].cell; k++)
				if (x->cells[k].sheet == s->name && strcmp(x->cells[k].ref, ref) == 0)
					x->names[i].cell = &x->cells[k];
			if (s && !x->names[i].cell) {
				struct cell *c = &x->cells[x->ncells++];
				c->sheet = s->name;
				memcpy(c->ref, ref, sizeof ref);
				x->names[i].cell = c;
			}
		}
		free(sheet);
	}
	return XLSX_OK;
}

static bool sheet_has_named_cells(const struct xlsx *x, const struct sheet *s)
{
	for (size_t i = 0; i < x->ncells; i++)
		if (x->cells[i].sheet == s->name)
			return true;
	return false;
}

static int read_workbook(zip_t *za, struct xlsx *x)
{
	size_t len;
	int rc;
	char *xml = read_part(za, "xl/workbook.xml", &len, &rc);
	if (!xml)
		return rc ? rc : XLSX_ENOTXLSX;
	struct workbook_ctx wc = {.x = x};
	bool ok = xml_parse(xml, len, &wc, workbook_start, workbook_end, workbook_chars) && !wc.failed && x->nsheets > 0;
	free(xml);
	free(wc.text.s);
	free(wc.name);
	if (!ok)
		return XLSX_ENOTXLSX;
	xml = read_part(za, "xl/_rels/workbook.xml.rels", &len, &rc);
	if (!xml)
		return rc ? rc : XLSX_ENOTXLSX;
	struct rels_ctx rc2 = {.x = x};
	ok = xml_parse(xml, len, &rc2, rels_start, NULL, NULL);
	free(xml);
	return ok ? resolve_names(x) : XLSX_ENOTXLSX;
}

static int read_sheets(zip_t *za, struct xlsx *x)
{
	bool any_shared = false;
	for (size_t i = 0; i < x->nsheets; i++) {
		struct sheet *s = &x->sheets[i];
		if (!sheet_has_named_cells(x, s))
			continue;
		size_t len;
		int rc;
		char *xml = s->part ? read_part(za, s->part, &len, &rc) : NULL;
		if (!xml)
			return s->part && rc ? rc : XLSX_ENOTXLSX;
		struct sheet_ctx sc = {.x = x, .sheet = s->name};
		bool ok = xml_parse(xml, len, &sc, sheet_start, sheet_end, sheet_chars) && !sc.text.failed;
		free(xml);
		free(sc.text.s);
		if (!ok)
			return XLSX_ENOTXLSX;
	}
	for (size_t i = 0; i < x->ncells; i++)
		any_shared = any_shared || x->cells[i].shared;
	if (!any_shared)
		return XLSX_OK;
	size_t len;
	int rc;
	char *xml = read_part(za, "xl/sharedStrings.xml", &len, &rc);
	if (!xml)
		return rc ? rc : XLSX_ENOTXLSX;
	struct strings_ctx sc = {.x = x, .index = -1};
	bool ok = xml_parse(xml, len, &sc, strings_start, strings_end, strings_chars) && !sc.text.failed;
	free(xml);
	free(sc.text.s);
	if (!ok)
		return XLSX_ENOTXLSX;
	/* a cell that names a shared string the table does not have is broken */
	for (size_t i = 0; i < x->ncells; i++)
		if (x->cells[i].shared && !x->cells[i].text)
			return XLSX_ENOTXLSX;
	return XLSX_OK;
}

static int open_archive(zip_t *za, const struct filetype_limits *limits, struct xlsx **out)
{
	*out = NULL;
	if (!zippart_within_limits(za, limits))
		return XLSX_ETOOLARGE;
	struct xlsx *x = calloc(1, sizeof *x);
	if (!x)
		return XLSX_ENOMEM;
	int rc = read_workbook(za, x);
	if (rc == XLSX_OK && !x->nomem)
		rc = read_sheets(za, x);
	if (x->nomem)
		rc = XLSX_ENOMEM;
	if (rc != XLSX_OK) {
		xlsx_close(x);
		return rc;
	}
	*out = x;
	return XLSX_OK;
}

int xlsx_open_file_limited(const char *path, const struct filetype_limits *limits, struct xlsx **out)
{
	int err;
	*out = NULL;
	zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	if (!za)
		return XLSX_ENOTXLSX;
	int rc = open_archive(za, limits, out);
	zip_discard(za);
	return rc;
}

int xlsx_open_file(const char *path, struct xlsx **out)
{
	return xlsx_open_file_limited(path, &filetype_default_limits, out);
}

int xlsx_open_buffer(const void *data, size_t len, struct xlsx **out)
{
	*out = NULL;
	zip_error_t error;
	zip_error_init(&error);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &error);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error) : NULL;
	int rc = XLSX_ENOTXLSX;
	if (za) {
		rc = open_archive(za, &filetype_default_limits, out);
		zip_discard(za);
	} else if (src) {
		zip_source_free(src);
	}
	zip_error_fini(&error);
	return rc;
}

int xlsx_named_cell(struct xlsx *x, const char *name, struct xlsx_cell *out)
{
	for (size_t i = 0; i < x->nnames; i++) {
		/* defined names compare without regard to case, as spreadsheet programs treat them */
		if (strcasecmp(x->names[i].name, name) != 0)
			continue;
		const struct cell *c = x->names[i].cell;
		if (!c)
			return -1;
		*out = (struct xlsx_cell){c->sheet, c->ref, c->found ? c->type : XLSX_EMPTY, c->text, c->number};
		if (out->type == XLSX_TEXT && !out->text)
			out->text = "";
		return 0;
	}
	return -1;
}

bool xlsx_date1904(const struct xlsx *x) { return x->date1904; }

long xlsx_serial_to_days(double serial, bool date1904)
{
	if (!isfinite(serial) || serial < 1 || serial > 2958465) /* 9999-12-31 */
		return -1;
	double whole = floor(serial);
	/* 1900 system: day 25569 is 1970-01-01 (it counts a 29 February 1900 that never was);
	 * 1904 system: day 24107 is 1970-01-01. */
	return (long)whole - (date1904 ? 24107 : 25569);
}
