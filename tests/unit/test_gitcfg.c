/* SPDX-License-Identifier: MIT */
/*
 * gitcfg: configure / unconfigure through libgit2, on a ~/.gitconfig in a
 * temporary HOME (GIT_CONFIG_NOSYSTEM=1). The helper value is
 * test_helperval.c's, the helper list Git builds test_gitview.c's.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "err.h"
#include "gitcfg.h"
#include "tmphome.h"

#include <dirent.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* libgit2 1.5's git_regexp_match() does not free PCRE2's match data when a
 * value does not match (fixed upstream since); configure cannot avoid every
 * such match, and the leak is not ours to fail the sanitizer build on. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static const char canonical[] = "[credential \"https://dev.azure.com\"]\n"
				"\thelper = \"\"\n"
				"\thelper = gitzen\n"
				"\tuseHttpPath = true\n"
				"[credential \"https://*.visualstudio.com\"]\n"
				"\thelper = \"\"\n"
				"\thelper = gitzen\n"
				"\tuseHttpPath = true\n";

static const char unrelated[] = "# my settings\n"
				"[user]\n"
				"\tname = A U Thor\n"
				"[credential]\n"
				"\thelper = store\n";

static unsigned any_change(const struct gz_gitcfg_result *r)
{
	return r->changed[0] | r->changed[1];
}

static void configure_ok(unsigned *changed, const char *helper)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;

	assert_int_equal(gz_gitcfg_configure(&r, GZ_GITCFG_GLOBAL, helper), 0);
	assert_string_equal(r.file, gitconfig);
	if (changed)
		*changed = any_change(&r);
	gz_gitcfg_result_release(&r);
}

static void unconfigure_ok(unsigned *changed)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;

	assert_int_equal(gz_gitcfg_unconfigure(&r, GZ_GITCFG_GLOBAL), 0);
	if (changed)
		*changed = any_change(&r);
	gz_gitcfg_result_release(&r);
}

/* ---- configure ---------------------------------------------------------- */

static void gitcfg__configure_creates_exactly_the_entries(void **state)
{
	unsigned changed = 0;

	(void)state;
	configure_ok(&changed, "gitzen");
	assert_true(changed & GZ_GITCFG_HELPER);
	assert_true(changed & GZ_GITCFG_HTTPPATH);
	assert_string_equal(read_text(gitconfig), canonical);
}

static void gitcfg__configure_twice_is_one_change(void **state)
{
	char first[8192];
	unsigned changed = 1;

	(void)state;
	write_text(gitconfig, unrelated);
	configure_ok(NULL, "gitzen");
	strcpy(first, read_text(gitconfig));
	configure_ok(&changed, "gitzen");
	assert_int_equal(changed, 0);
	assert_string_equal(read_text(gitconfig), first);
}

static void gitcfg__configure_keeps_other_helpers_sections_and_comments(void **state)
{
	char want[8192];

	(void)state;
	write_text(gitconfig, unrelated);
	configure_ok(NULL, "gitzen");
	snprintf(want, sizeof(want), "%s%s", unrelated, canonical);
	assert_string_equal(read_text(gitconfig), want);
}

static void gitcfg__configure_normalises_our_lines_in_another_shape(void **state)
{
	unsigned changed = 0;
	char want[8192];

	(void)state;
	write_text(gitconfig, "[credential \"https://dev.azure.com\"]\n"
			      "\thelper = gitzen\n"
			      "\thelper =\n"
			      "\tuseHttpPath = false\n"
			      "\thelper = /old/place/git-credential-gitzen\n"
			      "\tuseHttpPath = true\n"
			      "[credential \"https://*.visualstudio.com\"]\n"
			      "\thelper = gitzen\n");
	configure_ok(&changed, "gitzen");
	assert_true(changed & GZ_GITCFG_HELPER);
	snprintf(want, sizeof(want), "%s", canonical);
	assert_string_equal(read_text(gitconfig), want);
	configure_ok(&changed, "gitzen");
	assert_int_equal(changed, 0);
}

static void gitcfg__configure_replaces_the_helper_path_with_gitzen(void **state)
{
	(void)state;
	configure_ok(NULL, "/opt/gitzen/bin/git-credential-gitzen");
	assert_non_null(strstr(read_text(gitconfig), "helper = /opt/gitzen/bin/git-credential-gitzen"));
	configure_ok(NULL, "gitzen");
	assert_string_equal(read_text(gitconfig), canonical);
}

static void gitcfg__configure_moves_its_lines_after_a_later_helper(void **state)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;
	char want[8192];

	(void)state;
	/* what `git config --global credential.helper store` does after configure */
	snprintf(want, sizeof(want), "%s[credential]\n\thelper = store\n", canonical);
	write_text(gitconfig, want);
	assert_int_equal(gz_gitcfg_configure(&r, GZ_GITCFG_GLOBAL, "gitzen"), 0);
	assert_int_equal(r.changed[0], GZ_GITCFG_MOVED);
	assert_int_equal(r.changed[1], GZ_GITCFG_MOVED);
	gz_gitcfg_result_release(&r);
	snprintf(want, sizeof(want), "[credential]\n\thelper = store\n%s", canonical);
	assert_string_equal(read_text(gitconfig), want);
}

static void gitcfg__configure_leaves_other_helpers_of_our_section_before_the_reset(void **state)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;

	(void)state;
	write_text(gitconfig, "[credential \"https://dev.azure.com\"]\n\thelper = manager\n");
	assert_int_equal(gz_gitcfg_configure(&r, GZ_GITCFG_GLOBAL, "gitzen"), 0);
	assert_int_equal(r.others[0], 1);
	assert_int_equal(r.others[1], 0);
	gz_gitcfg_result_release(&r);
	assert_string_equal(read_text(gitconfig), "[credential \"https://dev.azure.com\"]\n"
						  "\thelper = manager\n"
						  "\thelper = \"\"\n"
						  "\thelper = gitzen\n"
						  "\tuseHttpPath = true\n"
						  "[credential \"https://*.visualstudio.com\"]\n"
						  "\thelper = \"\"\n"
						  "\thelper = gitzen\n"
						  "\tuseHttpPath = true\n");
}

static void gitcfg__helper_line_without_value_is_refused_and_the_file_kept(void **state)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;
	static const char broken[] = "[credential \"https://dev.azure.com\"]\n\thelper\n";

	(void)state;
	write_text(gitconfig, broken);
	assert_int_equal(gz_gitcfg_configure(&r, GZ_GITCFG_GLOBAL, "gitzen"), GZ_EINVALID);
	assert_non_null(strstr(gz_error_last(), "without a value"));
	gz_gitcfg_result_release(&r);
	assert_int_equal(gz_gitcfg_unconfigure(&r, GZ_GITCFG_GLOBAL), GZ_EINVALID);
	gz_gitcfg_result_release(&r);
	assert_string_equal(read_text(gitconfig), broken);
}

static void gitcfg__bare_usehttppath_counts_as_true(void **state)
{
	static const char bare[] = "[credential \"https://dev.azure.com\"]\n"
				   "\thelper = \"\"\n"
				   "\thelper = gitzen\n"
				   "\tuseHttpPath\n"
				   "[credential \"https://*.visualstudio.com\"]\n"
				   "\thelper = \"\"\n"
				   "\thelper = gitzen\n"
				   "\tuseHttpPath = yes\n";
	unsigned changed = 1;

	(void)state;
	write_text(gitconfig, bare);
	configure_ok(&changed, "gitzen");
	assert_int_equal(changed, 0);
	unconfigure_ok(&changed);
	assert_true(changed);
	assert_string_equal(read_text(gitconfig), "");
}

static void gitcfg__configure_keeps_the_file_mode(void **state)
{
	struct stat st;

	(void)state;
	write_text(gitconfig, unrelated);
	assert_int_equal(chmod(gitconfig, 0640), 0);
	configure_ok(NULL, "gitzen");
	assert_int_equal(stat(gitconfig, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	unconfigure_ok(NULL);
	assert_int_equal(stat(gitconfig, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
}

static void gitcfg__global_is_the_xdg_file_when_only_it_exists(void **state)
{
	char dir[600];
	char *path = NULL;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/xdg", tmp);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/xdg/git", tmp);
	mkdir(dir, 0700);
	write_text(xdgconfig, unrelated);
	assert_int_equal(gz_gitcfg_path(&path, GZ_GITCFG_GLOBAL), 0);
	assert_string_equal(path, xdgconfig);
	free(path);
	write_text(gitconfig, "");
	assert_int_equal(gz_gitcfg_path(&path, GZ_GITCFG_GLOBAL), 0);
	assert_string_equal(path, gitconfig);
	free(path);
}

/* ---- unconfigure -------------------------------------------------------- */

static void gitcfg__unconfigure_restores_the_file_before_configure(void **state)
{
	unsigned changed = 0;

	(void)state;
	write_text(gitconfig, unrelated);
	configure_ok(NULL, "gitzen");
	unconfigure_ok(&changed);
	assert_true(changed);
	assert_string_equal(read_text(gitconfig), unrelated);
}

static void gitcfg__unconfigure_twice_changes_nothing(void **state)
{
	unsigned changed = 1;

	(void)state;
	write_text(gitconfig, unrelated);
	configure_ok(NULL, "/usr/local/bin/git-credential-gitzen");
	unconfigure_ok(NULL);
	unconfigure_ok(&changed);
	assert_int_equal(changed, 0);
	assert_string_equal(read_text(gitconfig), unrelated);
}

static void gitcfg__unconfigure_keeps_other_helpers_and_a_usehttppath_not_ours(void **state)
{
	static const char theirs[] = "[credential \"https://dev.azure.com\"]\n"
				     "\thelper = manager\n"
				     "\tuseHttpPath = true\n";
	unsigned changed = 1;

	(void)state;
	write_text(gitconfig, theirs);
	unconfigure_ok(&changed);
	assert_int_equal(changed, 0);
	assert_string_equal(read_text(gitconfig), theirs);
}

static void gitcfg__unconfigure_without_a_file_creates_none(void **state)
{
	unsigned changed = 1;

	(void)state;
	unconfigure_ok(&changed);
	assert_int_equal(changed, 0);
	assert_int_equal(access(gitconfig, F_OK), -1);
}

static int open_fds(void)
{
	struct dirent *d;
	DIR *dir = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(dir);
	while ((d = readdir(dir)))
		n += d->d_name[0] != '.';
	closedir(dir);
	return n;
}

static void gitcfg__editing_leaves_no_descriptor_open_and_no_temporary_file(void **state)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;
	char lock[600];
	int before;
	DIR *dir;
	struct dirent *d;

	(void)state;
	write_text(gitconfig, unrelated);
	before = open_fds();
	configure_ok(NULL, "gitzen");
	unconfigure_ok(NULL); /* rewrites the file to drop the emptied headers */
	assert_int_equal(open_fds(), before);
	assert_string_equal(read_text(gitconfig), unrelated);
	/* and when the file is locked by another writer: refused, nothing leaked, nothing changed */
	configure_ok(NULL, "gitzen");
	snprintf(lock, sizeof(lock), "%s.lock", gitconfig);
	write_text(lock, "");
	before = open_fds();
	assert_int_not_equal(gz_gitcfg_unconfigure(&r, GZ_GITCFG_GLOBAL), 0);
	gz_gitcfg_result_release(&r);
	assert_int_equal(open_fds(), before);
	assert_int_equal(unlink(lock), 0);
	unconfigure_ok(NULL);
	assert_string_equal(read_text(gitconfig), unrelated);
	dir = opendir(tmp);
	assert_non_null(dir);
	while ((d = readdir(dir)))
		if (strstr(d->d_name, ".gitconfig") && strcmp(d->d_name, ".gitconfig"))
			fail_msg("left behind: %s", d->d_name);
	closedir(dir);
}

/* ---- levels ------------------------------------------------------------- */

static void gitcfg__local_outside_a_repository_is_not_found(void **state)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;

	(void)state;
	assert_int_equal(gz_gitcfg_configure(&r, GZ_GITCFG_LOCAL, "gitzen"), GZ_ENOTFOUND);
	assert_non_null(strstr(gz_error_last(), "not inside a Git repository"));
	gz_gitcfg_result_release(&r);
}

static void gitcfg__local_writes_the_repository_config(void **state)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;
	git_repository *repo = NULL;
	char dir[600], sub[700], cfg[700];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/repo", tmp);
	assert_int_equal(git_repository_init(&repo, dir, 0), 0);
	git_repository_free(repo);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(chdir(sub), 0);
	assert_int_equal(gz_gitcfg_configure(&r, GZ_GITCFG_LOCAL, "gitzen"), 0);
	snprintf(cfg, sizeof(cfg), "%s/.git/config", dir);
	assert_string_equal(r.file, cfg);
	gz_gitcfg_result_release(&r);
	assert_non_null(strstr(read_text(cfg), canonical));
	assert_string_equal(read_text(gitconfig), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(gitcfg__configure_creates_exactly_the_entries, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__configure_twice_is_one_change, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__configure_keeps_other_helpers_sections_and_comments, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__configure_normalises_our_lines_in_another_shape, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__configure_replaces_the_helper_path_with_gitzen, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__configure_moves_its_lines_after_a_later_helper, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__configure_leaves_other_helpers_of_our_section_before_the_reset,
				       tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__helper_line_without_value_is_refused_and_the_file_kept, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__bare_usehttppath_counts_as_true, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__configure_keeps_the_file_mode, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__global_is_the_xdg_file_when_only_it_exists, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__unconfigure_restores_the_file_before_configure, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__unconfigure_twice_changes_nothing, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__unconfigure_keeps_other_helpers_and_a_usehttppath_not_ours,
				       tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__unconfigure_without_a_file_creates_none, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__editing_leaves_no_descriptor_open_and_no_temporary_file,
				       tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__local_outside_a_repository_is_not_found, tmphome_fresh),
		cmocka_unit_test_setup(gitcfg__local_writes_the_repository_config, tmphome_fresh),
	};

	return cmocka_run_group_tests_name("gitcfg", tests, tmphome_setup, tmphome_teardown);
}
