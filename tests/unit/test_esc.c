/* SPDX-License-Identifier: MIT */
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
	/* overlong three- and four-byte forms (a newline, U+2066 LRI), code points past U+10FFFF */
	assert_string_equal(gz_esc(out, sizeof(out), "\xe0\x80\x8a"), "\\xe0\\x80\\x8a");
	/* an overlong printable character: '/' in three bytes is not a '/' */
	assert_string_equal(gz_esc(out, sizeof(out), "a\xe0\x80\xaf" "b"), "a\\xe0\\x80\\xafb");
	assert_string_equal(gz_esc(out, sizeof(out), "\xf0\x82\x81\xa6"), "\\xf0\\x82\\x81\\xa6");
	assert_string_equal(gz_esc(out, sizeof(out), "\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");
}

static void esc__bidirectional_controls_are_escaped_as_other_controls(void **state)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "a\xe2\x80\xae" "b", "a\\xe2\\x80\\xaeb" },   /* U+202E RIGHT-TO-LEFT OVERRIDE */
		{ "\xe2\x80\xaa", "\\xe2\\x80\\xaa" },        /* U+202A LRE */
		{ "\xe2\x80\xac", "\\xe2\\x80\\xac" },        /* U+202C PDF */
		{ "\xe2\x81\xa6", "\\xe2\\x81\\xa6" },        /* U+2066 LRI */
		{ "\xe2\x81\xa9", "\\xe2\\x81\\xa9" },        /* U+2069 PDI */
		{ "\xe2\x80\x8e", "\\xe2\\x80\\x8e" },        /* U+200E LRM */
		{ "\xe2\x80\x8f", "\\xe2\\x80\\x8f" },        /* U+200F RLM */
		{ "\xd8\x9c", "\\xd8\\x9c" },                /* U+061C ARABIC LETTER MARK */
		/* the neighbours pass: U+2029, U+202F, U+2065 (unassigned), U+206A, U+200D, U+061B */
		{ "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa\xe2\x80\x8d\xd8\x9b",
		  "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa\xe2\x80\x8d\xd8\x9b" },
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_string_equal(gz_esc(out, sizeof(out), t[i].in), t[i].out);
	assert_true(gz_esc_is_control(0x202e));
	assert_true(gz_esc_is_control(0x061c));
	assert_true(gz_esc_is_control(0x9b));
	assert_false(gz_esc_is_control(0x202f));
	assert_false(gz_esc_is_control('a'));
}

static void esc__a_bidi_control_is_never_cut_in_half(void **state)
{
	char out[12];

	(void)state;
	/* "ab" + 12 escape bytes do not fit in 12 with "..."; the override goes whole or not at all */
	assert_string_equal(gz_esc(out, sizeof(out), "ab\xe2\x80\xae"), "ab...");
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

static void esc__hexval_takes_both_cases_and_nothing_else(void **state)
{
	unsigned c;

	(void)state;
	assert_int_equal(gz_esc_hexval('0'), 0);
	assert_int_equal(gz_esc_hexval('9'), 9);
	assert_int_equal(gz_esc_hexval('a'), 10);
	assert_int_equal(gz_esc_hexval('F'), 15);
	for (c = 0; c < 256; c++) {
		int hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

		if (!hex)
			assert_int_equal(gz_esc_hexval((unsigned char)c), -1);
		else
			assert_in_range(gz_esc_hexval((unsigned char)c), 0, 15);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(esc__control_characters_are_written_as_escapes),
		cmocka_unit_test(esc__plain_text_is_unchanged),
		cmocka_unit_test(esc__hexval_takes_both_cases_and_nothing_else),
		cmocka_unit_test(esc__valid_utf8_passes_and_c1_controls_and_stray_bytes_are_escaped),
		cmocka_unit_test(esc__long_text_is_truncated_with_an_ellipsis),
		cmocka_unit_test(esc__bidirectional_controls_are_escaped_as_other_controls),
		cmocka_unit_test(esc__a_bidi_control_is_never_cut_in_half),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
