/* assessment_comments.c: the comments on an assessment, for everyone who may read it. */
#include <string.h>
#include "handlers.h"
#include "psea.h"

static json_t *comment_json(const struct comment_row *c)
{
	return json_pack("{s:o, s:s, s:{s:o, s:o}, s:o, s:o}", "id", api_id(c->id), "text", c->text,
			 "author", "id", c->user_id ? api_id(c->user_id) : json_null(),
			 "name", c->user_name ? json_string(c->user_name) : json_null(),
			 "organization_id", c->org_id ? api_id(c->org_id) : json_null(), "created_at", api_instant(c->created_at));
}

void comments_list(struct req *r)
{
	struct assessment x;
	int limit;
	int64_t cursor;
	if (!psea_load(r, 0, ASSESS_READ, &x) || !api_limit(r, &limit) || !api_cursor(r, &cursor))
		return;
	struct comment_row *c;
	size_t n;
	int rc = store_comments_list(r->db, &r->arena, x.id, cursor, limit + 1, &c, &n);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(items, comment_json(&c[i]));
	reply_json(r, 200, api_list(items, n > (size_t)limit ? c[limit - 1].id : 0));
}

struct comment_write {
	const struct assessment *x;
	const char *text;
	int64_t id; /* out */
};

static int write_comment(struct req *r, struct audit *audit, void *ctx)
{
	struct comment_write *w = ctx;
	w->id = store_comment_add(r->db, w->x->id, r->user->id, r->user->org.id, w->text, r->now);
	return w->id < 0 ? (int)w->id : audit_add(audit, "comment", w->id, "create");
}

void comments_create(struct req *r)
{
	struct assessment x;
	if (!psea_load(r, 0, ASSESS_COMMENT, &x) || !api_body_object(r))
		return;
	json_t *errs = json_array();
	const char *text = api_str(r->body, "text", API_TEXT_MAX, true, errs);
	if (text && !text[strspn(text, " \t\r\n")]) {
		json_array_append_new(errs, problem_error("text", "required", "Write the comment."));
		text = NULL;
	}
	if (api_invalid(r, errs))
		return;
	struct comment_write w = {.x = &x, .text = text};
	if (!api_write(r, write_comment, &w))
		return;
	struct comment_row c = {w.id, r->user->id, r->user->org.id, r->user->name, (char *)text, r->now};
	reply_json(r, 201, comment_json(&c));
}
