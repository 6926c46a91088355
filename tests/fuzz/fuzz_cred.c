/* SPDX-License-Identifier: MIT */
/* Git's credential request reader, as the helper runs it on every fetch:
 * parse, then find the organisation. */
#include "fuzz.h"

#include "cred.h"
#include "org.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_cred c = GZ_CRED_INIT;
	char org[GZ_ORG_BUF];
	const char *how;

	if (gz_cred_parse(&c, (const char *)data, size) == 0) {
		FUZZ_CHECK(c.protocol && *c.protocol && c.host && *c.host);
		if (gz_org_from_request(org, &how, c.protocol, c.host, c.path, c.username) == 0)
			FUZZ_CHECK(how && gz_org_valid(org, strlen(org)));
	} else {
		/* a rejected request leaves nothing behind */
		FUZZ_CHECK(!c.protocol && !c.host && !c.path && !c.username && !c.password &&
			   !c.password_expiry_utc);
	}
	gz_cred_release(&c);
	return 0;
}
