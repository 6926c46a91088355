/* SPDX-License-Identifier: MIT */
/*
 * gitzen.secretStore: its three values, and reading it from the real git
 * (a configuration file of the test's own, GIT_CONFIG_GLOBAL; the system
 * file and any repository around the test kept out).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "err.h"
#include "secretstore.h"

static char dir[] = "/tmp/gz-secretstore-XXXXXX";
static char cfg[sizeof(dir) + 16];

static void write_config(const char *text)
{
	FILE *f = fopen(cfg, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void secretstore__the_three_values_in_any_case_parse(void **state)
{
	enum gz_secretstore s = GZ_SECRETSTORE_FILE;

	(void)state;
	assert_int_equal(gz_secretstore_parse(&s, "auto"), 0);
	assert_int_equal(s, GZ_SECRETSTORE_AUTO);
	assert_int_equal(gz_secretstore_parse(&s, "SecretService"), 0);
	assert_int_equal(s, GZ_SECRETSTORE_SECRETSERVICE);
	assert_int_equal(gz_secretstore_parse(&s, "FILE"), 0);
	assert_int_equal(s, GZ_SECRETSTORE_FILE);
	assert_string_equal(gz_secretstore_name(GZ_SECRETSTORE_SECRETSERVICE), "secretservice");
}

static void secretstore__another_value_is_invalid_and_named_in_one_line(void **state)
{
	enum gz_secretstore s = GZ_SECRETSTORE_FILE;

	(void)state;
	assert_int_equal(gz_secretstore_parse(&s, "keyring"), GZ_EINVALID);
	assert_non_null(strstr(gz_error_last(), "\"keyring\""));
	assert_non_null(strstr(gz_error_last(), "auto, secretservice or file"));
	assert_null(strchr(gz_error_last(), '\n'));
	assert_int_equal(gz_secretstore_parse(&s, ""), GZ_EINVALID);
	assert_int_equal(gz_secretstore_parse(&s, "file "), GZ_EINVALID);
	assert_int_equal(gz_secretstore_parse(&s, NULL), GZ_EINVALID);
	assert_int_equal(s, GZ_SECRETSTORE_FILE);
}

static void secretstore__unset_in_git_is_auto(void **state)
{
	enum gz_secretstore s = GZ_SECRETSTORE_FILE;

	(void)state;
	write_config("[user]\n\tname = x\n");
	assert_int_equal(gz_secretstore_from_git(&s), 0);
	assert_int_equal(s, GZ_SECRETSTORE_AUTO);
}

static void secretstore__git_config_value_is_read(void **state)
{
	enum gz_secretstore s = GZ_SECRETSTORE_AUTO;

	(void)state;
	write_config("[gitzen]\n\tsecretStore = file\n");
	assert_int_equal(gz_secretstore_from_git(&s), 0);
	assert_int_equal(s, GZ_SECRETSTORE_FILE);
	write_config("[gitzen]\n\tsecretstore = secretservice\n");
	assert_int_equal(gz_secretstore_from_git(&s), 0);
	assert_int_equal(s, GZ_SECRETSTORE_SECRETSERVICE);
}

static void secretstore__git_dash_c_overrides_the_file(void **state)
{
	enum gz_secretstore s = GZ_SECRETSTORE_AUTO;

	(void)state;
	write_config("[gitzen]\n\tsecretStore = secretservice\n");
	setenv("GIT_CONFIG_PARAMETERS", "'gitzen.secretstore'='file'", 1);
	assert_int_equal(gz_secretstore_from_git(&s), 0);
	unsetenv("GIT_CONFIG_PARAMETERS");
	assert_int_equal(s, GZ_SECRETSTORE_FILE);
}

static void secretstore__a_bad_value_in_git_is_invalid(void **state)
{
	enum gz_secretstore s = GZ_SECRETSTORE_AUTO;

	(void)state;
	write_config("[gitzen]\n\tsecretStore = kwallet\n");
	assert_int_equal(gz_secretstore_from_git(&s), GZ_EINVALID);
	assert_non_null(strstr(gz_error_last(), "kwallet"));
}

static void secretstore__no_git_on_path_is_an_error_not_a_default(void **state)
{
	enum gz_secretstore s = GZ_SECRETSTORE_FILE;
	char *path = strdup(getenv("PATH") ? getenv("PATH") : "");

	(void)state;
	setenv("PATH", dir, 1);
	assert_int_equal(gz_secretstore_from_git(&s), GZ_ERROR);
	assert_non_null(strstr(gz_error_last(), "gitzen.secretStore"));
	setenv("PATH", path, 1);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(secretstore__the_three_values_in_any_case_parse),
		cmocka_unit_test(secretstore__another_value_is_invalid_and_named_in_one_line),
		cmocka_unit_test(secretstore__unset_in_git_is_auto),
		cmocka_unit_test(secretstore__git_config_value_is_read),
		cmocka_unit_test(secretstore__git_dash_c_overrides_the_file),
		cmocka_unit_test(secretstore__a_bad_value_in_git_is_invalid),
		cmocka_unit_test(secretstore__no_git_on_path_is_an_error_not_a_default),
	};
	int rc;

	if (!mkdtemp(dir))
		return 1;
	snprintf(cfg, sizeof(cfg), "%s/gitconfig", dir);
	setenv("GIT_CONFIG_GLOBAL", cfg, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CEILING_DIRECTORIES", "/", 1);
	unsetenv("GIT_CONFIG_PARAMETERS");
	unsetenv("GIT_DIR");
	if (chdir(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(cfg);
	rmdir(dir);
	return rc;
}
