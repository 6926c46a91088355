/* SPDX-License-Identifier: MIT */
/*
 * gitview: the helper list Git builds for the Azure DevOps URLs, from a
 * ~/.gitconfig in a temporary HOME, and what is wrong with it.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "err.h"
#include "gitcfg.h"
#include "gitview.h"
#include "tmphome.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n"; /* libgit2 1.5, see test_gitcfg.c */
}

static const char unrelated[] = "# my settings\n"
				"[user]\n"
				"\tname = A U Thor\n"
				"[credential]\n"
				"\thelper = store\n";

static void configure_ok(unsigned *changed, const char *helper)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;

	(void)changed;
	assert_int_equal(gz_gitcfg_configure(&r, GZ_GITCFG_GLOBAL, helper), 0);
	gz_gitcfg_result_release(&r);
}


static void gitview__view_after_configure_is_gitzen_alone(void **state)
{
	struct gz_gitview v = GZ_GITVIEW_INIT;
	unsigned i;

	(void)state;
	write_text(gitconfig, unrelated);
	configure_ok(NULL, "gitzen");
	for (i = 0; i < GZ_GITVIEW_NURLS; i++) {
		assert_int_equal(gz_gitview_load(&v, i), 0);
		assert_int_equal(v.n, 1);
		assert_string_equal(v.helpers[0].value, "gitzen");
		assert_string_equal(v.helpers[0].origin, "global");
		assert_true(v.helpers[0].ours);
		assert_true(v.reset);
		assert_int_equal(v.use_http_path, 1);
		assert_null(v.invalid);
		gz_gitview_release(&v);
	}
}

static void gitview__view_counts_helpers_that_may_apply_and_only_those(void **state)
{
	struct gz_gitview v = GZ_GITVIEW_INIT;

	(void)state;
	write_text(gitconfig, "[credential]\n\thelper = store\n"
			      "[credential \"https://github.com\"]\n\thelper = gh\n"
			      "[credential \"https://dev.azure.com:8443\"]\n\thelper = port\n"
			      "[credential \"http://dev.azure.com\"]\n\thelper = plain\n"
			      "[credential \"https://DEV.Azure.com/contoso\"]\n\thelper = pathy\n"
			      "[credential \"https://contoso.visualstudio.com\"]\n\thelper = vs\n"
			      "[credential \"dev.azure.com\"]\n\thelper = partial\n"
			      "\tuseHttpPath = false\n");
	assert_int_equal(gz_gitview_load(&v, 0), 0);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.helpers[0].value, "store");
	assert_string_equal(v.helpers[1].value, "pathy");
	assert_string_equal(v.helpers[2].value, "partial");
	assert_false(v.reset);
	assert_int_equal(v.use_http_path, 0);
	gz_gitview_release(&v);
	assert_int_equal(gz_gitview_load(&v, 1), 0);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.helpers[0].value, "store");
	assert_string_equal(v.helpers[1].value, "vs");
	assert_int_equal(v.use_http_path, -1);
	gz_gitview_release(&v);
}

static void gitview__view_reports_a_helper_without_value(void **state)
{
	struct gz_gitview v = GZ_GITVIEW_INIT;

	(void)state;
	write_text(gitconfig, "[credential]\n\thelper\n");
	assert_int_equal(gz_gitview_load(&v, 0), 0);
	assert_non_null(v.invalid);
	assert_string_equal(v.invalid, "credential.helper");
	assert_string_equal(v.invalid_origin, "global");
	gz_gitview_release(&v);
}

static enum gz_gitview_problem judged(const char *text, unsigned url, size_t *helper)
{
	struct gz_gitview v = GZ_GITVIEW_INIT;
	struct gz_gitview_verdict j = GZ_GITVIEW_VERDICT_INIT;
	enum gz_gitview_problem p;

	write_text(gitconfig, text);
	assert_int_equal(gz_gitview_load(&v, url), 0);
	assert_int_equal(gz_gitview_judge(&j, &v), 0);
	p = j.problem;
	if (helper)
		*helper = j.helper;
	gz_gitview_verdict_release(&j);
	gz_gitview_release(&v);
	return p;
}

#define OURS "[credential \"https://dev.azure.com\"]\n\thelper = \"\"\n\thelper = gitzen\n\tuseHttpPath = true\n"

static void gitview__judge_names_the_first_problem(void **state)
{
	size_t h = 99;

	(void)state;
	assert_int_equal(judged(OURS, 0, &h), GZ_GITVIEW_OK);
	assert_int_equal(h, 0);
	assert_int_equal(judged("[credential]\n\thelper = store\n", 0, NULL), GZ_GITVIEW_NOT_ASKED);
	assert_int_equal(judged("", 0, NULL), GZ_GITVIEW_NOT_ASKED);
	assert_int_equal(judged("[credential \"https://dev.azure.com\"]\n\thelper = gitzen\n"
				"\tuseHttpPath = true\n[credential]\n\thelper = store\n", 0, &h),
			 GZ_GITVIEW_AFTER);
	assert_int_equal(h, 1);
	assert_int_equal(judged("[credential]\n\thelper = store\n[credential \"https://dev.azure.com\"]\n"
				"\thelper = gitzen\n\tuseHttpPath = true\n", 0, &h),
			 GZ_GITVIEW_BEFORE);
	assert_int_equal(h, 0);
	assert_int_equal(judged("[credential \"https://dev.azure.com\"]\n\thelper = \"\"\n"
				"\thelper = gitzen\n", 0, NULL), GZ_GITVIEW_NO_HTTP_PATH);
	assert_int_equal(judged("[credential \"https://dev.azure.com\"]\n\thelper = gitzen\n"
				"\tuseHttpPath = true\n", 0, NULL), GZ_GITVIEW_NO_RESET);
	assert_int_equal(judged("[credential \"https://dev.azure.com\"]\n\thelper = \"\"\n"
				"\thelper = /nonexistent/git-credential-gitzen\n\tuseHttpPath = true\n", 0, NULL),
			 GZ_GITVIEW_NOT_RUNNABLE);
	assert_int_equal(judged(OURS "[credential \"https://me:S3CRET@dev.azure.com\"]\n\thelper\n", 0, NULL),
			 GZ_GITVIEW_INVALID);
}

static void gitview__a_section_for_another_host_does_not_count(void **state)
{
	(void)state;
	/* Git's own matching: none of these apply to dev.azure.com */
	assert_int_equal(judged(OURS "[credential \"https://vssps.dev.azure.com\"]\n\thelper = x\n"
				"[credential \"https://*.dev.azure.com\"]\n\thelper = y\n"
				"[credential \"https://dev.azure.com.evil.example\"]\n\thelper = z\n", 0, NULL),
			 GZ_GITVIEW_OK);
	/* these do */
	assert_int_equal(judged(OURS "[credential \"https://*.*.com\"]\n\thelper = x\n", 0, NULL),
			 GZ_GITVIEW_AFTER);
	assert_int_equal(judged(OURS "[credential \"https://*.azure.com\"]\n\thelper = x\n", 0, NULL),
			 GZ_GITVIEW_AFTER);
	assert_int_equal(judged(OURS "[credential \"https://dev.azure.com:443/contoso\"]\n\thelper = x\n", 0, NULL),
			 GZ_GITVIEW_AFTER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(gitview__view_after_configure_is_gitzen_alone, tmphome_fresh),
		cmocka_unit_test_setup(gitview__view_counts_helpers_that_may_apply_and_only_those, tmphome_fresh),
		cmocka_unit_test_setup(gitview__view_reports_a_helper_without_value, tmphome_fresh),
		cmocka_unit_test_setup(gitview__judge_names_the_first_problem, tmphome_fresh),
		cmocka_unit_test_setup(gitview__a_section_for_another_host_does_not_count, tmphome_fresh),
	};

	return cmocka_run_group_tests_name("gitview", tests, tmphome_setup, tmphome_teardown);
}
