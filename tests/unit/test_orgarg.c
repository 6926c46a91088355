/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "table.h"

#include "err.h"
#include "orgarg.h"

/*
 * Organisation arguments as a table: each row is a specification (its
 * name is the test name), arguments and the organisation each names, or
 * NULL for GZ_EINVALID with a message containing `says`.
 */

#define MAX_CASES 10

struct one {
	const char *arg;
	const char *want;
	const char *says;
};

struct row {
	const char *name;
	struct one cases[MAX_CASES];
};

static const struct row rows[] = {
	{ "orgarg__a_name_is_taken_in_lower_case",
	  { { "contoso", "contoso", NULL },
	    { "Contoso", "contoso", NULL },
	    { "my-org-2", "my-org-2", NULL },
	    { "contoso/", "contoso", NULL } } },
	{ "orgarg__an_organisation_url_of_dev_azure_com",
	  { { "https://dev.azure.com/contoso", "contoso", NULL },
	    { "https://dev.azure.com/Contoso/", "contoso", NULL },
	    { "https://DEV.AZURE.COM:443/contoso", "contoso", NULL },
	    { "dev.azure.com/contoso", "contoso", NULL },
	    { "https://dev.azure.com/contoso/_settings/tokens", "contoso", NULL },
	    { "https://dev.azure.com/contoso?x=1", "contoso", NULL },
	    { "https://dev.azure.com/contoso#top", "contoso", NULL } } },
	{ "orgarg__the_organisation_as_user_name",
	  { { "https://contoso@dev.azure.com", "contoso", NULL },
	    { "https://contoso@dev.azure.com/", "contoso", NULL },
	    { "https://alice:secret@dev.azure.com/fabrikam", "fabrikam", NULL } } },
	{ "orgarg__a_visualstudio_com_host",
	  { { "https://contoso.visualstudio.com", "contoso", NULL },
	    { "contoso.visualstudio.com", "contoso", NULL },
	    { "https://Contoso.VisualStudio.com:443/", "contoso", NULL },
	    { "https://contoso.visualstudio.com/DefaultCollection", "contoso", NULL } } },
	{ "orgarg__a_remote_url_in_every_form",
	  { { "https://dev.azure.com/contoso/Web/_git/web", "contoso", NULL },
	    { "https://contoso@dev.azure.com/contoso/Web/_git/web", "contoso", NULL },
	    { "https://contoso.visualstudio.com/Web/_git/web", "contoso", NULL },
	    { "https://contoso.visualstudio.com/DefaultCollection/Web/_git/web", "contoso", NULL },
	    { "git@ssh.dev.azure.com:v3/contoso/Web/web", "contoso", NULL },
	    { "ssh://git@ssh.dev.azure.com/v3/contoso/Web/web", "contoso", NULL },
	    { "contoso@vs-ssh.visualstudio.com:v3/contoso/Web/web", "contoso", NULL } } },
	{ "orgarg__other_hosts_and_schemes_are_refused",
	  { { "https://github.com/contoso", NULL, "not an Azure DevOps URL" },
	    { "https://dev.azure.com.evil.example/contoso", NULL, "not an Azure DevOps URL" },
	    { "https://dev.azure.com:8443/contoso", NULL, "not an Azure DevOps URL" },
	    { "https://a.b.visualstudio.com", NULL, "not an Azure DevOps URL" },
	    { "http://dev.azure.com/contoso", NULL, "https only" },
	    { "ftp://dev.azure.com/contoso", NULL, "scheme is not https" },
	    { "contoso.com", NULL, "not an Azure DevOps URL" } } },
	{ "orgarg__a_url_without_organisation_says_so",
	  { { "https://dev.azure.com", NULL, "names no organisation" },
	    { "https://dev.azure.com/", NULL, "names no organisation" },
	    { "dev.azure.com", NULL, "names no organisation" } } },
	{ "orgarg__bad_names_are_refused",
	  { { "", NULL, "no organisation given" },
	    { "my_org", NULL, "not an organisation name" },
	    { "-contoso", NULL, "not an organisation name" },
	    { "contoso//", NULL, "not an Azure DevOps URL" },
	    { "https://dev.azure.com/_apis", NULL, "not a valid name" },
	    { "https://dev.azure.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL,
	      "not a valid name" },
	    { "https://dev.azure.com/../contoso", NULL, "not a valid name" } } },
};

static void run_row(void **state)
{
	const struct row *row = *state;
	size_t i;

	for (i = 0; i < MAX_CASES && row->cases[i].arg; i++) {
		const struct one *c = &row->cases[i];
		char out[GZ_ORG_BUF] = "";
		int rc = gz_orgarg_parse(out, c->arg);

		if (c->want) {
			if (rc)
				fail_msg("'%s': refused (%s), expected %s", c->arg, gz_error_last(),
					 c->want);
			assert_string_equal(out, c->want);
		} else {
			if (rc != GZ_EINVALID)
				fail_msg("'%s': gave '%s', expected a refusal", c->arg, out);
			if (!strstr(gz_error_last(), c->says))
				fail_msg("'%s': message '%s' lacks '%s'", c->arg, gz_error_last(),
					 c->says);
		}
	}
}

static void orgarg__messages_never_repeat_the_argument(void **state)
{
	char out[GZ_ORG_BUF];

	(void)state;
	assert_int_equal(gz_orgarg_parse(out, "https://alice:hunter2@github.com/x"), GZ_EINVALID);
	assert_null(strstr(gz_error_last(), "hunter2"));
	assert_int_equal(gz_orgarg_parse(out, "https://alice:hunter2@dev.azure.com/_x"),
			 GZ_EINVALID);
	assert_null(strstr(gz_error_last(), "hunter2"));
	assert_int_equal(gz_orgarg_parse(out, NULL), GZ_EINVALID);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(orgarg__messages_never_repeat_the_argument),
	};
	return GZ_TABLE_RUN("orgarg", rows, run_row, fixed);
}
