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
		cmocka_unit_test(esc__long_text_is_truncated_with_an_ellipsis),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
