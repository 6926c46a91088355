/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "table.h"

#include "err.h"
#include "remote.h"

/*
 * Remote URLs as a table: each row is a specification (its name is the
 * test name), URLs, and what each must give: "org|project|repo", or NULL
 * for GZ_ENOTOURS.
 */

#define MAX_CASES 10

struct one {
	const char *url;
	const char *want;
};

struct row {
	const char *name;
	struct one cases[MAX_CASES];
};

static const struct row rows[] = {
	{ "remote__https_with_project",
	  { { "https://dev.azure.com/contoso/Web/_git/web-app", "contoso|Web|web-app" } } },
	{ "remote__https_with_organisation_as_user_name",
	  { { "https://contoso@dev.azure.com/contoso/Web/_git/web", "contoso|Web|web" },
	    { "https://alice:secret@dev.azure.com/contoso/Web/_git/web", "contoso|Web|web" },
	    { "https://other@dev.azure.com/contoso/Web/_git/web", "contoso|Web|web" } } },
	{ "remote__https_without_project_uses_the_repository",
	  { { "https://dev.azure.com/contoso/_git/web", "contoso|web|web" } } },
	{ "remote__https_host_in_any_case_and_port_443",
	  { { "https://DEV.Azure.COM:443/Contoso/Web/_git/web", "contoso|Web|web" },
	    { "HTTPS://dev.azure.com/contoso/Web/_GIT/web", "contoso|Web|web" } } },
	{ "remote__https_trailing_slash_is_allowed_once",
	  { { "https://dev.azure.com/contoso/Web/_git/web/", "contoso|Web|web" },
	    { "https://dev.azure.com/contoso/Web/_git/web//", NULL } } },
	{ "remote__dot_git_is_part_of_the_repository_name",
	  { { "https://dev.azure.com/contoso/Web/_git/web.git", "contoso|Web|web.git" } } },
	{ "remote__percent_encoded_names_are_decoded",
	  { { "https://dev.azure.com/contoso/My%20Project/_git/My%20Repo",
	      "contoso|My Project|My Repo" },
	    { "https://dev.azure.com/contoso/Caf%C3%A9/_git/web", "contoso|Caf\xc3\xa9|web" },
	    { "git@ssh.dev.azure.com:v3/contoso/My%20Project/web", "contoso|My Project|web" } } },
	{ "remote__bad_percent_encoding_is_refused",
	  { { "https://dev.azure.com/contoso/My%2/_git/web", NULL },
	    { "https://dev.azure.com/contoso/My%zz/_git/web", NULL },
	    { "https://dev.azure.com/contoso/a%2Fb/_git/web", NULL },
	    { "https://dev.azure.com/contoso/a%00b/_git/web", NULL },
	    { "https://dev.azure.com/contoso/a%0Ab/_git/web", NULL },
	    { "https://dev.azure.com/contoso/a%5Cb/_git/web", NULL },
	    { "https://dev.azure.com/contoso/%FF/_git/web", NULL },
	    { "https://dev.azure.com/contoso/%C0%AF/_git/web", NULL },
	    { "https://dev.azure.com/contoso/%2E%2E/_git/web", NULL },
	    { "https://dev.azure.com/contoso/p/_git/%", NULL } } },
	{ "remote__dot_segments_and_reserved_names_are_refused",
	  { { "https://dev.azure.com/contoso/../_git/web", NULL },
	    { "https://dev.azure.com/contoso/./_git/web", NULL },
	    { "https://dev.azure.com/contoso/p/_git/..", NULL },
	    { "https://dev.azure.com/contoso/_apis/_git/web", NULL },
	    { "https://dev.azure.com/contoso/p/_git/_full", NULL },
	    { "https://dev.azure.com/contoso/p/_git/_git", NULL },
	    { "https://dev.azure.com/contoso/p/_git/_full/_x", NULL } } },
	{ "remote__visualstudio_host_gives_the_organisation",
	  { { "https://contoso.visualstudio.com/Web/_git/web", "contoso|Web|web" },
	    { "https://Contoso.VisualStudio.com:443/Web/_git/web", "contoso|Web|web" },
	    { "https://contoso.visualstudio.com/DefaultCollection/Web/_git/web",
	      "contoso|Web|web" },
	    { "https://contoso.visualstudio.com/defaultcollection/_git/web", "contoso|web|web" },
	    { "https://contoso.visualstudio.com/_git/web", "contoso|web|web" },
	    { "https://contoso.visualstudio.com/Web/_git/_full/web", "contoso|Web|web" },
	    { "https://contoso.visualstudio.com/DefaultCollection/Web/_git/_optimized/web",
	      "contoso|Web|web" },
	    { "https://dev.azure.com/contoso/Web/_git/_optimized/web", "contoso|Web|web" } } },
	{ "remote__ssh_forms",
	  { { "git@ssh.dev.azure.com:v3/Contoso/Web/web", "contoso|Web|web" },
	    { "ssh://git@ssh.dev.azure.com/v3/contoso/Web/web", "contoso|Web|web" },
	    { "ssh://git@ssh.dev.azure.com:22/v3/contoso/Web/web/", "contoso|Web|web" },
	    { "contoso@vs-ssh.visualstudio.com:v3/contoso/Web/web", "contoso|Web|web" },
	    { "ssh://contoso@vs-ssh.visualstudio.com/v3/contoso/Web/web", "contoso|Web|web" },
	    { "ssh.dev.azure.com:v3/contoso/Web/web", "contoso|Web|web" },
	    { "SSH://git@SSH.dev.azure.com/V3/contoso/Web/web", "contoso|Web|web" } } },
	{ "remote__ssh_paths_other_than_v3_org_project_repo_are_refused",
	  { { "git@ssh.dev.azure.com:v2/contoso/Web/web", NULL },
	    { "git@ssh.dev.azure.com:v3/contoso/web", NULL },
	    { "git@ssh.dev.azure.com:v3/contoso/Web/web/x", NULL },
	    { "git@ssh.dev.azure.com:/v3/contoso/Web/web", NULL },
	    { "git@ssh.dev.azure.com:v3/con.toso/Web/web", NULL },
	    { "git@ssh.dev.azure.com:22:v3/contoso/Web/web", NULL },
	    { "ssh://git@ssh.dev.azure.com:2222/v3/contoso/Web/web", NULL },
	    { "git@vs-ssh.visualstudio.com:v3/contoso/Web/_git", NULL } } },
	{ "remote__other_hosts_and_look_alikes_are_not_ours",
	  { { "https://github.com/contoso/web.git", NULL },
	    { "https://dev.azure.com.evil.example/contoso/Web/_git/web", NULL },
	    { "https://dev.azure.com./contoso/Web/_git/web", NULL },
	    { "https://evildev.azure.com/contoso/Web/_git/web", NULL },
	    { "https://vssps.dev.azure.com/contoso/Web/_git/web", NULL },
	    { "https://a.b.visualstudio.com/Web/_git/web", NULL },
	    { "https://visualstudio.com/Web/_git/web", NULL },
	    { "git@ssh.dev.azure.com.evil.example:v3/contoso/Web/web", NULL },
	    { "git@github.com:contoso/web.git", NULL },
	    { "https://dev.azure.com@evil.example/contoso/Web/_git/web", NULL } } },
	{ "remote__other_schemes_and_ports_are_not_ours",
	  { { "http://dev.azure.com/contoso/Web/_git/web", NULL },
	    { "git://dev.azure.com/contoso/Web/_git/web", NULL },
	    { "file:///srv/contoso/Web/_git/web", NULL },
	    { "https://dev.azure.com:8443/contoso/Web/_git/web", NULL },
	    { "https://dev.azure.com:/contoso/Web/_git/web", NULL },
	    { "https://dev.azure.com:0443/contoso/Web/_git/web", NULL },
	    { "ssh://git@dev.azure.com/v3/contoso/Web/web", NULL },
	    { "/srv/git/web", NULL },
	    { "../web", NULL },
	    { "", NULL } } },
	{ "remote__bad_organisations_are_not_ours",
	  { { "https://dev.azure.com/-contoso/Web/_git/web", NULL },
	    { "https://dev.azure.com/con_toso/Web/_git/web", NULL },
	    { "https://dev.azure.com/%63ontoso/Web/_git/web", NULL },
	    { "https://dev.azure.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/p/_git/r",
	      NULL },
	    { "https://-x.visualstudio.com/Web/_git/web", NULL } } },
	{ "remote__paths_without_a_repository_are_refused",
	  { { "https://dev.azure.com/contoso", NULL },
	    { "https://dev.azure.com/contoso/", NULL },
	    { "https://dev.azure.com/contoso/Web", NULL },
	    { "https://dev.azure.com/contoso/Web/_git", NULL },
	    { "https://dev.azure.com/contoso/Web/_git/", NULL },
	    { "https://dev.azure.com/contoso/Web/x/_git/web", NULL },
	    { "https://dev.azure.com/contoso//_git/web", NULL },
	    { "https://dev.azure.com/contoso/Web/_git/web/commit/abc", NULL },
	    { "https://dev.azure.com", NULL },
	    { "https://contoso.visualstudio.com/DefaultCollection", NULL } } },
	{ "remote__queries_fragments_spaces_and_controls_are_refused",
	  { { "https://dev.azure.com/contoso/Web/_git/web?x=1", NULL },
	    { "https://dev.azure.com/contoso/Web/_git/web#x", NULL },
	    { "https://dev.azure.com/contoso/My Project/_git/web", NULL },
	    { "https://dev.azure.com/contoso/Web/_git/web\n", NULL },
	    { "https://dev.azure.com/contoso/Web\\_git/web", NULL } } },
};

static void run_row(void **state)
{
	const struct row *row = *state;
	size_t i;

	for (i = 0; i < MAX_CASES && row->cases[i].url; i++) {
		const struct one *c = &row->cases[i];
		struct gz_remote r = GZ_REMOTE_INIT;
		char got[1024];
		int rc = gz_remote_parse(&r, c->url);

		if (!c->want) {
			if (rc != GZ_ENOTOURS)
				fail_msg("%s: want GZ_ENOTOURS, got %d (%s|%s|%s)", c->url, rc, r.org,
					 r.project ? r.project : "-", r.repo ? r.repo : "-");
			assert_null(r.project);
			assert_null(r.repo);
			assert_string_equal(r.org, "");
			/* the message never repeats the URL (it may hold a password) */
			assert_null(strstr(gz_error_last(), "secret"));
			continue;
		}
		if (rc)
			fail_msg("%s: want %s, got %d: %s", c->url, c->want, rc, gz_error_last());
		snprintf(got, sizeof(got), "%s|%s|%s", r.org, r.project, r.repo);
		if (strcmp(got, c->want))
			fail_msg("%s: want %s, got %s", c->url, c->want, got);
		gz_remote_release(&r);
	}
}

static void remote__too_long_urls_are_refused(void **state)
{
	struct gz_remote r = GZ_REMOTE_INIT;
	static const char head[] = "https://dev.azure.com/contoso/p/_git/";
	char *url = malloc(GZ_REMOTE_URL_MAX + 2);

	(void)state;
	assert_non_null(url);
	memcpy(url, head, sizeof(head) - 1);
	memset(url + sizeof(head) - 1, 'r', GZ_REMOTE_URL_MAX - (sizeof(head) - 1));
	url[GZ_REMOTE_URL_MAX] = '\0';
	assert_int_equal(gz_remote_parse(&r, url), 0);
	assert_int_equal(strlen(r.repo), GZ_REMOTE_URL_MAX - (sizeof(head) - 1));
	gz_remote_release(&r);
	url[GZ_REMOTE_URL_MAX] = 'r';
	url[GZ_REMOTE_URL_MAX + 1] = '\0';
	assert_int_equal(gz_remote_parse(&r, url), GZ_ENOTOURS);
	free(url);
}

static void remote__commit_url_percent_encodes_project_and_repo(void **state)
{
	struct gz_remote r = GZ_REMOTE_INIT;
	char *url;

	(void)state;
	assert_int_equal(
		gz_remote_parse(&r, "https://Contoso@dev.azure.com/Contoso/My%20Project/_git/web.app"),
		0);
	url = gz_remote_commit_url(&r, "0123456789abcdef0123456789abcdef01234567");
	assert_string_equal(url, "https://dev.azure.com/contoso/My%20Project/_git/web.app/commit/"
				 "0123456789abcdef0123456789abcdef01234567");
	free(url);
	gz_remote_release(&r);
}

static void remote__commit_url_needs_a_complete_remote_and_a_hex_sha(void **state)
{
	struct gz_remote r = GZ_REMOTE_INIT;

	(void)state;
	assert_null(gz_remote_commit_url(NULL, "abc1234"));
	assert_null(gz_remote_commit_url(&r, "abc1234"));
	assert_int_equal(gz_remote_parse(&r, "https://dev.azure.com/contoso/_git/web"), 0);
	assert_null(gz_remote_commit_url(&r, NULL));
	assert_null(gz_remote_commit_url(&r, ""));
	assert_null(gz_remote_commit_url(&r, "abc/../x"));
	assert_null(gz_remote_commit_url(&r, "0123456789abcdef0123456789abcdef012345678"));
	gz_remote_release(&r);
}

static void remote__escape_keeps_only_unreserved_bytes(void **state)
{
	char *s;

	(void)state;
	s = gz_remote_escape("My Project/..%\xc3\xa9-._~Az09");
	assert_string_equal(s, "My%20Project%2F..%25%C3%A9-._~Az09");
	free(s);
	s = gz_remote_escape("");
	assert_string_equal(s, "");
	free(s);
	assert_null(gz_remote_escape(NULL));
}

static void remote__release_accepts_null_and_is_idempotent(void **state)
{
	struct gz_remote r = GZ_REMOTE_INIT;

	(void)state;
	gz_remote_release(NULL);
	assert_int_equal(gz_remote_parse(&r, "https://dev.azure.com/contoso/_git/web"), 0);
	gz_remote_release(&r);
	gz_remote_release(&r);
	assert_null(r.repo);
	assert_int_equal(gz_remote_parse(&r, NULL), GZ_ENOTOURS);
	assert_int_equal(gz_remote_parse(NULL, "https://dev.azure.com/contoso/_git/web"),
			 GZ_EINVALID);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(remote__too_long_urls_are_refused),
		cmocka_unit_test(remote__commit_url_percent_encodes_project_and_repo),
		cmocka_unit_test(remote__commit_url_needs_a_complete_remote_and_a_hex_sha),
		cmocka_unit_test(remote__escape_keeps_only_unreserved_bytes),
		cmocka_unit_test(remote__release_accepts_null_and_is_idempotent),
	};
	return GZ_TABLE_RUN("remote", rows, run_row, fixed);
}
