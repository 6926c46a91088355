/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "table.h"

#include "paste.h"

/*
 * Pasted values as a table: each row is a specification (its name is the
 * test name) with values, the problem each must be found to have, and a
 * part of the message (NULL: not checked). Every message is also checked
 * not to contain the value.
 */

#define MAX_CASES 8

struct one {
	const char *value;
	enum gz_paste_problem want;
	const char *says;
};

struct row {
	const char *name;
	struct one cases[MAX_CASES];
};

static const struct row rows[] = {
	{ "paste__a_legacy_pat_is_accepted",
	  {
	    { "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst", GZ_PASTE_OK, NULL } } },
	{ "paste__a_current_pat_is_accepted",
	  {
	    { "A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2", GZ_PASTE_OK, NULL } } },
	{ "paste__empty_or_only_white_space_is_empty",
	  {
	    { "", GZ_PASTE_EMPTY, "nothing was entered" },
	    { "   ", GZ_PASTE_EMPTY, "nothing was entered" },
	    { "\t", GZ_PASTE_EMPTY, NULL },
	    { NULL, GZ_PASTE_EMPTY, NULL } } },
	{ "paste__control_characters_are_named_as_such",
	  {
	    { "\033[200~abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst\033[201~", GZ_PASTE_CONTROL, "control characters" },
	    { "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst\r", GZ_PASTE_CONTROL, NULL },
	    { "a\177b", GZ_PASTE_CONTROL, NULL } } },
	{ "paste__quotes_around_it_are_named",
	  {
	    { "\"abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst\"", GZ_PASTE_QUOTED, "in quotes" },
	    { "'A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2'", GZ_PASTE_QUOTED, NULL },
	    { " 'A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2' ", GZ_PASTE_QUOTED, NULL },
	    { "\xe2\x80\x9c" "A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2\xe2\x80\x9d", GZ_PASTE_QUOTED, NULL },
	    { "`A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2", GZ_PASTE_QUOTED, NULL },
	    { "A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2'", GZ_PASTE_QUOTED, NULL } } },
	{ "paste__leading_white_space_is_named",
	  {
	    { " A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2", GZ_PASTE_LEADING, "starts with white space" },
	    { "\tabcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst", GZ_PASTE_LEADING, NULL },
	    { "\xc2\xa0" "A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2", GZ_PASTE_LEADING, NULL },
	    { " A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2 ", GZ_PASTE_LEADING, NULL } } },
	{ "paste__trailing_white_space_is_named",
	  {
	    { "A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2 ", GZ_PASTE_TRAILING, "ends with white space" },
	    { "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst\t\t", GZ_PASTE_TRAILING, NULL },
	    { "A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2\xc2\xa0", GZ_PASTE_TRAILING, NULL } } },
	{ "paste__white_space_inside_is_named",
	  {
	    { "A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0 A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2", GZ_PASTE_INSIDE, "white space inside" },
	    { "abcdefghij\xc2\xa0klmnopqrstuvwxyz234567abcdefghijklmnopqrst", GZ_PASTE_INSIDE, NULL } } },
	{ "paste__github_tokens_are_named",
	  {
	    { "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", GZ_PASTE_GITHUB, "GitHub token" },
	    { "gho_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", GZ_PASTE_GITHUB, NULL },
	    { "ghu_x", GZ_PASTE_GITHUB, NULL },
	    { "ghs_x", GZ_PASTE_GITHUB, NULL },
	    { "ghr_x", GZ_PASTE_GITHUB, NULL },
	    { "github_pat_11ABC_def", GZ_PASTE_GITHUB, NULL } } },
	{ "paste__gitlab_tokens_are_named",
	  {
	    { "glpat-xxxxxxxxxxxxxxxxxxxx", GZ_PASTE_GITLAB, "GitLab token" } } },
	{ "paste__wrong_length_says_the_length_and_both_formats",
	  {
	    { "abc", GZ_PASTE_LENGTH, "has 3 characters; an Azure DevOps PAT has 84 (52 for an older PAT)" },
	    { "a", GZ_PASTE_LENGTH, "has 1 character;" },
	    { "A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2A", GZ_PASTE_LENGTH, "85 characters" },
	    { "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs", GZ_PASTE_LENGTH, "51 characters" },
	    { "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", GZ_PASTE_LENGTH, "10 characters" } } },
	{ "paste__an_upper_cased_legacy_pat_is_named_as_such",
	  {
	    { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRST", GZ_PASTE_LEGACY_CASE, "upper-case letters: older PATs are lower case (a-z and 2-7)" },
	    { "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrsQ", GZ_PASTE_LEGACY_CASE, NULL } } },
	{ "paste__a_legacy_pat_with_other_characters_names_them",
	  {
	    { "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs8", GZ_PASTE_LEGACY_CHARS, "also the digits 0, 1, 8 or 9: older PATs have only a-z and 2-7" },
	    { "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs-", GZ_PASTE_LEGACY_CHARS, "also punctuation" },
	    { "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs\xc3\xa9", GZ_PASTE_LEGACY_CHARS, "also non-ASCII characters" },
	    { "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqr1A", GZ_PASTE_LEGACY_CHARS, "also the digits 0, 1, 8 or 9, upper-case letters:" } } },
	{ "paste__a_current_pat_with_other_characters_names_them",
	  {
	    { "A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b_", GZ_PASTE_CHARS, "84 characters, the length of a PAT, but also punctuation" },
	    { "A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b\xc3\xa9", GZ_PASTE_CHARS, "also non-ASCII characters" } } },
};

static void run_row(void **state)
{
	const struct row *row = *state;
	size_t i;

	for (i = 0; i < MAX_CASES && (row->cases[i].value || row->cases[i].want); i++) {
		const struct one *c = &row->cases[i];
		char msg[512];
		enum gz_paste_problem got = gz_paste_check(msg, sizeof(msg), c->value);

		if (got != c->want)
			fail_msg("case %zu: problem %d, expected %d (%s)", i, (int)got, (int)c->want, msg);
		if (c->says && !strstr(msg, c->says))
			fail_msg("case %zu: message '%s' lacks '%s'", i, msg, c->says);
		if (got == GZ_PASTE_OK)
			assert_string_equal(msg, "");
		else
			assert_true(strlen(msg) > 20);
		if (c->value && strlen(c->value) >= 4)
			assert_null(strstr(msg, c->value));
	}
}

static void paste__messages_never_hold_a_part_of_the_value(void **state)
{
	/* a 40-character run of the value would show up in a message */
	static const char *values[] = {
		"'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst'",
		"abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs8",
		"ghp_abcdefghijklmnopqrstuvwxyz0123456789",
		"qwertyuiopasdfghjklzxcvbnm",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char msg[512];

		gz_paste_check(msg, sizeof(msg), values[i]);
		assert_null(strstr(msg, values[i] + 4));
		assert_null(strstr(msg, "qwerty"));
		assert_null(strstr(msg, "ghp_a"));
	}
}

static void paste__a_small_buffer_is_cut_not_overrun(void **state)
{
	char msg[8];

	(void)state;
	memset(msg, 'x', sizeof(msg));
	assert_int_equal(gz_paste_check(msg, sizeof(msg), ""), GZ_PASTE_EMPTY);
	assert_int_equal(msg[7], '\0');
	assert_int_equal(gz_paste_check(NULL, 0, "ghp_x"), GZ_PASTE_GITHUB);
}

static void paste__words_that_look_like_tokens_are_secret(void **state)
{
	(void)state;
	assert_true(gz_paste_looks_secret("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"));
	assert_true(gz_paste_looks_secret("A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2C3d4E5f6G7h8I9j0A1b2"));
	assert_true(gz_paste_looks_secret("ghp_0123"));
	assert_true(gz_paste_looks_secret("github_pat_0123"));
	assert_true(gz_paste_looks_secret("glpat-0123"));
	assert_true(gz_paste_looks_secret("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	assert_false(gz_paste_looks_secret("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	assert_false(gz_paste_looks_secret("contoso"));
	assert_false(gz_paste_looks_secret("https://dev.azure.com/contoso"));
	assert_false(gz_paste_looks_secret("--force"));
	assert_false(gz_paste_looks_secret(""));
	assert_false(gz_paste_looks_secret(NULL));
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(paste__messages_never_hold_a_part_of_the_value),
		cmocka_unit_test(paste__a_small_buffer_is_cut_not_overrun),
		cmocka_unit_test(paste__words_that_look_like_tokens_are_secret),
	};
	return GZ_TABLE_RUN("paste", rows, run_row, fixed);
}
