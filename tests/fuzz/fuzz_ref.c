/* SPDX-License-Identifier: MIT */
/* The gz# scanner: scan, check every reference against the grammar and the
 * text, scan again (appending), deduplicate, release. */
#define _GNU_SOURCE
#include "fuzz.h"

#include "org.h"
#include "ref.h"

static int same_name(const char *a, const char *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	for (i = 0; a[i] && b[i]; i++) {
		char x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return a[i] == b[i];
}

static int same_key(const struct gz_ref *a, const struct gz_ref *b)
{
	return same_name(a->org, b->org) && same_name(a->project, b->project) &&
	       same_name(a->repo, b->repo) && !strcmp(a->hex, b->hex);
}

static int follows_word(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '@';
}

static void check(const struct gz_ref *r, const uint8_t *data, size_t size)
{
	size_t h = strlen(r->hex), i;

	FUZZ_CHECK(r->text && r->offset <= size && r->len <= size - r->offset);
	FUZZ_CHECK(strlen(r->text) == r->len && !memcmp(r->text, data + r->offset, r->len));
	FUZZ_CHECK(!memcmp(r->text, "gz#", 3) || !memcmp(r->text, "GZ#", 3));
	FUZZ_CHECK(h >= GZ_REF_HEX_MIN && h <= GZ_REF_HEX_MAX);
	for (i = 0; i < h; i++)
		FUZZ_CHECK((r->hex[i] >= '0' && r->hex[i] <= '9') ||
			   (r->hex[i] >= 'a' && r->hex[i] <= 'f'));
	FUZZ_CHECK(!r->org || (r->project && gz_org_valid(r->org, strlen(r->org))));
	FUZZ_CHECK(!r->project || r->repo);
	/* the hex run ends the reference: no letter, digit or '@' follows */
	FUZZ_CHECK(r->offset + r->len == size || !follows_word(data[r->offset + r->len]));
}

/* A near miss is marker, names and 1-6 hex digits, somewhere in the text. */
static void check_short(const char *text, const uint8_t *data, size_t size)
{
	size_t len = strlen(text), h = 0;

	FUZZ_CHECK(len >= 4 && len <= size && memmem(data, size, text, len));
	FUZZ_CHECK(!memcmp(text, "gz#", 3) || !memcmp(text, "GZ#", 3));
	while (h < len - 3 && strchr("0123456789abcdefABCDEF", text[len - 1 - h]))
		h++;
	FUZZ_CHECK(h >= 1 && h < GZ_REF_HEX_MIN);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_ref_list l = GZ_REF_LIST_INIT;
	size_t i, j, n, ns;

	if (gz_ref_scan(&l, (const char *)data, size))
		abort(); /* a fuzz input is far below the reference limit */
	n = l.n;
	ns = l.nshort;
	FUZZ_CHECK(l.nshort_kept <= GZ_REF_SHORT_KEEP && l.nshort_kept <= ns);
	for (i = 0; i < l.nshort_kept; i++)
		check_short(l.short_text[i], data, size);
	for (i = 0; i < n; i++) {
		check(&l.v[i], data, size);
		if (i)
			FUZZ_CHECK(l.v[i].offset >= l.v[i - 1].offset + l.v[i - 1].len);
	}
	if (gz_ref_scan(&l, (const char *)data, size))
		abort();
	/* the second time the kept near misses are repeats; the others count again */
	FUZZ_CHECK(l.n == 2 * n && l.nshort == ns + (ns - l.nshort_kept));
	gz_ref_list_dedup(&l);
	FUZZ_CHECK(l.n <= n && (n == 0 || l.n > 0));
	if (l.n <= 64)
		for (i = 0; i < l.n; i++)
			for (j = i + 1; j < l.n; j++)
				FUZZ_CHECK(!same_key(&l.v[i], &l.v[j]));
	for (i = 1; i < l.n; i++)
		FUZZ_CHECK(l.v[i].offset > l.v[i - 1].offset);
	gz_ref_list_release(&l);
	return 0;
}
