/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "freewatch.h"

#include "secret.h"

#define P52 "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"
#define P84 "ABCdef0123456789ABCdef0123456789ABCdef0123456789ABCdef0123456789ABCdef0123456789ABCd"

static void secret__legacy_and_current_pat_shapes_are_pats(void **state)
{
	(void)state;
	assert_int_equal(strlen(P52), 52);
	assert_int_equal(strlen(P84), 84);
	assert_true(gz_secret_is_pat(P52));
	assert_true(gz_secret_is_pat(P84));
}

static void secret__other_tokens_are_not_pats(void **state)
{
	(void)state;
	assert_false(gz_secret_is_pat(NULL));
	assert_false(gz_secret_is_pat(""));
	assert_false(gz_secret_is_pat("gho_16C7e42F292c6912E7710c838347Ae178B4a"));
	/* 52 chars but with a digit outside base32 */
	assert_false(gz_secret_is_pat("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs1"));
	/* 52 chars, upper case */
	assert_false(gz_secret_is_pat("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRST"));
	/* 84 chars with a space */
	assert_false(gz_secret_is_pat("ABCdef0123456789ABCdef0123456789ABCdef0123456789ABCdef0123456789ABCdef0123456789ABC "));
	assert_false(gz_secret_is_pat(P52 "a"));
}

static void secret__equal_compares_whole_strings(void **state)
{
	(void)state;
	assert_true(gz_secret_equal("abc", "abc"));
	assert_false(gz_secret_equal("abc", "abd"));
	assert_false(gz_secret_equal("abc", "abcd"));
	assert_false(gz_secret_equal("abc", NULL));
}

static void secret__a_freed_secret_is_all_zeros_when_it_reaches_free(void **state)
{
	char *s = strdup(P84);

	(void)state;
	assert_non_null(s);
	freewatch(s, strlen(P84) + 1);
	gz_secret_free(s);
	assert_true(freewatch_seen);
	assert_false(freewatch_dirty);
	gz_secret_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(secret__legacy_and_current_pat_shapes_are_pats),
		cmocka_unit_test(secret__other_tokens_are_not_pats),
		cmocka_unit_test(secret__equal_compares_whole_strings),
		cmocka_unit_test(secret__a_freed_secret_is_all_zeros_when_it_reaches_free),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
