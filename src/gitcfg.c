/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "gitcfg.h"
#include "fileio.h"
#include "gitrepo.h"
#include "gitview.h"
#include "helperval.h"
#include "err.h"
#include "esc.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONFIG_FILE_MAX (8 * 1024 * 1024) /* a config file we rewrite ourselves */

/* libgit2's error, converted here: its message (escaped), our code. */
static int git_fail(const char *what, const char *file)
{
	const git_error *ge = git_error_last();
	char e1[512], e2[512];

	gz_error_set("%s%s%s: %s", what, file ? " " : "", file ? gz_esc(e1, sizeof(e1), file) : "",
		     gz_esc(e2, sizeof(e2), ge && ge->message ? ge->message : "unknown libgit2 error"));
	return GZ_ERROR;
}

static int oom(void)
{
	gz_error_set("out of memory");
	return GZ_ERROR;
}

/* ---- where each level lives ------------------------------------------------------------- */

/* The first directory of libgit2's search path for a level. */
static int search_dir(char **out, int level)
{
	git_buf b = GIT_BUF_INIT;
	int rc = 0;

	*out = NULL;
	if (git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, &b) < 0)
		return git_fail("cannot find Git's configuration directory", NULL);
	if (!b.ptr || !*b.ptr) {
		gz_error_set("cannot find Git's configuration directory (set HOME)");
		rc = GZ_ERROR;
		goto done;
	}
	*out = strndup(b.ptr, strcspn(b.ptr, ":"));
	if (!*out)
		rc = oom();
done:
	git_buf_dispose(&b);
	return rc;
}

static int take_buf(char **out, const git_buf *b)
{
	*out = strdup(b->ptr);
	return *out ? 0 : oom();
}

static int join(char **out, const char *dir, const char *name)
{
	if (asprintf(out, "%s/%s", dir, name) < 0) {
		*out = NULL;
		return oom();
	}
	return 0;
}

/* The repository around the current directory (gz_gitrepo_open()). */
static int open_repo(git_repository **repo)
{
	int rc = gz_gitrepo_open(repo, NULL);

	if (rc == GZ_ENOTFOUND)
		gz_error_set("not inside a Git repository; run it in one, or use --global");
	return rc;
}

int gz_gitcfg_path(char **path, enum gz_gitcfg_level level)
{
	git_buf b = GIT_BUF_INIT;
	git_repository *repo = NULL;
	char *dir = NULL;
	int rc = 0;

	*path = NULL;
	switch (level) {
	case GZ_GITCFG_GLOBAL:
		/* git config --global: ~/.gitconfig unless only the XDG file exists */
		if (git_config_find_global(&b) == 0 || git_config_find_xdg(&b) == 0)
			rc = take_buf(path, &b);
		else if (!(rc = search_dir(&dir, GIT_CONFIG_LEVEL_GLOBAL)))
			rc = join(path, dir, ".gitconfig");
		break;
	case GZ_GITCFG_SYSTEM:
		if (git_config_find_system(&b) == 0)
			rc = take_buf(path, &b);
		else if (!(rc = search_dir(&dir, GIT_CONFIG_LEVEL_SYSTEM)))
			rc = join(path, dir, "gitconfig");
		break;
	case GZ_GITCFG_LOCAL:
		rc = open_repo(&repo);
		if (!rc && git_repository_item_path(&b, repo, GIT_REPOSITORY_ITEM_CONFIG) < 0)
			rc = git_fail("cannot find the repository's configuration", NULL);
		else if (!rc)
			rc = take_buf(path, &b);
		break;
	default:
		gz_error_set("unknown configuration level");
		rc = GZ_EINVALID;
	}
	git_buf_dispose(&b);
	free(dir);
	git_repository_free(repo);
	return rc;
}

/* ---- reading one file ------------------------------------------------------------------- */

/* The values of one variable in the file itself (not its includes), in order. */
struct vals {
	char **v; /* owned; a NULL element is a line without '=' */
	size_t n;
	int has_null;
};

static void vals_release(struct vals *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		free(x->v[i]);
	free(x->v);
	memset(x, 0, sizeof(*x));
}

static int read_vals(struct vals *out, git_config *cfg, const char *name, const char *file)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	size_t cap = 0;
	int rc = 0, err;

	memset(out, 0, sizeof(*out));
	err = git_config_multivar_iterator_new(&it, cfg, name, NULL);
	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return git_fail("cannot read", file);
	while ((err = git_config_next(&e, it)) == 0) {
		char *v = NULL;

		if (e->include_depth)
			continue;
		if (out->n == cap) {
			char **nv = realloc(out->v, (cap = cap ? cap * 2 : 8) * sizeof(*nv));

			if (!nv) {
				rc = oom();
				goto done;
			}
			out->v = nv;
		}
		if (e->value && !(v = strdup(e->value))) {
			rc = oom();
			goto done;
		}
		out->has_null |= !e->value;
		out->v[out->n++] = v;
	}
	if (err != GIT_ITEROVER)
		rc = git_fail("cannot read", file);
done:
	git_config_iterator_free(it);
	if (rc)
		vals_release(out);
	return rc;
}

static int is_true(const char *v)
{
	int b;

	return !v || (git_config_parse_bool(&b, v) == 0 && b);
}

/* "^(v1|v2|...)$" matching exactly the n values, regex metacharacters
 * escaped: the same in PCRE and POSIX ERE. */
static char *literal_regex(const char *const *v, size_t n)
{
	size_t len = 5, i, o = 0;
	const char *c;
	char *out;

	for (i = 0; i < n; i++)
		len += 2 * strlen(v[i]) + 1;
	out = malloc(len);
	if (!out)
		return NULL;
	out[o++] = '^';
	out[o++] = '(';
	for (i = 0; i < n; i++) {
		if (i)
			out[o++] = '|';
		for (c = v[i]; *c; c++) {
			if (strchr(".[]{}()\\*+?^$|", *c))
				out[o++] = '\\';
			out[o++] = *c;
		}
	}
	out[o++] = ')';
	out[o++] = '$';
	out[o] = '\0';
	return out;
}

/*
 * Deletes every value of name equal to one of v[0..n) (none: fine), in one
 * pass: libgit2 1.5 leaks PCRE2 match data for each value that a pattern
 * does not match, so one pattern for all of them keeps that to the values
 * we keep.
 */
static int delete_values(git_config *cfg, const char *name, const char *const *v, size_t n,
			 const char *file)
{
	char *re;
	int err;

	if (!n)
		return 0;
	re = literal_regex(v, n);
	if (!re)
		return oom();
	err = git_config_delete_multivar(cfg, name, re);
	free(re);
	if (err < 0 && err != GIT_ENOTFOUND)
		return git_fail("cannot write", file);
	return 0;
}

/* Appends name = v (the caller removed every value equal to v first). */
static int append_value(git_config *cfg, const char *name, const char *v, const char *file)
{
	char *re = literal_regex(&v, 1);
	int err;

	if (!re)
		return oom();
	err = git_config_set_multivar(cfg, name, re, v);
	free(re);
	return err < 0 ? git_fail("cannot write", file) : 0;
}

static int no_value(const char *name, const char *file)
{
	char e1[512], e2[512];

	gz_error_set("%s: %s has a line without a value (no '='), which Git refuses; "
		     "remove that line with an editor and run this again",
		     gz_esc(e1, sizeof(e1), file), gz_esc(e2, sizeof(e2), name));
	return GZ_EINVALID;
}

/* Removes our helper values (and the empty ones) from name; *changed when any. */
static int delete_ours(int *changed, git_config *cfg, const struct vals *h, const char *name,
		       const char *file)
{
	const char **del = NULL;
	size_t i, n = 0;
	int rc;

	if (!h->n)
		return 0;
	del = malloc(h->n * sizeof(*del));
	if (!del)
		return oom();
	for (i = 0; i < h->n; i++)
		if (!*h->v[i] || gz_helperval_is_ours(h->v[i]))
			del[n++] = h->v[i];
	rc = delete_values(cfg, name, del, n, file);
	if (!rc && n)
		*changed = 1;
	free(del);
	return rc;
}

/*
 * Are our lines for a URL where they work: in the file's order, our last
 * empty value, then our helper, and after that empty value no entry that
 * applies to the URL and undoes them (another helper, which would receive
 * the PATs, or an empty value, which would clear gitzen) from another
 * section or an included file? configure_url() orders the URL's own section.
 */
static int placed_last(int *good, git_config *cfg, unsigned i, const char *name, const char *file)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	int reset = 0, helper = 0, after = 0, err, rc = 0;

	*good = 0;
	/* no glob: libgit2 1.5 leaks PCRE2 match data on every name that does not match */
	err = git_config_iterator_new(&it, cfg);
	if (err < 0)
		return git_fail("cannot read", file);
	while ((err = git_config_next(&e, it)) == 0) {
		int own = !e->include_depth && !strcmp(e->name, name);

		if (own && e->value && !*e->value) {
			reset = 1;
			helper = after = 0;
		} else if (own && gz_helperval_is_ours(e->value)) {
			helper = reset;
		} else if (!own && e->value && !gz_helperval_is_ours(e->value) &&
			   gz_gitview_applies(e->name, "helper", i)) {
			after = 1;
		}
	}
	if (err != GIT_ITEROVER)
		rc = git_fail("cannot read", file);
	git_config_iterator_free(it);
	*good = reset && helper && !after;
	return rc;
}

/* ---- the file itself: mode, and section headers left empty ------------------------------ */

static int read_file(char **out, size_t *outlen, const char *path)
{
	char e[512];
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	*out = NULL;
	*outlen = 0;
	rc = fd < 0 ? GZ_ERROR : gz_fileio_read_fd(out, outlen, fd, CONFIG_FILE_MAX);
	if (rc == GZ_EINVALID)
		gz_error_set("%s is too large to edit", gz_esc(e, sizeof(e), path));
	else if (rc)
		gz_error_set("cannot read %s: %s", gz_esc(e, sizeof(e), path), strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc ? GZ_ERROR : 0;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* line[0..len) is exactly `[credential "<url>"]` (any case of "credential", blanks around) */
static int is_header(const char *line, size_t len, const char *url)
{
	size_t i = 0, n = strlen(url);

	while (i < len && blank(line[i]))
		i++;
	if (len - i < 12 || line[i] != '[' || strncasecmp(line + i + 1, "credential", 10))
		return 0;
	i += 11;
	if (i == len || !blank(line[i]))
		return 0;
	while (i < len && blank(line[i]))
		i++;
	if (len - i < n + 3 || line[i] != '"' || memcmp(line + i + 1, url, n) ||
	    line[i + 1 + n] != '"' || line[i + 2 + n] != ']')
		return 0;
	i += n + 3;
	while (i < len && blank(line[i]))
		i++;
	return i == len;
}

/* Does the line after `end` (skipping blank lines) start a section, or is it the end? */
static int section_empty_after(const char *buf, size_t len, size_t end)
{
	size_t i = end;

	while (i < len) {
		while (i < len && blank(buf[i]))
			i++;
		if (i == len)
			return 1;
		if (buf[i] == '\n') {
			i++;
			continue;
		}
		return buf[i] == '[';
	}
	return 1;
}

/*
 * libgit2 has no call to remove a section, and leaves the header of one it
 * emptied. Removes the header lines of our sections (those in `which`, a
 * bit per URL) that nothing but blank lines follows before the next section
 * or the end. Git's "<file>.lock" is held (O_EXCL, as Git takes it) while
 * gz_fileio_replace() writes the new text with the file's mode: temporary
 * file, fsync, rename, fsync of the directory; no descriptor is left open
 * on any path.
 */
static int drop_empty_headers(const char *file, unsigned which)
{
	char *path = NULL, *buf = NULL, *lock = NULL, *out = NULL;
	size_t len = 0, i, o = 0, start;
	enum gz_fileio_step step = GZ_FILEIO_OK;
	char e[512];
	struct stat st;
	int fd = -1, rc = 0, dropped = 0, cont = 0;

	path = realpath(file, NULL); /* write where a symbolic link points, as Git does */
	if (!path) {
		if (errno == ENOENT)
			return 0;
		gz_error_set("cannot resolve %s: %s", gz_esc(e, sizeof(e), file), strerror(errno));
		return GZ_ERROR;
	}
	if (asprintf(&lock, "%s.lock", path) < 0) {
		lock = NULL;
		rc = oom();
		goto done;
	}
	fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		int err = errno;

		gz_error_set("cannot lock %s: %s%s", gz_esc(e, sizeof(e), path), strerror(err),
			     err == EEXIST ? " (another Git is writing it; if not, remove the .lock file)" : "");
		free(lock);
		lock = NULL; /* not ours to remove */
		rc = GZ_ERROR;
		goto done;
	}
	rc = read_file(&buf, &len, path);
	if (rc)
		goto done;
	out = malloc(len + 1);
	if (!out) {
		rc = oom();
		goto done;
	}
	for (start = 0; start < len; start = i + 1) {
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - buf) : len, t = end;
		unsigned u;
		int drop = 0;

		i = end;
		for (u = 0; !cont && u < GZ_GITCFG_NURLS; u++)
			if ((which & (1u << u)) && is_header(buf + start, end - start, gz_gitview_url(u)) &&
			    section_empty_after(buf, len, nl ? end + 1 : len))
				drop = 1;
		while (t > start && blank(buf[t - 1]))
			t--;
		cont = t > start && buf[t - 1] == '\\'; /* the next line continues a value */
		if (drop) {
			dropped = 1;
			continue;
		}
		memcpy(out + o, buf + start, (nl ? end + 1 : end) - start);
		o += (nl ? end + 1 : end) - start;
	}
	if (!dropped)
		goto done;
	if (stat(path, &st) < 0) {
		gz_error_set("cannot read %s: %s", gz_esc(e, sizeof(e), path), strerror(errno));
		rc = GZ_ERROR;
		goto done;
	}
	/* under Git's lock, the one atomic replace: temporary file, fsync,
	 * rename, fsync of the directory */
	if (gz_fileio_replace(path, out, o, st.st_mode & 07777, &step) < 0) {
		gz_error_set("cannot %s %s: %s",
			     step == GZ_FILEIO_SYNCDIR ? "make sure of the new" :
			     step == GZ_FILEIO_RENAME ? "replace" : "write the new",
			     gz_esc(e, sizeof(e), path), strerror(errno));
		rc = GZ_ERROR;
	}
done:
	if (fd >= 0)
		close(fd);
	if (lock)
		unlink(lock);
	free(lock);
	free(out);
	free(buf);
	free(path);
	return rc;
}

/* Before writing: does the file exist, with which mode. */
struct filemode {
	int existed;
	mode_t mode;
};

static void mode_before(struct filemode *m, const char *file)
{
	struct stat st;

	m->existed = stat(file, &st) == 0;
	m->mode = m->existed ? st.st_mode & 07777 : 0;
}

/* libgit2 writes a new file with 0666 & ~umask; Git keeps an existing file's
 * mode, and a system file must stay readable by everyone. */
static int mode_after(const struct filemode *m, const char *file, enum gz_gitcfg_level level)
{
	char e[512];
	struct stat st;
	mode_t want;

	if (stat(file, &st) < 0)
		return 0;
	want = m->existed ? m->mode : level == GZ_GITCFG_SYSTEM ? 0644 : st.st_mode & 07777;
	if ((st.st_mode & 07777) != want && chmod(file, want) < 0) {
		gz_error_set("cannot restore the mode of %s: %s", gz_esc(e, sizeof(e), file),
			     strerror(errno));
		return GZ_ERROR;
	}
	return 0;
}

/* ---- configure / unconfigure ------------------------------------------------------------ */

void gz_gitcfg_result_release(struct gz_gitcfg_result *r)
{
	if (!r)
		return;
	free(r->file);
	memset(r, 0, sizeof(*r));
}

static int names(char **helper, char **httppath, unsigned i)
{
	*helper = *httppath = NULL;
	if (asprintf(helper, "credential.%s.helper", gz_gitview_url(i)) < 0 ||
	    asprintf(httppath, "credential.%s.useHttpPath", gz_gitview_url(i)) < 0) {
		free(*helper);
		*helper = NULL;
		return oom();
	}
	return 0;
}

static int open_file(git_config **cfg, const char *file)
{
	*cfg = NULL;
	return git_config_open_ondisk(cfg, file) < 0 ? git_fail("cannot open", file) : 0;
}

/* Removes our lines of URL i: our helper values, the empty ones, every useHttpPath. */
static int take_out(git_config *cfg, const char *file, const struct vals *h, const struct vals *p,
		    const char *nh, const char *np)
{
	int rc, dummy = 0;

	rc = delete_ours(&dummy, cfg, h, nh, file);
	/* libgit2 cannot match a pattern against a line without a value */
	if (!rc && p->n && (p->has_null ? git_config_delete_entry(cfg, np) :
					  git_config_delete_multivar(cfg, np, ".*")) < 0)
		rc = git_fail("cannot write", file);
	return rc;
}

/*
 * URL i: when its section is not already [its other helpers, "", helper]
 * with one true useHttpPath, placed last, our lines are taken out and
 * written again. libgit2 appends a multivar value at the end of the file
 * (into the last section when that is the same one), so they end up after
 * everything else, in the canonical order. *rewritten gets bit i.
 */
static int configure_url(git_config *cfg, struct gz_gitcfg_result *r, unsigned i, const char *helper,
			 unsigned *rewritten)
{
	char *nh = NULL, *np = NULL;
	struct vals h, p;
	size_t k, nf = 0;
	int rc, same_h, same_p, good = 0;

	memset(&h, 0, sizeof(h));
	memset(&p, 0, sizeof(p));
	rc = names(&nh, &np, i);
	if (!rc)
		rc = read_vals(&h, cfg, nh, r->file);
	if (!rc)
		rc = read_vals(&p, cfg, np, r->file);
	if (!rc && (h.has_null || (p.has_null && p.n > 1)))
		rc = no_value(h.has_null ? nh : np, r->file);
	if (!rc)
		rc = placed_last(&good, cfg, i, nh, r->file);
	if (rc)
		goto done;
	for (k = 0; k < h.n; k++)
		if (*h.v[k] && !gz_helperval_is_ours(h.v[k]))
			nf++;
	r->others[i] = nf;
	same_h = h.n == nf + 2 && !*h.v[nf] && !strcmp(h.v[nf + 1], helper);
	for (k = 0; same_h && k < nf; k++)
		same_h = *h.v[k] && !gz_helperval_is_ours(h.v[k]);
	same_p = p.n == 1 && is_true(p.v[0]);
	if (same_h && same_p && good)
		goto done;
	rc = take_out(cfg, r->file, &h, &p, nh, np);
	if (!rc)
		rc = append_value(cfg, nh, "", r->file);
	if (!rc)
		rc = append_value(cfg, nh, helper, r->file);
	if (!rc)
		rc = append_value(cfg, np, "true", r->file);
	if (rc)
		goto done;
	*rewritten |= 1u << i;
	r->changed[i] |= (same_h ? 0 : GZ_GITCFG_HELPER) | (same_p ? 0 : GZ_GITCFG_HTTPPATH) |
			 (same_h && same_p ? GZ_GITCFG_MOVED : 0);
done:
	vals_release(&h);
	vals_release(&p);
	free(nh);
	free(np);
	return rc;
}

int gz_gitcfg_configure(struct gz_gitcfg_result *r, enum gz_gitcfg_level level, const char *helper)
{
	git_config *cfg = NULL;
	struct filemode m;
	char e1[512], e2[512];
	unsigned i, rewritten = 0;
	int rc, good = 1;

	memset(r, 0, sizeof(*r));
	if (!gz_helperval_is_ours(helper)) {
		gz_error_set("not a git-credential-gitzen helper value");
		return GZ_EINVALID;
	}
	rc = gz_gitcfg_path(&r->file, level);
	if (rc)
		return rc;
	mode_before(&m, r->file);
	rc = open_file(&cfg, r->file);
	for (i = 0; !rc && i < GZ_GITCFG_NURLS; i++)
		rc = configure_url(cfg, r, i, helper, &rewritten);
	git_config_free(cfg);
	cfg = NULL;
	if (!rc && rewritten)
		rc = drop_empty_headers(r->file, rewritten);
	if (!rc && rewritten) {
		int mrc = mode_after(&m, r->file, level);

		rc = mrc ? mrc : open_file(&cfg, r->file);
	}
	/* a later entry we cannot get past (say, from an include at the end) */
	for (i = 0; !rc && rewritten && i < GZ_GITCFG_NURLS; i++) {
		char *nh = NULL, *np = NULL;
		rc = names(&nh, &np, i);
		if (!rc)
			rc = placed_last(&good, cfg, i, nh, r->file);
		if (!rc && !good) {
			gz_error_set("%s: a credential helper after gitzen's lines also applies to %s "
				     "and would receive its PATs; remove it or move it before them",
				     gz_esc(e1, sizeof(e1), r->file), gz_esc(e2, sizeof(e2), gz_gitview_url(i)));
			rc = GZ_ERROR;
		}
		free(nh);
		free(np);
	}
	git_config_free(cfg);
	return rc;
}

static int unconfigure_url(git_config *cfg, struct gz_gitcfg_result *r, unsigned i)
{
	char *nh = NULL, *np = NULL;
	struct vals h, p;
	size_t k, nf = 0;
	int rc, ours = 0, changed = 0;

	memset(&h, 0, sizeof(h));
	memset(&p, 0, sizeof(p));
	rc = names(&nh, &np, i);
	if (!rc)
		rc = read_vals(&h, cfg, nh, r->file);
	if (!rc)
		rc = read_vals(&p, cfg, np, r->file);
	if (!rc && h.has_null)
		rc = no_value(nh, r->file);
	if (rc)
		goto done;
	for (k = 0; k < h.n; k++) {
		ours |= gz_helperval_is_ours(h.v[k]);
		nf += *h.v[k] && !gz_helperval_is_ours(h.v[k]);
	}
	r->others[i] = nf;
	/* useHttpPath first: should we be interrupted, the helper lines that
	 * remain still mark the section as ours for the next run */
	if (ours && p.has_null && p.n > 1) {
		rc = no_value(np, r->file);
		goto done;
	}
	if (ours && p.has_null) { /* a bare "useHttpPath", alone: true */
		if (git_config_delete_entry(cfg, np) < 0) {
			rc = git_fail("cannot write", r->file);
			goto done;
		}
		r->changed[i] |= GZ_GITCFG_HTTPPATH;
	} else if (ours) {
		const char **del = p.n ? malloc(p.n * sizeof(*del)) : NULL;
		size_t nd = 0;

		if (p.n && !del) {
			rc = oom();
			goto done;
		}
		for (k = 0; k < p.n; k++)
			if (is_true(p.v[k]))
				del[nd++] = p.v[k];
		rc = delete_values(cfg, np, del, nd, r->file);
		free(del);
		if (rc)
			goto done;
		if (nd)
			r->changed[i] |= GZ_GITCFG_HTTPPATH;
	}
	rc = delete_ours(&changed, cfg, &h, nh, r->file);
	if (!rc && changed)
		r->changed[i] |= GZ_GITCFG_HELPER;
done:
	vals_release(&h);
	vals_release(&p);
	free(nh);
	free(np);
	return rc;
}

int gz_gitcfg_unconfigure(struct gz_gitcfg_result *r, enum gz_gitcfg_level level)
{
	git_config *cfg = NULL;
	struct filemode m;
	unsigned i, which = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = gz_gitcfg_path(&r->file, level);
	if (rc)
		return rc;
	mode_before(&m, r->file);
	if (!m.existed)
		return 0;
	rc = open_file(&cfg, r->file);
	for (i = 0; !rc && i < GZ_GITCFG_NURLS; i++)
		rc = unconfigure_url(cfg, r, i);
	git_config_free(cfg);
	for (i = 0; i < GZ_GITCFG_NURLS; i++)
		if (r->changed[i])
			which |= 1u << i;
	if (which) {
		int drc = drop_empty_headers(r->file, which);
		int mrc = mode_after(&m, r->file, level);

		rc = rc ? rc : drc ? drc : mrc;
	}
	return rc;
}

