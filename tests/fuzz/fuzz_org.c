/* SPDX-License-Identifier: MIT */
/* Organisation grammar and the request-to-organisation rule. The input is
 * split at '\n' into protocol, host, path and username; a field the input
 * does not reach is NULL. */
#include "fuzz.h"

#include "org.h"

static int is_lower_org(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			return 0;
	return gz_org_valid(s, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_str(data, size);
	char *field[4] = { NULL, NULL, NULL, NULL };
	char out[GZ_ORG_BUF];
	const char *how;
	char *p;
	size_t i;
	int valid;

	if (!buf)
		return 0;
	/* the grammar on raw bytes, and normalisation agreeing with it */
	valid = gz_org_valid((const char *)data, size);
	if (valid && strlen(buf) == size) {
		FUZZ_CHECK(gz_org_normalise(out, buf) == 0);
		FUZZ_CHECK(is_lower_org(out) && strlen(out) == size);
	} else if (!valid && strlen(buf) == size) {
		FUZZ_CHECK(gz_org_normalise(out, buf) != 0);
	}

	for (i = 0, p = buf; i < 4 && p; i++) {
		char *nl = strchr(p, '\n');

		field[i] = p;
		if (nl)
			*nl++ = '\0';
		p = nl;
	}
	if (gz_org_from_request(out, &how, field[0], field[1], field[2], field[3]) == 0)
		FUZZ_CHECK(how && is_lower_org(out));
	free(buf);
	return 0;
}
