/* SPDX-License-Identifier: MIT */
/* Remote URL parsing. A parsed remote must survive a round trip through
 * the URL gitzen would build for it; commit links and escaping must be
 * well-formed. */
#include "fuzz.h"

#include <stdio.h>

#include "org.h"
#include "remote.h"

static int unreserved(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

static int upper_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* escape() output: only unreserved bytes and %XX; decodes back to s */
static void check_escape(const char *s)
{
	char *e = gz_remote_escape(s);
	size_t i, k = 0;

	if (!e)
		return;
	for (i = 0; e[i]; k++) {
		if (e[i] == '%') {
			int hi = upper_hex(e[i + 1]), lo = hi < 0 ? -1 : upper_hex(e[i + 2]);

			FUZZ_CHECK(hi >= 0 && lo >= 0);
			FUZZ_CHECK((unsigned char)s[k] == (unsigned)(hi << 4 | lo) && !unreserved(s[k]));
			i += 3;
		} else {
			FUZZ_CHECK(unreserved(e[i]) && s[k] == e[i]);
			i++;
		}
	}
	FUZZ_CHECK(s[k] == '\0');
	free(e);
}

static void round_trip(const struct gz_remote *r)
{
	struct gz_remote again = GZ_REMOTE_INIT;
	char *p = gz_remote_escape(r->project), *q = gz_remote_escape(r->repo);
	char *url = NULL;
	size_t n;

	if (!p || !q)
		goto done;
	n = strlen(r->org) + strlen(p) + strlen(q) + 64;
	url = malloc(n);
	if (!url)
		goto done;
	snprintf(url, n, "https://dev.azure.com/%s/%s/_git/%s", r->org, p, q);
	if (strlen(url) > GZ_REMOTE_URL_MAX)
		goto done;
	FUZZ_CHECK(gz_remote_parse(&again, url) == 0);
	FUZZ_CHECK(!strcmp(again.org, r->org) && !strcmp(again.project, r->project) &&
		   !strcmp(again.repo, r->repo));
done:
	gz_remote_release(&again);
	free(url);
	free(p);
	free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_remote r = GZ_REMOTE_INIT;
	char *s = fuzz_str(data, size);
	char *link;
	size_t i;

	if (!s)
		return 0;
	if (gz_remote_parse(&r, s) == 0) {
		FUZZ_CHECK(r.project && r.repo && gz_org_valid(r.org, strlen(r.org)));
		for (i = 0; r.org[i]; i++)
			FUZZ_CHECK(!(r.org[i] >= 'A' && r.org[i] <= 'Z'));
		link = gz_remote_commit_url(&r, "0123456789abcdef0123456789abcdef01234567");
		FUZZ_CHECK(link && !strncmp(link, "https://dev.azure.com/", 22));
		free(link);
		round_trip(&r);
	} else {
		FUZZ_CHECK(!r.project && !r.repo && !r.org[0]);
	}
	gz_remote_release(&r);
	check_escape(s);
	free(s);
	return 0;
}
