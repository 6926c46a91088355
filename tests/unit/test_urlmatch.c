/* SPDX-License-Identifier: MIT */
/*
 * urlmatch: Git's URL normalisation and http.<url>.* matching, as a table.
 * Every "match" row was checked against git 2.39 with
 *     git -c http.<pattern>.x=1 config --get-urlmatch http.x <url>
 * (prints 1 when Git applies the pattern to the URL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "table.h"

#include "err.h"
#include "urlmatch.h"

#include <stdio.h>
#include <string.h>

enum kind { NORM, MATCH, OVERLAP, PARTIAL };

struct row {
	const char *name;
	enum kind kind;
	const char *a;    /* NORM: the input; MATCH/OVERLAP: the pattern; PARTIAL: the partial URL */
	const char *b;    /* NORM: the normal form (NULL: invalid); else the URL or the other pattern */
	int want;         /* MATCH/OVERLAP/PARTIAL: 1 applies, 0 not */
};

static const struct row rows[] = {
	/* ---- normalisation ---- */
	{ "norm__scheme_and_host_lower_case_path_kept", NORM, "HTTPS://Dev.Azure.COM/Contoso",
	  "https://dev.azure.com/Contoso", 0 },
	{ "norm__default_https_port_dropped", NORM, "https://dev.azure.com:443/x", "https://dev.azure.com/x", 0 },
	{ "norm__default_port_with_leading_zeros_dropped", NORM, "https://dev.azure.com:0443",
	  "https://dev.azure.com/", 0 },
	{ "norm__other_port_kept_without_zeros", NORM, "https://dev.azure.com:08443/", "https://dev.azure.com:8443/", 0 },
	{ "norm__http_port_80_dropped_only_for_http", NORM, "https://h:80", "https://h:80/", 0 },
	{ "norm__empty_port_is_the_default", NORM, "https://h:/", "https://h/", 0 },
	{ "norm__port_zero_is_invalid", NORM, "https://h:0/", NULL, 0 },
	{ "norm__port_over_65535_is_invalid", NORM, "https://h:65536/", NULL, 0 },
	{ "norm__port_with_letters_is_invalid", NORM, "https://h:44x3/", NULL, 0 },
	{ "norm__missing_path_gets_a_slash", NORM, "https://dev.azure.com", "https://dev.azure.com/", 0 },
	{ "norm__dot_segments_resolved", NORM, "https://h/a/./b/../c", "https://h/a/c", 0 },
	{ "norm__trailing_dot_dot_leaves_no_slash", NORM, "https://h/a/b/..", "https://h/a", 0 },
	{ "norm__dot_dot_to_the_root", NORM, "https://h/a/..", "https://h/", 0 },
	{ "norm__dot_dot_above_the_root_is_invalid", NORM, "https://h/a/../..", NULL, 0 },
	{ "norm__escaped_dot_segments_count", NORM, "https://h/a/%2e%2E/b", "https://h/b", 0 },
	{ "norm__unreserved_escapes_undone_reserved_kept", NORM, "https://h/%7euser/%2f%41",
	  "https://h/~user/%2FA", 0 },
	{ "norm__unsafe_characters_escaped", NORM, "https://h/a b\"c", "https://h/a%20b%22c", 0 },
	{ "norm__bad_escape_is_invalid", NORM, "https://h/%zz", NULL, 0 },
	{ "norm__user_and_password_kept", NORM, "https://Me:S3CRET@Dev.Azure.com", "https://Me:S3CRET@dev.azure.com/", 0 },
	{ "norm__no_scheme_is_invalid", NORM, "dev.azure.com", NULL, 0 },
	{ "norm__scheme_starting_with_a_digit_is_invalid", NORM, "1https://h/", NULL, 0 },
	{ "norm__no_host_is_invalid", NORM, "https:///x", NULL, 0 },
	{ "norm__only_a_user_is_invalid", NORM, "https://me@/x", NULL, 0 },
	{ "norm__host_with_a_space_is_invalid", NORM, "https://dev azure.com/", NULL, 0 },
	{ "norm__glob_host_needs_globs", NORM, "https://*.visualstudio.com", NULL, 0 },
	{ "norm__file_url_without_host", NORM, "file:///tmp/x", "file:///tmp/x", 0 },
	{ "norm__query_kept_out_of_the_path", NORM, "https://h/a?b=%7e", "https://h/a?b=~", 0 },

	/* ---- http.<pattern>.* applies to URL (git config --get-urlmatch) ---- */
	{ "match__exact_host", MATCH, "https://dev.azure.com", "https://dev.azure.com/contoso/_apis/x", 1 },
	{ "match__host_section_not_for_a_subdomain", MATCH, "https://dev.azure.com",
	  "https://vssps.dev.azure.com/contoso/_apis/identities", 0 },
	{ "match__not_for_a_parent_domain", MATCH, "https://vssps.dev.azure.com", "https://dev.azure.com/x", 0 },
	{ "match__not_for_a_look_alike_suffix", MATCH, "https://azure.com", "https://dev.azure.com/x", 0 },
	{ "match__not_for_a_look_alike_prefix", MATCH, "https://dev.azure.com", "https://dev.azure.com.evil.example/", 0 },
	{ "match__letter_case_of_host_and_scheme_ignored", MATCH, "HTTPS://DEV.Azure.Com", "https://dev.azure.com/x", 1 },
	{ "match__quoted_section_as_git_config_writes_it", MATCH, "https://dev.azure.com/", "https://dev.azure.com/", 1 },
	{ "match__default_port_written_or_not", MATCH, "https://dev.azure.com:443", "https://dev.azure.com/x", 1 },
	{ "match__default_port_in_the_url", MATCH, "https://dev.azure.com", "https://dev.azure.com:443/x", 1 },
	{ "match__other_port_not", MATCH, "https://dev.azure.com:8443", "https://dev.azure.com/x", 0 },
	{ "match__other_scheme_not", MATCH, "http://dev.azure.com", "https://dev.azure.com/x", 0 },
	{ "match__wildcard_one_label", MATCH, "https://*.azure.com", "https://vssps.dev.azure.com/x", 0 },
	{ "match__wildcard_label", MATCH, "https://*.dev.azure.com", "https://vssps.dev.azure.com/x", 1 },
	{ "match__wildcard_needs_the_label", MATCH, "https://*.dev.azure.com", "https://dev.azure.com/x", 0 },
	{ "match__wildcard_visualstudio", MATCH, "https://*.visualstudio.com", "https://contoso.visualstudio.com/", 1 },
	{ "match__partial_wildcard_label_is_literal", MATCH, "https://con*.visualstudio.com",
	  "https://contoso.visualstudio.com/", 0 },
	{ "match__path_prefix_at_a_slash", MATCH, "https://dev.azure.com/contoso", "https://dev.azure.com/contoso/p/_git/r", 1 },
	{ "match__path_prefix_with_trailing_slash", MATCH, "https://dev.azure.com/contoso/", "https://dev.azure.com/contoso", 1 },
	{ "match__path_prefix_not_inside_a_segment", MATCH, "https://dev.azure.com/contoso", "https://dev.azure.com/contosox/p", 0 },
	{ "match__path_case_matters", MATCH, "https://dev.azure.com/Contoso", "https://dev.azure.com/contoso/p", 0 },
	{ "match__longer_path_than_the_url_not", MATCH, "https://dev.azure.com/contoso/p", "https://dev.azure.com/contoso", 0 },
	{ "match__user_in_pattern_needs_that_user", MATCH, "https://me@dev.azure.com", "https://dev.azure.com/x", 0 },
	{ "match__user_in_pattern_and_url", MATCH, "https://me@dev.azure.com", "https://me@dev.azure.com/x", 1 },
	{ "match__other_user_not", MATCH, "https://you@dev.azure.com", "https://me@dev.azure.com/x", 0 },
	{ "match__no_user_in_pattern_any_user", MATCH, "https://dev.azure.com", "https://me@dev.azure.com/x", 1 },
	{ "match__password_in_pattern_ignored", MATCH, "https://me:pw@dev.azure.com", "https://me@dev.azure.com/x", 1 },
	{ "match__dot_segments_in_pattern", MATCH, "https://dev.azure.com/a/../contoso", "https://dev.azure.com/contoso/x", 1 },
	{ "match__trailing_dot_in_host_as_git", MATCH, "https://dev.azure.com", "https://dev.azure.com./x", 1 },

	/* ---- could a pattern apply to some URL of another pattern (credential view) ---- */
	{ "overlap__same", OVERLAP, "https://dev.azure.com", "https://dev.azure.com", 1 },
	{ "overlap__a_path_under_it", OVERLAP, "https://DEV.Azure.com/contoso", "https://dev.azure.com", 1 },
	{ "overlap__a_user_of_it", OVERLAP, "https://me@dev.azure.com", "https://dev.azure.com", 1 },
	{ "overlap__other_port_not", OVERLAP, "https://dev.azure.com:8443", "https://dev.azure.com", 0 },
	{ "overlap__other_scheme_not", OVERLAP, "http://dev.azure.com", "https://dev.azure.com", 0 },
	{ "overlap__one_org_of_the_wildcard", OVERLAP, "https://contoso.visualstudio.com", "https://*.visualstudio.com", 1 },
	{ "overlap__wildcards_both_sides", OVERLAP, "https://*.*.com", "https://*.visualstudio.com", 1 },
	{ "overlap__other_label_count_not", OVERLAP, "https://*.com", "https://*.visualstudio.com", 0 },
	{ "overlap__other_host_not", OVERLAP, "https://github.com", "https://dev.azure.com", 0 },
	{ "overlap__subdomain_not", OVERLAP, "https://vssps.dev.azure.com", "https://dev.azure.com", 0 },

	/* ---- Git's partial credential URLs ---- */
	{ "partial__host_alone", PARTIAL, "dev.azure.com", "https://dev.azure.com", 1 },
	{ "partial__host_any_case", PARTIAL, "DEV.azure.com", "https://dev.azure.com", 1 },
	{ "partial__host_with_default_port", PARTIAL, "dev.azure.com:443", "https://dev.azure.com", 1 },
	{ "partial__host_with_other_port_not", PARTIAL, "dev.azure.com:8443", "https://dev.azure.com", 0 },
	{ "partial__user_and_path", PARTIAL, "me@dev.azure.com/contoso", "https://dev.azure.com", 1 },
	{ "partial__other_host_not", PARTIAL, "github.com", "https://dev.azure.com", 0 },
	{ "partial__one_org", PARTIAL, "contoso.visualstudio.com", "https://*.visualstudio.com", 1 },
	{ "partial__no_host_applies_everywhere", PARTIAL, "/contoso", "https://dev.azure.com", 1 },
	{ "partial__escaped_host", PARTIAL, "%64ev.azure.com", "https://dev.azure.com", 1 },
	{ "partial__unnormalisable_url_with_scheme", PARTIAL, "https://dev.azure.com/%zz", "https://dev.azure.com", 1 },
	{ "partial__other_scheme_not", PARTIAL, "http://dev.azure.com/%zz", "https://dev.azure.com", 0 },
};

static void run_row(void **state)
{
	const struct row *r = *state;
	struct gz_urlmatch_url a = GZ_URLMATCH_URL_INIT, b = GZ_URLMATCH_URL_INIT;

	switch (r->kind) {
	case NORM:
		if (!r->b) {
			assert_int_equal(gz_urlmatch_parse(&a, r->a, 0), GZ_EINVALID);
			assert_null(a.norm);
		} else {
			assert_int_equal(gz_urlmatch_parse(&a, r->a, 0), 0);
			assert_string_equal(a.norm, r->b);
			assert_int_equal(a.len, strlen(r->b));
		}
		break;
	case MATCH:
		assert_int_equal(gz_urlmatch_parse(&a, r->a, GZ_URLMATCH_GLOBS), 0);
		assert_int_equal(gz_urlmatch_parse(&b, r->b, 0), 0);
		assert_int_equal(gz_urlmatch_match(NULL, &b, &a), r->want);
		break;
	case OVERLAP:
		assert_int_equal(gz_urlmatch_parse(&a, r->a, GZ_URLMATCH_GLOBS), 0);
		assert_int_equal(gz_urlmatch_parse(&b, r->b, GZ_URLMATCH_GLOBS), 0);
		assert_int_equal(gz_urlmatch_overlap(&a, &b), r->want);
		assert_int_equal(gz_urlmatch_overlap(&b, &a), r->want); /* symmetric */
		break;
	case PARTIAL:
		assert_int_equal(gz_urlmatch_parse(&b, r->b, GZ_URLMATCH_GLOBS), 0);
		assert_int_equal(gz_urlmatch_partial_overlap(r->a, &b), r->want);
		break;
	}
	gz_urlmatch_release(&a);
	gz_urlmatch_release(&b);
}

/* The value Git takes for one key: the most specific match, the last of equals. */
static int best(const char *const *patterns, size_t n, const char *url)
{
	struct gz_urlmatch_url u = GZ_URLMATCH_URL_INIT;
	struct gz_urlmatch_item top = GZ_URLMATCH_ITEM_INIT;
	size_t i;
	int pick = -1;

	assert_int_equal(gz_urlmatch_parse(&u, url, 0), 0);
	for (i = 0; i < n; i++) {
		struct gz_urlmatch_url p = GZ_URLMATCH_URL_INIT;
		struct gz_urlmatch_item m = GZ_URLMATCH_ITEM_INIT;
		int hit = 1;

		if (patterns[i]) { /* NULL: the plain key */
			assert_int_equal(gz_urlmatch_parse(&p, patterns[i], GZ_URLMATCH_GLOBS), 0);
			hit = gz_urlmatch_match(&m, &u, &p);
		}
		if (hit && (pick < 0 || gz_urlmatch_cmp(&m, &top) >= 0)) {
			top = m;
			pick = (int)i;
		}
		gz_urlmatch_release(&p);
	}
	gz_urlmatch_release(&u);
	return pick;
}

static void urlmatch__most_specific_wins_whatever_the_order(void **state)
{
	static const char *const v1[] = { "https://dev.azure.com/contoso", "https://dev.azure.com", NULL };
	static const char *const v2[] = { "https://*.azure.com", "https://dev.azure.com", "https://*.azure.com" };
	static const char *const v3[] = { "https://me@dev.azure.com", "https://dev.azure.com" };
	static const char *const v4[] = { "https://dev.azure.com", "https://dev.azure.com:443/" };

	(void)state;
	/* the longer path beats the plain key after it and the host-wide section */
	assert_int_equal(best(v1, 3, "https://dev.azure.com/contoso/p"), 0);
	assert_int_equal(best(v1, 3, "https://dev.azure.com/fabrikam/p"), 1);
	assert_int_equal(best(v1, 3, "https://vssps.dev.azure.com/contoso"), 2);
	/* the longer host beats a wildcard, wherever it stands */
	assert_int_equal(best(v2, 3, "https://dev.azure.com/"), 1);
	/* a matched user name beats none */
	assert_int_equal(best(v3, 2, "https://me@dev.azure.com/x"), 0);
	/* equal specificity: the last one */
	assert_int_equal(best(v4, 2, "https://dev.azure.com/x"), 1);
}

static void urlmatch__split_names_a_url_scoped_entry(void **state)
{
	const char *url, *key;
	size_t n;

	(void)state;
	assert_int_equal(gz_urlmatch_split(&url, &n, &key, "http.https://dev.azure.com.sslverify", "http"), 1);
	assert_int_equal(n, strlen("https://dev.azure.com"));
	assert_memory_equal(url, "https://dev.azure.com", n);
	assert_string_equal(key, "sslverify");
	assert_int_equal(gz_urlmatch_split(&url, &n, &key, "http.sslverify", "http"), 0);
	assert_null(url);
	assert_string_equal(key, "sslverify");
	assert_int_equal(gz_urlmatch_split(&url, &n, &key, "https.x", "http"), -1);
	assert_int_equal(gz_urlmatch_split(&url, &n, &key, "credential.helper", "http"), -1);
}

static void urlmatch__redact_hides_user_information_in_every_url(void **state)
{
	char out[256];

	(void)state;
	assert_string_equal(gz_urlmatch_redact(out, sizeof(out),
					       "credential.https://me:S3CRET@dev.azure.com.helper and "
					       "\"http://u@h/x\" https://dev.azure.com/a@b"),
			    "credential.https://<redacted>@dev.azure.com.helper and "
			    "\"http://<redacted>@h/x\" https://dev.azure.com/a@b");
	assert_string_equal(gz_urlmatch_redact(out, sizeof(out), "https://p@ss:w@rd@host/"),
			    "https://<redacted>@host/");
	assert_string_equal(gz_urlmatch_redact(out, sizeof(out), "no url: a@b, ://x@y"), "no url: a@b, ://x@y");
	assert_string_equal(gz_urlmatch_redact(out, 12, "https://me:pw@h"), "https://<re");
	assert_string_equal(gz_urlmatch_redact(out, 1, "https://me:pw@h"), "");
}

int main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(urlmatch__most_specific_wins_whatever_the_order),
		cmocka_unit_test(urlmatch__split_names_a_url_scoped_entry),
		cmocka_unit_test(urlmatch__redact_hides_user_information_in_every_url),
	};

	return GZ_TABLE_RUN("urlmatch", rows, run_row, fixed);
}
