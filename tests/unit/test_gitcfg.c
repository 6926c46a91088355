/*
 * gitcfg: configure / unconfigure through libgit2, on a ~/.gitconfig in a
 * temporary HOME (GIT_CONFIG_NOSYSTEM=1), and the helper list Git builds.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "err.h"
#include "gitcfg.h"

#include <ftw.h>
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

static char tmp[256];
static char gitconfig[512];
static char xdgconfig[512];

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

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The file's text (static buffer); "" when it does not exist. */
static const char *read_text(const char *path)
{
	static char buf[8192];
	FILE *fp = fopen(path, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (!fp)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

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

static int group_setup(void **state)
{
	char xdg[300];

	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/gitcfg-test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(xdg, sizeof(xdg), "%s/xdg", tmp);
	snprintf(gitconfig, sizeof(gitconfig), "%s/.gitconfig", tmp);
	snprintf(xdgconfig, sizeof(xdgconfig), "%s/git/config", xdg);
	setenv("HOME", tmp, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	setenv("GIT_CEILING_DIRECTORIES", tmp, 1);
	if (chdir(tmp) < 0)
		return -1;
	git_libgit2_init(); /* after HOME: libgit2 reads it once */
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	git_libgit2_shutdown();
	if (chdir("/") < 0)
		return -1;
	return nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int fresh(void **state)
{
	char dir[600];

	(void)state;
	unlink(gitconfig);
	unlink(xdgconfig);
	snprintf(dir, sizeof(dir), "%s/repo", tmp);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return chdir(tmp) < 0 ? -1 : 0;
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

/* ---- helper values ------------------------------------------------------ */

static void gitcfg__is_ours_accepts_only_values_that_run_our_helper(void **state)
{
	(void)state;
	assert_true(gz_gitcfg_is_ours("gitzen"));
	assert_true(gz_gitcfg_is_ours("/usr/bin/git-credential-gitzen"));
	assert_true(gz_gitcfg_is_ours("!'/a b/git-credential-gitzen'"));
	assert_false(gz_gitcfg_is_ours(""));
	assert_false(gz_gitcfg_is_ours(NULL));
	assert_false(gz_gitcfg_is_ours("store"));
	assert_false(gz_gitcfg_is_ours("gitzen2"));
	assert_false(gz_gitcfg_is_ours("/usr/bin/git-credential-gitzen-evil"));
	assert_false(gz_gitcfg_is_ours("bin/git-credential-gitzen"));
	assert_false(gz_gitcfg_is_ours("!/usr/bin/git-credential-gitzen; curl evil"));
	assert_false(gz_gitcfg_is_ours("/tmp/x;curl${IFS}evil;/git-credential-gitzen"));
	assert_false(gz_gitcfg_is_ours("/tmp/x /git-credential-gitzen"));
	assert_false(gz_gitcfg_is_ours("!'/tmp/x' ; evil ; '/git-credential-gitzen'"));
	assert_true(gz_gitcfg_is_ours("!'/it'\\''s/git-credential-gitzen'"));
}

static void make_helper(const char *dir)
{
	char path[700];

	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/git-credential-gitzen", dir);
	write_text(path, "#!/bin/sh\n");
	assert_int_equal(chmod(path, 0700), 0);
}

static void gitcfg__helper_value_is_gitzen_on_path_else_the_absolute_path(void **state)
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
	assert_int_equal(gz_gitcfg_helper_value(&value, NULL, beside), 0);
	assert_string_equal(value, "gitzen");
	free(value);

	setenv("PATH", "/nonexistent:relative/dir", 1);
	assert_int_equal(gz_gitcfg_helper_value(&value, onpath, beside), 0);
	assert_string_equal(value, "gitzen"); /* Git's exec path counts as on PATH */
	free(value);
	assert_int_equal(gz_gitcfg_helper_value(&value, NULL, beside), 0);
	snprintf(want, sizeof(want), "%s/git-credential-gitzen", beside);
	assert_string_equal(value, want);
	free(value);

	/* Git runs the value through the shell */
	assert_int_equal(gz_gitcfg_helper_value(&value, NULL, spaced), 0);
	snprintf(want, sizeof(want), "!'%s/it'\\''s here/git-credential-gitzen'", tmp);
	assert_string_equal(value, want);
	assert_true(gz_gitcfg_is_ours(value));
	free(value);

	assert_int_equal(gz_gitcfg_helper_value(&value, NULL, tmp), GZ_ENOTFOUND);
	assert_null(value);
	setenv("PATH", old, 1);
	free(old);
}

/* ---- what Git does ------------------------------------------------------ */

static void gitcfg__view_after_configure_is_gitzen_alone(void **state)
{
	struct gz_gitcfg_view v = GZ_GITCFG_VIEW_INIT;
	unsigned i;

	(void)state;
	write_text(gitconfig, unrelated);
	configure_ok(NULL, "gitzen");
	for (i = 0; i < GZ_GITCFG_NURLS; i++) {
		assert_int_equal(gz_gitcfg_view(&v, gz_gitcfg_url(i)), 0);
		assert_int_equal(v.n, 1);
		assert_string_equal(v.helpers[0].value, "gitzen");
		assert_string_equal(v.helpers[0].origin, "global");
		assert_true(v.helpers[0].ours);
		assert_true(v.reset);
		assert_int_equal(v.use_http_path, 1);
		assert_null(v.invalid);
		gz_gitcfg_view_release(&v);
	}
}

static void gitcfg__view_counts_helpers_that_may_apply_and_only_those(void **state)
{
	struct gz_gitcfg_view v = GZ_GITCFG_VIEW_INIT;

	(void)state;
	write_text(gitconfig, "[credential]\n\thelper = store\n"
			      "[credential \"https://github.com\"]\n\thelper = gh\n"
			      "[credential \"https://dev.azure.com:8443\"]\n\thelper = port\n"
			      "[credential \"http://dev.azure.com\"]\n\thelper = plain\n"
			      "[credential \"https://DEV.Azure.com/contoso\"]\n\thelper = pathy\n"
			      "[credential \"https://contoso.visualstudio.com\"]\n\thelper = vs\n"
			      "[credential \"dev.azure.com\"]\n\thelper = partial\n"
			      "\tuseHttpPath = false\n");
	assert_int_equal(gz_gitcfg_view(&v, gz_gitcfg_url(0)), 0);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.helpers[0].value, "store");
	assert_string_equal(v.helpers[1].value, "pathy");
	assert_string_equal(v.helpers[2].value, "partial");
	assert_false(v.reset);
	assert_int_equal(v.use_http_path, 0);
	gz_gitcfg_view_release(&v);
	assert_int_equal(gz_gitcfg_view(&v, gz_gitcfg_url(1)), 0);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.helpers[0].value, "store");
	assert_string_equal(v.helpers[1].value, "vs");
	assert_int_equal(v.use_http_path, -1);
	gz_gitcfg_view_release(&v);
}

static void gitcfg__view_reports_a_helper_without_value(void **state)
{
	struct gz_gitcfg_view v = GZ_GITCFG_VIEW_INIT;

	(void)state;
	write_text(gitconfig, "[credential]\n\thelper\n");
	assert_int_equal(gz_gitcfg_view(&v, gz_gitcfg_url(0)), 0);
	assert_non_null(v.invalid);
	assert_string_equal(v.invalid, "credential.helper");
	assert_string_equal(v.invalid_origin, "global");
	gz_gitcfg_view_release(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(gitcfg__configure_creates_exactly_the_entries, fresh),
		cmocka_unit_test_setup(gitcfg__configure_twice_is_one_change, fresh),
		cmocka_unit_test_setup(gitcfg__configure_keeps_other_helpers_sections_and_comments, fresh),
		cmocka_unit_test_setup(gitcfg__configure_normalises_our_lines_in_another_shape, fresh),
		cmocka_unit_test_setup(gitcfg__configure_replaces_the_helper_path_with_gitzen, fresh),
		cmocka_unit_test_setup(gitcfg__configure_moves_its_lines_after_a_later_helper, fresh),
		cmocka_unit_test_setup(gitcfg__configure_leaves_other_helpers_of_our_section_before_the_reset,
				       fresh),
		cmocka_unit_test_setup(gitcfg__helper_line_without_value_is_refused_and_the_file_kept, fresh),
		cmocka_unit_test_setup(gitcfg__bare_usehttppath_counts_as_true, fresh),
		cmocka_unit_test_setup(gitcfg__configure_keeps_the_file_mode, fresh),
		cmocka_unit_test_setup(gitcfg__global_is_the_xdg_file_when_only_it_exists, fresh),
		cmocka_unit_test_setup(gitcfg__unconfigure_restores_the_file_before_configure, fresh),
		cmocka_unit_test_setup(gitcfg__unconfigure_twice_changes_nothing, fresh),
		cmocka_unit_test_setup(gitcfg__unconfigure_keeps_other_helpers_and_a_usehttppath_not_ours,
				       fresh),
		cmocka_unit_test_setup(gitcfg__unconfigure_without_a_file_creates_none, fresh),
		cmocka_unit_test_setup(gitcfg__local_outside_a_repository_is_not_found, fresh),
		cmocka_unit_test_setup(gitcfg__local_writes_the_repository_config, fresh),
		cmocka_unit_test_setup(gitcfg__is_ours_accepts_only_values_that_run_our_helper, fresh),
		cmocka_unit_test_setup(gitcfg__helper_value_is_gitzen_on_path_else_the_absolute_path, fresh),
		cmocka_unit_test_setup(gitcfg__view_after_configure_is_gitzen_alone, fresh),
		cmocka_unit_test_setup(gitcfg__view_counts_helpers_that_may_apply_and_only_those, fresh),
		cmocka_unit_test_setup(gitcfg__view_reports_a_helper_without_value, fresh),
	};

	return cmocka_run_group_tests_name("gitcfg", tests, group_setup, group_teardown);
}
