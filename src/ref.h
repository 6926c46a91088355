/* SPDX-License-Identifier: MIT */
#ifndef GZ_REF_H
#define GZ_REF_H

#include <stddef.h>

/*
 * The gz# commit references in free text (tickets, commit messages).
 *
 * Forms, after the marker "gz#" (lower case) or "GZ#" (upper case; mixed
 * case such as "Gz#" is not a marker):
 *
 *   gz#<hex>
 *   gz#<repo>@<hex>
 *   gz#<project>/<repo>@<hex>
 *   gz#<org>/<project>/<repo>@<hex>
 *
 * <hex> is 7 to 40 hex digits, any case. "Alphanumeric" below means ASCII
 * letters and digits only; every byte >= 0x80 (UTF-8 text, invalid or
 * not) counts as punctuation.
 *
 * A reference is recognised only when all of these hold:
 *  - the marker starts the text or follows a byte that is none of:
 *    alphanumeric, '_', '/', '.', '@', ':', '-' (so "x/gz#..",
 *    "bob.gz#..", "a@gz#..", "id:gz#..", "x-gz#.." are not references);
 *  - the marker is not inside a URL: the run of bytes since the last
 *    space or control byte (bytes <= 0x20 and 0x7f separate runs) does not
 *    contain "://" (so "https://x.example/a?b=1&gz#abc1234" is skipped);
 *  - the hex run is 7 to 40 digits and is followed by the end of the text
 *    or by a byte that is neither alphanumeric nor '@' ("gz#abcdefg",
 *    "gz#abc1234x", 41 digits and "gz#abc1234@x.com" are not references;
 *    "gz#abc1234.", "gz#abc1234)", "gz#abc1234`" are);
 *  - when the bytes after the marker are names and '/' followed by '@',
 *    the text is read as a qualified form and is a reference only if that
 *    form is entirely valid (no fallback to the unqualified form):
 *    <repo> and <project> are 1-64 letters, digits, '-', '_' and '.', not
 *    starting with '.' or '_' and not ending with '.'; <org> is an
 *    organisation name (org.h: 1-50 letters, digits, '-', not first or
 *    last '-'). At most three names.
 *
 * Text that is a reference in every way but has only 1 to 6 hex digits
 * ("gz#9bbf8", "gz#web@abc12": marker, qualifier and end as above) is no
 * reference; the list keeps it apart, as a near miss to warn about.
 *
 * Scanning never reads outside text[0..len); the text may contain NUL
 * bytes and invalid UTF-8. The work is linear in len.
 */

#define GZ_REF_HEX_MIN 7
#define GZ_REF_HEX_MAX 40
#define GZ_REF_NAME_MAX 64
#define GZ_REF_LIST_MAX 100000
#define GZ_REF_SHORT_KEEP 20 /* near misses kept (as written) per list */

struct gz_ref {
	char *org;     /* lower-cased organisation; NULL when not given */
	char *project; /* as written; NULL when not given */
	char *repo;    /* as written; NULL when not given */
	char hex[GZ_REF_HEX_MAX + 1]; /* the commit prefix, lower-cased */
	size_t offset; /* where the reference (its marker) starts in the text */
	size_t len;    /* its length in bytes, marker to last hex digit */
	char *text;    /* the reference as written, e.g. "gz#web@ABC1234" */
};

/* References in order of appearance. v[0..n) are owned by the list. */
struct gz_ref_list {
	struct gz_ref *v;
	size_t n, cap;
	/* near misses (1-6 hex digits): the first GZ_REF_SHORT_KEEP distinct
	 * ones as written, in order (owned), and how many there were in all
	 * (repeats of a kept one not counted) */
	char *short_text[GZ_REF_SHORT_KEEP];
	size_t nshort_kept, nshort;
};

#define GZ_REF_LIST_INIT { NULL, 0, 0, { NULL }, 0, 0 }

/*
 * Appends the references (and near misses) found in text[0..len) to out
 * (which must be initialised, possibly already holding references of
 * other texts).
 * Returns 0; GZ_EINVALID when the list would exceed GZ_REF_LIST_MAX
 * references; GZ_ERROR when out of memory. On failure out holds exactly
 * what it held before the call.
 */
int gz_ref_scan(struct gz_ref_list *out, const char *text, size_t len);

/*
 * Removes repeated references in place: same organisation, project and
 * repository (compared case-insensitively; "not given" equals only "not
 * given") and same hex. The first occurrence is kept, the order of the
 * kept ones is unchanged. "gz#abc1234" and "gz#abc12345" are different
 * references. O(n log n); never fails.
 */
void gz_ref_list_dedup(struct gz_ref_list *l);

/* Frees every reference and the array; l is empty (GZ_REF_LIST_INIT)
 * afterwards. Accepts NULL. */
void gz_ref_list_release(struct gz_ref_list *l);

#endif
