/* SPDX-License-Identifier: MIT */
#define _DEFAULT_SOURCE
#include "when.h"
#include "err.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int gz_when_valid(int64_t t)
{
	return t >= 0 && t <= GZ_WHEN_MAX;
}

char *gz_when_iso(char *out, size_t outsz, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (!gz_when_valid(t) || !gmtime_r(&tt, &tm) || !strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, outsz, "?");
	return out;
}

char *gz_when_date(char *out, size_t outsz, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (!gz_when_valid(t) || !gmtime_r(&tt, &tm) || !strftime(out, outsz, "%Y-%m-%d", &tm))
		snprintf(out, outsz, "?");
	return out;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int gz_when_parse(int64_t *out, const char *s)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0;
	size_t n = s ? strlen(s) : 0;
	time_t t;

	if ((n != 10 && n != 20) || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d))
		goto bad;
	if (n == 20 && (s[10] != 'T' || digits(s + 11, 2, &h) || s[13] != ':' ||
			digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &se) ||
			s[19] != 'Z'))
		goto bad;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
		goto bad;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	t = timegm(&tm);
	/* timegm normalises 2026-02-31 to March: refuse such dates */
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
		goto bad;
	*out = (int64_t)t;
	return 0;
bad:
	gz_error_set("invalid date (expected YYYY-MM-DD)");
	return GZ_EINVALID;
}

int gz_when_parse_unix(int64_t *out, const char *s)
{
	char *end;
	long long v;

	if (!s || !isdigit((unsigned char)*s))
		return GZ_EINVALID;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || !gz_when_valid((int64_t)v))
		return GZ_EINVALID;
	*out = v;
	return 0;
}

long gz_when_days_left(int64_t t, int64_t now)
{
	if (t <= now)
		return 0;
	return (long)((t - now + GZ_WHEN_DAY - 1) / GZ_WHEN_DAY);
}

int64_t gz_when_now(void)
{
	return (int64_t)time(NULL);
}
