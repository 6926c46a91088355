/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "table.h"

#include "err.h"
#include "expires.h"

/*
 * --expires values as a table, at a fixed "now" (2026-12-02T09:30:00Z):
 * each row is a specification, the value, and what it must give: the time
 * (or 0 for a refusal, with `says` in the message) and the far flag.
 */

#define NOW 1796203800 /* 2026-12-02T09:30:00Z */

struct row {
	const char *name;
	const char *value;
	int64_t want;
	int far;
	const char *says;
};

static const struct row rows[] = {
	{ "expires__today_is_accepted_until_the_end_of_the_day", "2026-12-02", 1796255999, 0, NULL },
	{ "expires__tomorrow_is_its_end_of_day", "2026-12-03", 1796342399, 0, NULL },
	{ "expires__yesterday_is_past", "2026-12-01", 0, 0, "past" },
	{ "expires__a_time_is_taken_as_given", "2026-12-02T10:00:00Z", 1796205600, 0, NULL },
	{ "expires__a_time_earlier_today_is_past", "2026-12-02T09:00:00Z", 0, 0, "past" },
	{ "expires__a_year_ahead_is_not_far", "2027-12-02", 1827791999, 0, NULL },
	{ "expires__more_than_a_year_ahead_is_far", "2028-01-15", 1831593599, 1, NULL },
	{ "expires__years_ahead_is_far", "2099-12-31", 4102444799, 1, NULL },
	{ "expires__not_a_date_is_refused", "next week", 0, 0, "not a date (YYYY-MM-DD)" },
	{ "expires__an_impossible_date_is_refused", "2026-02-31", 0, 0, "not a date" },
	{ "expires__an_empty_value_is_refused", "", 0, 0, "not a date" },
};

static void run_row(void **state)
{
	const struct row *r = *state;
	int64_t got = -1;
	int far = -1, rc = gz_expires_parse(&got, &far, r->value, NOW);

	if (r->want) {
		assert_int_equal(rc, 0);
		assert_int_equal(got, r->want);
		assert_int_equal(far, r->far);
	} else {
		assert_int_equal(rc, GZ_EINVALID);
		assert_non_null(strstr(gz_error_last(), r->says));
		assert_null(strstr(gz_error_last(), r->value[0] ? r->value : "\x01"));
	}
}

static void expires__a_refusal_leaves_the_time_alone(void **state)
{
	int64_t t = 42;
	int far = 1;

	(void)state;
	assert_int_equal(gz_expires_parse(&t, &far, "2020-01-01", NOW), GZ_EINVALID);
	assert_int_equal(t, 42);
	assert_int_equal(far, 0);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(expires__a_refusal_leaves_the_time_alone),
	};

	return GZ_TABLE_RUN("expires", rows, run_row, fixed);
}
