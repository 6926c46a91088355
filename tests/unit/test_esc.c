#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "esc.h"

static void esc__control_characters_are_written_as_escapes(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(gz_esc(out, sizeof(out), "a\x1b[31mb\n\r\t\\"),
			    "a\\x1b[31mb\\n\\r\\t\\\\");
	assert_string_equal(gz_esc(out, sizeof(out), "\x7f"), "\\x7f");
	assert_string_equal(gz_esc(out, sizeof(out), NULL), "(null)");
}

static void esc__valid_utf8_passes_and_c1_controls_and_stray_bytes_are_escaped(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(gz_esc(out, sizeof(out), "caf\xc3\xa9 \xe2\x80\x94"), "caf\xc3\xa9 \xe2\x80\x94");
	/* U+009B, the 8-bit CSI, as UTF-8 */
	assert_string_equal(gz_esc(out, sizeof(out), "a\xc2\x9b" "31m"), "a\\xc2\\x9b31m");
	/* a lone continuation byte, an overlong '/', a surrogate */
	assert_string_equal(gz_esc(out, sizeof(out), "\x80"), "\\x80");
	assert_string_equal(gz_esc(out, sizeof(out), "\xc0\xaf"), "\\xc0\\xaf");
	assert_string_equal(gz_esc(out, sizeof(out), "\xed\xa0\x80"), "\\xed\\xa0\\x80");
}

static void esc__plain_text_is_unchanged(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(gz_esc(out, sizeof(out), "contoso/Web repo"), "contoso/Web repo");
}

static void esc__long_text_is_truncated_with_an_ellipsis(void **state)
{
	char out[8];

	(void)state;
	assert_string_equal(gz_esc(out, sizeof(out), "abcdefghijkl"), "abcd...");
	assert_string_equal(gz_esc(out, sizeof(out), "\x1b\x1b\x1b"), "\\x1b...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(esc__control_characters_are_written_as_escapes),
		cmocka_unit_test(esc__plain_text_is_unchanged),
		cmocka_unit_test(esc__valid_utf8_passes_and_c1_controls_and_stray_bytes_are_escaped),
		cmocka_unit_test(esc__long_text_is_truncated_with_an_ellipsis),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
