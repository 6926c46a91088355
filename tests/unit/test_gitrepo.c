/* SPDX-License-Identifier: MIT */
/*
 * gitrepo: the repository around the current directory as Git finds it
 * ($GIT_DIR first), a named directory as named, and Git's configuration
 * levels as Git reads them; in a temporary HOME.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "err.h"
#include "gitrepo.h"
#include "tmphome.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char repo_dir[300], other[300];

static int group_setup(void **state)
{
	git_repository *r = NULL;

	if (tmphome_setup(state))
		return -1;
	unsetenv("XDG_CONFIG_HOME");
	snprintf(repo_dir, sizeof(repo_dir), "%s/repo", tmp);
	snprintf(other, sizeof(other), "%s/other", tmp);
	if (mkdir(other, 0700) < 0 || git_repository_init(&r, repo_dir, 0) < 0)
		return -1;
	git_repository_free(r);
	return 0;
}

static int fresh(void **state)
{
	(void)state;
	unsetenv("GIT_DIR");
	unsetenv("GIT_CONFIG_GLOBAL");
	unlink(gitconfig);
	return chdir(other);
}

/* The repository's git directory, without a trailing '/'. */
static const char *gitdir_of(git_repository *r)
{
	static char buf[600];
	size_t n;

	snprintf(buf, sizeof(buf), "%s", git_repository_path(r));
	n = strlen(buf);
	if (n && buf[n - 1] == '/')
		buf[n - 1] = '\0';
	return buf;
}

static void gitrepo__outside_a_repository_is_not_found(void **state)
{
	git_repository *r = NULL;

	(void)state;
	assert_int_equal(gz_gitrepo_open(&r, NULL), GZ_ENOTFOUND);
	assert_null(r);
	assert_string_equal(gz_error_last(), "not in a Git repository");
}

static void gitrepo__found_from_a_subdirectory(void **state)
{
	git_repository *r = NULL;
	char sub[400], want[400];

	(void)state;
	snprintf(sub, sizeof(sub), "%s/sub", repo_dir);
	mkdir(sub, 0700);
	assert_int_equal(chdir(sub), 0);
	assert_int_equal(gz_gitrepo_open(&r, NULL), 0);
	snprintf(want, sizeof(want), "%s/.git", repo_dir);
	assert_string_equal(gitdir_of(r), want);
	git_repository_free(r);
}

static void gitrepo__git_dir_is_honoured_as_git_does(void **state)
{
	git_repository *r = NULL;
	char want[400];

	(void)state;
	/* from a directory that is no repository, GIT_DIR names one */
	snprintf(want, sizeof(want), "%s/.git", repo_dir);
	setenv("GIT_DIR", want, 1);
	assert_int_equal(gz_gitrepo_open(&r, NULL), 0);
	assert_string_equal(gitdir_of(r), want);
	git_repository_free(r);
	/* and from inside the repository, a GIT_DIR that is none wins too */
	setenv("GIT_DIR", other, 1);
	assert_int_equal(chdir(repo_dir), 0);
	assert_int_not_equal(gz_gitrepo_open(&r, NULL), 0);
	assert_null(r);
}

static void gitrepo__a_named_directory_is_opened_as_named(void **state)
{
	git_repository *r = NULL;
	char want[400];

	(void)state;
	setenv("GIT_DIR", other, 1); /* ignored: the user named the directory */
	assert_int_equal(gz_gitrepo_open(&r, repo_dir), 0);
	snprintf(want, sizeof(want), "%s/.git", repo_dir);
	assert_string_equal(gitdir_of(r), want);
	git_repository_free(r);
	assert_int_equal(gz_gitrepo_open(&r, other), GZ_ENOTFOUND);
	assert_non_null(strstr(gz_error_last(), "is not a Git repository"));
}

static char *get(const char *name)
{
	git_config *cfg = NULL;
	git_buf b = GIT_BUF_INIT;
	char *out = NULL;

	assert_int_equal(gz_gitrepo_config(&cfg), 0);
	if (git_config_get_string_buf(&b, cfg, name) == 0)
		out = strdup(b.ptr);
	git_buf_dispose(&b);
	git_config_free(cfg);
	return out;
}

static void gitrepo__config_reads_global_then_local(void **state)
{
	char local[400], *v;

	(void)state;
	write_text(gitconfig, "[gitzen]\n\tx = global\n\ty = global\n");
	v = get("gitzen.x");
	assert_string_equal(v, "global");
	free(v);
	snprintf(local, sizeof(local), "%s/.git/config", repo_dir);
	write_text(local, "[core]\n\trepositoryformatversion = 0\n[gitzen]\n\tx = local\n");
	assert_int_equal(chdir(repo_dir), 0);
	v = get("gitzen.x");
	assert_string_equal(v, "local");
	free(v);
	v = get("gitzen.y");
	assert_string_equal(v, "global");
	free(v);
	write_text(local, "[core]\n\trepositoryformatversion = 0\n");
}

static void gitrepo__config_global_env_replaces_the_global_file(void **state)
{
	char alt[400], *v;

	(void)state;
	write_text(gitconfig, "[gitzen]\n\tx = home\n");
	snprintf(alt, sizeof(alt), "%s/alt-config", tmp);
	write_text(alt, "[gitzen]\n\tx = alt\n");
	setenv("GIT_CONFIG_GLOBAL", alt, 1);
	v = get("gitzen.x");
	assert_string_equal(v, "alt");
	free(v);
	unlink(alt);
	setenv("GIT_CONFIG_GLOBAL", alt, 1); /* a missing file: nothing, as in Git */
	assert_null(get("gitzen.x"));
}

static void gitrepo__color_ui_as_git_reads_it(void **state)
{
	static const struct {
		const char *value;
		enum gz_gitrepo_color want;
	} cases[] = {
		{ "always", GZ_GITREPO_COLOR_ALWAYS }, { "Always", GZ_GITREPO_COLOR_ALWAYS },
		{ "never", GZ_GITREPO_COLOR_NEVER },   { "false", GZ_GITREPO_COLOR_NEVER },
		{ "off", GZ_GITREPO_COLOR_NEVER },     { "auto", GZ_GITREPO_COLOR_AUTO },
		{ "true", GZ_GITREPO_COLOR_AUTO },
	};
	char text[128];
	size_t i;

	(void)state;
	assert_int_equal(gz_gitrepo_color_ui(), GZ_GITREPO_COLOR_AUTO); /* unset */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "[color]\n\tui = %s\n", cases[i].value);
		write_text(gitconfig, text);
		assert_int_equal(gz_gitrepo_color_ui(), cases[i].want);
	}
	assert_null(getenv("GITZEN_COLOR_UI")); /* nothing handed on through the environment */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(gitrepo__outside_a_repository_is_not_found, fresh),
		cmocka_unit_test_setup(gitrepo__found_from_a_subdirectory, fresh),
		cmocka_unit_test_setup(gitrepo__git_dir_is_honoured_as_git_does, fresh),
		cmocka_unit_test_setup(gitrepo__a_named_directory_is_opened_as_named, fresh),
		cmocka_unit_test_setup(gitrepo__config_reads_global_then_local, fresh),
		cmocka_unit_test_setup(gitrepo__config_global_env_replaces_the_global_file, fresh),
		cmocka_unit_test_setup(gitrepo__color_ui_as_git_reads_it, fresh),
	};

	return cmocka_run_group_tests_name("gitrepo", tests, group_setup, tmphome_teardown);
}
