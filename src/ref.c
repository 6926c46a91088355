/* SPDX-License-Identifier: MIT */
#include "ref.h"
#include "err.h"
#include "org.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A reference found in the text, before anything is copied. */
struct found {
	size_t name_off[3], name_len[3]; /* outermost (org) first */
	size_t nnames;
	size_t hex_off, hex_len;
};

/* Byte classes; ASCII only, so the scanner never depends on the locale. */
static int is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_name(unsigned char c)
{
	return is_alnum(c) || c == '-' || c == '_' || c == '.';
}

/* Separates the runs the URL rule looks at. */
static int is_sep(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

/* A byte that, right before the marker, makes it part of a word, a path,
 * an e-mail address, a scheme or an option. */
static int joins(unsigned char c)
{
	return is_alnum(c) || c == '_' || c == '/' || c == '.' || c == '@' || c == ':' || c == '-';
}

static int marker_at(const char *t, size_t len, size_t i)
{
	return len - i >= 3 && t[i + 2] == '#' &&
	       ((t[i] == 'g' && t[i + 1] == 'z') || (t[i] == 'G' && t[i + 1] == 'Z'));
}

static int name_ok(const char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > GZ_REF_NAME_MAX || s[0] == '.' || s[0] == '_' || s[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++)
		if (!is_name((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Length of the hex digits at t[pos..) when they are properly terminated
 * (0 otherwise): 1-40 digits, of which fewer than GZ_REF_HEX_MIN make a
 * near miss. Reads at most 42 bytes. */
static size_t hex_at(const char *t, size_t len, size_t pos)
{
	size_t n = 0;

	while (pos + n < len && n <= GZ_REF_HEX_MAX && is_hex((unsigned char)t[pos + n]))
		n++;
	if (n < 1 || n > GZ_REF_HEX_MAX)
		return 0;
	if (pos + n < len && (is_alnum((unsigned char)t[pos + n]) || t[pos + n] == '@'))
		return 0;
	return n;
}

/* Splits the qualifier t[from..to) at '/' into f's names and checks them. */
static int split_names(struct found *f, const char *t, size_t from, size_t to)
{
	size_t start = from, i, k;

	f->nnames = 0;
	for (i = from; i <= to; i++) {
		if (i < to && t[i] != '/')
			continue;
		if (f->nnames == 3)
			return 0;
		f->name_off[f->nnames] = start;
		f->name_len[f->nnames] = i - start;
		f->nnames++;
		start = i + 1;
	}
	for (k = 0; k < f->nnames; k++) {
		const char *s = t + f->name_off[k];
		size_t l = f->name_len[k];

		if ((f->nnames == 3 && k == 0) ? !gz_org_valid(s, l) : !name_ok(s, l))
			return 0;
	}
	return 1;
}

/*
 * Parses the candidate whose marker is at t[i]. The qualifier scan runs to
 * the first byte that is neither a name byte nor '/'; it cannot pass the
 * '#' of a later marker, so over a whole text the scans touch each byte at
 * most once.
 */
static int parse_at(struct found *f, const char *t, size_t len, size_t i)
{
	size_t p = i + 3, q = p;

	while (q < len && (is_name((unsigned char)t[q]) || t[q] == '/'))
		q++;
	f->nnames = 0;
	if (q < len && t[q] == '@') {
		if (!split_names(f, t, p, q))
			return 0;
		p = q + 1;
	}
	f->hex_off = p;
	f->hex_len = hex_at(t, len, p);
	return f->hex_len != 0;
}

static char *dup_span(const char *s, size_t len, int lower)
{
	char *d = malloc(len + 1);
	size_t i;

	if (!d)
		return NULL;
	for (i = 0; i < len; i++) {
		char c = s[i];

		d[i] = lower && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	d[len] = '\0';
	return d;
}

static void ref_release(struct gz_ref *r)
{
	free(r->org);
	free(r->project);
	free(r->repo);
	free(r->text);
	memset(r, 0, sizeof(*r));
}

static void list_truncate(struct gz_ref_list *l, size_t n, size_t nshort_kept, size_t nshort)
{
	while (l->n > n)
		ref_release(&l->v[--l->n]);
	while (l->nshort_kept > nshort_kept) {
		free(l->short_text[--l->nshort_kept]);
		l->short_text[l->nshort_kept] = NULL;
	}
	l->nshort = nshort;
}

/* Keeps the near miss at t[i..i+n) and counts it, unless it repeats a kept
 * one; past GZ_REF_SHORT_KEEP it is only counted. */
static int append_short(struct gz_ref_list *l, const char *t, size_t i, size_t n)
{
	size_t k;

	for (k = 0; k < l->nshort_kept; k++)
		if (strlen(l->short_text[k]) == n && !memcmp(l->short_text[k], t + i, n))
			return 0;
	l->nshort++;
	if (l->nshort_kept == GZ_REF_SHORT_KEEP)
		return 0;
	l->short_text[l->nshort_kept] = dup_span(t + i, n, 0);
	if (!l->short_text[l->nshort_kept]) {
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	l->nshort_kept++;
	return 0;
}

static int list_grow(struct gz_ref_list *l)
{
	struct gz_ref *v;
	size_t cap;

	if (l->n < l->cap)
		return 0;
	cap = l->cap ? l->cap * 2 : 16;
	if (cap > GZ_REF_LIST_MAX)
		cap = GZ_REF_LIST_MAX;
	v = realloc(l->v, cap * sizeof(*v));
	if (!v) {
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	l->v = v;
	l->cap = cap;
	return 0;
}

/* Copies the reference found at t[i] into a new element of l. */
static int append(struct gz_ref_list *l, const struct found *f, const char *t, size_t i)
{
	char **slot[3];
	struct gz_ref *r;
	size_t k, s = 0;
	int rc = 0;

	if (l->n >= GZ_REF_LIST_MAX) {
		gz_error_set("more than %d gz# references", GZ_REF_LIST_MAX);
		return GZ_EINVALID;
	}
	rc = list_grow(l);
	if (rc)
		return rc;
	r = &l->v[l->n];
	memset(r, 0, sizeof(*r));
	l->n++; /* counted now, so a failure below is undone by the caller */
	r->offset = i;
	r->len = f->hex_off + f->hex_len - i;
	memcpy(r->hex, t + f->hex_off, f->hex_len);
	for (k = 0; k < f->hex_len; k++)
		if (r->hex[k] >= 'A' && r->hex[k] <= 'F')
			r->hex[k] = (char)(r->hex[k] - 'A' + 'a');
	r->hex[f->hex_len] = '\0';
	if (f->nnames == 3)
		slot[s++] = &r->org;
	if (f->nnames >= 2)
		slot[s++] = &r->project;
	if (f->nnames >= 1)
		slot[s++] = &r->repo;
	for (k = 0; k < s; k++) {
		*slot[k] = dup_span(t + f->name_off[k], f->name_len[k], slot[k] == &r->org);
		if (!*slot[k])
			goto oom;
	}
	r->text = dup_span(t + i, r->len, 0);
	if (!r->text)
		goto oom;
	return 0;
oom:
	gz_error_set("out of memory");
	return GZ_ERROR;
}

int gz_ref_scan(struct gz_ref_list *out, const char *text, size_t len)
{
	struct found f;
	size_t n0, nk0, ns0, i;
	int in_url = 0, rc = 0;

	if (!out || (!text && len)) {
		gz_error_set("gz_ref_scan: no list or no text");
		return GZ_EINVALID;
	}
	n0 = out->n;
	nk0 = out->nshort_kept;
	ns0 = out->nshort;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (is_sep(c)) {
			in_url = 0;
			continue;
		}
		if (c == ':' && len - i >= 3 && text[i + 1] == '/' && text[i + 2] == '/')
			in_url = 1;
		if (in_url || !marker_at(text, len, i))
			continue;
		if (i > 0 && joins((unsigned char)text[i - 1]))
			continue;
		if (!parse_at(&f, text, len, i))
			continue;
		if (f.hex_len < GZ_REF_HEX_MIN)
			rc = append_short(out, text, i, f.hex_off + f.hex_len - i);
		else
			rc = append(out, &f, text, i);
		if (rc)
			goto done;
		/* the reference holds no separator and no ':', so the URL
		 * state is unchanged across it */
		i = f.hex_off + f.hex_len - 1;
	}
done:
	if (rc)
		list_truncate(out, n0, nk0, ns0);
	return rc;
}

static int cmp_name(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcasecmp(a, b);
}

static int cmp_key(const struct gz_ref *a, const struct gz_ref *b)
{
	int c;

	if ((c = cmp_name(a->org, b->org)) || (c = cmp_name(a->project, b->project)) ||
	    (c = cmp_name(a->repo, b->repo)))
		return c;
	return strcmp(a->hex, b->hex);
}

/* Key order, then position in the list: the first occurrence of each key
 * sorts first within its group. */
static int cmp_ref_ptr(const void *pa, const void *pb)
{
	const struct gz_ref *a = *(const struct gz_ref *const *)pa;
	const struct gz_ref *b = *(const struct gz_ref *const *)pb;
	int c = cmp_key(a, b);

	if (c)
		return c;
	return (a > b) - (a < b);
}

/* Keeps the elements whose drop flag is 0, in order. */
static void compact(struct gz_ref_list *l, const unsigned char *drop)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++) {
		if (drop[i])
			ref_release(&l->v[i]);
		else
			l->v[n++] = l->v[i];
	}
	l->n = n;
}

/* Quadratic, allocation-free fallback for when memory is short. */
static void dedup_slow(struct gz_ref_list *l)
{
	size_t i, j, n = 0;

	for (i = 0; i < l->n; i++) {
		for (j = 0; j < n && cmp_key(&l->v[j], &l->v[i]); j++)
			;
		if (j < n)
			ref_release(&l->v[i]);
		else
			l->v[n++] = l->v[i];
	}
	l->n = n;
}

void gz_ref_list_dedup(struct gz_ref_list *l)
{
	struct gz_ref **by_key = NULL;
	unsigned char *drop = NULL;
	size_t i;

	if (!l || l->n < 2)
		return;
	by_key = malloc(l->n * sizeof(*by_key));
	drop = calloc(l->n, 1);
	if (!by_key || !drop) {
		dedup_slow(l);
		goto done;
	}
	for (i = 0; i < l->n; i++)
		by_key[i] = &l->v[i];
	qsort(by_key, l->n, sizeof(*by_key), cmp_ref_ptr);
	for (i = 1; i < l->n; i++)
		if (!cmp_key(by_key[i - 1], by_key[i]))
			drop[by_key[i] - l->v] = 1;
	compact(l, drop);
done:
	free(by_key);
	free(drop);
}

void gz_ref_list_release(struct gz_ref_list *l)
{
	if (!l)
		return;
	list_truncate(l, 0, 0, 0);
	free(l->v);
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
}
