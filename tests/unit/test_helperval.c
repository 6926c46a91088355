/* SPDX-License-Identifier: MIT */
/*
 * helperval: which credential.helper values are ours, the one configure
 * writes, the program a value runs, how a value is shown, and whether
 * anybody else can change the helper (issue 13, item 6).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "err.h"
#include "helperval.h"
#include "tmphome.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static void helperval__is_ours_accepts_only_values_that_run_our_helper(void **state)
{
	(void)state;
	assert_true(gz_helperval_is_ours("gitzen"));
	assert_true(gz_helperval_is_ours("/usr/bin/git-credential-gitzen"));
	assert_true(gz_helperval_is_ours("!'/a b/git-credential-gitzen'"));
	assert_false(gz_helperval_is_ours(""));
	assert_false(gz_helperval_is_ours(NULL));
	assert_false(gz_helperval_is_ours("store"));
	assert_false(gz_helperval_is_ours("gitzen2"));
	assert_false(gz_helperval_is_ours("/usr/bin/git-credential-gitzen-evil"));
	assert_false(gz_helperval_is_ours("bin/git-credential-gitzen"));
	assert_false(gz_helperval_is_ours("!/usr/bin/git-credential-gitzen; curl evil"));
	assert_false(gz_helperval_is_ours("/tmp/x;curl${IFS}evil;/git-credential-gitzen"));
	assert_false(gz_helperval_is_ours("/tmp/x /git-credential-gitzen"));
	assert_false(gz_helperval_is_ours("!'/tmp/x' ; evil ; '/git-credential-gitzen'"));
	assert_true(gz_helperval_is_ours("!'/it'\\''s/git-credential-gitzen'"));
}

static void make_helper(const char *dir)
{
	char path[700];

	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/git-credential-gitzen", dir);
	write_text(path, "#!/bin/sh\n");
	assert_int_equal(chmod(path, 0700), 0);
}

static void helperval__helper_value_is_gitzen_on_path_else_the_absolute_path(void **state)
{
	char onpath[600], beside[600], spaced[600], want[700];
	char *value = NULL, *old = strdup(getenv("PATH") ? getenv("PATH") : "");

	(void)state;
	snprintf(onpath, sizeof(onpath), "%s/onpath", tmp);
	snprintf(beside, sizeof(beside), "%s/beside", tmp);
	snprintf(spaced, sizeof(spaced), "%s/it's here", tmp);
	make_helper(onpath);
	make_helper(beside);
	make_helper(spaced);

	setenv("PATH", onpath, 1);
	assert_int_equal(gz_helperval_value(&value, NULL, beside), 0);
	assert_string_equal(value, "gitzen");
	free(value);

	setenv("PATH", "/nonexistent:relative/dir", 1);
	assert_int_equal(gz_helperval_value(&value, onpath, beside), 0);
	assert_string_equal(value, "gitzen"); /* Git's exec path counts as on PATH */
	free(value);
	assert_int_equal(gz_helperval_value(&value, NULL, beside), 0);
	snprintf(want, sizeof(want), "%s/git-credential-gitzen", beside);
	assert_string_equal(value, want);
	free(value);

	/* Git runs the value through the shell */
	assert_int_equal(gz_helperval_value(&value, NULL, spaced), 0);
	snprintf(want, sizeof(want), "!'%s/it'\\''s here/git-credential-gitzen'", tmp);
	assert_string_equal(value, want);
	assert_true(gz_helperval_is_ours(value));
	free(value);

	assert_int_equal(gz_helperval_value(&value, NULL, tmp), GZ_ENOTFOUND);
	assert_null(value);
	setenv("PATH", old, 1);
	free(old);
}

static void helperval__path_is_what_a_value_runs(void **state)
{
	char *path = NULL;

	(void)state;
	assert_int_equal(gz_helperval_path(&path, "/usr/bin/git-credential-gitzen"), 0);
	assert_string_equal(path, "/usr/bin/git-credential-gitzen");
	free(path);
	assert_int_equal(gz_helperval_path(&path, "!'/it'\\''s here/git-credential-gitzen'"), 0);
	assert_string_equal(path, "/it's here/git-credential-gitzen");
	free(path);
	assert_int_equal(gz_helperval_path(&path, "gitzen"), GZ_ENOTFOUND);
	assert_null(path);
	assert_int_equal(gz_helperval_path(&path, "store"), GZ_ENOTFOUND);
	assert_int_equal(gz_helperval_path(&path, "!/usr/bin/git-credential-gitzen; evil"), GZ_ENOTFOUND);
}

static void helperval__shown_hides_arguments_and_snippets(void **state)
{
	char out[128];

	(void)state;
	assert_string_equal(gz_helperval_shown(out, sizeof(out), "store --file=/secret/x"), "store");
	assert_string_equal(gz_helperval_shown(out, sizeof(out), "!f() { echo password=hunter2; }; f"),
			    "a shell command (!...)");
	assert_string_equal(gz_helperval_shown(out, sizeof(out), "/opt/a b/git-credential-gitzen"), "/opt/a");
	assert_string_equal(gz_helperval_shown(out, sizeof(out), "!'/a b/git-credential-gitzen'"),
			    "!'/a b/git-credential-gitzen'");
}

/* A directory under the test's HOME (0700, ours) with a helper in it. */
static void helper_dir(char *dir, size_t n, char *prog, size_t pn, const char *name, mode_t dmode,
		       mode_t fmode)
{
	snprintf(dir, n, "%s/%s", tmp, name);
	snprintf(prog, pn, "%s/git-credential-gitzen", dir);
	make_helper(dir);
	assert_int_equal(chmod(prog, fmode), 0);
	assert_int_equal(chmod(dir, dmode), 0);
}

static void helperval__check_accepts_a_helper_only_its_owner_can_change(void **state)
{
	char dir[400], prog[500];

	(void)state;
	assert_int_equal(chmod(tmp, 0700), 0);
	helper_dir(dir, sizeof(dir), prog, sizeof(prog), "good", 0755, 0755);
	assert_int_equal(gz_helperval_check(prog), 0);
	helper_dir(dir, sizeof(dir), prog, sizeof(prog), "sticky", 01777, 0755);
	assert_int_equal(gz_helperval_check(prog), 0); /* like /tmp: others cannot replace our file */
}

static void helperval__check_refuses_a_world_writable_directory(void **state)
{
	char dir[400], prog[500], *value = NULL;

	(void)state;
	helper_dir(dir, sizeof(dir), prog, sizeof(prog), "open", 0777, 0755);
	assert_int_equal(gz_helperval_check(prog), GZ_EUNSAFE);
	assert_non_null(strstr(gz_error_last(), "is writable by others (mode 0777)"));
	assert_non_null(strstr(gz_error_last(), "run: chmod go-w "));
	assert_non_null(strstr(gz_error_last(), "/open"));
	/* and configure's value is refused for it, found on PATH or beside git-gitzen */
	setenv("PATH", dir, 1);
	assert_int_equal(gz_helperval_value(&value, NULL, NULL), GZ_EUNSAFE);
	assert_null(value);
	setenv("PATH", "/nonexistent", 1);
	assert_int_equal(gz_helperval_value(&value, NULL, dir), GZ_EUNSAFE);
	assert_null(value);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(gz_helperval_value(&value, NULL, dir), 0);
	assert_string_equal(value, prog);
	free(value);
}

static void helperval__check_refuses_a_helper_writable_by_others(void **state)
{
	char dir[400], prog[500];

	(void)state;
	helper_dir(dir, sizeof(dir), prog, sizeof(prog), "loose", 0755, 0757);
	assert_int_equal(gz_helperval_check(prog), GZ_EUNSAFE);
	assert_non_null(strstr(gz_error_last(), "is writable by others (mode 0757)"));
	assert_non_null(strstr(gz_error_last(), "/loose/git-credential-gitzen"));
}

static void helperval__check_refuses_a_directory_above_open_to_all(void **state)
{
	char top[400], dir[500], prog[600];

	(void)state;
	snprintf(top, sizeof(top), "%s/wide", tmp);
	mkdir(top, 0700);
	snprintf(dir, sizeof(dir), "%s/bin", top);
	make_helper(dir);
	snprintf(prog, sizeof(prog), "%s/git-credential-gitzen", dir);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(chmod(top, 0777), 0); /* others can rename bin/ away and put theirs there */
	assert_int_equal(gz_helperval_check(prog), GZ_EUNSAFE);
	assert_non_null(strstr(gz_error_last(), "/wide is writable by others"));
	assert_int_equal(chmod(top, 0700), 0);
	assert_int_equal(gz_helperval_check(prog), 0);
}

static void helperval__check_follows_a_symbolic_link(void **state)
{
	char dir[400], prog[500], link[500];

	(void)state;
	helper_dir(dir, sizeof(dir), prog, sizeof(prog), "target", 0777, 0755);
	snprintf(link, sizeof(link), "%s/git-credential-gitzen", tmp);
	unlink(link);
	assert_int_equal(symlink(prog, link), 0);
	assert_int_equal(gz_helperval_check(link), GZ_EUNSAFE);
	assert_non_null(strstr(gz_error_last(), "/target is writable by others"));
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(gz_helperval_check(link), 0);
	unlink(link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(helperval__is_ours_accepts_only_values_that_run_our_helper),
		cmocka_unit_test(helperval__helper_value_is_gitzen_on_path_else_the_absolute_path),
		cmocka_unit_test(helperval__path_is_what_a_value_runs),
		cmocka_unit_test(helperval__shown_hides_arguments_and_snippets),
		cmocka_unit_test(helperval__check_accepts_a_helper_only_its_owner_can_change),
		cmocka_unit_test(helperval__check_refuses_a_world_writable_directory),
		cmocka_unit_test(helperval__check_refuses_a_helper_writable_by_others),
		cmocka_unit_test(helperval__check_refuses_a_directory_above_open_to_all),
		cmocka_unit_test(helperval__check_follows_a_symbolic_link),
	};

	return cmocka_run_group_tests_name("helperval", tests, tmphome_setup, tmphome_teardown);
}
