/* test_mail.c: header values of the alert e-mails: no value can begin a header of its own, names
 * outside ASCII travel as RFC 2047 encoded words, and only plain addresses are written. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/util/mail.h"

/* Decodes the encoded words of a header value back to the text (base64 only). */
static void decode_words(const char *value, char *out)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = value;
	while ((p = strstr(p, "=?utf-8?B?"))) {
		p += 10;
		unsigned v = 0;
		int bits = 0;
		for (; *p && *p != '?'; p++) {
			if (*p == '=')
				continue;
			v = v << 6 | (unsigned)(strchr(digits, *p) - digits);
			if ((bits += 6) >= 8) {
				*out++ = (char)(v >> (bits - 8) & 0xff);
				bits -= 8;
			}
		}
	}
	*out = '\0';
}

static void header_text_has_no_line_break(void **state)
{
	struct arena a;
	arena_init(&a);
	assert_string_equal(mail_header_text(&a, "Ann\r\nBcc: x@evil.test"), "Ann  Bcc: x@evil.test");
	assert_string_equal(mail_header_text(&a, "tab\there"), "tab here");
	assert_string_equal(mail_header_text(&a, NULL), "");
	/* encoded or not, the value keeps to its line */
	assert_null(strchr(mail_encode_words(&a, "Subject\nBcc: x@evil.test"), '\r'));
	assert_string_equal(mail_encode_words(&a, "Subject\nBcc: x@evil.test"), "Subject Bcc: x@evil.test");
	char *enc = mail_encode_words(&a, "Élodie\r\nBcc: x@evil.test");
	for (char *nl = strchr(enc, '\n'); nl; nl = strchr(nl + 1, '\n'))
		assert_int_equal(nl[1], ' '); /* only folds, never a new header */
	char back[200];
	decode_words(enc, back);
	assert_string_equal(back, "Élodie  Bcc: x@evil.test");
	arena_free(&a);
}

static void addresses_must_be_plain(void **state)
{
	assert_true(mail_address_ok("ann.lee+psea@example.org"));
	assert_true(mail_address_ok("o'neil@sub.example-ngo.org"));
	assert_false(mail_address_ok("ann@example.org\r\nBcc: x@evil.test"));
	assert_false(mail_address_ok("ann lee@example.org"));
	assert_false(mail_address_ok("ann,x@example.org"));
	assert_false(mail_address_ok("<ann>@example.org"));
	assert_false(mail_address_ok("\"ann\"@example.org"));
	assert_false(mail_address_ok("ann@example"));
	assert_false(mail_address_ok("ann..lee@example.org"));
	assert_false(mail_address_ok(".ann@example.org"));
	assert_false(mail_address_ok("ann@example.org."));
	assert_false(mail_address_ok("ann@exa_mple.org"));
	assert_false(mail_address_ok("ann@b@example.org"));
	assert_false(mail_address_ok("anné@example.org"));
	assert_false(mail_address_ok(NULL));
}

static void non_ascii_text_becomes_encoded_words(void **state)
{
	struct arena a;
	arena_init(&a);
	assert_string_equal(mail_encode_words(&a, "PSEA Portal: 2 items"), "PSEA Portal: 2 items");
	assert_string_equal(mail_encode_words(&a, "é"), "=?utf-8?B?w6k=?=");
	/* a long text: several words, each under 76 characters, no character cut in two */
	const char *text = "Portail PSEA : ce qui vous attend aujourd'hui, évaluations à vérifier et échéances à préparer";
	char *enc = mail_encode_words(&a, text);
	int words = 0;
	for (char *w = enc; w; words++) {
		char *end = strstr(w, "\n ");
		size_t n = end ? (size_t)(end - w) : strlen(w);
		assert_true(n <= 75);
		assert_memory_equal(w, "=?utf-8?B?", 10);
		assert_memory_equal(w + n - 2, "?=", 2);
		/* each word decodes alone to whole UTF-8 characters */
		char one[100], back[100];
		memcpy(one, w, n);
		one[n] = '\0';
		decode_words(one, back);
		assert_true(back[0] && ((unsigned char)back[0] & 0xc0) != 0x80);
		w = end ? end + 2 : NULL;
	}
	assert_true(words > 1);
	char back[300];
	decode_words(enc, back);
	assert_string_equal(back, text);
	arena_free(&a);
}

static void mailboxes(void **state)
{
	struct arena a;
	arena_init(&a);
	assert_string_equal(mail_mailbox(&a, "Ann Lee", "ann@example.org"), "\"Ann Lee\" <ann@example.org>");
	assert_string_equal(mail_mailbox(&a, "Ann \"the\" Lee\\", "ann@example.org"), "\"Ann \\\"the\\\" Lee\\\\\" <ann@example.org>");
	assert_string_equal(mail_mailbox(&a, "José", "jose@example.org"), "=?utf-8?B?Sm9zw6k=?= <jose@example.org>");
	assert_string_equal(mail_mailbox(&a, "Ann\r\nBcc: x@evil.test", "ann@example.org"), "\"Ann  Bcc: x@evil.test\" <ann@example.org>");
	assert_string_equal(mail_mailbox(&a, "", "ann@example.org"), "ann@example.org");
	assert_string_equal(mail_mailbox(&a, NULL, "ann@example.org"), "ann@example.org");
	assert_null(mail_mailbox(&a, "Ann", "ann@example.org\nBcc: x@evil.test"));
	arena_free(&a);
}

static void date_header(void **state)
{
	char d[48];
	mail_date(1795428496, d); /* 2026-11-23T10:08:16Z */
	assert_string_equal(d, "Mon, 23 Nov 2026 10:08:16 +0000");
	mail_date(0, d);
	assert_string_equal(d, "Thu, 01 Jan 1970 00:00:00 +0000");
}

int run_mail(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_text_has_no_line_break),
		cmocka_unit_test(addresses_must_be_plain),
		cmocka_unit_test(non_ascii_text_becomes_encoded_words),
		cmocka_unit_test(mailboxes),
		cmocka_unit_test(date_header),
	};
	return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}
