/* SPDX-License-Identifier: MIT */
/* entry.h: the status rule, "take this PAT", marks, applying a result, and
 * the codec (versions, times, user names), table-driven where the policy is. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "table.h"

#include "entry.h"
#include "err.h"
#include "scope.h"
#include "when.h"

#define PAT1 "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"
#define PAT2 "bbcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"
#define NOW INT64_C(1800000000)
#define DAY GZ_WHEN_DAY

/* ---- the status rule ------------------------------------------------------ */

struct status_row {
	const char *name;
	int64_t expires, validated, rejected;
	enum gz_vstatus result;
	enum gz_entry_status want;
};

static const struct status_row status_rows[] = {
	{ "status: never validated, no expiry: unvalidated", 0, 0, 0, GZ_VSTATUS_NONE, GZ_ENTRY_UNVALIDATED },
	{ "status: validated ok: ok", 0, NOW - DAY, 0, GZ_VSTATUS_OK, GZ_ENTRY_OK },
	{ "status: ok, expiry in 30 days: ok", NOW + 30 * DAY, NOW - DAY, 0, GZ_VSTATUS_OK, GZ_ENTRY_OK },
	{ "status: ok, expiry in exactly 7 days: ok", NOW + 7 * DAY, NOW - DAY, 0, GZ_VSTATUS_OK, GZ_ENTRY_OK },
	{ "status: ok, expiry in 7 days less 1 s: expiring", NOW + 7 * DAY - 1, NOW - DAY, 0, GZ_VSTATUS_OK, GZ_ENTRY_EXPIRING },
	{ "status: unvalidated, expiry in 3 days: expiring", NOW + 3 * DAY, 0, 0, GZ_VSTATUS_NONE, GZ_ENTRY_EXPIRING },
	{ "status: expiry 1 s ahead: expiring", NOW + 1, NOW - DAY, 0, GZ_VSTATUS_OK, GZ_ENTRY_EXPIRING },
	{ "status: expiry now: expired", NOW, NOW - DAY, 0, GZ_VSTATUS_OK, GZ_ENTRY_EXPIRED },
	{ "status: expiry past: expired", NOW - DAY, NOW - 2 * DAY, 0, GZ_VSTATUS_OK, GZ_ENTRY_EXPIRED },
	{ "status: Azure DevOps said expired, no local expiry: expired", 0, NOW - DAY, 0, GZ_VSTATUS_EXPIRED, GZ_ENTRY_EXPIRED },
	{ "status: marked rejected: rejected", 0, NOW - DAY, NOW - 60, GZ_VSTATUS_OK, GZ_ENTRY_REJECTED },
	{ "status: result rejected: rejected", 0, NOW - DAY, 0, GZ_VSTATUS_REJECTED, GZ_ENTRY_REJECTED },
	{ "status: rejected beats expired", NOW - DAY, NOW - DAY, NOW - 60, GZ_VSTATUS_EXPIRED, GZ_ENTRY_REJECTED },
	{ "status: expired beats missing scopes", NOW - 1, NOW - DAY, 0, GZ_VSTATUS_MISSING, GZ_ENTRY_EXPIRED },
	{ "status: missing scopes beats expiring", NOW + DAY, NOW - DAY, 0, GZ_VSTATUS_MISSING, GZ_ENTRY_MISSING_SCOPES },
	{ "status: missing scopes: missing-scopes", 0, NOW - DAY, 0, GZ_VSTATUS_MISSING, GZ_ENTRY_MISSING_SCOPES },
	{ "status: unreachable last time, validated before: ok", 0, NOW - DAY, 0, GZ_VSTATUS_UNREACHABLE, GZ_ENTRY_OK },
};

static void run_status(void **state)
{
	const struct status_row *r = *state;
	struct gz_entry e = GZ_ENTRY_INIT;

	e.expires = r->expires;
	e.validated = r->validated;
	e.rejected = r->rejected;
	e.result = r->result;
	assert_string_equal(gz_entry_status_name(gz_entry_status(&e, NOW)), gz_entry_status_name(r->want));
	assert_int_equal(gz_entry_usable(&e, NOW),
			 r->want != GZ_ENTRY_REJECTED && r->want != GZ_ENTRY_EXPIRED);
}

static void entry__names_are_the_products_spellings(void **state)
{
	(void)state;
	assert_string_equal(gz_entry_status_name(GZ_ENTRY_OK), "ok");
	assert_string_equal(gz_entry_status_name(GZ_ENTRY_EXPIRING), "expiring");
	assert_string_equal(gz_entry_status_name(GZ_ENTRY_EXPIRED), "expired");
	assert_string_equal(gz_entry_status_name(GZ_ENTRY_REJECTED), "rejected");
	assert_string_equal(gz_entry_status_name(GZ_ENTRY_MISSING_SCOPES), "missing-scopes");
	assert_string_equal(gz_entry_status_name(GZ_ENTRY_UNVALIDATED), "unvalidated");
	assert_string_equal(gz_entry_status_name(GZ_ENTRY_NONE), "none");
	assert_string_equal(gz_vstatus_name(GZ_VSTATUS_OK), "ok");
	assert_string_equal(gz_vstatus_name(GZ_VSTATUS_MISSING), "missing_scopes");
	assert_string_equal(gz_vstatus_name(GZ_VSTATUS_REJECTED), "rejected");
	assert_string_equal(gz_vstatus_name(GZ_VSTATUS_EXPIRED), "expired");
	assert_string_equal(gz_vstatus_name(GZ_VSTATUS_UNREACHABLE), "unreachable");
	assert_string_equal(gz_vstatus_name(GZ_VSTATUS_NONE), "");
	assert_string_equal(gz_pat_where_name(GZ_PAT_FILE), "file");
	assert_string_equal(gz_pat_where_name(GZ_PAT_SECRETSERVICE), "secretservice");
}

/* ---- take this PAT ------------------------------------------------------------ */

/* An entry with PAT1, validated ok, user alice, expiry in 30 days. */
static void known(struct gz_entry *e)
{
	gz_entry_init(e, "contoso");
	e->pat = strdup(PAT1);
	e->user = strdup("alice");
	e->added = NOW - 10 * DAY;
	e->validated = NOW - DAY;
	e->result = GZ_VSTATUS_OK;
	e->scopes_checked = e->scopes_present = GZ_SCOPE_ALL;
	e->expires = NOW + 30 * DAY;
	e->push = 1;
}

struct take_row {
	const char *name;
	int empty;                /* no entry yet */
	int64_t rejected;         /* the mark before */
	enum gz_vstatus result;   /* the result before */
	const char *pat;          /* offered */
	int64_t expires;          /* offered */
	enum gz_entry_took want;
	int64_t want_expires;
	int want_hist;
};

static const struct take_row take_rows[] = {
	{ "take: a first PAT is new, unvalidated, with the expiry given", 1, 0, GZ_VSTATUS_NONE, PAT1, NOW + DAY, GZ_ENTRY_TOOK_NEW, NOW + DAY, 0 },
	{ "take: the same PAT, nothing new: unchanged", 0, 0, GZ_VSTATUS_OK, PAT1, 0, GZ_ENTRY_TOOK_UNCHANGED, NOW + 30 * DAY, 0 },
	{ "take: the same PAT and expiry: unchanged", 0, 0, GZ_VSTATUS_OK, PAT1, NOW + 30 * DAY, GZ_ENTRY_TOOK_UNCHANGED, NOW + 30 * DAY, 0 },
	{ "take: the same PAT with a new expiry: accepted, expiry recorded", 0, 0, GZ_VSTATUS_OK, PAT1, NOW + 60 * DAY, GZ_ENTRY_TOOK_ACCEPTED, NOW + 60 * DAY, 0 },
	{ "take: the same PAT marked rejected: accepted, mark cleared", 0, NOW - 60, GZ_VSTATUS_OK, PAT1, 0, GZ_ENTRY_TOOK_ACCEPTED, NOW + 30 * DAY, 0 },
	{ "take: the same PAT said expired: accepted, result cleared", 0, 0, GZ_VSTATUS_EXPIRED, PAT1, 0, GZ_ENTRY_TOOK_ACCEPTED, NOW + 30 * DAY, 0 },
	{ "take: the same PAT said rejected: accepted, result cleared", 0, 0, GZ_VSTATUS_REJECTED, PAT1, 0, GZ_ENTRY_TOOK_ACCEPTED, NOW + 30 * DAY, 0 },
	{ "take: another PAT rotates; the old expiry goes with the old PAT", 0, 0, GZ_VSTATUS_OK, PAT2, 0, GZ_ENTRY_TOOK_ROTATED, 0, 1 },
	{ "take: another PAT with an expiry rotates and keeps it", 0, 0, GZ_VSTATUS_OK, PAT2, NOW + 90 * DAY, GZ_ENTRY_TOOK_ROTATED, NOW + 90 * DAY, 1 },
	{ "take: a past expiry is ignored", 1, 0, GZ_VSTATUS_NONE, PAT1, NOW - 1, GZ_ENTRY_TOOK_NEW, 0, 0 },
	{ "take: an expiry past the time range is ignored, never recorded", 1, 0, GZ_VSTATUS_NONE, PAT1, GZ_WHEN_MAX + 1, GZ_ENTRY_TOOK_NEW, 0, 0 },
	{ "take: an expiry of 2^63-1 is ignored", 1, 0, GZ_VSTATUS_NONE, PAT1, INT64_MAX, GZ_ENTRY_TOOK_NEW, 0, 0 },
	{ "take: an expiry at the end of the range is kept", 1, 0, GZ_VSTATUS_NONE, PAT1, GZ_WHEN_MAX, GZ_ENTRY_TOOK_NEW, GZ_WHEN_MAX, 0 },
};

static void run_take(void **state)
{
	const struct take_row *r = *state;
	struct gz_entry e;
	enum gz_entry_took took;

	if (r->empty) {
		gz_entry_init(&e, "contoso");
	} else {
		known(&e);
		e.rejected = r->rejected;
		e.result = r->result;
	}
	assert_int_equal(gz_entry_would_take(&e, r->pat, r->expires, NOW), r->want);
	took = gz_entry_take(&e, strdup(r->pat), r->expires, NOW);
	assert_int_equal(took, r->want);
	assert_string_equal(e.pat, r->pat);
	assert_int_equal(e.expires, r->want_expires);
	assert_int_equal(e.nhist, r->want_hist);
	assert_int_equal(e.rejected, 0);
	if (took == GZ_ENTRY_TOOK_NEW || took == GZ_ENTRY_TOOK_ROTATED) {
		/* everything known was the old PAT's */
		assert_int_equal(e.added, NOW);
		assert_int_equal(e.validated, 0);
		assert_int_equal(e.result, GZ_VSTATUS_NONE);
		assert_null(e.user);
		assert_int_equal(e.scopes_checked, 0);
		assert_int_equal(e.push, GZ_PUSH_UNKNOWN);
		assert_int_equal(gz_entry_status(&e, NOW) == GZ_ENTRY_UNVALIDATED ||
					 gz_entry_status(&e, NOW) == GZ_ENTRY_EXPIRING,
				 1);
	} else {
		assert_string_equal(e.user, "alice");
		assert_int_equal(e.added, NOW - 10 * DAY);
		assert_true(gz_entry_usable(&e, NOW));
	}
	if (took == GZ_ENTRY_TOOK_ROTATED) {
		assert_int_equal(e.hist[0].added, NOW - 10 * DAY);
		assert_int_equal(e.hist[0].replaced, NOW);
		assert_int_equal(e.hist[0].validated, NOW - DAY);
		assert_int_equal(e.hist[0].result, GZ_VSTATUS_OK);
	}
	gz_entry_release(&e);
}

static void entry__history_keeps_the_newest_and_a_rejected_pat_is_remembered_so(void **state)
{
	struct gz_entry e;
	int i;

	(void)state;
	known(&e);
	e.rejected = NOW - 5;
	assert_int_equal(gz_entry_take(&e, strdup(PAT2), 0, NOW), GZ_ENTRY_TOOK_ROTATED);
	assert_int_equal(e.hist[0].result, GZ_VSTATUS_REJECTED);
	for (i = 0; i < GZ_ENTRY_HIST_MAX + 3; i++)
		gz_entry_take(&e, strdup(i % 2 ? PAT2 : PAT1), 0, NOW + 1 + i);
	assert_int_equal(e.nhist, GZ_ENTRY_HIST_MAX);
	assert_int_equal(e.hist[GZ_ENTRY_HIST_MAX - 1].replaced, NOW + GZ_ENTRY_HIST_MAX + 3);
	assert_int_equal(e.hist[0].replaced, NOW + 4);
	gz_entry_release(&e);
}

/* ---- marks ------------------------------------------------------------------- */

static void entry__mark_rejected_once_keeps_the_first_time(void **state)
{
	struct gz_entry e;

	(void)state;
	known(&e);
	assert_int_equal(gz_entry_mark(&e, GZ_ENTRY_MARK_REJECTED, NOW), 1);
	assert_int_equal(gz_entry_status(&e, NOW), GZ_ENTRY_REJECTED);
	assert_int_equal(gz_entry_mark(&e, GZ_ENTRY_MARK_REJECTED, NOW + 5), 0);
	assert_int_equal(e.rejected, NOW);
	assert_false(gz_entry_usable(&e, NOW));
	gz_entry_release(&e);
}

static void entry__mark_expired_is_expired_not_rejected(void **state)
{
	struct gz_entry e;

	(void)state;
	known(&e);
	assert_int_equal(gz_entry_mark(&e, GZ_ENTRY_MARK_EXPIRED, NOW), 1);
	assert_int_equal(gz_entry_status(&e, NOW), GZ_ENTRY_EXPIRED);
	assert_int_equal(e.rejected, 0);
	assert_int_equal(gz_entry_mark(&e, GZ_ENTRY_MARK_EXPIRED, NOW + 1), 0);
	/* nothing is deleted */
	assert_string_equal(e.pat, PAT1);
	assert_string_equal(e.user, "alice");
	assert_int_equal(e.scopes_present, GZ_SCOPE_ALL);
	gz_entry_release(&e);
}

/* ---- applying a result ------------------------------------------------------------ */

struct apply_row {
	const char *name;
	int64_t rejected_before;
	struct gz_entry_result r;
	enum gz_entry_status want;
	int64_t want_validated, want_rejected;
	unsigned want_present;
	const char *want_user;
	int want_push;
};

#define ALL GZ_SCOPE_ALL
#define NOCODE (GZ_SCOPE_ALL & ~(1u << GZ_SCOPE_CODE))

static const struct apply_row apply_rows[] = {
	{ "apply: ok records scopes, user, push, time", 0,
	  { GZ_VSTATUS_OK, ALL, ALL, "bob", 0, 0, NOW }, GZ_ENTRY_OK, NOW, 0, ALL, "bob", 0 },
	{ "apply: ok clears a rejected mark", NOW - 100,
	  { GZ_VSTATUS_OK, ALL, ALL, NULL, 0, GZ_PUSH_UNKNOWN, NOW }, GZ_ENTRY_OK, NOW, 0, ALL, "alice", 1 },
	{ "apply: missing scopes records which", 0,
	  { GZ_VSTATUS_MISSING, ALL, NOCODE, "bob", 0, 1, NOW }, GZ_ENTRY_MISSING_SCOPES, NOW, 0, NOCODE, "bob", 1 },
	{ "apply: unreachable changes nothing", 0,
	  { GZ_VSTATUS_UNREACHABLE, 0, 0, "bob", 0, 0, NOW }, GZ_ENTRY_OK, NOW - DAY, 0, ALL, "alice", 1 },
	{ "apply: rejected marks it, keeps scopes and user", 0,
	  { GZ_VSTATUS_REJECTED, 0, 0, NULL, 0, GZ_PUSH_UNKNOWN, NOW }, GZ_ENTRY_REJECTED, NOW, NOW, ALL, "alice", 1 },
	{ "apply: rejected keeps an earlier mark's time", NOW - 100,
	  { GZ_VSTATUS_REJECTED, 0, 0, NULL, 0, GZ_PUSH_UNKNOWN, NOW }, GZ_ENTRY_REJECTED, NOW, NOW - 100, ALL, "alice", 1 },
	{ "apply: an unknown organisation is no mark on the PAT", 0,
	  { GZ_VSTATUS_REJECTED, 0, 0, NULL, 1, GZ_PUSH_UNKNOWN, NOW }, GZ_ENTRY_REJECTED, NOW, 0, ALL, "alice", 1 },
	{ "apply: expired says expired, not rejected", 0,
	  { GZ_VSTATUS_EXPIRED, 0, 0, NULL, 0, GZ_PUSH_UNKNOWN, NOW }, GZ_ENTRY_EXPIRED, NOW, 0, ALL, "alice", 1 },
};

static void run_apply(void **state)
{
	const struct apply_row *r = *state;
	struct gz_entry e;

	known(&e);
	e.rejected = r->rejected_before;
	assert_int_equal(gz_entry_apply(&e, &r->r), 0);
	assert_int_equal(gz_entry_status(&e, NOW), r->want);
	assert_int_equal(e.validated, r->want_validated);
	assert_int_equal(e.rejected, r->want_rejected);
	assert_int_equal(e.scopes_present, r->want_present);
	assert_string_equal(e.user, r->want_user);
	assert_int_equal(e.push, r->want_push);
	assert_string_equal(e.pat, PAT1);
	gz_entry_release(&e);
}

static void entry__a_user_name_is_bounded_never_refused(void **state)
{
	struct gz_entry e;
	char *big = malloc(40001), *utf = malloc(GZ_ENTRY_USER_MAX + 8);
	static char text[GZ_ENTRY_TEXT_MAX];
	size_t len;

	(void)state;
	memset(big, '"', 40000);
	big[40000] = '\0';
	known(&e);
	assert_int_equal(gz_entry_set_user(&e, big), 0);
	assert_int_equal(strlen(e.user), GZ_ENTRY_USER_MAX);
	/* every '"' doubles when printed: still fits */
	assert_int_equal(gz_entry_print(text, &len, &e), 0);
	/* a cut never splits a UTF-8 sequence: 'a' then two-byte 'é's across the bound */
	utf[0] = 'a';
	for (len = 1; len + 2 <= GZ_ENTRY_USER_MAX + 4; len += 2)
		memcpy(utf + len, "\xc3\xa9", 2);
	utf[len] = '\0';
	assert_int_equal(gz_entry_set_user(&e, utf), 0);
	assert_true(strlen(e.user) <= GZ_ENTRY_USER_MAX);
	assert_int_equal(strlen(e.user) % 2, 1);
	assert_int_equal((unsigned char)e.user[strlen(e.user) - 1], 0xa9);
	free(big);
	free(utf);
	gz_entry_release(&e);
}

/* ---- the codec -------------------------------------------------------------------- */

static char text[GZ_ENTRY_TEXT_MAX];

static void entry__print_then_parse_is_the_same_entry(void **state)
{
	struct gz_entry e, back;
	size_t len;

	(void)state;
	known(&e);
	e.result = GZ_VSTATUS_MISSING;
	e.scopes_present = NOCODE;
	e.push = 0;
	gz_entry_take(&e, strdup(PAT2), NOW + DAY, NOW);
	e.result = GZ_VSTATUS_OK;
	e.validated = NOW;
	e.push = 1;
	assert_int_equal(gz_entry_print(text, &len, &e), 0);
	assert_int_equal(text[len - 1], '\n');
	assert_non_null(strstr(text, "\"version\":\t1"));
	assert_null(strstr(text, "\"store\""));
	assert_int_equal(gz_entry_parse(&back, text, len, "contoso"), 0);
	assert_int_equal(back.version, 1);
	assert_int_equal(back.where, GZ_PAT_FILE);
	assert_string_equal(back.pat, PAT2);
	assert_int_equal(back.expires, NOW + DAY);
	assert_int_equal(back.result, GZ_VSTATUS_OK);
	assert_int_equal(back.push, 1);
	assert_int_equal(back.nhist, 1);
	assert_int_equal(back.hist[0].result, GZ_VSTATUS_MISSING);
	gz_entry_release(&back);
	gz_entry_release(&e);
}

static void entry__an_entry_whose_pat_is_elsewhere_is_version_2_without_a_pat(void **state)
{
	struct gz_entry e, back;
	size_t len;

	(void)state;
	known(&e);
	e.where = GZ_PAT_SECRETSERVICE;
	assert_int_equal(gz_entry_print(text, &len, &e), 0);
	assert_null(strstr(text, PAT1));
	assert_non_null(strstr(text, "\"store\":\t\"secretservice\""));
	assert_int_equal(gz_entry_parse(&back, text, len, "contoso"), 0);
	assert_int_equal(back.version, 2);
	assert_int_equal(back.where, GZ_PAT_SECRETSERVICE);
	assert_null(back.pat);
	assert_string_equal(back.user, "alice");
	gz_entry_release(&back);
	gz_entry_release(&e);
}

struct parse_row {
	const char *name;
	const char *text;
	int want; /* 0, GZ_EINVALID, GZ_ENEWER */
};

#define P "\"pat\":\"" PAT1 "\""
static const struct parse_row parse_rows[] = {
	{ "parse: version 1, the minimum", "{\"version\":1,\"org\":\"contoso\"," P "}", 0 },
	{ "parse: version 2 file entry", "{\"version\":2,\"org\":\"contoso\",\"store\":\"file\"," P "}", 0 },
	{ "parse: version 3 is newer, refused as such", "{\"version\":3,\"org\":\"contoso\"," P "}", GZ_ENEWER },
	{ "parse: version 99 is newer", "{\"version\":99}", GZ_ENEWER },
	{ "parse: a version too large for an int is newer, never converted", "{\"version\":3e85,\"org\":\"contoso\"," P "}", GZ_ENEWER },
	{ "parse: no version is damage", "{\"org\":\"contoso\"," P "}", GZ_EINVALID },
	{ "parse: a fractional version is damage", "{\"version\":1.5,\"org\":\"contoso\"," P "}", GZ_EINVALID },
	{ "parse: version 0 is damage", "{\"version\":0,\"org\":\"contoso\"," P "}", GZ_EINVALID },
	{ "parse: an unknown PAT home is damage", "{\"version\":2,\"org\":\"contoso\",\"store\":\"vault\"}", GZ_EINVALID },
	{ "parse: a keyring entry with a PAT in the file is damage", "{\"version\":2,\"org\":\"contoso\",\"store\":\"secretservice\"," P "}", GZ_EINVALID },
	{ "parse: expiry at the end of the range", "{\"version\":1,\"org\":\"contoso\"," P ",\"expires\":253402300799}", 0 },
	{ "parse: expiry past the range is damage", "{\"version\":1,\"org\":\"contoso\"," P ",\"expires\":253402300800}", GZ_EINVALID },
	{ "parse: expiry 2^63-1 is damage", "{\"version\":1,\"org\":\"contoso\"," P ",\"expires\":9223372036854775807}", GZ_EINVALID },
	{ "parse: negative time is damage", "{\"version\":1,\"org\":\"contoso\"," P ",\"added\":-1}", GZ_EINVALID },
	{ "parse: push must be a boolean or it is unknown", "{\"version\":1,\"org\":\"contoso\"," P ",\"push\":\"yes\"}", 0 },
	{ "parse: an unknown status is never-validated", "{\"version\":1,\"org\":\"contoso\"," P ",\"status\":\"great\"}", 0 },
	{ "parse: trailing bytes are damage", "{\"version\":1,\"org\":\"contoso\"," P "} x", GZ_EINVALID },
};

static void run_parse(void **state)
{
	const struct parse_row *r = *state;
	struct gz_entry e;

	assert_int_equal(gz_entry_parse(&e, r->text, strlen(r->text), "contoso"), r->want);
	if (r->want) {
		/* the contract on failure: nothing left to release */
		assert_null(e.pat);
		assert_null(e.user);
	} else {
		assert_int_equal(e.result == GZ_VSTATUS_NONE || e.result == GZ_VSTATUS_OK, 1);
		assert_true(e.push == GZ_PUSH_UNKNOWN);
	}
	gz_entry_release(&e);
}

static void entry__print_writes_only_times_in_range(void **state)
{
	struct gz_entry e, back;
	size_t len;

	(void)state;
	known(&e);
	e.expires = INT64_MAX;
	e.rejected = -5;
	assert_int_equal(gz_entry_print(text, &len, &e), 0);
	assert_null(strstr(text, "9223372036854775807"));
	assert_null(strstr(text, "e+18"));
	assert_int_equal(gz_entry_parse(&back, text, len, "contoso"), 0);
	assert_int_equal(back.expires, 0);
	assert_int_equal(back.rejected, 0);
	gz_entry_release(&back);
	gz_entry_release(&e);
}

static void entry__print_refuses_a_non_pat(void **state)
{
	struct gz_entry e = GZ_ENTRY_INIT;
	size_t len = 9;

	(void)state;
	gz_entry_init(&e, "contoso");
	e.pat = strdup("not-a-pat");
	assert_int_equal(gz_entry_print(text, &len, &e), GZ_EINVALID);
	assert_int_equal(len, 0);
	gz_entry_release(&e);
}

static void entry__release_twice_is_harmless(void **state)
{
	struct gz_entry e;

	(void)state;
	known(&e);
	gz_entry_release(&e);
	assert_null(e.pat);
	gz_entry_release(&e);
	gz_entry_release(NULL);
}

static int run_all(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(entry__names_are_the_products_spellings),
		cmocka_unit_test(entry__history_keeps_the_newest_and_a_rejected_pat_is_remembered_so),
		cmocka_unit_test(entry__mark_rejected_once_keeps_the_first_time),
		cmocka_unit_test(entry__mark_expired_is_expired_not_rejected),
		cmocka_unit_test(entry__a_user_name_is_bounded_never_refused),
		cmocka_unit_test(entry__print_then_parse_is_the_same_entry),
		cmocka_unit_test(entry__an_entry_whose_pat_is_elsewhere_is_version_2_without_a_pat),
		cmocka_unit_test(entry__print_writes_only_times_in_range),
		cmocka_unit_test(entry__print_refuses_a_non_pat),
		cmocka_unit_test(entry__release_twice_is_harmless),
	};
	const struct CMUnitTest none[] = { cmocka_unit_test(entry__names_are_the_products_spellings) };
	int rc = 0;

	rc |= GZ_TABLE_RUN("entry status", status_rows, run_status, none);
	rc |= GZ_TABLE_RUN("entry take", take_rows, run_take, none);
	rc |= GZ_TABLE_RUN("entry apply", apply_rows, run_apply, none);
	rc |= GZ_TABLE_RUN("entry parse", parse_rows, run_parse, fixed);
	return rc;
}

int main(void)
{
	return run_all();
}
