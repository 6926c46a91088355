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
#include "ref.h"

/*
 * The scanner as a table: each row is a specification (its name is the
 * test name), a text, and the references expected in it, each written
 * "<offset>:<org>/<project>/<repo>@<hex>" with "-" for a name not given.
 */

#define MAX_WANT 12
#define T(s) s, sizeof(s) - 1 /* keeps embedded NUL bytes */
#define HEX40 "0123456789abcdef0123456789ABCDEF01234567"
#define N64 "a123456789b123456789c123456789d123456789e123456789f123456789g123"

struct row {
	const char *name;
	const char *text;
	size_t len;
	const char *want[MAX_WANT];
};

static const struct row rows[] = {
	{ "ref__seven_hex_digits_are_a_reference", T("fixed in gz#abc1234"),
	  { "9:-/-/-@abc1234" } },
	{ "ref__forty_hex_digits_are_a_reference", T("gz#" HEX40 " done"),
	  { "0:-/-/-@0123456789abcdef0123456789abcdef01234567" } },
	{ "ref__six_hex_digits_are_not_a_reference", T("gz#abc123 gz#abc12"), { NULL } },
	{ "ref__forty_one_hex_digits_are_not_a_reference", T("gz#" HEX40 "8 gz#" HEX40 "f."),
	  { NULL } },
	{ "ref__uppercase_hex_is_lower_cased", T("gz#ABCDEF0"), { "0:-/-/-@abcdef0" } },
	{ "ref__upper_case_marker_is_a_reference", T("GZ#abcdef0"), { "0:-/-/-@abcdef0" } },
	{ "ref__mixed_case_marker_is_not_a_reference", T("Gz#abcdef0 gZ#abcdef0"), { NULL } },
	{ "ref__repository_qualified", T("gz#web@abc1234"), { "0:-/-/web@abc1234" } },
	{ "ref__project_qualified", T("see gz#Fabrikam-Fiber/web.app@abc1234"),
	  { "4:-/Fabrikam-Fiber/web.app@abc1234" } },
	{ "ref__organisation_qualified_lower_cases_only_the_organisation",
	  T("gz#Contoso/Web/api_v2@ABC1234"), { "0:contoso/Web/api_v2@abc1234" } },
	{ "ref__four_names_are_not_a_reference", T("gz#a/b/c/d@abc1234"), { NULL } },
	{ "ref__bad_organisation_is_not_a_reference",
	  T("gz#con.toso/p/r@abc1234 gz#-x/p/r@abc1234 gz#x_y/p/r@abc1234"), { NULL } },
	{ "ref__names_starting_with_dot_or_underscore_are_not_references",
	  T("gz#_apis@abc1234 gz#..@abc1234 gz#.x@abc1234 gz#p/_git@abc1234 gz#web.@abc1234"),
	  { NULL } },
	{ "ref__name_of_64_characters_is_a_reference", T("gz#" N64 "@abc1234"),
	  { "0:-/-/" N64 "@abc1234" } },
	{ "ref__name_of_65_characters_is_not_a_reference", T("gz#" N64 "x@abc1234"), { NULL } },
	{ "ref__empty_names_are_not_references",
	  T("gz#@abc1234 gz#/web@abc1234 gz#p//r@abc1234 gz#a/@abc1234"), { NULL } },
	{ "ref__bad_hex_after_a_qualifier_is_no_reference_at_all",
	  T("gz#abc1234@zz gz#abc1234@abc123 gz#web@ gz#web@abcdefg"), { NULL } },
	{ "ref__letter_or_digit_after_the_hex_is_not_a_reference",
	  T("gz#abcdefg gz#abc1234x gz#abc1234Z gz#web@abc1234q"), { NULL } },
	{ "ref__punctuation_after_the_hex_ends_it",
	  T("gz#abc1234. gz#abc1235, gz#abc1236; gz#abc1237! gz#abc1238? gz#abc1239) "
	    "gz#abc123a: gz#abc123b/x gz#abc123c_ gz#abc123d- gz#abc123e#L3"),
	  { "0:-/-/-@abc1234", "12:-/-/-@abc1235", "24:-/-/-@abc1236", "36:-/-/-@abc1237",
	    "48:-/-/-@abc1238", "60:-/-/-@abc1239", "72:-/-/-@abc123a", "84:-/-/-@abc123b",
	    "97:-/-/-@abc123c", "109:-/-/-@abc123d", "121:-/-/-@abc123e" } },
	{ "ref__e_mail_addresses_are_not_references",
	  T("bob.gz#abc1234@x.com a@gz#abc1234 gz#abc1234@example.com gz#web@abc1234@x"),
	  { NULL } },
	{ "ref__url_fragment_is_not_a_reference",
	  T("https://x.example/gz#abcdef1 https://x.example/page#gz#abcdef1 "
	    "https://x.example/a?b=1&gz#abcdef1 <https://x.example/a>gz#abcdef1"),
	  { NULL } },
	{ "ref__reference_after_a_url_counts", T("see https://x.example/a gz#abcdef1"),
	  { "24:-/-/-@abcdef1" } },
	{ "ref__word_path_option_or_scheme_before_the_marker_hides_it",
	  T("xgz#abcdef1 _gz#abcdef1 1gz#abcdef1 x-gz#abcdef1 id:gz#abcdef1 a/gz#abcdef1 "
	    "a.gz#abcdef1 Xgz#abcdef1"),
	  { NULL } },
	{ "ref__markdown_around_a_reference_is_fine",
	  T("`gz#abcdef1` [gz#abcdef2](x) **gz#abcdef3** (gz#abcdef4) \"gz#abcdef5\" "
	    "<gz#abcdef6> #gz#abcdef7"),
	  { "1:-/-/-@abcdef1", "14:-/-/-@abcdef2", "31:-/-/-@abcdef3", "45:-/-/-@abcdef4",
	    "58:-/-/-@abcdef5", "71:-/-/-@abcdef6", "84:-/-/-@abcdef7" } },
	{ "ref__newlines_and_tabs_separate_references",
	  T("gz#abcdef1\ngz#abcdef2\r\n\tgz#abcdef3\n"),
	  { "0:-/-/-@abcdef1", "11:-/-/-@abcdef2", "24:-/-/-@abcdef3" } },
	{ "ref__a_url_ends_at_a_newline", T("https://x.example/a\ngz#abcdef1"),
	  { "20:-/-/-@abcdef1" } },
	{ "ref__reference_may_fill_the_whole_text", T("gz#abcdef1"), { "0:-/-/-@abcdef1" } },
	{ "ref__nul_bytes_neither_stop_nor_join", T("a\0gz#abcdef1\0gz#abcdef2"),
	  { "2:-/-/-@abcdef1", "13:-/-/-@abcdef2" } },
	{ "ref__non_ascii_bytes_are_punctuation",
	  T("\xc3\xa9gz#abcdef1\xc3\xa9 \xff" "gz#abcdef2\xff \xe3\x80\x82gz#abcdef3\xe3\x80\x82"),
	  { "2:-/-/-@abcdef1", "16:-/-/-@abcdef2", "31:-/-/-@abcdef3" } },
	{ "ref__truncated_marker_is_nothing", T("gz# gz#"), { NULL } },
	{ "ref__truncated_text_is_nothing", T("g"), { NULL } },
	{ "ref__repeated_marker_finds_the_inner_reference", T("gz#gz#abcdef1"),
	  { "3:-/-/-@abcdef1" } },
	{ "ref__a_name_alone_is_not_a_reference", T("gz#web gz#web/x gz#p/r"), { NULL } },
	{ "ref__hex_followed_by_a_path_is_a_reference", T("gz#abc1234/src/main.c"),
	  { "0:-/-/-@abc1234" } },
	{ "ref__empty_text_is_nothing", T(""), { NULL } },
};

static void describe(char *out, size_t outsz, const struct gz_ref *r)
{
	snprintf(out, outsz, "%zu:%s/%s/%s@%s", r->offset, r->org ? r->org : "-",
		 r->project ? r->project : "-", r->repo ? r->repo : "-", r->hex);
}

static void run_row(void **state)
{
	const struct row *row = *state;
	struct gz_ref_list l = GZ_REF_LIST_INIT;
	size_t i, nwant = 0;
	char got[512];

	while (nwant < MAX_WANT && row->want[nwant])
		nwant++;
	assert_int_equal(gz_ref_scan(&l, row->text, row->len), 0);
	for (i = 0; i < l.n; i++) {
		const struct gz_ref *r = &l.v[i];

		describe(got, sizeof(got), r);
		if (i >= nwant)
			fail_msg("unexpected reference %s", got);
		assert_string_equal(got, row->want[i]);
		/* text is the reference exactly as written */
		assert_true(r->offset + r->len <= row->len);
		assert_int_equal(strlen(r->text), r->len);
		assert_memory_equal(r->text, row->text + r->offset, r->len);
	}
	assert_int_equal(l.n, nwant);
	gz_ref_list_release(&l);
}

static size_t scan_into(struct gz_ref_list *l, const char *text)
{
	assert_int_equal(gz_ref_scan(l, text, strlen(text)), 0);
	return l->n;
}

static void ref__text_is_the_reference_as_written(void **state)
{
	struct gz_ref_list l = GZ_REF_LIST_INIT;

	(void)state;
	scan_into(&l, "(GZ#Contoso/Web/Api@ABC1234)");
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].text, "GZ#Contoso/Web/Api@ABC1234");
	assert_int_equal(l.v[0].offset, 1);
	assert_int_equal(l.v[0].len, 26);
	assert_string_equal(l.v[0].org, "contoso");
	assert_string_equal(l.v[0].project, "Web");
	assert_string_equal(l.v[0].repo, "Api");
	assert_string_equal(l.v[0].hex, "abc1234");
	gz_ref_list_release(&l);
}

static void ref__dedup_keeps_the_first_occurrence_in_order(void **state)
{
	struct gz_ref_list l = GZ_REF_LIST_INIT;

	(void)state;
	scan_into(&l, "gz#abc1234 gz#web@abc1234 gz#ABC1234 gz#WEB@abc1234 gz#bcd2345 gz#abc1234");
	assert_int_equal(l.n, 6);
	gz_ref_list_dedup(&l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].text, "gz#abc1234");
	assert_int_equal(l.v[0].offset, 0);
	assert_string_equal(l.v[1].text, "gz#web@abc1234");
	assert_string_equal(l.v[2].text, "gz#bcd2345");
	gz_ref_list_release(&l);
}

static void ref__dedup_compares_names_without_case_and_hex_exactly(void **state)
{
	struct gz_ref_list l = GZ_REF_LIST_INIT;

	(void)state;
	scan_into(&l, "gz#P/r@abc1234 gz#p/R@ABC1234 gz#r@abc1234 gz#abc12345 gz#abc1234 "
		      "gz#Contoso/p/r@abc1234 gz#contoso/P/R@abc1234 gz#fabrikam/p/r@abc1234");
	gz_ref_list_dedup(&l);
	assert_int_equal(l.n, 6);
	assert_string_equal(l.v[0].text, "gz#P/r@abc1234");
	assert_string_equal(l.v[1].text, "gz#r@abc1234");
	assert_string_equal(l.v[2].text, "gz#abc12345");
	assert_string_equal(l.v[3].text, "gz#abc1234");
	assert_string_equal(l.v[4].text, "gz#Contoso/p/r@abc1234");
	assert_string_equal(l.v[5].text, "gz#fabrikam/p/r@abc1234");
	gz_ref_list_release(&l);
}

static void ref__scan_appends_across_texts(void **state)
{
	struct gz_ref_list l = GZ_REF_LIST_INIT;

	(void)state;
	scan_into(&l, "gz#abc1234 gz#bcd2345");
	scan_into(&l, "again gz#bcd2345 and gz#cde3456");
	assert_int_equal(l.n, 4);
	assert_int_equal(l.v[2].offset, 6);
	gz_ref_list_dedup(&l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[2].hex, "cde3456");
	gz_ref_list_release(&l);
}

static char *repeat(const char *unit, size_t times, size_t *len);

static void ref__fewer_than_seven_hex_digits_are_near_misses_kept_apart(void **state)
{
	struct gz_ref_list l = GZ_REF_LIST_INIT;

	(void)state;
	scan_into(&l, "see gz#9bbf8, gz#web@ABC12 and gz#9bbf8 again; gz#abc1234 gz#1.\n"
		      "not near misses: x/gz#abc gz#abcdefg gz#ab@x gz# gz#xyz https://h/?q=1&gz#abc gz#abc12@y");
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].text, "gz#abc1234");
	assert_int_equal(l.nshort, 3); /* the repeated gz#9bbf8 once */
	assert_int_equal(l.nshort_kept, 3);
	assert_string_equal(l.short_text[0], "gz#9bbf8");
	assert_string_equal(l.short_text[1], "gz#web@ABC12");
	assert_string_equal(l.short_text[2], "gz#1");
	/* a later text adds to them; dedup leaves them alone */
	scan_into(&l, "gz#web@ABC12 gz#fed");
	gz_ref_list_dedup(&l);
	assert_int_equal(l.nshort, 4);
	assert_int_equal(l.nshort_kept, 4);
	assert_string_equal(l.short_text[3], "gz#fed");
	gz_ref_list_release(&l);
	assert_int_equal(l.nshort, 0);
	assert_int_equal(l.nshort_kept, 0);
	assert_null(l.short_text[0]);
}

static void ref__near_misses_are_counted_past_the_ones_kept(void **state)
{
	struct gz_ref_list l = GZ_REF_LIST_INIT;
	char text[64 * 12];
	size_t i, o = 0;

	(void)state;
	for (i = 0; i < GZ_REF_SHORT_KEEP + 5; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, "gz#%04zx ", i);
	scan_into(&l, text);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.nshort, GZ_REF_SHORT_KEEP + 5);
	assert_int_equal(l.nshort_kept, GZ_REF_SHORT_KEEP);
	assert_string_equal(l.short_text[GZ_REF_SHORT_KEEP - 1], "gz#0013");
	/* again: the kept ones are repeats, the 5 others are counted again */
	scan_into(&l, text);
	assert_int_equal(l.nshort, GZ_REF_SHORT_KEEP + 10);
	assert_int_equal(l.nshort_kept, GZ_REF_SHORT_KEEP);
	gz_ref_list_release(&l);
}

static void ref__a_failed_scan_leaves_the_near_misses_unchanged(void **state)
{
	struct gz_ref_list l = GZ_REF_LIST_INIT;
	size_t len;
	char *s = repeat("gz#abc gz#abcdef1 ", GZ_REF_LIST_MAX + 1, &len);

	(void)state;
	scan_into(&l, "gz#9bbf8");
	assert_int_equal(gz_ref_scan(&l, s, len), GZ_EINVALID);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.nshort, 1);
	assert_int_equal(l.nshort_kept, 1);
	assert_string_equal(l.short_text[0], "gz#9bbf8");
	gz_ref_list_release(&l);
	free(s);
}

static char *repeat(const char *unit, size_t times, size_t *len)
{
	size_t ul = strlen(unit), i;
	char *s = malloc(ul * times + 1);

	assert_non_null(s);
	for (i = 0; i < times; i++)
		memcpy(s + i * ul, unit, ul);
	s[ul * times] = '\0';
	*len = ul * times;
	return s;
}

static void ref__more_than_the_limit_fails_and_leaves_the_list_unchanged(void **state)
{
	struct gz_ref_list l = GZ_REF_LIST_INIT;
	size_t len;
	char *s = repeat("gz#abcdef1 ", GZ_REF_LIST_MAX, &len);

	(void)state;
	scan_into(&l, "gz#0000000");
	assert_int_equal(gz_ref_scan(&l, s, len), GZ_EINVALID);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].hex, "0000000");
	gz_ref_list_release(&l);
	/* exactly the limit is fine, and dedup folds it to one */
	assert_int_equal(gz_ref_scan(&l, s, len), 0);
	assert_int_equal(l.n, GZ_REF_LIST_MAX);
	gz_ref_list_dedup(&l);
	assert_int_equal(l.n, 1);
	gz_ref_list_release(&l);
	free(s);
}

static void ref__release_and_dedup_accept_null_and_empty(void **state)
{
	struct gz_ref_list l = GZ_REF_LIST_INIT;

	(void)state;
	gz_ref_list_release(NULL);
	gz_ref_list_dedup(NULL);
	gz_ref_list_dedup(&l);
	gz_ref_list_release(&l);
	assert_int_equal(gz_ref_scan(&l, NULL, 0), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(gz_ref_scan(&l, NULL, 1), GZ_EINVALID);
	assert_int_equal(gz_ref_scan(NULL, "gz#abcdef1", 10), GZ_EINVALID);
	gz_ref_list_release(&l);
	assert_null(l.v);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(ref__text_is_the_reference_as_written),
		cmocka_unit_test(ref__dedup_keeps_the_first_occurrence_in_order),
		cmocka_unit_test(ref__dedup_compares_names_without_case_and_hex_exactly),
		cmocka_unit_test(ref__scan_appends_across_texts),
		cmocka_unit_test(ref__more_than_the_limit_fails_and_leaves_the_list_unchanged),
		cmocka_unit_test(ref__release_and_dedup_accept_null_and_empty),
		cmocka_unit_test(ref__fewer_than_seven_hex_digits_are_near_misses_kept_apart),
		cmocka_unit_test(ref__near_misses_are_counted_past_the_ones_kept),
		cmocka_unit_test(ref__a_failed_scan_leaves_the_near_misses_unchanged),
	};
	return GZ_TABLE_RUN("ref", rows, run_row, fixed);
}
