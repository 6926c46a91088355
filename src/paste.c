/* SPDX-License-Identifier: MIT */
#include "paste.h"

#include <stdio.h>
#include <string.h>

#define LEGACY_LEN 52
#define CURRENT_LEN 84

static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alnum(unsigned char c) { return is_lower(c) || is_upper(c) || is_digit(c); }

/* Length of the white space at s: ' ', '\t', or U+00A0 (no-break space,
 * which some web pages and editors put around copied text). */
static size_t space_at(const char *s)
{
	if (*s == ' ' || *s == '\t')
		return 1;
	if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
		return 2;
	return 0;
}

/* Length of a quote at s: ' " ` or the typographic ones (U+2018, U+2019,
 * U+201C, U+201D) that word processors and chat programs substitute. */
static size_t quote_at(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*s == '\'' || *s == '"' || *s == '`')
		return 1;
	if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0x98 || u[2] == 0x99 || u[2] == 0x9c ||
					     u[2] == 0x9d))
		return 3;
	return 0;
}

/* 1 if the last character of s[0..len) is a quote */
static int ends_with_quote(const char *s, size_t len)
{
	return len && (quote_at(s + len - 1) == 1 || (len >= 3 && quote_at(s + len - 3) == 3));
}

static int has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int github_token(const char *s)
{
	static const char *const prefixes[] = { "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
						"github_pat_", NULL };
	const char *const *p;

	for (p = prefixes; *p; p++)
		if (has_prefix(s, *p))
			return 1;
	return 0;
}

/* characters, counting a UTF-8 sequence as one */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* "digits 0, 1, 8 or 9, punctuation, non-ASCII characters": the classes
 * of the characters in s that fail ok(); legacy adds the digits class. */
static void bad_classes(char *out, size_t outsz, const char *s, int legacy)
{
	int digits = 0, punct = 0, upper = 0, other = 0;
	const unsigned char *u;

	for (u = (const unsigned char *)s; *u; u++) {
		if (legacy ? (is_lower(*u) || (*u >= '2' && *u <= '7')) : is_alnum(*u))
			continue;
		if (is_digit(*u))
			digits = 1;
		else if (is_upper(*u))
			upper = 1;
		else if (*u < 0x80)
			punct = 1;
		else
			other = 1;
	}
	snprintf(out, outsz, "%s%s%s%s%s%s%s", digits ? "the digits 0, 1, 8 or 9" : "",
		 digits && (upper || punct || other) ? ", " : "", upper ? "upper-case letters" : "",
		 upper && (punct || other) ? ", " : "", punct ? "punctuation" : "",
		 punct && other ? ", " : "", other ? "non-ASCII characters" : "");
}

static enum gz_paste_problem say(char *msg, size_t msgsz, enum gz_paste_problem p,
				 const char *text)
{
	if (msgsz)
		snprintf(msg, msgsz, "%s", text);
	return p;
}

enum gz_paste_problem gz_paste_check(char *msg, size_t msgsz, const char *s)
{
	const char *start, *end;
	size_t len, i, n, sp;
	char classes[96], line[256];
	int upper = 0, legacy_ok = 1;

	if (msgsz)
		msg[0] = '\0';
	if (!s)
		s = "";
	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			return say(msg, msgsz, GZ_PASTE_CONTROL,
				   "the value holds control characters (a terminal escape sequence?); paste the PAT alone");
	for (start = s; (sp = space_at(start)); start += sp)
		;
	if (!*start)
		return say(msg, msgsz, GZ_PASTE_EMPTY,
			   "nothing was entered; copy the PAT from Azure DevOps (it is shown once, when created) and paste it");
	/* the end of the value without trailing white space */
	for (end = start, i = 0; start[i];) {
		n = space_at(start + i);
		i += n ? n : 1;
		if (!n)
			end = start + i;
	}
	len = (size_t)(end - start);
	if (quote_at(start) || ends_with_quote(start, len))
		return say(msg, msgsz, GZ_PASTE_QUOTED,
			   "the value is in quotes; paste the PAT alone, without them");
	if (start != s)
		return say(msg, msgsz, GZ_PASTE_LEADING,
			   "the value starts with white space; paste the PAT alone, without it");
	for (i = 0; i < len; i++)
		if (space_at(start + i))
			return say(msg, msgsz, GZ_PASTE_INSIDE,
				   "the value has white space inside; a PAT is one word (was it split over two lines?)");
	if (*end)
		return say(msg, msgsz, GZ_PASTE_TRAILING,
			   "the value ends with white space; paste the PAT alone, without it");
	if (github_token(s))
		return say(msg, msgsz, GZ_PASTE_GITHUB,
			   "that is a GitHub token, not an Azure DevOps PAT; create one in Azure DevOps under User settings > Personal access tokens");
	if (has_prefix(s, "glpat-"))
		return say(msg, msgsz, GZ_PASTE_GITLAB,
			   "that is a GitLab token, not an Azure DevOps PAT; create one in Azure DevOps under User settings > Personal access tokens");
	n = chars(s);
	if (n != LEGACY_LEN && n != CURRENT_LEN) {
		snprintf(line, sizeof(line),
			 "the value has %zu character%s; an Azure DevOps PAT has 84 (52 for an older PAT)",
			 n, n == 1 ? "" : "s");
		return say(msg, msgsz, GZ_PASTE_LENGTH, line);
	}
	if (n == LEGACY_LEN && len == LEGACY_LEN) {
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];

			upper |= is_upper(c);
			if (!(is_lower(c) || is_upper(c) || (c >= '2' && c <= '7')))
				legacy_ok = 0;
		}
		if (!upper && legacy_ok)
			return GZ_PASTE_OK;
		if (legacy_ok)
			return say(msg, msgsz, GZ_PASTE_LEGACY_CASE,
				   "the value has 52 characters, the length of an older PAT, but upper-case letters: older PATs are lower case (a-z and 2-7); was Caps Lock on, or did an editor change it?");
	}
	if (n == CURRENT_LEN && len == CURRENT_LEN) {
		for (i = 0; i < len && is_alnum((unsigned char)s[i]); i++)
			;
		if (i == len)
			return GZ_PASTE_OK;
	}
	bad_classes(classes, sizeof(classes), s, n == LEGACY_LEN);
	snprintf(line, sizeof(line), n == LEGACY_LEN ?
		 "the value has 52 characters, the length of an older PAT, but also %s: older PATs have only a-z and 2-7" :
		 "the value has 84 characters, the length of a PAT, but also %s: PATs have only letters A-Z, a-z and digits",
		 classes);
	return say(msg, msgsz, n == LEGACY_LEN ? GZ_PASTE_LEGACY_CHARS : GZ_PASTE_CHARS, line);
}

int gz_paste_looks_secret(const char *s)
{
	size_t i;

	if (!s)
		return 0;
	if (gz_paste_check(NULL, 0, s) == GZ_PASTE_OK || github_token(s) ||
	    has_prefix(s, "glpat-"))
		return 1;
	for (i = 0; s[i]; i++)
		if (!(is_alnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '_'))
			return 0;
	return i > 50;
}
