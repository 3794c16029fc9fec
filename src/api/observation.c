/* observation.c: every partner with its PSEA standing across agencies, for agency staff (the
 * observation view: who is rated what, until when, by whom; who is being assessed). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "handlers.h"
#include "psea.h"
#include "standing.h"

static json_t *open_assessment_json(const struct open_assessment_brief *open, size_t nopen, int64_t partner_id)
{
	for (size_t i = 0; i < nopen; i++) {
		if (open[i].partner_id != partner_id)
			continue;
		json_t *agencies = json_array();
		for (size_t k = 0; k < open[i].nagencies; k++)
			json_array_append_new(agencies, api_id(open[i].agencies[k]));
		return json_pack("{s:o, s:s, s:o}", "id", api_id(open[i].id), "status", open[i].status, "agencies", agencies);
	}
	return json_null();
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static const struct partner *partner_in(const struct partner *ps, size_t n, int64_t id)
{
	for (size_t i = 0; id && i < n; i++)
		if (ps[i].id == id)
			return &ps[i];
	return NULL;
}

/* The filters on the computed standing: -1 where not asked. */
struct standing_filter {
	int capacity;      /* enum capacity: the rating in force */
	int status;        /* enum standing_status */
	int eligible;      /* 0 or 1, of a rating in force */
};

static bool standing_filter_read(struct req *r, struct standing_filter *sf)
{
	const char *rating = req_query(r, "rating"), *standing = req_query(r, "standing"), *eligible = req_query(r, "eligible");
	*sf = (struct standing_filter){-1, -1, -1};
	if (rating && ((sf->capacity = capacity_parse(rating)) < 0 || sf->capacity == CAPACITY_NONE)) {
		reply_problem(r, 400, "bad_parameter", "rating must be full, medium or low.", NULL);
		return false;
	}
	static const enum standing_status statuses[] = {STANDING_NOT_ASSESSED, STANDING_VALID, STANDING_EXPIRING, STANDING_EXPIRED};
	for (size_t i = 0; standing && sf->status < 0 && i < sizeof statuses / sizeof statuses[0]; i++)
		if (strcmp(standing, standing_status_name(statuses[i])) == 0)
			sf->status = (int)statuses[i];
	if (standing && sf->status < 0) {
		reply_problem(r, 400, "bad_parameter", "standing must be valid, expiring, expired or not_assessed.", NULL);
		return false;
	}
	if (eligible && strcmp(eligible, "true") != 0 && strcmp(eligible, "false") != 0) {
		reply_problem(r, 400, "bad_parameter", "eligible must be true or false.", NULL);
		return false;
	}
	if (eligible)
		sf->eligible = strcmp(eligible, "true") == 0;
	return true;
}

static bool standing_filter_any(const struct standing_filter *sf)
{
	return sf->capacity >= 0 || sf->status >= 0 || sf->eligible >= 0;
}

/* As the partner's summary shows it: a rating and an eligibility only while a rating is in force. */
static bool standing_matches(const struct standing *s, const struct standing_filter *sf)
{
	bool in_force = s->status == STANDING_VALID || s->status == STANDING_EXPIRING;
	return (sf->status < 0 || (int)s->status == sf->status) &&
	       (sf->capacity < 0 || (in_force && (int)s->capacity == sf->capacity)) &&
	       (sf->eligible < 0 || (in_force && (int)s->eligible == sf->eligible));
}

/* ?sort=: the register by name, country or type (a leading '-' reverses), or by default in the
 * order partners were added (by id). */
struct list_order {
	const char *name;  /* as asked, "-name" for instance; NULL for the default order */
	enum partner_sort sort;
	bool descending;
};

static const char *const sort_keys[] = {"name", "country", "type"}; /* enum partner_sort less one */
#define SORT_ALLOWED "name, -name, country, -country, type or -type"

static bool sort_key_is(const char *name, size_t k)
{
	return strcmp(name + (name[0] == '-'), sort_keys[k]) == 0;
}

static bool order_read(struct req *r, struct list_order *o)
{
	const char *s = req_query(r, "sort");
	*o = (struct list_order){NULL, PARTNER_BY_ID, false};
	if (!s || !*s)
		return true;
	for (size_t k = 0; k < sizeof sort_keys / sizeof sort_keys[0]; k++)
		if (sort_key_is(s, k)) {
			*o = (struct list_order){s, (enum partner_sort)(PARTNER_BY_NAME + k), s[0] == '-'};
			return true;
		}
	reply_problem(r, 400, "bad_parameter", "sort must be " SORT_ALLOWED " (a leading - reverses the order).", NULL);
	return false;
}

/* Where a page starts: just after this partner in the list's order (id 0: at the start). */
struct position {
	int64_t id;
	const char *key;  /* its sort key, in a sorted list */
};

/* A sorted list's cursor holds the sort, the id and the key of the partner the page ended on,
 * as "-name\n42\nkey" in base64url (it passes unchanged in an address, and the client need not
 * read it). A key rather than an id alone: the page goes on from the same place even if that
 * partner is renamed meanwhile. A cursor of the default order stays the plain id it was. */
#define CURSOR_VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define CURSOR_KEY_MAX 1024

const char *observation_cursor_encode(struct arena *a, const char *sort, int64_t id, const char *key)
{
	size_t cap = strlen(sort) + strlen(key) + 24;
	char *plain = arena_alloc(a, cap);
	size_t len = (size_t)snprintf(plain, cap, "%s\n%lld\n%s", sort, (long long)id, key);
	size_t out_len = sodium_base64_ENCODED_LEN(len, CURSOR_VARIANT);
	char *out = arena_alloc(a, out_len);
	return sodium_bin2base64(out, out_len, (const unsigned char *)plain, len, CURSOR_VARIANT);
}

static const char *cursor_text(struct req *r, const struct list_order *o, struct position at)
{
	if (!at.id)
		return NULL;
	if (!o->name) {
		char *id = arena_alloc(&r->arena, 24);
		snprintf(id, 24, "%lld", (long long)at.id);
		return id;
	}
	return observation_cursor_encode(&r->arena, o->name, at.id, at.key);
}

bool observation_cursor_decode(struct arena *a, const char *s, const char **sort, int64_t *at_id, const char **at_key)
{
	size_t cap = strlen(s), len;
	char *plain = arena_alloc(a, cap + 1);
	if (sodium_base642bin((unsigned char *)plain, cap, s, cap, NULL, &len, NULL, CURSOR_VARIANT) != 0)
		return false;
	plain[len] = '\0';
	if (strlen(plain) != len)  /* a NUL inside */
		return false;
	char *id = strchr(plain, '\n'), *key = id ? strchr(id + 1, '\n') : NULL, *end;
	if (!key)
		return false;
	*id++ = '\0';
	*key++ = '\0';
	long long v = strtoll(id, &end, 10);
	json_t *utf8 = json_string(key);  /* NULL unless UTF-8, which the database needs */
	bool valid = utf8 && *id >= '0' && *id <= '9' && !*end && v > 0 && strlen(key) <= CURSOR_KEY_MAX;
	json_decref(utf8);
	for (size_t k = 0; valid && k < sizeof sort_keys / sizeof sort_keys[0]; k++)
		if (sort_key_is(plain, k)) {
			*sort = plain;
			*at_id = v;
			*at_key = key;
			return true;
		}
	return false;
}

/* ?cursor=: where the page starts, checked against the order asked; false after answering 400. */
static bool position_read(struct req *r, const struct list_order *o, struct position *at)
{
	const char *s = req_query(r, "cursor"), *sorted_by = NULL;
	*at = (struct position){0, NULL};
	if (!s || !*s)
		return true;
	struct position p;
	bool sorted = observation_cursor_decode(&r->arena, s, &sorted_by, &p.id, &p.key);
	char detail[160];
	if (!o->name && !sorted)
		return api_cursor(r, &at->id);
	if (sorted && o->name && strcmp(sorted_by, o->name) == 0) {
		*at = p;
		return true;
	}
	if (sorted)
		snprintf(detail, sizeof detail, "This cursor goes on with the list sorted by %s: ask with sort=%s, or start "
			 "again without cursor.", sorted_by, sorted_by);
	else if (strspn(s, "0123456789") == strlen(s))
		snprintf(detail, sizeof detail, "This cursor goes on with the list in its default order: ask without sort, "
			 "or start again without cursor.");
	else
		snprintf(detail, sizeof detail, "cursor must be a next_cursor returned with sort=%s; start again without "
			 "cursor for the first page.", o->name);
	reply_problem(r, 400, "bad_parameter", detail, NULL);
	return false;
}

/* Partners read per step while filtering on the standing, and at most per request: a rare
 * match over many partners answers a shorter page whose next_cursor goes on from the last
 * partner looked at, instead of reading the whole register in one request. */
#define FILTER_STEP 200
#define FILTER_SCAN_MAX 2000

/* The page's partners: limit + 1 of them when more follow. With a filter on the standing, the
 * standings are computed step by step until enough match; *resume is then where to go on from
 * when the scan stopped short of limit + 1 matches (id 0: the register was read to its end). */
static int select_partners(struct req *r, struct partner_filter *f, int limit, const struct standing_filter *sf,
			   struct partner **out, size_t *n, struct position *resume)
{
	*resume = (struct position){0, NULL};
	if (!standing_filter_any(sf)) {
		f->limit = limit + 1;
		return store_partners_list(r->db, &r->arena, f, out, n);
	}
	size_t cap = (size_t)limit + 1, found = 0;
	struct partner *matched = arena_alloc(&r->arena, cap * sizeof *matched);
	for (int scanned = 0; found < cap;) {
		if (scanned >= FILTER_SCAN_MAX) {
			*resume = (struct position){f->after, f->after_key};
			break;
		}
		struct partner *ps;
		size_t got;
		f->limit = FILTER_STEP;
		int rc = store_partners_list(r->db, &r->arena, f, &ps, &got);
		if (rc != STORE_OK)
			return rc;
		int64_t *ids = arena_alloc(&r->arena, (got + 1) * sizeof *ids);
		for (size_t i = 0; i < got; i++)
			ids[i] = ps[i].id;
		struct psea_standings st;
		if ((rc = psea_standings_load(r, ids, got, &st)) != STORE_OK)
			return rc;
		for (size_t i = 0; i < got && found < cap; i++) {
			const struct psea_standing_of *s = psea_standings_find(&st, ps[i].id);
			if (s && standing_matches(&s->standing, sf))
				matched[found++] = ps[i];
			f->after = ps[i].id;
			f->after_key = ps[i].sort_key;
		}
		scanned += (int)got;
		if (got < FILTER_STEP)
			break;
	}
	*out = matched;
	*n = found;
	return STORE_OK;
}

void observation_list(struct req *r)
{
	int limit;
	struct list_order order;
	struct position from;
	struct standing_filter sf;
	if (!api_allow(r, role_is_agency(api_role(r))) || !api_limit(r, &limit) || !order_read(r, &order) ||
	    !position_read(r, &order, &from) || !standing_filter_read(r, &sf))
		return;
	const char *q = req_query(r, "q"), *country = req_query(r, "country"), *type = req_query(r, "type");
	if ((q && strlen(q) > API_NAME_MAX) || (country && strlen(country) > 100) || (type && strlen(type) > 64)) {
		reply_problem(r, 400, "bad_parameter", "A filter is longer than allowed.", NULL);
		return;
	}
	struct partner_filter f = {q, country, type, 0, from.id, 0, order.sort, order.descending, from.key};
	struct partner *ps;
	size_t n;
	struct position resume;
	int rc = select_partners(r, &f, limit, &sf, &ps, &n, &resume);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	size_t shown = n < (size_t)limit ? n : (size_t)limit, nopen = 0;
	int64_t *ids = arena_alloc(&r->arena, (shown + 1) * sizeof *ids);
	for (size_t i = 0; i < shown; i++)
		ids[i] = ps[i].id;
	struct open_assessment_brief *open = NULL;
	if ((rc = store_open_assessments_of(r->db, &r->arena, ids, shown, &open, &nopen)) != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	/* The headquarters of the page's country offices, and every standing, in a few queries. */
	int64_t *parent_ids = arena_alloc(&r->arena, (shown + 1) * sizeof *parent_ids);
	size_t nparents = 0;
	for (size_t i = 0; i < shown; i++)
		if (ps[i].parent_id)
			parent_ids[nparents++] = ps[i].parent_id;
	qsort(parent_ids, nparents, sizeof *parent_ids, id_cmp);
	size_t distinct = 0;
	for (size_t i = 0; i < nparents; i++)
		if (!distinct || parent_ids[distinct - 1] != parent_ids[i])
			parent_ids[distinct++] = parent_ids[i];
	nparents = distinct;
	struct partner *parents = NULL;
	size_t nparents_found = 0;
	if (nparents && (rc = store_partners_of(r->db, &r->arena, parent_ids, nparents, &parents, &nparents_found)) != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	int64_t *standing_ids = arena_alloc(&r->arena, (shown + nparents_found + 1) * sizeof *standing_ids);
	memcpy(standing_ids, ids, shown * sizeof *ids);
	for (size_t i = 0; i < nparents_found; i++)
		standing_ids[shown + i] = parents[i].id;
	struct psea_standings standings;
	if ((rc = psea_standings_load(r, standing_ids, shown + nparents_found, &standings)) != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < shown; i++) {
		json_t *hq = json_null();
		const struct partner *parent = partner_in(parents, nparents_found, ps[i].parent_id);
		if (parent)
			hq = json_pack("{s:o, s:s, s:o}", "id", api_id(parent->id), "name", parent->name,
				       "psea", psea_standings_summary_json(r, &standings, parent->id));
		json_array_append_new(items, json_pack("{s:o, s:o, s:o, s:o}", "partner", psea_partner_json(&ps[i]),
			"psea", psea_standings_summary_json(r, &standings, ps[i].id),
			"open_assessment", open_assessment_json(open, nopen, ps[i].id), "headquarters", hq));
	}
	struct position next = n > (size_t)limit ? (struct position){ps[limit - 1].id, ps[limit - 1].sort_key} : resume;
	reply_json(r, 200, api_list_text(items, cursor_text(r, &order, next)));
}
