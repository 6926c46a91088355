/* The per-organisation store entry loader (gz_store_parse: the file's
 * text, no file system). */
#include "fuzz.h"

#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_entry e;

	if (gz_store_parse(&e, (const char *)data, size, "contoso") == 0) {
		FUZZ_CHECK(e.pat && !strcmp(e.org, "contoso"));
		FUZZ_CHECK(e.nhist <= GZ_HIST_MAX);
		FUZZ_CHECK(strlen(e.status) < GZ_STATUS_BUF);
	}
	gz_entry_release(&e);
	return 0;
}
