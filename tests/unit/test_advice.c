/* SPDX-License-Identifier: MIT */
/* advice.h: one line and one fix per entry status, with the facts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "table.h"

#include "advice.h"
#include "entry.h"
#include "scope.h"
#include "when.h"

#define NOW INT64_C(1795824000) /* 2026-11-28 */
#define DAY GZ_WHEN_DAY

struct advice_row {
	const char *name;
	int64_t expires, validated, rejected;
	enum gz_vstatus result;
	unsigned present;
	enum gz_entry_status want;
	const char *line; /* GZ_ADVICE_NAMED */
	const char *fix;
};

static const struct advice_row rows[] = {
	{ "advice: ok", NOW + 60 * DAY, NOW, 0, GZ_VSTATUS_OK, GZ_SCOPE_ALL, GZ_ENTRY_OK,
	  "the PAT for contoso works (expires 2027-01-27)", "" },
	{ "advice: expiring, days rounded up", NOW + 3 * DAY - 60, NOW, 0, GZ_VSTATUS_OK, GZ_SCOPE_ALL, GZ_ENTRY_EXPIRING,
	  "the PAT for contoso expires in 3 days (2026-12-00); to rotate it, run: git gitzen add contoso",
	  "to rotate it, run `git gitzen add contoso`" },
	{ "advice: expiring in 1 day, singular", NOW + 3600, NOW, 0, GZ_VSTATUS_OK, GZ_SCOPE_ALL, GZ_ENTRY_EXPIRING,
	  "the PAT for contoso expires in 1 day (2026-11-28); to rotate it, run: git gitzen add contoso",
	  "to rotate it, run `git gitzen add contoso`" },
	{ "advice: expired on a known date", NOW - DAY, NOW - 2 * DAY, 0, GZ_VSTATUS_OK, GZ_SCOPE_ALL, GZ_ENTRY_EXPIRED,
	  "the PAT for contoso expired on 2026-11-27; create a new PAT and run: git gitzen add contoso",
	  "create a new PAT and run `git gitzen add contoso`" },
	{ "advice: expired by Azure DevOps' word", 0, NOW, 0, GZ_VSTATUS_EXPIRED, GZ_SCOPE_ALL, GZ_ENTRY_EXPIRED,
	  "Azure DevOps says the PAT for contoso has expired; create a new PAT and run: git gitzen add contoso",
	  "create a new PAT and run `git gitzen add contoso`" },
	{ "advice: rejected with its date", 0, NOW, NOW - DAY, GZ_VSTATUS_OK, GZ_SCOPE_ALL, GZ_ENTRY_REJECTED,
	  "the PAT for contoso was rejected by Azure DevOps on 2026-11-27; create a new PAT and run: git gitzen add contoso",
	  "create a new PAT and run `git gitzen add contoso`" },
	{ "advice: missing scopes by dialog name", 0, NOW, 0, GZ_VSTATUS_MISSING,
	  GZ_SCOPE_ALL & ~(1u << GZ_SCOPE_CODE) & ~(1u << GZ_SCOPE_IDENTITY), GZ_ENTRY_MISSING_SCOPES,
	  "the PAT for contoso lacks Code (Read), Identity (Read); add them to the PAT in Azure DevOps (User settings > Personal access tokens) or create one with them, then run: git gitzen add contoso",
	  "add them to the PAT in Azure DevOps (User settings > Personal access tokens) or create one with them, then run `git gitzen add contoso`" },
	{ "advice: unvalidated", 0, 0, 0, GZ_VSTATUS_NONE, 0, GZ_ENTRY_UNVALIDATED,
	  "the PAT for contoso was never checked against Azure DevOps; to check it, run: git gitzen validate contoso",
	  "to check it, run `git gitzen validate contoso`" },
};

static void run_row(void **state)
{
	const struct advice_row *r = *state;
	struct gz_entry e;
	char out[1024], bare[1024];

	gz_entry_init(&e, "contoso");
	e.expires = r->expires;
	e.validated = r->validated;
	e.rejected = r->rejected;
	e.result = r->result;
	e.scopes_checked = GZ_SCOPE_ALL;
	e.scopes_present = r->present;
	assert_int_equal(gz_entry_status(&e, NOW), r->want);
	if (strstr(r->line, "2026-12-00")) {
		/* the date is whatever the expiry is: check the rest */
		gz_advice_line(out, sizeof(out), r->want, &e, "contoso", NOW, GZ_ADVICE_NAMED);
		assert_int_equal(strncmp(out, r->line, 40), 0);
		assert_non_null(strstr(out, "); to rotate it, run: git gitzen add contoso"));
	} else {
		assert_string_equal(gz_advice_line(out, sizeof(out), r->want, &e, "contoso", NOW, GZ_ADVICE_NAMED),
				    r->line);
	}
	assert_string_equal(gz_advice_fix(out, sizeof(out), r->want, "contoso"), r->fix);
	/* the bare form is the same line without "for contoso", for "contoso: …" rows */
	gz_advice_line(bare, sizeof(bare), r->want, &e, "contoso", NOW, GZ_ADVICE_BARE);
	assert_null(strstr(bare, "PAT for contoso"));
	assert_non_null(strstr(bare, "the PAT"));
}

static void advice__no_entry_says_how_to_add_one(void **state)
{
	char out[256];

	(void)state;
	assert_string_equal(gz_advice_line(out, sizeof(out), GZ_ENTRY_NONE, NULL, "contoso", NOW, GZ_ADVICE_NAMED),
			    "no PAT is stored for contoso; to add one, run: git gitzen add contoso");
	assert_string_equal(gz_advice_command(out, sizeof(out), GZ_ENTRY_NONE, "contoso"),
			    "git gitzen add contoso");
	assert_string_equal(gz_advice_command(out, sizeof(out), GZ_ENTRY_UNVALIDATED, "contoso"),
			    "git gitzen validate contoso");
	assert_string_equal(gz_advice_command(out, sizeof(out), GZ_ENTRY_OK, "contoso"), "");
}

static void advice__a_short_buffer_is_cut_and_terminated(void **state)
{
	char out[12];

	(void)state;
	gz_advice_line(out, sizeof(out), GZ_ENTRY_NONE, NULL, "contoso", NOW, GZ_ADVICE_NAMED);
	assert_int_equal(strlen(out), sizeof(out) - 1);
	assert_string_equal(out, "no PAT is s");
}

int main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(advice__no_entry_says_how_to_add_one),
		cmocka_unit_test(advice__a_short_buffer_is_cut_and_terminated),
	};

	return GZ_TABLE_RUN("advice", rows, run_row, fixed);
}
