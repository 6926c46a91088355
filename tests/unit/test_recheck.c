/* SPDX-License-Identifier: MIT */
/* The erase re-check's decision table: re-check result x stored push
 * capability -> mark or not, and which message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "table.h"

#include "err.h"
#include "recheck.h"

struct row {
	const char *name;
	enum gz_recheck_result result;
	int push; /* 1, 0, -1 */
	enum gz_recheck_mark mark;
	enum gz_recheck_msg msg;
	const char *says;     /* the message contains this */
	const char *not_says; /* and not this (NULL: no check) */
};

static const struct row rows[] = {
	{ "recheck__works_without_push_keeps_it_and_names_code_read_write", GZ_RECHECK_WORKS, 0,
	  GZ_RECHECK_KEEP, GZ_RECHECK_MSG_NEEDS_WRITE, "a push needs Code (Read & write), which this PAT lacks", "marked" },
	{ "recheck__works_with_push_keeps_it_and_blames_repository_access", GZ_RECHECK_WORKS, 1,
	  GZ_RECHECK_KEEP, GZ_RECHECK_MSG_NO_ACCESS, "lacks access to this repository", "Read & write" },
	{ "recheck__works_with_unknown_push_keeps_it_and_points_at_validate", GZ_RECHECK_WORKS, -1,
	  GZ_RECHECK_KEEP, GZ_RECHECK_MSG_WRITE_OR_ACCESS, "git gitzen validate contoso", "marked" },
	{ "recheck__rejected_without_push_marks_rejected", GZ_RECHECK_REJECTED, 0,
	  GZ_RECHECK_MARK_REJECTED, GZ_RECHECK_MSG_REJECTED, "marked rejected", "Read & write" },
	{ "recheck__rejected_with_push_marks_rejected", GZ_RECHECK_REJECTED, 1,
	  GZ_RECHECK_MARK_REJECTED, GZ_RECHECK_MSG_REJECTED, "git gitzen add contoso", NULL },
	{ "recheck__rejected_with_unknown_push_marks_rejected", GZ_RECHECK_REJECTED, -1,
	  GZ_RECHECK_MARK_REJECTED, GZ_RECHECK_MSG_REJECTED, "revoked", NULL },
	{ "recheck__expired_without_push_marks_expired", GZ_RECHECK_EXPIRED, 0,
	  GZ_RECHECK_MARK_EXPIRED, GZ_RECHECK_MSG_EXPIRED, "has expired", "rejected" },
	{ "recheck__expired_with_push_marks_expired", GZ_RECHECK_EXPIRED, 1,
	  GZ_RECHECK_MARK_EXPIRED, GZ_RECHECK_MSG_EXPIRED, "marked expired", NULL },
	{ "recheck__expired_with_unknown_push_marks_expired", GZ_RECHECK_EXPIRED, -1,
	  GZ_RECHECK_MARK_EXPIRED, GZ_RECHECK_MSG_EXPIRED, "git gitzen add contoso", NULL },
	{ "recheck__no_answer_without_push_marks_rejected_with_the_validate_hint", GZ_RECHECK_NO_ANSWER, 0,
	  GZ_RECHECK_MARK_REJECTED, GZ_RECHECK_MSG_NO_ANSWER, "git gitzen validate contoso re-checks it", NULL },
	{ "recheck__no_answer_with_push_marks_rejected_with_the_validate_hint", GZ_RECHECK_NO_ANSWER, 1,
	  GZ_RECHECK_MARK_REJECTED, GZ_RECHECK_MSG_NO_ANSWER, "within 10 s", NULL },
	{ "recheck__no_answer_with_unknown_push_marks_rejected_with_the_validate_hint", GZ_RECHECK_NO_ANSWER, -1,
	  GZ_RECHECK_MARK_REJECTED, GZ_RECHECK_MSG_NO_ANSWER, "marked rejected", NULL },
};

static void run_row(void **state)
{
	const struct row *r = *state;
	struct gz_recheck_verdict v = gz_recheck_decide(r->result, r->push);
	char msg[512];
	size_t i;

	assert_int_equal(v.mark, r->mark);
	assert_int_equal(v.msg, r->msg);
	gz_recheck_message(msg, sizeof(msg), v.msg, "contoso");
	assert_non_null(strstr(msg, r->says));
	if (r->not_says)
		assert_null(strstr(msg, r->not_says));
	assert_non_null(strstr(msg, "contoso"));
	/* one line, no control characters, not cut */
	for (i = 0; msg[i]; i++)
		assert_true((unsigned char)msg[i] >= 0x20 && msg[i] != 0x7f);
	assert_true(strlen(msg) < sizeof(msg) - 1);
}

static void recheck__result_words_round_trip(void **state)
{
	enum gz_recheck_result r, back;

	(void)state;
	for (r = GZ_RECHECK_WORKS; r <= GZ_RECHECK_NO_ANSWER; r++) {
		char line[32];

		assert_int_equal(gz_recheck_result_parse(&back, gz_recheck_result_name(r)), 0);
		assert_int_equal(back, r);
		snprintf(line, sizeof(line), "%s\n", gz_recheck_result_name(r));
		assert_int_equal(gz_recheck_result_parse(&back, line), 0);
		assert_int_equal(back, r);
	}
}

static void recheck__unknown_or_padded_words_are_refused(void **state)
{
	enum gz_recheck_result back = GZ_RECHECK_WORKS;

	(void)state;
	assert_int_equal(gz_recheck_result_parse(&back, ""), GZ_EINVALID);
	assert_int_equal(gz_recheck_result_parse(&back, "work"), GZ_EINVALID);
	assert_int_equal(gz_recheck_result_parse(&back, "works "), GZ_EINVALID);
	assert_int_equal(gz_recheck_result_parse(&back, "works\nrejected\n"), GZ_EINVALID);
	assert_int_equal(gz_recheck_result_parse(&back, "WORKS"), GZ_EINVALID);
}

static void recheck__an_unknown_result_is_treated_as_no_answer(void **state)
{
	struct gz_recheck_verdict v = gz_recheck_decide((enum gz_recheck_result)99, 0);

	(void)state;
	assert_int_equal(v.mark, GZ_RECHECK_MARK_REJECTED);
	assert_int_equal(v.msg, GZ_RECHECK_MSG_NO_ANSWER);
	assert_string_equal(gz_recheck_result_name((enum gz_recheck_result)99), "no-answer");
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(recheck__result_words_round_trip),
		cmocka_unit_test(recheck__unknown_or_padded_words_are_refused),
		cmocka_unit_test(recheck__an_unknown_result_is_treated_as_no_answer),
	};

	return GZ_TABLE_RUN("recheck", rows, run_row, fixed);
}
