/* SPDX-License-Identifier: MIT */
/* URL normalisation and matching (urlmatch.h). The input is split at the
 * first '\n' into a pattern and a URL. Contracts checked: a normal form is
 * well formed and normalises to itself; a URL without query or fragment
 * matches itself as a pattern; overlap is symmetric, reflexive, and implied
 * by a match; redaction stays within its buffer and is idempotent. */
#include "fuzz.h"

#include "err.h"
#include "urlmatch.h"

static void check_form(const struct gz_urlmatch_url *u)
{
	struct gz_urlmatch_url again = GZ_URLMATCH_URL_INIT;
	size_t i;

	FUZZ_CHECK(u->norm && strlen(u->norm) == u->len);
	FUZZ_CHECK(u->scheme_len && u->scheme_len + 3 <= u->len);
	for (i = 0; i < u->scheme_len; i++)
		FUZZ_CHECK(!(u->norm[i] >= 'A' && u->norm[i] <= 'Z'));
	FUZZ_CHECK(u->host_off + u->host_len <= u->len && u->port_off + u->port_len <= u->len);
	FUZZ_CHECK(u->path_off + u->path_len <= u->len && u->norm[u->path_off] == '/');
	FUZZ_CHECK(!u->user_off || u->user_off + u->user_len < u->len);
	/* the normal form is a fixed point (globs allowed: the host may hold
	 * '*'), unless the host holds a ':' outside an IPv6 literal: Git takes
	 * such a host as it is, and its normal form then reads as a port */
	if (u->host_len && memchr(u->norm + u->host_off, ':', u->host_len) &&
	    (u->norm[u->host_off] != '[' || u->norm[u->host_off + u->host_len - 1] != ']'))
		return;
	if (!u->host_off && u->norm[u->scheme_len + 3] != '/')
		return; /* file: with an authority that is no host, kept as written */
	FUZZ_CHECK(gz_urlmatch_parse(&again, u->norm, GZ_URLMATCH_GLOBS) == 0);
	FUZZ_CHECK(!strcmp(again.norm, u->norm));
	gz_urlmatch_release(&again);
}

static int plain(const struct gz_urlmatch_url *u)
{
	return u->path_off + u->path_len == u->len && !memchr(u->norm + u->host_off, '*', u->host_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_str(data, size), *second;
	struct gz_urlmatch_url p = GZ_URLMATCH_URL_INIT, u = GZ_URLMATCH_URL_INIT;
	struct gz_urlmatch_item m = GZ_URLMATCH_ITEM_INIT;
	char out[64], again[64];
	int pr, ur;

	if (!buf)
		return 0;
	second = strchr(buf, '\n');
	if (second)
		*second++ = '\0';
	else
		second = buf;
	pr = gz_urlmatch_parse(&p, buf, GZ_URLMATCH_GLOBS);
	ur = gz_urlmatch_parse(&u, second, 0);
	FUZZ_CHECK(pr == 0 || pr == GZ_EINVALID);
	FUZZ_CHECK(ur == 0 || ur == GZ_EINVALID);
	if (pr == 0) {
		check_form(&p);
		FUZZ_CHECK(gz_urlmatch_overlap(&p, &p));
	}
	if (ur == 0) {
		check_form(&u);
		if (plain(&u))
			FUZZ_CHECK(gz_urlmatch_match(NULL, &u, &u));
	}
	if (pr == 0 && ur == 0) {
		int hit = gz_urlmatch_match(&m, &u, &p);

		FUZZ_CHECK(gz_urlmatch_overlap(&p, &u) == gz_urlmatch_overlap(&u, &p));
		if (hit) {
			FUZZ_CHECK(m.host_len == p.host_len && m.path_len >= 1);
			if (p.path_off + p.path_len == p.len)
				FUZZ_CHECK(gz_urlmatch_overlap(&p, &u));
		}
	}
	if (ur == 0)
		(void)gz_urlmatch_partial_overlap(buf, &u);
	gz_urlmatch_redact(out, sizeof(out), buf);
	FUZZ_CHECK(strlen(out) < sizeof(out));
	gz_urlmatch_redact(again, sizeof(again), out);
	FUZZ_CHECK(!strcmp(again, out));
	gz_urlmatch_release(&p);
	gz_urlmatch_release(&u);
	free(buf);
	return 0;
}
