/* SPDX-License-Identifier: MIT */
/*
 * URL normalisation and matching as Git does it for http.<url>.* and
 * credential.<url>.* (see urlmatch.h for the rules). Written from Git's
 * documented behaviour (git-config(1) "http.<url>.*", gitcredentials(7))
 * and checked against git itself by the unit tests' table.
 */
#include "urlmatch.h"
#include "err.h"
#include "esc.h"

#include <stdlib.h>
#include <string.h>

#define ALPHA "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#define DIGIT "0123456789"
#define SCHEME_CHARS ALPHA DIGIT "+.-"
#define HOST_CHARS ALPHA DIGIT ".-_[:]" /* [:] for IPv6 literals */
#define UNSAFE_CHARS " <>\"%{}|\\^`"   /* and the controls, and bytes >= 0x7f */
#define RESERVED_CHARS ":/?#[]@!$&'()*+,;="

/* A growing string; every function keeps it NUL-terminated. */
struct sb {
	char *p;
	size_t len, cap;
	int oom;
};

static void sb_add(struct sb *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *np;

		while (cap < b->len + n + 1)
			cap *= 2;
		np = realloc(b->p, cap);
		if (!np) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_addc(struct sb *b, char c)
{
	sb_add(b, &c, 1);
}

static void sb_setlen(struct sb *b, size_t len)
{
	if (!b->oom && len <= b->len) {
		b->len = len;
		b->p[len] = '\0';
	}
}

static int in_set(const char *set, int c)
{
	return c && strchr(set, c) != NULL;
}

/* The byte %XX at s (left bytes there), or -1 when s holds no escape. */
static int escape_at(const char *s, size_t left)
{
	int hi, lo;

	if (left < 3 || s[0] != '%' || (hi = gz_esc_hexval((unsigned char)s[1])) < 0 ||
	    (lo = gz_esc_hexval((unsigned char)s[2])) < 0)
		return -1;
	return hi * 16 + lo;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * Appends s[0..n) with its escapes normalised: a character that must be
 * escaped (controls, bytes >= 0x7f, UNSAFE_CHARS) is written %XX; an
 * escaped reserved character stays escaped (it is a delimiter once
 * unescaped); every other escape is undone. 0, or -1 for a '%' not
 * followed by two hex digits.
 */
static int add_escaped(struct sb *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int was_escaped = 0;

		if (c == '%') {
			int v = escape_at(s + i, n - i);

			if (v < 0)
				return -1;
			c = (unsigned char)v;
			i += 2;
			was_escaped = 1;
		}
		if (c <= 0x1f || c >= 0x7f || in_set(UNSAFE_CHARS, c) ||
		    (was_escaped && in_set(RESERVED_CHARS, c))) {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			sb_add(b, e, 3);
		} else {
			sb_addc(b, (char)c);
		}
	}
	return 0;
}

void gz_urlmatch_release(struct gz_urlmatch_url *u)
{
	if (!u)
		return;
	free(u->norm);
	memset(u, 0, sizeof(*u));
}

/* The authority's user information: norm gets "user[:pass]@". */
static int parse_userinfo(struct gz_urlmatch_url *u, struct sb *b, const char *s, size_t n)
{
	size_t start = b->len;
	const char *colon;

	u->user_off = start;
	if (add_escaped(b, s, n) < 0)
		return -1;
	if (b->oom)
		return 0;
	colon = memchr(b->p + start, ':', b->len - start);
	if (colon) {
		u->pass_off = (size_t)(colon - b->p) + 1;
		u->pass_len = b->len - u->pass_off;
		u->user_len = (size_t)(colon - b->p) - start;
	} else {
		u->user_len = b->len - start;
	}
	sb_addc(b, '@');
	return 0;
}

/* The port s[0..n) (after ':'), appended as ":<digits>" unless it is the
 * scheme's default or empty. */
static int parse_port(struct gz_urlmatch_url *u, struct sb *b, const char *s, size_t n)
{
	unsigned long v = 0;
	size_t i;

	while (n > 1 && *s == '0') {
		s++;
		n--;
	}
	if (n == 0)
		return 0;
	if ((n == 2 && !memcmp(s, "80", 2) && u->scheme_len == 4 && !memcmp(b->p, "http", 4)) ||
	    (n == 3 && !memcmp(s, "443", 3) && u->scheme_len == 5 && !memcmp(b->p, "https", 5)))
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	if (n > 5)
		return -1;
	for (i = 0; i < n; i++)
		v = v * 10 + (unsigned long)(s[i] - '0');
	if (v == 0 || v > 65535)
		return -1;
	sb_addc(b, ':');
	u->port_off = b->len;
	u->port_len = n;
	sb_add(b, s, n);
	return 0;
}

/*
 * The path s[0..n) (without its leading '/'), appended as "/" and its
 * segments, each with its escapes normalised: "." is dropped, ".." drops
 * the segment before it (none left: -1). A path ending in "." or ".."
 * gets no trailing '/', as in Git. Segments hold no raw '/' (an escaped
 * one stays escaped), so the last one starts after the last '/'.
 */
static int parse_path(struct gz_urlmatch_url *u, struct sb *b, const char *s, size_t n)
{
	size_t root = b->len, i = 0, count = 0;

	u->path_off = root;
	sb_addc(b, '/');
	for (;;) {
		size_t end = i, seg;

		while (end < n && s[end] != '/')
			end++;
		seg = b->len;
		if (count)
			sb_addc(b, '/');
		if (add_escaped(b, s + i, end - i) < 0)
			return -1;
		if (b->oom)
			return 0;
		if (!strcmp(b->p + seg + (count ? 1 : 0), ".")) {
			sb_setlen(b, seg);
		} else if (!strcmp(b->p + seg + (count ? 1 : 0), "..")) {
			size_t last;

			sb_setlen(b, seg);
			if (!count)
				return -1;
			last = b->len;
			while (last > root + 1 && b->p[last - 1] != '/')
				last--;
			/* last: the start of the segment to drop; its '/' goes too */
			sb_setlen(b, count > 1 ? last - 1 : root + 1);
			count--;
		} else {
			count++;
		}
		if (end >= n)
			break;
		i = end + 1;
	}
	u->path_len = b->len - root;
	return 0;
}

int gz_urlmatch_parse(struct gz_urlmatch_url *u, const char *s, unsigned flags)
{
	struct sb b = { NULL, 0, 0, 0 };
	const char *auth, *auth_end, *at, *host, *colon, *rest;
	size_t n, i, hn;
	int file;

	memset(u, 0, sizeof(*u));
	if (!s)
		return GZ_EINVALID;
	n = strspn(s, SCHEME_CHARS);
	if (!n || !in_set(ALPHA, s[0]) || strncmp(s + n, "://", 3))
		return GZ_EINVALID;
	for (i = 0; i < n; i++)
		sb_addc(&b, lower(s[i]));
	sb_add(&b, "://", 3);
	u->scheme_len = n;
	file = n == 4 && lower(s[0]) == 'f' && lower(s[1]) == 'i' && lower(s[2]) == 'l' &&
	       lower(s[3]) == 'e';
	auth = s + n + 3;
	auth_end = auth + strcspn(auth, "/?#");
	at = strchr(auth, '@');
	host = auth;
	if (at && at < auth_end) {
		if (parse_userinfo(u, &b, auth, (size_t)(at - auth)) < 0)
			goto invalid;
		host = at + 1;
	}
	if (host == auth_end || *host == ':') {
		if (!file)
			goto invalid;
	} else {
		u->host_off = b.len;
	}
	/* the port: after the last ':' that is not inside an IPv6 literal */
	colon = auth_end;
	while (colon > host && colon[-1] != ':' && colon[-1] != ']')
		colon--;
	colon = colon > host && colon[-1] == ':' ? colon - 1 : auth_end;
	if (!u->host_off && colon < auth_end && colon + 1 < auth_end)
		goto invalid; /* file: URLs take no port */
	hn = (size_t)(colon - host);
	if (strspn(host, (flags & GZ_URLMATCH_GLOBS) ? HOST_CHARS "*" : HOST_CHARS) < hn)
		goto invalid;
	for (i = 0; i < hn; i++)
		sb_addc(&b, lower(host[i]));
	u->host_len = u->host_off ? hn : 0;
	if (colon < auth_end && parse_port(u, &b, colon + 1, (size_t)(auth_end - colon - 1)) < 0)
		goto invalid;
	rest = auth_end;
	n = strcspn(rest, "?#");
	if (parse_path(u, &b, n && *rest == '/' ? rest + 1 : rest, n && *rest == '/' ? n - 1 : n) < 0)
		goto invalid;
	if (rest[n] && add_escaped(&b, rest + n, strlen(rest + n)) < 0)
		goto invalid;
	if (b.oom) {
		free(b.p);
		memset(u, 0, sizeof(*u));
		return GZ_ERROR;
	}
	u->norm = b.p;
	u->len = b.len;
	return 0;
invalid:
	free(b.p);
	memset(u, 0, sizeof(*u));
	return b.oom ? GZ_ERROR : GZ_EINVALID;
}

/* ---- matching ---------------------------------------------------------------------------- */

/* Label by label; a pattern label "*" matches any one label (either's,
 * when either_glob). As in Git, a final '.' on one side is not a label. */
static int host_matches(const char *h, size_t hn, const char *p, size_t pn, int either_glob)
{
	while (hn && pn) {
		const char *he = memchr(h, '.', hn), *pe = memchr(p, '.', pn);
		size_t hl = he ? (size_t)(he - h) : hn, pl = pe ? (size_t)(pe - p) : pn;

		if (!((pl == 1 && *p == '*') || (either_glob && hl == 1 && *h == '*') ||
		      (hl == pl && !memcmp(h, p, hl))))
			return 0;
		h += hl;
		hn -= hl;
		p += pl;
		pn -= pl;
		if (he) {
			h++;
			hn--;
		}
		if (pe) {
			p++;
			pn--;
		}
	}
	return !hn && !pn;
}

/*
 * The length of the match of the path prefix pre[0..pn) on path[0..n)
 * ('/' included, counted even when implicit), or 0: pre must be the path
 * or a prefix of it that ends at a '/'.
 */
static size_t path_prefix(const char *path, size_t n, const char *pre, size_t pn)
{
	if (!pn || (pn == 1 && *pre == '/'))
		return !n || *path == '/' ? 1 : 0;
	if (pre[pn - 1] == '/')
		pn--;
	if (n < pn || memcmp(path, pre, pn))
		return 0;
	return n == pn || path[pn] == '/' ? pn + 1 : 0;
}

static int same_part(const struct gz_urlmatch_url *a, size_t aoff, size_t alen,
		     const struct gz_urlmatch_url *b, size_t boff, size_t blen)
{
	return alen == blen && !memcmp(a->norm + aoff, b->norm + boff, alen);
}

int gz_urlmatch_match(struct gz_urlmatch_item *m, const struct gz_urlmatch_url *url,
		      const struct gz_urlmatch_url *pattern)
{
	size_t plen;
	int user = 0;

	if (!url || !pattern || !url->norm || !pattern->norm)
		return 0;
	if (!same_part(url, 0, url->scheme_len, pattern, 0, pattern->scheme_len))
		return 0;
	if (pattern->user_off) {
		if (!url->user_off ||
		    !same_part(url, url->user_off, url->user_len, pattern, pattern->user_off,
			       pattern->user_len))
			return 0;
		user = 1;
	}
	if (!host_matches(url->norm + url->host_off, url->host_len, pattern->norm + pattern->host_off,
			  pattern->host_len, 0))
		return 0;
	if (!same_part(url, url->port_off, url->port_len, pattern, pattern->port_off, pattern->port_len))
		return 0;
	/* the pattern's whole remainder (as Git), the URL's path only */
	plen = path_prefix(url->norm + url->path_off, url->path_len, pattern->norm + pattern->path_off,
			   pattern->len - pattern->path_off);
	if (!plen)
		return 0;
	if (m) {
		m->host_len = pattern->host_len;
		m->path_len = plen;
		m->user_matched = user;
	}
	return 1;
}

int gz_urlmatch_cmp(const struct gz_urlmatch_item *a, const struct gz_urlmatch_item *b)
{
	if (a->host_len != b->host_len)
		return a->host_len < b->host_len ? -1 : 1;
	if (a->path_len != b->path_len)
		return a->path_len < b->path_len ? -1 : 1;
	if (a->user_matched != b->user_matched)
		return a->user_matched ? 1 : -1;
	return 0;
}

int gz_urlmatch_overlap(const struct gz_urlmatch_url *a, const struct gz_urlmatch_url *b)
{
	if (!a || !b || !a->norm || !b->norm)
		return 0;
	if (!same_part(a, 0, a->scheme_len, b, 0, b->scheme_len) ||
	    !same_part(a, a->port_off, a->port_len, b, b->port_off, b->port_len))
		return 0;
	if (a->user_off && b->user_off &&
	    !same_part(a, a->user_off, a->user_len, b, b->user_off, b->user_len))
		return 0;
	if (!host_matches(a->norm + a->host_off, a->host_len, b->norm + b->host_off, b->host_len, 1))
		return 0;
	return path_prefix(a->norm + a->path_off, a->path_len, b->norm + b->path_off, b->path_len) ||
	       path_prefix(b->norm + b->path_off, b->path_len, a->norm + a->path_off, a->path_len);
}

/* ---- Git's partial credential URLs ---------------------------------------------------------- */

/* s[0..n) percent-decoded into a malloc'd string (a bad escape stays as is). */
static char *decoded(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	size_t i, o = 0;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		int v = escape_at(s + i, n - i);

		if (v >= 0) {
			out[o++] = (char)v;
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

/* host[:port] (decoded, as Git compares it) possible under pattern b. */
static int partial_host_ok(const char *host, const struct gz_urlmatch_url *b)
{
	const char *colon = strrchr(host, ':');
	size_t hn = colon ? (size_t)(colon - host) : strlen(host), i;
	char *low = malloc(hn + 1);
	int ok;

	if (!low)
		return 1; /* cannot tell: report it as applying */
	for (i = 0; i < hn; i++)
		low[i] = lower(host[i]);
	low[hn] = '\0';
	ok = host_matches(low, hn, b->norm + b->host_off, b->host_len, 0);
	free(low);
	if (ok && colon) {
		const char *port = colon + 1;
		size_t pn = strlen(port);

		if (b->port_len)
			ok = pn == b->port_len && !memcmp(port, b->norm + b->port_off, pn);
		else /* the default port, written or not */
			ok = !pn || (b->scheme_len == 5 && !strcmp(port, "443")) ||
			     (b->scheme_len == 4 && !strcmp(port, "80"));
	}
	return ok;
}

int gz_urlmatch_partial_overlap(const char *s, const struct gz_urlmatch_url *b)
{
	const char *proto_end, *cp, *at, *slash, *host;
	char *h = NULL;
	int ok = 1;

	if (!s || !b || !b->norm)
		return 0;
	proto_end = strstr(s, "://");
	cp = proto_end ? proto_end + 3 : s;
	at = strchr(cp, '@');
	slash = cp + strcspn(cp, "/?#");
	host = cp;
	if (at && at < slash)
		host = at + 1;
	if (proto_end && proto_end > s) {
		size_t i, n = (size_t)(proto_end - s);

		if (n != b->scheme_len)
			return 0;
		for (i = 0; i < n; i++)
			if (lower(s[i]) != b->norm[i])
				return 0;
	}
	/* no host: it applies to every host; a user name or a path: b stands
	 * for URLs with any of them */
	if (slash > host) {
		h = decoded(host, (size_t)(slash - host));
		if (!h)
			return 1; /* cannot tell: report it as applying */
		ok = partial_host_ok(h, b);
		free(h);
	}
	return ok;
}

/* ---- configuration names ------------------------------------------------------------------ */

int gz_urlmatch_split(const char **url, size_t *url_len, const char **key, const char *name,
		      const char *section)
{
	size_t n = strlen(section), i;
	const char *rest, *dot;

	*url = NULL;
	*url_len = 0;
	*key = NULL;
	if (!name)
		return -1;
	for (i = 0; i < n; i++)
		if (lower(name[i]) != lower(section[i]))
			return -1;
	if (name[n] != '.')
		return -1;
	rest = name + n + 1;
	dot = strrchr(rest, '.');
	if (!dot) {
		*key = rest;
		return 0;
	}
	*url = rest;
	*url_len = (size_t)(dot - rest);
	*key = dot + 1;
	return 1;
}

/* ---- showing URLs ----------------------------------------------------------------------------- */

static int ends_authority(char c)
{
	return !c || c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\n' ||
	       c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '\\';
}

char *gz_urlmatch_redact(char *out, size_t n, const char *text)
{
	static const char mark[] = "<redacted>";
	size_t o = 0;
	const char *s = text ? text : "";

	if (!n)
		return out;
	while (*s && o + 1 < n) {
		const char *sep = strstr(s, "://");
		const char *start, *end, *last_at = NULL, *p;

		if (!sep) {
			size_t k = strlen(s);

			if (k > n - 1 - o)
				k = n - 1 - o;
			memcpy(out + o, s, k);
			o += k;
			break;
		}
		/* is there a scheme right before it? */
		start = sep;
		while (start > s && in_set(SCHEME_CHARS, start[-1]))
			start--;
		while (start < sep && !in_set(ALPHA, *start))
			start++;
		for (p = sep + 3; !ends_authority(*p); p++)
			if (*p == '@')
				last_at = p;
		end = last_at && start < sep ? last_at : sep + 3;
		/* copy up to and including "://" */
		while (s < sep + 3 && o + 1 < n)
			out[o++] = *s++;
		if (end != sep + 3) {
			size_t k = sizeof(mark) - 1;

			if (k > n - 1 - o)
				k = n - 1 - o;
			memcpy(out + o, mark, k);
			o += k;
			s = end; /* the '@' is copied next */
		}
	}
	out[o] = '\0';
	return out;
}
