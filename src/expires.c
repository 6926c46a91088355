/* SPDX-License-Identifier: MIT */
#include "expires.h"
#include "err.h"
#include "when.h"

#include <string.h>

#define DAY 86400

int gz_expires_parse(int64_t *out, int *far, const char *s, int64_t now)
{
	int64_t t;

	*far = 0;
	if (gz_when_parse(&t, s)) {
		gz_error_set("not a date (YYYY-MM-DD)");
		return GZ_EINVALID;
	}
	if (strlen(s) == 10)
		t += DAY - 1;
	if (t < now) {
		gz_error_set("that date is past: the PAT has expired; create a new one in Azure DevOps");
		return GZ_EINVALID;
	}
	*far = t - now > (int64_t)GZ_EXPIRES_FAR_DAYS * DAY;
	*out = t;
	return 0;
}
