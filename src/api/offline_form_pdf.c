/* offline_form_pdf.c: the assessment as a form to print and fill by hand where there is no
 * connection: Section 1, Section 2 (the self-assessment), the agency's verification and the
 * plan. Built from the rules the screens follow (which answers each standard accepts, the
 * rating bands and the plan's due time in force) and in the screens' own words (the
 * interface's catalogue), so that the paper asks what the portal asks. It holds no one's data:
 * any signed-in account may print it. */
#include <string.h>
#include "api.h"
#include "export.h"
#include "handlers.h"
#include "psea.h"
#include "../domain/settings.h"

struct form {
	struct catalogue words;
	struct form_block *blocks;
	size_t n, cap;
	struct arena *arena;
};

static const char *word(struct form *f, const char *key) { return catalogue_say(&f->words, key, key); }

/* The word with each "{name}" replaced by its value: names[i] by values[i]. */
static const char *word_with(struct form *f, const char *key, const char *const *names, const char *const *values, size_t n)
{
	const char *text = word(f, key);
	for (size_t i = 0; i < n; i++) {
		const char *mark = arena_printf(f->arena, "{%s}", names[i]);
		const char *at;
		while ((at = strstr(text, mark)))
			text = arena_printf(f->arena, "%.*s%s%s", (int)(at - text), text, values[i], at + strlen(mark));
	}
	return text;
}

static void block(struct form *f, enum form_block_kind kind, const char *text, const char *const *options, size_t noptions, int lines)
{
	f->blocks = arena_grow(f->arena, f->blocks, &f->cap, f->n, sizeof *f->blocks);
	f->blocks[f->n++] = (struct form_block){kind, text, options, noptions, lines};
}

static void text(struct form *f, enum form_block_kind kind, const char *key) { block(f, kind, word(f, key), NULL, 0, 0); }

/* A question with tick boxes, one per catalogue key. */
static void choice(struct form *f, const char *question, const char *const *keys, size_t n)
{
	const char **options = arena_alloc(f->arena, n * sizeof *options);
	for (size_t i = 0; i < n; i++)
		options[i] = word(f, keys[i]);
	block(f, FORM_CHOICE, question, options, n, 0);
}

static const char *const yes_no[] = {"answer.yes", "answer.no"};
static const char *const capacities[] = {"rating.full", "rating.medium", "rating.low"};

/* The answers a standard accepts, as the rules say (`na` only where it is allowed). */
static void answer_choice(struct form *f, int standard, const char *question)
{
	static const char *const with_na[] = {"answer.yes", "answer.no", "answer.na"};
	choice(f, question, with_na, answer_allowed(standard, ANSWER_NA) ? 3 : 2);
}

static const char *standard_key(struct form *f, int k, const char *what) { return arena_printf(f->arena, "standard.%d.%s", k, what); }

static void section1(struct form *f, const struct org *agencies, size_t nagencies)
{
	text(f, FORM_HEADING, "intro.title");
	text(f, FORM_TEXT, "intro.lead");
	choice(f, word(f, "intro.contact"), yes_no, 2);
	text(f, FORM_HINT, "intro.contact_hint");
	choice(f, word(f, "intro.previously"), yes_no, 2);
	text(f, FORM_HINT, "intro.previously_hint");
	text(f, FORM_SUBHEADING, "paper.if_yes");
	const char **codes = arena_alloc(f->arena, (nagencies + 1) * sizeof *codes);
	for (size_t i = 0; i < nagencies; i++)
		codes[i] = agencies[i].code ? agencies[i].code : agencies[i].name;
	block(f, FORM_CHOICE, word(f, "intro.previous_agency"), codes, nagencies, 0);
	text(f, FORM_FIELD, "intro.previous_date");
	text(f, FORM_HINT, "intro.previous_date_hint");
	choice(f, word(f, "intro.previous_rating"), capacities, 3);
	text(f, FORM_HINT, "paper.previous_attach");
}

static void section2(struct form *f)
{
	text(f, FORM_HEADING, "check.section2");
	text(f, FORM_TEXT, "paper.section2_lead");
	for (int k = 1; k <= STANDARD_COUNT; k++) {
		block(f, FORM_SUBHEADING, arena_printf(f->arena, "%d. %s", k, word(f, standard_key(f, k, "title"))), NULL, 0, 0);
		text(f, FORM_TEXT, standard_key(f, k, "asks"));
		text(f, FORM_HINT, standard_key(f, k, "guidance"));
		/* the catalogue lists the suggested documents separated by " | " for the screens */
		const char *names[] = {"list"}, *evidence = word(f, standard_key(f, k, "evidence"));
		char *list = arena_strdup(f->arena, evidence), *bar;
		while ((bar = strstr(list, " | ")))
			list = arena_printf(f->arena, "%.*s, %s", (int)(bar - list), list, bar + 3);
		const char *values[] = {list};
		block(f, FORM_HINT, word_with(f, "paper.evidence", names, values, 1), NULL, 0, 0);
		answer_choice(f, k, word(f, "paper.answer"));
		if (answer_allowed(k, ANSWER_NA))
			text(f, FORM_HINT, standard_key(f, k, "na_hint"));
		block(f, FORM_LINES, word(f, "paper.documents"), NULL, 0, 2);
		block(f, FORM_LINES, word(f, "paper.comment"), NULL, 0, 2);
	}
}

static void verification(struct form *f, struct rating_bands bands)
{
	text(f, FORM_HEADING, "paper.verification_title");
	text(f, FORM_TEXT, "paper.verification_lead");
	const char *names[] = {"full", "medium"};
	const char *values[] = {arena_printf(f->arena, "%d", bands.full_min), arena_printf(f->arena, "%d", bands.medium_min)};
	block(f, FORM_TEXT, word_with(f, "paper.rating_rule", names, values, 2), NULL, 0, 0);
	for (int k = 1; k <= STANDARD_COUNT; k++) {
		block(f, FORM_SUBHEADING, arena_printf(f->arena, "%d. %s", k, word(f, standard_key(f, k, "title"))), NULL, 0, 0);
		answer_choice(f, k, word(f, "verify.answer"));
		block(f, FORM_LINES, word(f, "verify.comment"), NULL, 0, 2);
	}
	text(f, FORM_SUBHEADING, "paper.result");
	text(f, FORM_FIELD, "paper.standards_met");
	choice(f, word(f, "paper.rating_given"), capacities, 3);
	choice(f, word(f, "pdf.eligible"), yes_no, 2);
	text(f, FORM_FIELD, "paper.verified_by");
	text(f, FORM_FIELD, "paper.date");
}

static void plan(struct form *f, int64_t due_months)
{
	text(f, FORM_HEADING, "paper.plan_title");
	text(f, FORM_TEXT, "plan.lead");
	const char *names[] = {"months"};
	const char *values[] = {arena_printf(f->arena, "%lld", (long long)due_months)};
	block(f, FORM_TEXT, word_with(f, "paper.plan_rule", names, values, 1), NULL, 0, 0);
	static const char *const columns[] = {"plan.standard", "plan.description", "plan.responsible", "plan.due_date"};
	const char **heads = arena_alloc(f->arena, 4 * sizeof *heads);
	for (int i = 0; i < 4; i++)
		heads[i] = word(f, columns[i]);
	block(f, FORM_TABLE, NULL, heads, 4, 10);
	text(f, FORM_FIELD, "paper.plan_agreed_by");
	text(f, FORM_FIELD, "paper.date");
}

/* GET /offline-forms/assessment.pdf?lang=: the whole assessment as a form to fill by hand. */
void offline_forms_assessment_pdf(struct req *r)
{
	const char *lang = export_language(r);
	if (!lang)
		return;
	struct rating_bands bands;
	int64_t due_months = 1;
	struct org *agencies = NULL;
	size_t nagencies = 0;
	int rc = psea_bands(r, &bands);
	if (rc == STORE_OK)
		rc = settings_get(r->db, SETTING_CSIP_DUE_MONTHS, &due_months);
	if (rc == STORE_OK)
		rc = store_agencies(r->db, &r->arena, &agencies, &nagencies);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	struct form f = {.arena = &r->arena};
	catalogue_open(&f.words, req_web_dir(r), lang, &r->arena);
	const char *title = word(&f, "paper.title");
	block(&f, FORM_TITLE, title, NULL, 0, 0);
	text(&f, FORM_TEXT, "paper.instructions");
	text(&f, FORM_FIELD, "paper.partner");
	text(&f, FORM_FIELD, "paper.country");
	text(&f, FORM_FIELD, "paper.filled_by");
	text(&f, FORM_FIELD, "paper.date");
	char today[11];
	time_format_date(r->now, today);
	const char *names[] = {"date"}, *values[] = {today};
	block(&f, FORM_HINT, word_with(&f, "paper.generated", names, values, 1), NULL, 0, 0);
	section1(&f, agencies, nagencies);
	section2(&f);
	verification(&f, bands);
	plan(&f, due_months);
	catalogue_close(&f.words);
	char *path = export_tmp_path(r);
	if (!path || form_pdf(path, report_font_path(), title, f.blocks, f.n) != 0) {
		reply_problem(r, 500, "internal_error", "The form could not be written.", NULL);
		return;
	}
	export_send(r, path, "application/pdf", arena_printf(&r->arena, "psea-assessment-form-%s.pdf", lang));
}
