/* outbox.c: see outbox.h. A message is plain UTF-8 text: a greeting, what the link is for, the
 * link on a line of its own, and why the person received it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "outbox.h"
#include "../util/log.h"
#include "../util/mail.h"
#include "../util/sendmail.h"

bool outbox_ready(struct req *r)
{
	if (req_base_url(r))
		return true;
	reply_problem(r, 503, "mail_unavailable",
		      "This server sends no e-mail: it was started without --base-url. Ask an administrator.", NULL);
	return false;
}

struct words {
	json_t *lang, *en;
};

static json_t *catalogue(struct req *r, const char *language)
{
	char *path = arena_printf(&r->arena, "%s/i18n/%s.json", req_web_dir(r), language);
	json_t *c = json_load_file(path, 0, NULL);
	if (!json_is_object(c)) {
		json_decref(c);
		return NULL;
	}
	return c;
}

/* The text of key in the message's language, else in English, else the fallback. */
static const char *say(const struct words *w, const char *key, const char *fallback)
{
	const char *s = json_string_value(json_object_get(w->lang, key));
	if (!s)
		s = json_string_value(json_object_get(w->en, key));
	return s ? s : fallback;
}

/* The text with each {name} of fills replaced by its value (each name stands once at most). */
static char *fill(struct arena *a, const struct words *w, const char *text, const struct outbox_fill *fills, size_t n)
{
	char *out = arena_strdup(a, text);
	for (size_t i = 0; i < n; i++) {
		char *mark = arena_printf(a, "{%s}", fills[i].name);
		char *at = strstr(out, mark);
		const char *value = fills[i].word ? say(w, fills[i].value, fills[i].value) : mail_header_text(a, fills[i].value);
		if (at)
			out = arena_printf(a, "%.*s%s%s", (int)(at - out), out, value, at + strlen(mark));
	}
	return out;
}

static char *text_of(struct req *r, const struct words *w, const char *kind, const char *part, const struct outbox_fill *fills,
		     size_t n)
{
	const char *text = say(w, arena_printf(&r->arena, "mail.%s.%s", kind, part), "");
	return fill(&r->arena, w, text, fills, n);
}

static char *message_of(struct req *r, const struct words *w, const char *kind, const char *to_name, const char *address,
			const char *link, const struct outbox_fill *fills, size_t n, size_t *len)
{
	struct arena *a = &r->arena;
	char *to = mail_mailbox(a, to_name, address);
	char *from = mail_mailbox(a, say(w, "mail.from_name", "PSEA Portal"), req_mail_from(r));
	if (!to || !from)
		return NULL;
	char date[48];
	mail_date(r->now, date);
	char *text = NULL;
	FILE *m = open_memstream(&text, len);
	if (!m)
		return NULL;
	fprintf(m, "From: %s\nTo: %s\nSubject: %s\nDate: %s\nAuto-Submitted: auto-generated\nMIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n", from, to,
		mail_encode_words(a, text_of(r, w, kind, "subject", fills, n)), date);
	if (to_name)
		fprintf(m, "%s\n\n", fill(a, w, say(w, "mail.greeting", "Hello {name},"), (struct outbox_fill[]){{"name", to_name, false}}, 1));
	else
		fprintf(m, "%s\n\n", say(w, "mail.greeting_plain", "Hello,"));
	fprintf(m, "%s\n\n%s\n%s\n\n%s\n", text_of(r, w, kind, "intro", fills, n), text_of(r, w, kind, "action", fills, n),
		link, text_of(r, w, kind, "footer", fills, n));
	fclose(m);
	char *copy = arena_strndup(a, text, *len);
	free(text);
	return copy;
}

/* The whole message for address, in the arena; NULL when it cannot be written. */
static char *compose(struct req *r, const char *kind, const char *language, const char *to_name, const char *address,
		     const char *path, const struct outbox_fill *fills, size_t nfills, size_t *len)
{
	struct words w = {.lang = catalogue(r, language), .en = catalogue(r, "en")};
	char *link = arena_printf(&r->arena, "%s%s", req_base_url(r), path);
	char *message = message_of(r, &w, kind, to_name, address, link, fills, nfills, len);
	json_decref(w.lang);
	json_decref(w.en);
	return message;
}

static bool hand_over(const char *command, const char *kind, const char *address, const char *message, size_t len)
{
	int status = -1;
	bool sent = message && sendmail_hand_over(command, message, len, &status);
	if (!sent)
		log_error("the %s message to %s was not sent (sendmail exit status %d)", kind, address, status);
	return sent;
}

bool outbox_send(struct req *r, const char *kind, const char *language, const char *to_name, const char *address,
		 const char *path, const struct outbox_fill *fills, size_t nfills)
{
	size_t len = 0;
	char *message = compose(r, kind, language, to_name, address, path, fills, nfills, &len);
	return hand_over(req_sendmail(r), kind, address, message, len);
}

/* What the sending thread needs, copied out of the request's arena, which is freed before. */
struct later {
	char *command, *kind, *address, *message;
	size_t len;
};

static void later_free(struct later *l)
{
	free(l->command);
	free(l->kind);
	free(l->address);
	free(l->message);
	free(l);
}

static void *send_later(void *arg)
{
	struct later *l = arg;
	hand_over(l->command, l->kind, l->address, l->message, l->len);
	later_free(l);
	return NULL;
}

void outbox_send_unseen(struct req *r, const char *kind, const char *language, const char *to_name, const char *address,
			const char *path, const struct outbox_fill *fills, size_t nfills)
{
	size_t len = 0;
	char *message = compose(r, kind, language, to_name, address ? address : "nobody@example.org", path, fills, nfills, &len);
	if (!address)
		return;
	if (!message) {
		hand_over(req_sendmail(r), kind, address, NULL, 0);
		return;
	}
	struct later *l = calloc(1, sizeof *l);
	if (l) {
		l->command = strdup(req_sendmail(r));
		l->kind = strdup(kind);
		l->address = strdup(address);
		l->message = malloc(len);
		l->len = len;
	}
	pthread_t thread;
	pthread_attr_t attr;
	bool started = false;
	if (l && l->command && l->kind && l->address && l->message && pthread_attr_init(&attr) == 0) {
		memcpy(l->message, message, len);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		started = pthread_create(&thread, &attr, send_later, l) == 0;
		pthread_attr_destroy(&attr);
	}
	if (!started) { /* no thread to spare: send it now */
		if (l)
			later_free(l);
		hand_over(req_sendmail(r), kind, address, message, len);
	}
}
