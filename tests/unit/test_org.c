/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "err.h"
#include "org.h"

static const char *org_of(const char *protocol, const char *host, const char *path,
			  const char *user)
{
	static char out[GZ_ORG_BUF];

	if (gz_org_from_request(out, NULL, protocol, host, path, user))
		return NULL;
	return out;
}

static void org__grammar_accepts_letters_digits_and_inner_dashes(void **state)
{
	(void)state;
	assert_true(gz_org_valid("contoso", 7));
	assert_true(gz_org_valid("a", 1));
	assert_true(gz_org_valid("My-Org-2", 8));
	assert_true(gz_org_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 50));
}

static void org__grammar_rejects_paths_dots_and_edges(void **state)
{
	(void)state;
	assert_false(gz_org_valid("", 0));
	assert_false(gz_org_valid("..", 2));
	assert_false(gz_org_valid("a/b", 3));
	assert_false(gz_org_valid("%2e%2e", 6));
	assert_false(gz_org_valid("-a", 2));
	assert_false(gz_org_valid("a-", 2));
	assert_false(gz_org_valid("a.b", 3));
	assert_false(gz_org_valid("a b", 3));
	assert_false(gz_org_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 51));
	assert_false(gz_org_valid("\xd0\xb0", 2));
}

static void org__comes_from_the_first_path_segment(void **state)
{
	(void)state;
	assert_string_equal(org_of("https", "dev.azure.com", "Contoso/Web/_git/web", "alice"),
			    "contoso");
}

static void org__comes_from_username_without_path(void **state)
{
	(void)state;
	assert_string_equal(org_of("https", "dev.azure.com", NULL, "Fabrikam"), "fabrikam");
	assert_string_equal(org_of("https", "dev.azure.com", "", "fabrikam"), "fabrikam");
}

static void org__comes_from_the_visualstudio_host_label(void **state)
{
	(void)state;
	assert_string_equal(org_of("https", "Contoso.VisualStudio.com", "Web/_git/web", NULL),
			    "contoso");
	assert_string_equal(org_of("https", "contoso.visualstudio.com:443", NULL, NULL),
			    "contoso");
}

static void org__host_match_ignores_case_and_port_443(void **state)
{
	(void)state;
	assert_string_equal(org_of("https", "DEV.Azure.COM:443", "contoso", NULL), "contoso");
}

static void org__dev_azure_com_without_path_or_username_is_told_apart(void **state)
{
	char out[GZ_ORG_BUF];

	(void)state;
	assert_int_equal(gz_org_from_request(out, NULL, "https", "dev.azure.com", NULL, NULL),
			 GZ_ENOTFOUND);
	assert_int_equal(gz_org_from_request(out, NULL, "https", "DEV.azure.com:443", "", ""),
			 GZ_ENOTFOUND);
	assert_int_equal(gz_org_from_request(out, NULL, "https", "dev.azure.com.", NULL, NULL),
			 GZ_ENOTOURS);
	assert_int_equal(gz_org_from_request(out, NULL, "http", "dev.azure.com", NULL, NULL),
			 GZ_ENOTOURS);
	assert_int_equal(gz_org_from_request(out, NULL, "https", "github.com", NULL, NULL),
			 GZ_ENOTOURS);
	assert_int_equal(gz_org_from_request(out, NULL, "https", "dev.azure.com", "../x", NULL),
			 GZ_ENOTOURS);
}

static void org__no_organisation_for_look_alikes_and_other_ports(void **state)
{
	(void)state;
	assert_null(org_of("https", "dev.azure.com.evil.example", "contoso", NULL));
	assert_null(org_of("https", "evildev.azure.com", "contoso", NULL));
	assert_null(org_of("https", "x.dev.azure.com", "contoso", NULL));
	assert_null(org_of("https", "dev.azure.com.", "contoso", NULL));
	assert_null(org_of("https", "dev.azure.com:8443", "contoso", NULL));
	assert_null(org_of("https", "dev.azure.com:4430", "contoso", NULL));
	assert_null(org_of("https", "dev.azure.com:443x", "contoso", NULL));
	assert_null(org_of("https", "contoso.visualstudio.com:4430", NULL, NULL));
	assert_null(org_of("https", "dev.azure.com:", "contoso", NULL));
	assert_null(org_of("https", "d\xd0\xb5v.azure.com", "contoso", NULL));
	assert_null(org_of("https", "vssps.dev.azure.com", "contoso", NULL));
	assert_null(org_of("https", "a.b.visualstudio.com", NULL, NULL));
	assert_null(org_of("https", ".visualstudio.com", NULL, NULL));
	assert_null(org_of("https", "visualstudio.com", NULL, NULL));
	assert_null(org_of("http", "dev.azure.com", "contoso", NULL));
	assert_null(org_of("HTTPS", "dev.azure.com", "contoso", NULL));
	assert_null(org_of("https", "dev.azure.com", NULL, NULL));
}

static void org__bad_names_never_reach_the_file_system(void **state)
{
	(void)state;
	assert_null(org_of("https", "dev.azure.com", "../x/y", NULL));
	assert_null(org_of("https", "dev.azure.com", "%2e%2e/x", NULL));
	assert_null(org_of("https", "dev.azure.com", NULL, "a/b"));
	assert_null(org_of("https", "dev.azure.com", NULL, "alice@contoso.com"));
	assert_null(org_of("https", "dev.azure.com", "-contoso/p", NULL));
	/* a bad path segment does not fall back to the user name */
	assert_null(org_of("https", "dev.azure.com", "../contoso", "contoso"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(org__grammar_accepts_letters_digits_and_inner_dashes),
		cmocka_unit_test(org__grammar_rejects_paths_dots_and_edges),
		cmocka_unit_test(org__comes_from_the_first_path_segment),
		cmocka_unit_test(org__comes_from_username_without_path),
		cmocka_unit_test(org__comes_from_the_visualstudio_host_label),
		cmocka_unit_test(org__host_match_ignores_case_and_port_443),
		cmocka_unit_test(org__no_organisation_for_look_alikes_and_other_ports),
		cmocka_unit_test(org__dev_azure_com_without_path_or_username_is_told_apart),
		cmocka_unit_test(org__bad_names_never_reach_the_file_system),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
