/* The one rule for text from outside: well-formed UTF-8, no control characters (line breaks and
 * tabs only in multi-line texts); and log fields that a request cannot split or forge. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/util/text.h"

static enum text_fault check(const char *s, enum text_lines lines) { return text_check(s, strlen(s), lines); }

static void utf8_text_in_any_script_is_accepted(void **state)
{
	(void)state;
	assert_int_equal(check("Hope Rising", TEXT_ONE_LINE), TEXT_OK);
	assert_int_equal(check("Fédération des femmes, Côte d’Ivoire", TEXT_ONE_LINE), TEXT_OK);
	assert_int_equal(check("منظمة الأمل", TEXT_ONE_LINE), TEXT_OK);
	assert_int_equal(check("希望 🌱", TEXT_ONE_LINE), TEXT_OK);
	assert_int_equal(check("\xC2\xA0non-breaking \xEF\xBF\xBD", TEXT_ONE_LINE), TEXT_OK); /* U+00A0, U+FFFD */
	assert_int_equal(check("", TEXT_ONE_LINE), TEXT_OK);
}

static void bytes_that_are_not_utf8_are_refused(void **state)
{
	(void)state;
	assert_int_equal(check("Caf\xE9", TEXT_LINES), TEXT_NOT_UTF8);          /* Latin-1 é */
	assert_int_equal(check("G\xFFT", TEXT_ONE_LINE), TEXT_NOT_UTF8);
	assert_int_equal(check("\xC0\xAF", TEXT_ONE_LINE), TEXT_NOT_UTF8);      /* overlong "/" */
	assert_int_equal(check("\xE0\x80\xAF", TEXT_ONE_LINE), TEXT_NOT_UTF8);  /* overlong, 3 bytes */
	assert_int_equal(check("\xED\xA0\x80", TEXT_ONE_LINE), TEXT_NOT_UTF8);  /* a surrogate */
	assert_int_equal(check("\xF4\x90\x80\x80", TEXT_ONE_LINE), TEXT_NOT_UTF8); /* past U+10FFFF */
	assert_int_equal(check("cut \xE2\x82", TEXT_ONE_LINE), TEXT_NOT_UTF8);  /* sequence cut short */
	assert_int_equal(check("\x80", TEXT_ONE_LINE), TEXT_NOT_UTF8);          /* a lone continuation byte */
}

static void control_characters_are_refused(void **state)
{
	(void)state;
	assert_int_equal(text_check("a\0b", 3, TEXT_LINES), TEXT_CONTROL);
	assert_int_equal(check("bell\a", TEXT_LINES), TEXT_CONTROL);
	assert_int_equal(check("esc\x1B[31m", TEXT_LINES), TEXT_CONTROL);
	assert_int_equal(check("del\x7F", TEXT_LINES), TEXT_CONTROL);
	assert_int_equal(check("next line \xC2\x85", TEXT_LINES), TEXT_CONTROL); /* U+0085 */
	assert_int_equal(check("csi \xC2\x9B", TEXT_LINES), TEXT_CONTROL);       /* U+009B */
}

static void line_breaks_and_tabs_only_in_texts_of_several_lines(void **state)
{
	(void)state;
	assert_int_equal(check("first line\nsecond\ttabbed\r\n", TEXT_LINES), TEXT_OK);
	assert_int_equal(check("a title\n", TEXT_ONE_LINE), TEXT_CONTROL);
	assert_int_equal(check("a\ttitle", TEXT_ONE_LINE), TEXT_CONTROL);
	assert_int_equal(check("a\rtitle", TEXT_ONE_LINE), TEXT_CONTROL);
}

static void each_fault_has_its_sentence(void **state)
{
	(void)state;
	assert_non_null(strstr(text_fault_message(TEXT_NOT_UTF8), "UTF-8"));
	assert_non_null(strstr(text_fault_message(TEXT_CONTROL), "control character"));
}

static void log_fields_cannot_split_or_forge_lines(void **state)
{
	(void)state;
	char out[128];
	assert_string_equal(text_for_log("/api/v1/health", out, sizeof out), "/api/v1/health");
	assert_string_equal(text_for_log("/a\n2026-12-04T10:00:00Z info GET /x 200", out, sizeof out),
			    "/a\\x0A2026-12-04T10:00:00Z\\x20info\\x20GET\\x20/x\\x20200");
	assert_string_equal(text_for_log("G\xFFT", out, sizeof out), "G\\xFFT");
	assert_string_equal(text_for_log("\\x0A", out, sizeof out), "\\x5Cx0A"); /* an escape cannot be faked */
	assert_string_equal(text_for_log("/r\xC3\xA9sum\xC3\xA9\r\x1B\xC2\x85", out, sizeof out),
			    "/r\xC3\xA9sum\xC3\xA9\\x0D\\x1B\\xC2\\x85");
}

static void log_fields_are_cut_short_whole(void **state)
{
	(void)state;
	char out[8];
	assert_string_equal(text_for_log("abcdefghij", out, sizeof out), "abcdefg");
	assert_string_equal(text_for_log("abcde\n", out, sizeof out), "abcde"); /* no half escape */
	assert_string_equal(text_for_log("abcde\xC3\xA9", out, sizeof out), "abcde\xC3\xA9");
	assert_string_equal(text_for_log("abcdef\xC3\xA9", out, sizeof out), "abcdef"); /* no half character */
}

int run_text(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_text_in_any_script_is_accepted),
		cmocka_unit_test(bytes_that_are_not_utf8_are_refused),
		cmocka_unit_test(control_characters_are_refused),
		cmocka_unit_test(line_breaks_and_tabs_only_in_texts_of_several_lines),
		cmocka_unit_test(each_fault_has_its_sentence),
		cmocka_unit_test(log_fields_cannot_split_or_forge_lines),
		cmocka_unit_test(log_fields_are_cut_short_whole),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
