/* alerts.c: psea alerts send --db PATH [--sendmail "CMD"] [--from ADDRESS] [--base-url URL] [--web DIR]
 * The e-mail copy of the alerts (DOMAIN.md, "Alerts"): to every active account with something
 * awaiting it, one plain-text message in its language listing what GET /api/v1/alerts lists for
 * it, handed to a sendmail command. Off unless the setting alerts.email is 1. Meant to run once a
 * day (deploy/systemd/psea-alerts.timer). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "../api/alerts.h"
#include "../util/mail.h"
#include "../util/sendmail.h"

static const char usage[] =
	"usage: psea alerts send --db PATH [--sendmail \"CMD\"] [--from ADDRESS] [--base-url URL] [--web DIR]\n";

#define USERS_PAGE 200

static const char *const languages[] = {"en", "fr", "es"};
#define LANGUAGES (sizeof languages / sizeof languages[0])

/* The interface's catalogues (web/i18n/LANG.json): the messages use the screens' words. A word
 * missing in a language comes from English. */
struct catalogues {
	json_t *of[LANGUAGES]; /* in the order of languages[]; [0] is English */
};

struct run {
	struct db *db;
	const char *sendmail, *from, *base_url;
	struct catalogues words;
	instant_t now;
	int sent, without_alerts, failed;
};

static size_t language_index(const char *language)
{
	for (size_t i = 0; language && i < LANGUAGES; i++)
		if (!strcmp(language, languages[i]))
			return i;
	return 0;
}

static const char *say(const struct run *run, size_t lang, const char *key, const char *fallback)
{
	const char *s = json_string_value(json_object_get(run->words.of[lang], key));
	if (!s)
		s = json_string_value(json_object_get(run->words.of[0], key));
	return s ? s : fallback;
}

/* The catalogue's text with "{name}" replaced by value (once; the texts hold each name once). */
static char *fill(struct arena *a, const char *text, const char *name, const char *value)
{
	char mark[32];
	snprintf(mark, sizeof mark, "{%s}", name);
	const char *at = strstr(text, mark);
	if (!at)
		return arena_strdup(a, text);
	return arena_printf(a, "%.*s%s%s", (int)(at - text), text, value, at + strlen(mark));
}

/* Where an alert leads in the interface, as web/js/pages/home.js links its card. */
static char *alert_path(struct arena *a, const char *kind, const char *assessment_id, const char *partner_id)
{
	static const struct { const char *kind, *page; } pages[] = {
		{"intro_to_fill", "/intro"}, {"self_assessment_to_fill", "/standards/1"}, {"verification_to_do", "/verify"},
		{"rating_to_finalize", "/verify"}, {"unlock_request", "/unlock/self"},
	};
	if (assessment_id) {
		const char *page = "";
		for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
			if (!strcmp(kind, pages[i].kind))
				page = pages[i].page;
		if (!*page && (strstr(kind, "plan") || strstr(kind, "csip") || strstr(kind, "activity") || strstr(kind, "reassessment")))
			page = "/plan";
		return arena_printf(a, "/assessments/%s%s", assessment_id, page);
	}
	return partner_id ? arena_printf(a, "/partners/%s", partner_id) : NULL;
}

/* Appends a line of text to the body, each line of a multi-line value indented by indent. */
static void body_line(FILE *body, const char *indent, const char *text)
{
	fputs(indent, body);
	for (const char *p = text; *p; p++) {
		if (*p == '\r')
			continue;
		fputc(*p, body);
		if (*p == '\n')
			fputs(indent, body);
	}
	fputc('\n', body);
}

/* One alert of the list: its title, the partner, the reason or date, and the link. */
static void alert_in_words(struct run *run, struct arena *a, size_t lang, json_t *alert, FILE *body)
{
	const char *kind = json_string_value(json_object_get(alert, "kind"));
	const char *message = json_string_value(json_object_get(alert, "message"));
	json_t *partner = json_object_get(alert, "partner");
	const char *partner_name = json_string_value(json_object_get(partner, "name"));
	const char *reason = json_string_value(json_object_get(alert, "reason"));
	const char *due = json_string_value(json_object_get(alert, "due"));
	kind = kind ? kind : "";
	body_line(body, "- ", say(run, lang, arena_printf(a, "alert.%s", kind), message ? message : kind));
	if (partner_name)
		body_line(body, "  ", fill(a, say(run, lang, "mail.partner", "Partner: {name}"), "name", mail_header_text(a, partner_name)));
	if (reason && *reason)
		body_line(body, "  ", fill(a, say(run, lang, "mail.reason", "Reason given: {text}"), "text", reason));
	if (due) {
		const char *key = strstr(kind, "_expiring") ? "mail.expires" : strstr(kind, "_expired") ? "mail.expired"
				  : !strcmp(kind, "csip_reassessment") ? "mail.reassess" : "mail.due";
		body_line(body, "  ", fill(a, say(run, lang, key, "Date: {date}"), "date", arena_strndup(a, due, 10)));
	}
	char *path = alert_path(a, kind, json_string_value(json_object_get(alert, "assessment_id")),
				json_string_value(json_object_get(partner, "id")));
	if (run->base_url && path)
		body_line(body, "  ", arena_printf(a, "%s%s", run->base_url, path));
	fputc('\n', body);
}

/* The whole message, headers and body; NULL when the account's address cannot go in a header. */
static char *message_of(struct run *run, struct arena *a, const struct user *u, json_t *alerts, size_t *len)
{
	size_t lang = language_index(u->language);
	char *to = mail_mailbox(a, u->name, u->email);
	char *from = mail_mailbox(a, say(run, lang, "mail.from_name", "PSEA Portal"), run->from);
	if (!to || !from)
		return NULL;
	char count[24], date[48];
	snprintf(count, sizeof count, "%zu", json_array_size(alerts));
	mail_date(run->now, date);
	char *text = NULL;
	FILE *m = open_memstream(&text, len);
	fprintf(m, "From: %s\nTo: %s\nSubject: %s\nDate: %s\nAuto-Submitted: auto-generated\nMIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n", from, to,
		mail_encode_words(a, fill(a, say(run, lang, "mail.subject", "PSEA Portal: {n} waiting for you"), "n", count)), date);
	body_line(m, "", fill(a, say(run, lang, "mail.greeting", "Hello {name},"), "name", mail_header_text(a, u->name)));
	fputc('\n', m);
	body_line(m, "", say(run, lang, "mail.intro", "These steps are waiting for you in the PSEA Portal:"));
	fputc('\n', m);
	size_t i;
	json_t *alert;
	json_array_foreach(alerts, i, alert)
		alert_in_words(run, a, lang, alert, m);
	body_line(m, "", say(run, lang, "mail.footer", "This message is sent once a day while something waits for you."));
	fclose(m);
	char *copy = arena_strndup(a, text, *len);
	free(text);
	return copy;
}

/* Computes one account's alerts, as GET /api/v1/alerts would for it, and mails them. */
static void mail_account(struct run *run, struct user *u)
{
	struct arena a;
	arena_init(&a);
	json_t *alerts = alerts_of_account(run->db, u, run->now);
	if (json_array_size(alerts) == 0) {
		run->without_alerts++;
	} else {
		size_t len;
		int status;
		char *message = message_of(run, &a, u, alerts, &len);
		if (!message) {
			fprintf(stderr, "psea: no message for account %lld: its address cannot be written in a message header\n",
				(long long)u->id);
			run->failed++;
		} else if (!sendmail_hand_over(run->sendmail, message, len, &status)) {
			fprintf(stderr, "psea: the message to %s was not accepted by the sendmail command (exit status %d)\n",
				u->email, status);
			run->failed++;
		} else {
			run->sent++;
		}
	}
	json_decref(alerts);
	arena_free(&a);
}

static int send_all(struct run *run)
{
	struct arena a;
	arena_init(&a);
	int rc = STORE_OK;
	int64_t after = 0;
	for (;;) {
		struct user *users;
		size_t n;
		if ((rc = store_users_list(run->db, &a, after, USERS_PAGE, &users, &n)) != STORE_OK || n == 0)
			break;
		for (size_t i = 0; i < n; i++)
			if (users[i].active)
				mail_account(run, &users[i]);
		after = users[n - 1].id;
		arena_free(&a);
		arena_init(&a);
	}
	arena_free(&a);
	return rc;
}

static bool catalogues_read(struct catalogues *c, const char *web)
{
	for (size_t i = 0; i < LANGUAGES; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/i18n/%s.json", web, languages[i]);
		c->of[i] = json_load_file(path, 0, NULL);
		if (!json_is_object(c->of[i])) {
			fprintf(stderr, "psea: the interface's texts could not be read from %s (give --web DIR)\n", path);
			return false;
		}
	}
	return true;
}

static void catalogues_free(struct catalogues *c)
{
	for (size_t i = 0; i < LANGUAGES; i++)
		json_decref(c->of[i]);
}

static int send_if_on(struct run *run, const char *web)
{
	int64_t on;
	if (settings_get(run->db, SETTING_ALERTS_EMAIL, &on) != STORE_OK) {
		fputs("psea: the setting alerts.email could not be read\n", stderr);
		return 1;
	}
	if (on != 1) {
		puts("E-mail of alerts is off (setting alerts.email is 0): nothing was sent.");
		return 0;
	}
	if (!mail_address_ok(run->from)) { /* the default, from this machine's name */
		fprintf(stderr, "psea: '%s' cannot be the sender's address; give --from ADDRESS\n", run->from);
		return 2;
	}
	if (!catalogues_read(&run->words, web))
		return 1;
	signal(SIGPIPE, SIG_IGN); /* a sendmail that stops reading is a failure for that message, not the end */
	int rc = send_all(run);
	printf("%d message%s sent, %d account%s without alerts, %d failure%s\n", run->sent, run->sent == 1 ? "" : "s",
	       run->without_alerts, run->without_alerts == 1 ? "" : "s", run->failed, run->failed == 1 ? "" : "s");
	if (rc != STORE_OK) {
		fputs("psea: the accounts could not all be read from the database\n", stderr);
		return 1;
	}
	return run->failed ? 1 : 0;
}

int cmd_alerts(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		fputs("When the setting alerts.email is 1, sends every active account that has something waiting\n"
		      "for it one message in its language listing its alerts, as the home page shows them.\n"
		      "When it is 0, says so and sends nothing. Run it once a day.\n"
		      "--sendmail: the command that takes each message on its standard input, recipients in its\n"
		      "headers (default \"" SENDMAIL_DEFAULT "\").\n"
		      "--from: the sender's address (default psea@ this machine's name).\n"
		      "--base-url: the portal's address (https://psea.example.org): each alert links to its page.\n"
		      "--web: the interface's files, whose catalogues give the words (default as psea serve).\n"
		      "Exits 1 when a message could not be handed over, after trying the others.\n", stdout);
		return 0;
	}
	struct cli_opt o[] = {{"--db", NULL}, {"--sendmail", NULL}, {"--from", NULL}, {"--base-url", NULL}, {"--web", NULL}};
	const char *action[1];
	int n;
	if (!cli_parse(argc, argv, o, 5, action, 1, &n) || n != 1 || strcmp(action[0], "send") || !o[0].value ||
	    (o[1].value && !*o[1].value)) {
		fputs(usage, stderr);
		return 2;
	}
	char *base_url = o[3].value ? sendmail_base_url(o[3].value) : NULL;
	if (o[3].value && !base_url) {
		fputs("psea: --base-url must be an http:// or https:// address without spaces\n", stderr);
		return 2;
	}
	if (o[2].value && !mail_address_ok(o[2].value)) {
		fputs("psea: --from must be a plain address such as portal@example.org\n", stderr);
		free(base_url);
		return 2;
	}
	struct store *s = cli_open_store(o[0].value, 1);
	struct db *db = s ? store_acquire(s) : NULL;
	int rc = 1;
	if (db) {
		struct run run = {.db = db, .sendmail = o[1].value ? o[1].value : SENDMAIL_DEFAULT,
				  .from = o[2].value ? o[2].value : sendmail_default_from(), .base_url = base_url, .now = clock_now()};
		rc = send_if_on(&run, o[4].value ? o[4].value : cli_default_web_dir());
		catalogues_free(&run.words);
		store_release(s, db);
	}
	if (s)
		store_close(s);
	free(base_url);
	return rc;
}
