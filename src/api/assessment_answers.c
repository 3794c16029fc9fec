/* assessment_answers.c: the answers of the self-assessment and of the verification (PUT
 * .../self-assessment and .../verification): the list validated in full, then saved with the
 * move of status it makes, in one write. */
#include <stdio.h>
#include <string.h>
#include "handlers.h"
#include "psea.h"
#include "assessment_json.h"

/* The "answers" list of PUT .../self-assessment and .../verification, validated in full. */
struct answers_in {
	int n;
	int standards[STANDARD_COUNT];
	bool set_answer[STANDARD_COUNT], set_comment[STANDARD_COUNT];
	const char *answers[STANDARD_COUNT], *comments[STANDARD_COUNT];
};

static bool parse_answers_body(struct req *r, struct answers_in *in)
{
	json_t *errs = json_array();
	json_t *list = json_object_get(r->body, "answers");
	memset(in, 0, sizeof *in);
	if (!json_is_array(list)) {
		json_array_append_new(errs, problem_error("answers", list ? "invalid_type" : "required",
			"answers must be a list of {\"standard\", \"answer\", \"comment\"}."));
		return !api_invalid(r, errs);
	}
	bool seen[STANDARD_COUNT + 1] = {false};
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		char field[48];
		if (i >= 64) {
			json_array_append_new(errs, problem_error("answers", "too_many", "Send at most one entry per standard."));
			break;
		}
		if (!json_is_object(e)) {
			snprintf(field, sizeof field, "answers[%zu]", i);
			json_array_append_new(errs, problem_error(field, "invalid_type", "Each entry must be an object."));
			continue;
		}
		json_t *sv = json_object_get(e, "standard");
		int k = json_is_integer(sv) ? (int)json_integer_value(sv) : 0;
		if (json_is_integer(sv) && (json_integer_value(sv) < 1 || json_integer_value(sv) > STANDARD_COUNT))
			k = 0;
		if (!k) {
			snprintf(field, sizeof field, "answers[%zu].standard", i);
			json_array_append_new(errs, problem_error(field, "unknown_standard", "The standard is a number from 1 to 8."));
			continue;
		}
		if (seen[k]) {
			snprintf(field, sizeof field, "answers[%zu].standard", i);
			json_array_append_new(errs, problem_error(field, "duplicate", "Each standard may appear once."));
			continue;
		}
		seen[k] = true;
		int slot = in->n++;
		in->standards[slot] = k;
		json_t *av = json_object_get(e, "answer");
		if (av) {
			int a = json_is_null(av) ? ANSWER_NONE : json_is_string(av) ? answer_parse(json_string_value(av)) : -1;
			if (a < 0 || !answer_allowed(k, (enum answer)a)) {
				snprintf(field, sizeof field, "answers[%zu].answer", i);
				json_array_append_new(errs, problem_error(field, "invalid_value", k == STANDARD_CORRECTIVE_ACTION
					? "Answer yes, no, na (never had an allegation) or null."
					: "Answer yes, no or null (na exists only for standard 8)."));
			} else {
				in->set_answer[slot] = true;
				in->answers[slot] = answer_name((enum answer)a);
			}
		}
		json_t *cv = json_object_get(e, "comment");
		if (cv) {
			snprintf(field, sizeof field, "answers[%zu].comment", i);
			if (!json_is_null(cv) && !json_is_string(cv))
				json_array_append_new(errs, problem_error(field, "invalid_type", "The comment must be text or null."));
			else if (json_is_string(cv) && (json_string_length(cv) > API_TEXT_MAX || strlen(json_string_value(cv)) != json_string_length(cv)))
				json_array_append_new(errs, problem_error(field, "too_long", "The comment is longer than 10000 characters."));
			else {
				in->set_comment[slot] = true;
				in->comments[slot] = json_is_string(cv) ? json_string_value(cv) : NULL;
			}
		}
	}
	return !api_invalid(r, errs);
}

/* A save of answers: the assessment as loaded, the version to check, the side and the move of
 * status it makes. */
struct answers_write {
	const struct assessment *x;
	int64_t version;
	enum assessment_action act;
	enum assessment_status from, to;
	const char *side;
	const struct answers_in *in;
};

static int write_answers(struct req *r, struct audit *audit, void *ctx)
{
	struct answers_write *w = ctx;
	const struct answers_in *in = w->in;
	/* Without If-Match only the status is checked: editors of other standards keep their work. */
	int rc = store_assessment_save_answers(r->db, w->x->id, w->version, w->x->status, w->side, in->n, in->standards,
					       in->set_answer, in->answers, in->set_comment, in->comments,
					       assessment_status_name(w->to), r->user->id, r->now);
	if (rc == STORE_OK && w->to != w->from)
		rc = store_history_add(r->db, w->x->id, r->user->id, "verification_started", w->x->status,
				       assessment_status_name(w->to), NULL, r->now);
	return rc != STORE_OK ? rc : audit_add(audit, "assessment", w->x->id,
					      w->act == ASSESS_SAVE_SELF ? "self_assessment_save" : "verification_save");
}

static void save_answers(struct req *r, enum assessment_action act, const char *side)
{
	struct assessment x;
	int64_t version;
	struct answers_in in;
	if (!psea_load(r, 0, act, &x) || !psea_if_match(r, &x, &version) || !api_body_object(r) || !parse_answers_body(r, &in))
		return;
	enum assessment_status from = (enum assessment_status)assessment_status_parse(x.status);
	enum assessment_status to = assessment_next_status(from, act, true);
	struct answers_write w = {.x = &x, .version = version, .act = act, .from = from, .to = to, .side = side, .in = &in};
	if (api_write(r, write_answers, &w))
		psea_reply_assessment_read(r, 200, x.id);
}

void assessments_self_save(struct req *r) { save_answers(r, ASSESS_SAVE_SELF, "self"); }
void assessments_verification_save(struct req *r) { save_answers(r, ASSESS_SAVE_VERIFICATION, "verified"); }
