/* SPDX-License-Identifier: MIT */
/* when.h: dates parsed strictly (real calendar days, leap years), the one
 * range of times, days left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "table.h"

#include "err.h"
#include "when.h"

struct date_row {
	const char *name;
	const char *text;
	int ok;
	int64_t want;
};

static const struct date_row date_rows[] = {
	{ "date: the epoch", "1970-01-01", 1, 0 },
	{ "date: a plain day", "2026-11-28", 1, 1795824000 },
	{ "date: with a time", "2026-11-28T18:55:08Z", 1, 1795892108 },
	{ "date: 2024 is a leap year: 02-29", "2024-02-29", 1, 1709164800 },
	{ "date: 2000 is a leap year (divisible by 400)", "2000-02-29", 1, 951782400 },
	{ "date: 2100 is not (divisible by 100)", "2100-02-29", 0, 0 },
	{ "date: 2025 is not: no 02-29", "2025-02-29", 0, 0 },
	{ "date: 2026-02-31 does not exist", "2026-02-31", 0, 0 },
	{ "date: 2026-04-31 does not exist", "2026-04-31", 0, 0 },
	{ "date: 2026-12-31 exists", "2026-12-31", 1, 1798675200 },
	{ "date: month 13", "2026-13-01", 0, 0 },
	{ "date: month 0", "2026-00-10", 0, 0 },
	{ "date: day 0", "2026-01-00", 0, 0 },
	{ "date: day 32", "2026-01-32", 0, 0 },
	{ "date: before 1970", "1969-12-31", 0, 0 },
	{ "date: the last day of the range", "9999-12-31", 1, INT64_C(253402214400) },
	{ "date: the last second of the range", "9999-12-31T23:59:59Z", 1, INT64_C(253402300799) },
	{ "date: hour 24", "2026-01-01T24:00:00Z", 0, 0 },
	{ "date: minute 60", "2026-01-01T10:60:00Z", 0, 0 },
	{ "date: second 60", "2026-01-01T10:00:60Z", 0, 0 },
	{ "date: no Z", "2026-01-01T10:00:00", 0, 0 },
	{ "date: one-digit month", "2026-1-01", 0, 0 },
	{ "date: slashes", "2026/01/01", 0, 0 },
	{ "date: trailing space", "2026-01-01 ", 0, 0 },
	{ "date: sign", "+026-01-01", 0, 0 },
	{ "date: empty", "", 0, 0 },
};

static void run_date(void **state)
{
	const struct date_row *r = *state;
	int64_t t = -42;

	if (r->ok) {
		assert_int_equal(gz_when_parse(&t, r->text), 0);
		assert_int_equal(t, r->want);
	} else {
		assert_int_equal(gz_when_parse(&t, r->text), GZ_EINVALID);
		assert_int_equal(t, -42);
	}
}

static void when__unix_seconds_are_digits_within_the_range(void **state)
{
	int64_t t = -1;

	(void)state;
	assert_int_equal(gz_when_parse_unix(&t, "0"), 0);
	assert_int_equal(t, 0);
	assert_int_equal(gz_when_parse_unix(&t, "1893456000"), 0);
	assert_int_equal(t, 1893456000);
	assert_int_equal(gz_when_parse_unix(&t, "253402300799"), 0);
	assert_int_equal(t, INT64_C(253402300799));
	t = 7;
	assert_int_equal(gz_when_parse_unix(&t, "253402300800"), GZ_EINVALID);
	assert_int_equal(gz_when_parse_unix(&t, "99999999999999999"), GZ_EINVALID);
	assert_int_equal(gz_when_parse_unix(&t, "9223372036854775807"), GZ_EINVALID);
	assert_int_equal(gz_when_parse_unix(&t, "99999999999999999999999"), GZ_EINVALID);
	assert_int_equal(gz_when_parse_unix(&t, "-1"), GZ_EINVALID);
	assert_int_equal(gz_when_parse_unix(&t, " 1"), GZ_EINVALID);
	assert_int_equal(gz_when_parse_unix(&t, "1x"), GZ_EINVALID);
	assert_int_equal(gz_when_parse_unix(&t, ""), GZ_EINVALID);
	assert_int_equal(gz_when_parse_unix(&t, NULL), GZ_EINVALID);
	assert_int_equal(t, 7);
}

static void when__printing_stays_in_the_range(void **state)
{
	char out[32];

	(void)state;
	assert_string_equal(gz_when_date(out, sizeof(out), 1795824000), "2026-11-28");
	assert_string_equal(gz_when_iso(out, sizeof(out), 1795892108), "2026-11-28T18:55:08Z");
	assert_string_equal(gz_when_iso(out, sizeof(out), GZ_WHEN_MAX), "9999-12-31T23:59:59Z");
	assert_string_equal(gz_when_date(out, sizeof(out), GZ_WHEN_MAX + 1), "?");
	assert_string_equal(gz_when_date(out, sizeof(out), -1), "?");
	assert_true(gz_when_valid(0));
	assert_true(gz_when_valid(GZ_WHEN_MAX));
	assert_false(gz_when_valid(GZ_WHEN_MAX + 1));
	assert_false(gz_when_valid(-1));
}

static void when__days_left_round_up(void **state)
{
	const int64_t now = 1800000000;

	(void)state;
	assert_int_equal(gz_when_days_left(now, now), 0);
	assert_int_equal(gz_when_days_left(now - 1, now), 0);
	assert_int_equal(gz_when_days_left(now + 1, now), 1);
	assert_int_equal(gz_when_days_left(now + GZ_WHEN_DAY, now), 1);
	assert_int_equal(gz_when_days_left(now + GZ_WHEN_DAY + 1, now), 2);
	assert_int_equal(gz_when_days_left(now + 3 * GZ_WHEN_DAY, now), 3);
}

int main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(when__unix_seconds_are_digits_within_the_range),
		cmocka_unit_test(when__printing_stays_in_the_range),
		cmocka_unit_test(when__days_left_round_up),
	};

	return GZ_TABLE_RUN("when", date_rows, run_date, fixed);
}
