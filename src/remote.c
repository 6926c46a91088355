/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include "remote.h"
#include "err.h"
#include "esc.h"
#include "org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* More than any accepted form has (DefaultCollection, project, _git,
 * _optimized, repo). */
#define MAX_SEGS 6

#define COMMIT_URL "https://dev.azure.com/%s/%s/_git/%s/commit/%s"

struct seg {
	const char *s;
	size_t len;
};

static int span_is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && !strncasecmp(s, word, len);
}

static int seg_is(const struct seg *g, const char *word)
{
	return span_is(g->s, g->len, word);
}

static int not_ours(const char *why)
{
	gz_error_set("not an Azure DevOps repository URL: %s", why);
	return GZ_ENOTOURS;
}

/* Splits p[0..len) at '/'. One trailing '/' is allowed; any other empty
 * segment, or more than max segments, is refused (-1). */
static int split(struct seg *v, size_t max, const char *p, size_t len)
{
	size_t n = 0, start = 0, i;

	if (len && p[len - 1] == '/')
		len--;
	if (!len)
		return -1;
	for (i = 0; i <= len; i++) {
		if (i < len && p[i] != '/')
			continue;
		if (i == start || n == max)
			return -1;
		v[n].s = p + start;
		v[n].len = i - start;
		n++;
		start = i + 1;
	}
	return (int)n;
}

/* 1 if s[0..len) is well-formed UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF). */
static int utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n, k;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* A decoded project or repository name that is safe to put in a URL path
 * and to print. */
static int name_ok(const char *s, size_t len)
{
	size_t i;

	if (!len || s[0] == '_' || (len == 1 && s[0] == '.') ||
	    (len == 2 && s[0] == '.' && s[1] == '.'))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '/' || c == '\\')
			return 0;
	}
	return utf8_valid((const unsigned char *)s, len);
}

/* Percent-decodes a segment into a new string and checks it. */
static int decode_name(char **out, const struct seg *g)
{
	char *d = malloc(g->len + 1);
	size_t i, n = 0;
	int rc = 0;

	*out = NULL;
	if (!d) {
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	for (i = 0; i < g->len; i++) {
		int hi, lo;

		if (g->s[i] != '%') {
			d[n++] = g->s[i];
			continue;
		}
		if (g->len - i < 3 || (hi = gz_esc_hexval((unsigned char)g->s[i + 1])) < 0 ||
		    (lo = gz_esc_hexval((unsigned char)g->s[i + 2])) < 0) {
			rc = not_ours("bad percent-encoding");
			goto done;
		}
		d[n++] = (char)(hi << 4 | lo);
		i += 2;
	}
	d[n] = '\0';
	if (!name_ok(d, n)) {
		rc = not_ours("bad project or repository name");
		goto done;
	}
	*out = d;
	d = NULL;
done:
	free(d);
	return rc;
}

static int take_org(struct gz_remote *r, const char *s, size_t len)
{
	char name[GZ_ORG_BUF];

	if (!gz_org_valid(s, len))
		return not_ours("bad organisation name");
	memcpy(name, s, len);
	name[len] = '\0';
	return gz_org_normalise(r->org, name) ? GZ_ENOTOURS : 0;
}

static int take_names(struct gz_remote *r, const struct seg *project, const struct seg *repo)
{
	int rc = decode_name(&r->project, project);

	return rc ? rc : decode_name(&r->repo, repo);
}

/* [{project}/]_git/[_full/|_optimized/]{repo} */
static int take_git_path(struct gz_remote *r, const struct seg *g, size_t n)
{
	const struct seg *project = NULL;
	size_t k = 0;

	if (n > 0 && !seg_is(&g[0], "_git")) {
		project = &g[0];
		k = 1;
	}
	if (k >= n || !seg_is(&g[k], "_git"))
		return not_ours("no _git/{repository} in the path");
	k++;
	if (n - k == 2 && (seg_is(&g[k], "_full") || seg_is(&g[k], "_optimized")))
		k++;
	if (n - k != 1)
		return not_ours("no _git/{repository} in the path");
	return take_names(r, project ? project : &g[k], &g[k]);
}

/* v3/{org}/{project}/{repo} */
static int take_v3_path(struct gz_remote *r, const char *p, size_t len)
{
	struct seg g[MAX_SEGS];
	int n = split(g, MAX_SEGS, p, len);
	int rc;

	if (n != 4 || !seg_is(&g[0], "v3"))
		return not_ours("not a v3/{org}/{project}/{repository} path");
	rc = take_org(r, g[1].s, g[1].len);
	return rc ? rc : take_names(r, &g[2], &g[3]);
}

/* Host and port of an authority: user information (up to the last '@')
 * is skipped. *port is NULL when there is none. */
static void split_authority(const char **host, size_t *hostlen, const char **port,
			    size_t *portlen, const char *auth, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++)
		if (auth[i] == '@')
			start = i + 1;
	*host = auth + start;
	*hostlen = len - start;
	*port = NULL;
	*portlen = 0;
	for (i = start; i < len; i++) {
		if (auth[i] == ':') {
			*hostlen = i - start;
			*port = auth + i + 1;
			*portlen = len - i - 1;
			break;
		}
	}
}

static int ssh_host(const char *h, size_t len)
{
	return span_is(h, len, "ssh.dev.azure.com") || span_is(h, len, "vs-ssh.visualstudio.com");
}

static int parse_https(struct gz_remote *r, const char *rest)
{
	static const char vs[] = ".visualstudio.com";
	const size_t vslen = sizeof(vs) - 1;
	const char *slash = strchr(rest, '/');
	const char *host, *port;
	size_t hl, pl;
	struct seg g[MAX_SEGS];
	int n, rc;

	if (!slash)
		return not_ours("no path");
	split_authority(&host, &hl, &port, &pl, rest, (size_t)(slash - rest));
	if (port && !span_is(port, pl, "443"))
		return not_ours("not port 443");
	n = split(g, MAX_SEGS, slash + 1, strlen(slash + 1));
	if (n < 0)
		return not_ours("empty or too many path segments");
	if (span_is(host, hl, "dev.azure.com")) {
		rc = take_org(r, g[0].s, g[0].len);
		return rc ? rc : take_git_path(r, g + 1, (size_t)n - 1);
	}
	if (hl > vslen && !strncasecmp(host + hl - vslen, vs, vslen)) {
		rc = take_org(r, host, hl - vslen);
		if (rc)
			return rc;
		if (seg_is(&g[0], "DefaultCollection"))
			return take_git_path(r, g + 1, (size_t)n - 1);
		return take_git_path(r, g, (size_t)n);
	}
	return not_ours("not an Azure DevOps host");
}

static int parse_ssh_url(struct gz_remote *r, const char *rest)
{
	const char *slash = strchr(rest, '/');
	const char *host, *port;
	size_t hl, pl;

	if (!slash)
		return not_ours("no path");
	split_authority(&host, &hl, &port, &pl, rest, (size_t)(slash - rest));
	if (port && !span_is(port, pl, "22"))
		return not_ours("not port 22");
	if (!ssh_host(host, hl))
		return not_ours("not an Azure DevOps SSH host");
	return take_v3_path(r, slash + 1, strlen(slash + 1));
}

/* Git's scp-like syntax, [user@]host:path, where no '/' comes before the
 * ':'. */
static int parse_scp(struct gz_remote *r, const char *url)
{
	const char *colon = strchr(url, ':');
	const char *host, *port;
	size_t hl, pl;

	if (!colon || memchr(url, '/', (size_t)(colon - url)))
		return not_ours("not a URL");
	split_authority(&host, &hl, &port, &pl, url, (size_t)(colon - url));
	if (port || !ssh_host(host, hl))
		return not_ours("not an Azure DevOps SSH host");
	return take_v3_path(r, colon + 1, strlen(colon + 1));
}

int gz_remote_parse(struct gz_remote *r, const char *url)
{
	size_t len, i;
	int rc;

	if (!r) {
		gz_error_set("gz_remote_parse: no remote");
		return GZ_EINVALID;
	}
	r->org[0] = '\0';
	r->project = NULL;
	r->repo = NULL;
	if (!url) {
		rc = not_ours("no URL");
		goto done;
	}
	len = strnlen(url, GZ_REMOTE_URL_MAX + 1);
	if (len > GZ_REMOTE_URL_MAX) {
		rc = not_ours("too long");
		goto done;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= 0x20 || c == 0x7f || c == '?' || c == '#' || c == '\\') {
			rc = not_ours("space, control byte, query or fragment");
			goto done;
		}
	}
	if (!strncasecmp(url, "https://", 8))
		rc = parse_https(r, url + 8);
	else if (!strncasecmp(url, "ssh://", 6))
		rc = parse_ssh_url(r, url + 6);
	else if (!strstr(url, "://"))
		rc = parse_scp(r, url);
	else
		rc = not_ours("scheme is not https or ssh");
done:
	if (rc)
		gz_remote_release(r);
	return rc;
}

void gz_remote_release(struct gz_remote *r)
{
	if (!r)
		return;
	free(r->project);
	free(r->repo);
	r->org[0] = '\0';
	r->project = NULL;
	r->repo = NULL;
}

static int unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

char *gz_remote_escape(const char *segment)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)segment;
	size_t n = 1, i;
	char *out, *o;

	if (!segment) {
		gz_error_set("gz_remote_escape: no segment");
		return NULL;
	}
	for (i = 0; s[i]; i++)
		n += unreserved(s[i]) ? 1 : 3;
	out = malloc(n);
	if (!out) {
		gz_error_set("out of memory");
		return NULL;
	}
	for (o = out, i = 0; s[i]; i++) {
		if (unreserved(s[i])) {
			*o++ = (char)s[i];
		} else {
			*o++ = '%';
			*o++ = hex[s[i] >> 4];
			*o++ = hex[s[i] & 15];
		}
	}
	*o = '\0';
	return out;
}

static int sha_ok(const char *sha)
{
	size_t i;

	for (i = 0; sha[i]; i++)
		if (i == 40 || gz_esc_hexval((unsigned char)sha[i]) < 0)
			return 0;
	return i > 0;
}

char *gz_remote_commit_url(const struct gz_remote *r, const char *sha)
{
	char *project = NULL, *repo = NULL, *url = NULL;
	size_t n;

	if (!r || !r->org[0] || !r->project || !r->repo || !sha || !sha_ok(sha)) {
		gz_error_set("no commit URL without organisation, project, repository and hex SHA");
		goto done;
	}
	project = gz_remote_escape(r->project);
	repo = gz_remote_escape(r->repo);
	if (!project || !repo)
		goto done;
	n = sizeof(COMMIT_URL) + strlen(r->org) + strlen(project) + strlen(repo) + strlen(sha);
	url = malloc(n);
	if (!url) {
		gz_error_set("out of memory");
		goto done;
	}
	snprintf(url, n, COMMIT_URL, r->org, project, repo, sha);
done:
	free(project);
	free(repo);
	return url;
}
