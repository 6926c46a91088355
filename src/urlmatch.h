/* SPDX-License-Identifier: MIT */
#ifndef GZ_URLMATCH_H
#define GZ_URLMATCH_H

#include <stddef.h>

/*
 * URLs and the URL patterns of Git's configuration (`http.<url>.*`,
 * `credential.<url>.*`), matched the way Git matches them (git's
 * urlmatch.c and credential.c). Pure: no I/O, no global state; the only
 * resource is the normalised copy a parsed URL owns.
 *
 * Normalisation, as Git's: the scheme and host in lower case; %XX escapes
 * in upper case, unescaped where they need not be, added where a character
 * must be escaped; leading zeros and the scheme's default port (http 80,
 * https 443) dropped; a path that is missing or does not start with '/'
 * gets one; "." and ".." segments resolved (".." above the root: invalid).
 *
 * A pattern matches a URL when (Git's rules):
 *   - the schemes are equal;
 *   - the pattern has no user name, or the URL has the same one;
 *   - the hosts have the same number of labels, and each label is equal,
 *     or is "*" in the pattern (one whole label: "*.azure.com" matches
 *     "dev.azure.com" but neither "azure.com" nor "a.dev.azure.com");
 *   - the ports are equal (after normalisation);
 *   - the pattern's path is the URL's, or a prefix of it ending at a '/'
 *     (both count as ending in '/').
 * Of several matching patterns, Git takes the value of the most specific
 * one (gz_urlmatch_cmp); of equally specific ones, the last.
 */

struct gz_urlmatch_url {
	char *norm; /* the normalised URL, NUL-terminated; owned */
	size_t len;
	size_t scheme_len;          /* norm[0..scheme_len) */
	size_t user_off, user_len;  /* user_off 0: no user name */
	size_t pass_off, pass_len;  /* pass_off 0: no password */
	size_t host_off, host_len;  /* host_off 0: no host (file:) */
	size_t port_off, port_len;  /* port_len 0: the default port */
	size_t path_off, path_len;  /* from the first '/', without query or fragment */
};

#define GZ_URLMATCH_URL_INIT { NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/* Bits for gz_urlmatch_parse(). */
#define GZ_URLMATCH_GLOBS 1u /* a pattern: "*" allowed in host labels */

/* Parses and normalises s into *u (release it whatever this returns).
 * 0; GZ_EINVALID when s is not a URL Git would normalise (no "scheme://",
 * no host, a bad port or %XX escape, characters not allowed in a host,
 * ".." above the root); GZ_ERROR when out of memory. Sets no message. */
int gz_urlmatch_parse(struct gz_urlmatch_url *u, const char *s, unsigned flags);
void gz_urlmatch_release(struct gz_urlmatch_url *u);

/* How well a pattern matched: compared by gz_urlmatch_cmp(). An entry
 * without a URL (plain `http.sslVerify`) is the all-zero item. */
struct gz_urlmatch_item {
	size_t host_len; /* the pattern's host, as written: "dev.azure.com" beats "*.azure.com" */
	size_t path_len; /* the length of the path that matched, '/' included */
	int user_matched;
};

#define GZ_URLMATCH_ITEM_INIT { 0, 0, 0 }

/* 1 when pattern (parsed with GZ_URLMATCH_GLOBS) matches url, with *m
 * (may be NULL) saying how well; else 0 and *m untouched. */
int gz_urlmatch_match(struct gz_urlmatch_item *m, const struct gz_urlmatch_url *url,
		      const struct gz_urlmatch_url *pattern);

/* <0, 0, >0 as a is less, as, or more specific than b: the longer host
 * first, then the longer path, then a matched user name. A later entry
 * replaces the value of an earlier one unless it is less specific. */
int gz_urlmatch_cmp(const struct gz_urlmatch_item *a, const struct gz_urlmatch_item *b);

/*
 * 1 when some URL exists that both patterns match (Git would apply an
 * entry for a to some URL that the pattern b stands for): same scheme and
 * port, user names equal when both have one, hosts of as many labels that
 * agree where neither has "*", and one path a prefix of the other.
 */
int gz_urlmatch_overlap(const struct gz_urlmatch_url *a, const struct gz_urlmatch_url *b);

/*
 * For `credential.<url>.*` only: Git's fallback for a URL it cannot
 * normalise, a partial one such as "dev.azure.com" or "me@dev.azure.com/x"
 * (no "scheme://"), which it compares field by field with the request.
 * 1 when the partial pattern s could apply to some URL the pattern b
 * stands for: its host equal to b's host (letter case aside, "*" labels
 * of b matching any label), its port absent or b's, its user name and path
 * (when given) possible under b. 0 otherwise, and for anything with
 * "://" (a URL Git normalises, or one it refuses).
 */
int gz_urlmatch_partial_overlap(const char *s, const struct gz_urlmatch_url *b);

/*
 * Splits a configuration entry name "<section>.<url>.<key>" (as libgit2
 * gives it: section and key in lower case, the URL as written). Returns 1
 * with *url and *url_len set for a URL-scoped entry, 0 with *url = NULL for a
 * plain "<section>.<key>", -1 when the name is not in section; *key points
 * into name. The URL is everything between the section and the last '.'.
 */
int gz_urlmatch_split(const char **url, size_t *url_len, const char **key, const char *name,
		      const char *section);

/*
 * Copies text into out (size n > 0, always NUL-terminated, cut at n - 1
 * bytes) with the user information of every URL in it ("scheme://" then
 * anything up to an '@' before the next '/', '?', '#', blank or quote)
 * replaced by "<redacted>": "https://me:S3CRET@dev.azure.com" becomes
 * "https://<redacted>@dev.azure.com". Returns out.
 */
char *gz_urlmatch_redact(char *out, size_t n, const char *text);

#endif
