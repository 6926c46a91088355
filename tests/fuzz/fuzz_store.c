/* SPDX-License-Identifier: MIT */
/* The per-organisation entry parser (gz_entry_parse: the file's text, no
 * file system), and the printer on what it accepts: what was read is
 * written back whole and reads back the same. */
#include "fuzz.h"

#include "entry.h"
#include "err.h"
#include "when.h"

static char text[GZ_ENTRY_TEXT_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_entry e, again;
	size_t len = 0;
	int rc = gz_entry_parse(&e, (const char *)data, size, "contoso");

	if (rc == 0) {
		FUZZ_CHECK(!strcmp(e.org, "contoso"));
		FUZZ_CHECK(e.where == GZ_PAT_FILE ? e.pat != NULL : e.pat == NULL);
		FUZZ_CHECK(e.nhist <= GZ_ENTRY_HIST_MAX);
		FUZZ_CHECK(gz_when_valid(e.expires) && gz_when_valid(e.added));
		FUZZ_CHECK(!e.user || strlen(e.user) <= GZ_ENTRY_USER_MAX);
		FUZZ_CHECK(e.push == GZ_PUSH_UNKNOWN || e.push == 0 || e.push == 1);
		/* the writer never fails on what the reader accepted */
		FUZZ_CHECK(gz_entry_print(text, &len, &e) == 0);
		FUZZ_CHECK(gz_entry_parse(&again, text, len, "contoso") == 0);
		FUZZ_CHECK(again.expires == e.expires && again.result == e.result &&
			   again.nhist == e.nhist && again.push == e.push &&
			   again.scopes_present == e.scopes_present);
		gz_entry_release(&again);
	} else {
		FUZZ_CHECK(rc == GZ_EINVALID || rc == GZ_ENEWER);
		FUZZ_CHECK(e.pat == NULL && e.user == NULL);
	}
	gz_entry_release(&e);
	return 0;
}
