/* offline_form.c: see offline_form.h. */
#include "offline_form.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const standard_cells[][2] = {{"s2", "answer"}, {"s2", "comment"}, {"verify", "answer"}, {"verify", "comment"}};
static const char *const activity_cells[] = {"standard", "description", "responsible", "due_date"};

const char *offline_standard_name(int standard, enum offline_standard_cell which, char buf[OFFLINE_NAME_MAX])
{
	snprintf(buf, OFFLINE_NAME_MAX, "%s_std%d_%s", standard_cells[which][0], standard, standard_cells[which][1]);
	return buf;
}

const char *offline_activity_name(int row, enum offline_activity_cell which, char buf[OFFLINE_NAME_MAX])
{
	snprintf(buf, OFFLINE_NAME_MAX, "plan_act%d_%s", row, activity_cells[which]);
	return buf;
}

/* Whether text, without its surrounding spaces, is word (case aside). */
static bool same_word(const char *text, const char *word)
{
	if (!word || !*word)
		return false;
	while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
		text++;
	size_t n = strlen(text);
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	return n == strlen(word) && strncasecmp(text, word, n) == 0;
}

static bool blank(const char *text)
{
	for (; text && *text; text++)
		if (*text != ' ' && *text != '\t' && *text != '\n' && *text != '\r')
			return false;
	return true;
}

int offline_answer_parse(const char *text, const struct offline_words *w)
{
	if (blank(text))
		return ANSWER_NONE;
	if (same_word(text, w->yes) || same_word(text, "yes"))
		return ANSWER_YES;
	if (same_word(text, w->no) || same_word(text, "no"))
		return ANSWER_NO;
	if (same_word(text, w->na) || same_word(text, "na"))
		return ANSWER_NA;
	return -1;
}

int offline_capacity_parse(const char *text, const struct offline_words *w)
{
	if (blank(text))
		return CAPACITY_NONE;
	if (same_word(text, w->full) || same_word(text, "full"))
		return CAPACITY_FULL;
	if (same_word(text, w->medium) || same_word(text, "medium"))
		return CAPACITY_MEDIUM;
	if (same_word(text, w->low) || same_word(text, "low"))
		return CAPACITY_LOW;
	return -1;
}

int offline_yes_no_parse(const char *text, const struct offline_words *w)
{
	int a = offline_answer_parse(text, w);
	return a == ANSWER_NONE ? -1 : a == ANSWER_YES ? 1 : a == ANSWER_NO ? 0 : -2;
}

size_t offline_answer_choices(int standard, const struct offline_words *w, const char *out[3])
{
	size_t n = 0;
	out[n++] = w->yes;
	out[n++] = w->no;
	if (answer_allowed(standard, ANSWER_NA))
		out[n++] = w->na;
	return n;
}
