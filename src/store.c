/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "store.h"
#include "err.h"
#include "esc.h"
#include "fileio.h"
#include "keyring.h"
#include "scope.h"
#include "secret.h"
#include "when.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int gz_store_init(struct gz_store *s)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;

	s->dir = NULL;
	if (xdg && xdg[0] == '/') {
		n = asprintf(&s->dir, "%s/gitzen", xdg);
	} else {
		if (!home || home[0] != '/') {
			struct passwd *pw = getpwuid(geteuid());

			home = pw ? pw->pw_dir : NULL;
		}
		if (!home || home[0] != '/') {
			gz_error_set("cannot find the home directory (set HOME)");
			return GZ_ERROR;
		}
		n = asprintf(&s->dir, "%s/.config/gitzen", home);
	}
	if (n < 0) {
		s->dir = NULL;
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	return 0;
}

void gz_store_release(struct gz_store *s)
{
	if (!s)
		return;
	free(s->dir);
	s->dir = NULL;
}

static char *entry_path(const struct gz_store *s, const char *org, const char *suffix)
{
	char *p;

	if (asprintf(&p, "%s/%s%s", s->dir, org, suffix) < 0) {
		gz_error_set("out of memory");
		return NULL;
	}
	return p;
}

/* The common safety rule for the directory and its files. */
static int check_stat(const struct stat *st, const char *path, int want_dir)
{
	char e[512];

	if (want_dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode)) {
		gz_error_set("%s is not a %s; move it aside", gz_esc(e, sizeof(e), path),
			     want_dir ? "directory" : "regular file");
		return GZ_EUNSAFE;
	}
	if (st->st_uid != geteuid()) {
		gz_error_set("%s is owned by uid %u, not by you; gitzen will not use it: move it aside, or run: chown %u %s",
			     gz_esc(e, sizeof(e), path), (unsigned)st->st_uid, (unsigned)geteuid(), e);
		return GZ_EUNSAFE;
	}
	if (st->st_mode & 077) {
		gz_error_set("%s is accessible by group or others (mode %04o); run: chmod %s %s",
			     gz_esc(e, sizeof(e), path), (unsigned)(st->st_mode & 07777),
			     want_dir ? "700" : "600", e);
		return GZ_EUNSAFE;
	}
	return 0;
}

/* Opens the state directory and checks the directory it opened (not the
 * path, which could be swapped between a check and a use): every later
 * access goes through *dfd with openat() and friends. */
static int open_dir(int *dfd, const struct gz_store *s)
{
	struct stat st;
	char e[512];
	int rc;

	*dfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*dfd < 0) {
		if (errno == ENOENT)
			return GZ_ENOTFOUND;
		if (errno == ELOOP || errno == ENOTDIR) {
			gz_error_set("%s is %s; gitzen does not follow it: replace it with a directory",
				     gz_esc(e, sizeof(e), s->dir),
				     errno == ELOOP ? "a symbolic link" : "not a directory");
			return GZ_EUNSAFE;
		}
		gz_error_set("cannot read %s: %s", gz_esc(e, sizeof(e), s->dir), strerror(errno));
		return GZ_ERROR;
	}
	rc = fstat(*dfd, &st) < 0 ? GZ_ERROR : check_stat(&st, s->dir, 1);
	if (rc) {
		if (rc == GZ_ERROR)
			gz_error_set("cannot stat %s: %s", gz_esc(e, sizeof(e), s->dir), strerror(errno));
		close(*dfd);
		*dfd = -1;
	}
	return rc;
}

int gz_store_check(struct gz_store *s)
{
	int dfd, rc = open_dir(&dfd, s);

	if (!rc)
		close(dfd);
	return rc;
}

int gz_store_load(struct gz_entry *e, struct gz_store *s, const char *org)
{
	char *path = NULL, *buf = NULL;
	size_t len = 0;
	struct stat st;
	char esc[512], name[GZ_ORG_BUF + 8];
	int fd = -1, dfd = -1, rc;

	gz_entry_init(e, org);
	rc = open_dir(&dfd, s);
	if (rc)
		goto done;
	path = entry_path(s, org, ".json");
	if (!path) {
		rc = GZ_ERROR;
		goto done;
	}
	snprintf(name, sizeof(name), "%s.json", org);
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT) {
			rc = GZ_ENOTFOUND;
		} else if (errno == ELOOP) {
			gz_error_set("%s is a symbolic link; gitzen does not follow it: replace it with the file itself",
				     gz_esc(esc, sizeof(esc), path));
			rc = GZ_EUNSAFE;
		} else {
			gz_error_set("cannot open %s: %s", gz_esc(esc, sizeof(esc), path),
				     strerror(errno));
			rc = GZ_ERROR;
		}
		goto done;
	}
	if (fstat(fd, &st) < 0) {
		gz_error_set("cannot stat %s: %s", gz_esc(esc, sizeof(esc), path), strerror(errno));
		rc = GZ_ERROR;
		goto done;
	}
	rc = check_stat(&st, path, 0);
	if (rc)
		goto done;
	rc = gz_fileio_read_fd(&buf, &len, fd, GZ_ENTRY_TEXT_MAX);
	if (rc == GZ_EINVALID)
		gz_error_set("%s is too large to be a gitzen entry; move it aside and add the PAT again",
			     gz_esc(esc, sizeof(esc), path));
	else if (rc)
		gz_error_set("cannot read %s: %s", gz_esc(esc, sizeof(esc), path), strerror(errno));
	if (rc)
		goto done;
	rc = gz_entry_parse(e, buf, len, org);
	if (rc == GZ_ENEWER)
		gz_error_set("%s was written by a newer gitzen (unsupported format version); upgrade gitzen",
			     gz_esc(esc, sizeof(esc), path));
	else if (rc == GZ_EINVALID) {
		char why[256];

		snprintf(why, sizeof(why), "%s", gz_error_last());
		gz_error_set("%s is damaged (%s); move it aside and run: git gitzen add %s",
			     gz_esc(esc, sizeof(esc), path), why, org);
	}
done:
	if (buf) {
		gz_secret_wipe(buf, len);
		free(buf);
	}
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	free(path);
	if (rc) {
		gz_entry_release(e);
		gz_entry_init(e, org);
	}
	return rc;
}

/* mkdir -p for the parents, mkdir 0700 for the last component */
static int make_dirs(const char *dir)
{
	char *p = strdup(dir), *q;
	char e[512];
	int rc = 0;

	if (!p) {
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	for (q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			gz_error_set("cannot create %s: %s", gz_esc(e, sizeof(e), p), strerror(errno));
			rc = GZ_ERROR;
			goto done;
		}
		*q = '/';
	}
	if (mkdir(p, 0700) < 0 && errno != EEXIST) {
		gz_error_set("cannot create %s: %s", gz_esc(e, sizeof(e), p), strerror(errno));
		rc = GZ_ERROR;
	}
done:
	free(p);
	return rc;
}

/* Temporary files of a writer that was killed between creating and
 * renaming one. Only the lock holder writes org's temporary files, so under
 * the lock any that exist are stale; they hold a PAT, so they go. */
static void remove_stale_temps(int dfd, const char *org)
{
	char target[GZ_ORG_BUF + 8];
	struct dirent *de;
	int fd = dup(dfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	snprintf(target, sizeof(target), "%s.json", org);
	while ((de = readdir(d)))
		if (gz_fileio_is_temp_of(de->d_name, target))
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
}

int gz_store_lock(int *fd, struct gz_store *s, const char *org)
{
	char *path = NULL;
	char e[512], name[GZ_ORG_BUF + 8];
	int rc, dfd = -1;

	*fd = -1;
	rc = open_dir(&dfd, s);
	if (rc == GZ_ENOTFOUND) {
		rc = make_dirs(s->dir);
		if (!rc)
			rc = open_dir(&dfd, s);
	}
	if (rc)
		return rc;
	path = entry_path(s, org, ".lock");
	if (!path) {
		close(dfd);
		return GZ_ERROR;
	}
	snprintf(name, sizeof(name), "%s.lock", org);
	*fd = openat(dfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	close(dfd);
	if (*fd < 0) {
		gz_error_set("cannot open %s: %s", gz_esc(e, sizeof(e), path), strerror(errno));
		rc = GZ_ERROR;
		goto done;
	}
	while (flock(*fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		gz_error_set("cannot lock %s: %s", gz_esc(e, sizeof(e), path), strerror(errno));
		close(*fd);
		*fd = -1;
		rc = GZ_ERROR;
		goto done;
	}
done:
	free(path);
	return rc;
}

void gz_store_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* closing releases the flock */
}

int gz_store_save(struct gz_store *s, const struct gz_entry *e)
{
	char *path = NULL, *text = NULL;
	char name[GZ_ORG_BUF + 8], esc[512];
	enum gz_fileio_step step;
	int dfd = -1, rc;
	size_t len = 0;

	text = malloc(GZ_ENTRY_TEXT_MAX);
	path = entry_path(s, e->org, ".json");
	if (!text || !path) {
		gz_error_set("out of memory");
		rc = GZ_ERROR;
		goto done;
	}
	rc = gz_entry_print(text, &len, e);
	if (rc)
		goto done;
	rc = open_dir(&dfd, s);
	if (rc)
		goto done;
	remove_stale_temps(dfd, e->org);
	snprintf(name, sizeof(name), "%s.json", e->org);
	rc = gz_fileio_replace_at(dfd, name, text, len, 0600, &step);
	if (rc) {
		gz_esc(esc, sizeof(esc), step == GZ_FILEIO_CREATE || step == GZ_FILEIO_SYNCDIR ? s->dir : path);
		if (step == GZ_FILEIO_CREATE)
			gz_error_set("cannot create a file in %s: %s", esc, strerror(errno));
		else if (step == GZ_FILEIO_WRITE)
			gz_error_set("cannot write a new %s: %s", esc, strerror(errno));
		else if (step == GZ_FILEIO_RENAME)
			gz_error_set("cannot replace %s: %s", esc, strerror(errno));
		else
			gz_error_set("the new entry is in %s but may not survive a crash (cannot sync the directory: %s)",
				     esc, strerror(errno));
	}
done:
	if (dfd >= 0)
		close(dfd);
	if (text) {
		gz_secret_wipe(text, GZ_ENTRY_TEXT_MAX);
		free(text);
	}
	free(path);
	return rc;
}

int gz_store_remove(struct gz_store *s, const char *org)
{
	char *path = entry_path(s, org, ".json");
	char esc[512], name[GZ_ORG_BUF + 8];
	int rc, dfd = -1;

	if (!path)
		return GZ_ERROR;
	rc = open_dir(&dfd, s);
	if (rc)
		goto done;
	remove_stale_temps(dfd, org);
	snprintf(name, sizeof(name), "%s.json", org);
	if (unlinkat(dfd, name, 0) < 0) {
		if (errno == ENOENT) {
			rc = GZ_ENOTFOUND;
		} else {
			gz_error_set("cannot remove %s: %s", gz_esc(esc, sizeof(esc), path),
				     strerror(errno));
			rc = GZ_ERROR;
		}
	} else if (fsync(dfd) < 0) {
		gz_error_set("cannot sync %s: %s", gz_esc(esc, sizeof(esc), s->dir), strerror(errno));
		rc = GZ_ERROR;
	}
done:
	if (dfd >= 0)
		close(dfd);
	free(path);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int gz_store_list(char ***orgs, size_t *n, struct gz_store *s)
{
	DIR *d;
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0, k = 0;
	char esc[512];
	int rc, dfd;

	*orgs = NULL;
	*n = 0;
	rc = open_dir(&dfd, s);
	if (rc == GZ_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		gz_error_set("cannot read %s: %s", gz_esc(esc, sizeof(esc), s->dir), strerror(errno));
		return GZ_ERROR;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len <= 5 || strcmp(de->d_name + len - 5, ".json") ||
		    !gz_org_valid(de->d_name, len - 5))
			continue;
		if (k == cap) {
			char **nv = realloc(v, (cap = cap ? cap * 2 : 16) * sizeof(*v));

			if (!nv)
				goto oom;
			v = nv;
		}
		v[k] = strndup(de->d_name, len - 5);
		if (!v[k])
			goto oom;
		k++;
	}
	closedir(d);
	if (k)
		qsort(v, k, sizeof(*v), cmp_str);
	*orgs = v;
	*n = k;
	return 0;
oom:
	closedir(d);
	gz_store_list_free(v, k);
	gz_error_set("out of memory");
	return GZ_ERROR;
}

void gz_store_list_free(char **orgs, size_t n)
{
	size_t i;

	for (i = 0; orgs && i < n; i++)
		free(orgs[i]);
	free(orgs);
}

/* ---- the PAT's home ------------------------------------------------------ */

int gz_store_pat_get(struct gz_store *s, struct gz_entry *e)
{
	int rc;

	(void)s;
	if (e->pat)
		return 0;
	switch (e->where) {
	case GZ_PAT_FILE:
		gz_error_set("the entry for %s holds no PAT; run: git gitzen add %s", e->org, e->org);
		return GZ_EINVALID;
	case GZ_PAT_SECRETSERVICE:
		rc = gz_keyring_get(&e->pat, e->org, GZ_KEYRING_TIMEOUT_MS);
		if (rc == GZ_ENOTFOUND)
			gz_error_set("the PAT for %s is not in the keyring any more (its entry says it is there); run: git gitzen add %s",
				     e->org, e->org);
		return rc;
	}
	return GZ_ERROR;
}

/* Puts e->pat in the home `where` and records it in e->where; the caller
 * saves the entry afterwards (under the lock). Nothing is taken out of
 * the old home: gz_store_put deletes a keyring item the PAT moved out of
 * once the saved entry no longer points at it. */
static int gz_store_pat_put(struct gz_store *s, struct gz_entry *e, enum gz_pat_where where)
{
	int rc = 0;

	(void)s;
	if (!gz_secret_is_pat(e->pat)) {
		gz_error_set("refusing to store something that is not a PAT");
		return GZ_EINVALID;
	}
	switch (where) {
	case GZ_PAT_FILE:
		break; /* gz_store_save writes it */
	case GZ_PAT_SECRETSERVICE:
		rc = gz_keyring_put(e->org, e->pat, GZ_KEYRING_TIMEOUT_MS);
		break;
	}
	if (rc)
		return rc;
	e->where = where;
	return 0;
}

int gz_store_pat_clear(struct gz_store *s, const struct gz_entry *e)
{
	(void)s;
	switch (e->where) {
	case GZ_PAT_FILE:
		return 0; /* gz_store_remove removes it with the entry */
	case GZ_PAT_SECRETSERVICE:
		return gz_keyring_delete(e->org, GZ_KEYRING_TIMEOUT_MS);
	}
	return GZ_ERROR;
}

/* ---- read-modify-write ------------------------------------------------------ */

int gz_store_put(struct gz_store *s, const char *org, char *pat, struct gz_store_put *p)
{
	struct gz_entry e;
	int64_t now = gz_when_now();
	enum gz_pat_where was = GZ_PAT_FILE;
	int lock = -1, rc;

	p->took = GZ_ENTRY_TOOK_UNCHANGED;
	p->prev_added = p->prev_expires = 0;
	p->left_copy = 0;
	/* Git calls store after every successful request: when nothing would
	 * change, answer from a plain read, without the lock or a write */
	if (!p->apply && gz_store_load(&e, s, org) == 0) {
		int got = gz_store_pat_get(s, &e);
		int same = got == 0 &&
			   gz_entry_would_take(&e, pat, p->expires, now) == GZ_ENTRY_TOOK_UNCHANGED;

		gz_entry_release(&e);
		if (same || got == GZ_EUNAVAIL || got == GZ_ELOCKED) {
			/* unavailable: asking again under the lock would only wait twice */
			gz_secret_free(pat);
			return same ? 0 : got;
		}
	}
	rc = gz_store_lock(&lock, s, org);
	if (rc) {
		gz_secret_free(pat);
		return rc;
	}
	rc = gz_store_load(&e, s, org);
	if (rc == GZ_ENOTFOUND)
		rc = 0;
	else if (!rc && (rc = gz_store_pat_get(s, &e)) == GZ_ENOTFOUND)
		rc = 0; /* the keyring lost its item: this PAT repairs the entry */
	was = e.where;
	if (rc) {
		/* a damaged, unsafe or newer entry is the user's to repair, not ours to overwrite */
		gz_secret_free(pat);
		goto done;
	}
	p->prev_expires = e.expires;
	p->took = gz_entry_take(&e, pat, p->expires, now);
	if (p->took == GZ_ENTRY_TOOK_ROTATED && e.nhist)
		p->prev_added = e.hist[e.nhist - 1].added;
	if (p->took == GZ_ENTRY_TOOK_NEW || p->took == GZ_ENTRY_TOOK_ROTATED) {
		enum gz_pat_where where = p->where;
		int fallback = 0;

		rc = p->choose_where ? p->choose_where(&where, &fallback, p->where_ctx) : 0;
		if (!rc)
			rc = gz_store_pat_put(s, &e, where);
		/* auto: a keyring that cannot take it now leaves the PAT to the file */
		if ((rc == GZ_EUNAVAIL || rc == GZ_ELOCKED) && fallback && where != GZ_PAT_FILE)
			rc = gz_store_pat_put(s, &e, GZ_PAT_FILE);
		/* out of memory here loses only the name, never the PAT */
		if (!rc && p->user)
			gz_entry_set_user(&e, p->user);
	}
	if (!rc && p->apply)
		rc = p->apply(&e, p->ctx);
	if (!rc && (p->took != GZ_ENTRY_TOOK_UNCHANGED || p->apply))
		rc = gz_store_save(s, &e);
	/* moved out of the keyring: the old item goes once the entry no longer
	 * points at it (a failure leaves a stale copy there, never a loss) */
	if (!rc && was == GZ_PAT_SECRETSERVICE && e.where != GZ_PAT_SECRETSERVICE) {
		int d = gz_keyring_delete(org, GZ_KEYRING_TIMEOUT_MS);

		p->left_copy = d != 0 && d != GZ_ENOTFOUND;
	}
done:
	gz_entry_release(&e);
	gz_store_unlock(lock);
	return rc;
}

int gz_store_update(struct gz_store *s, const char *org, const char *pat,
		    int (*fn)(struct gz_entry *e, void *ctx), void *ctx, int *done)
{
	struct gz_entry e;
	int lock = -1, rc;

	if (done)
		*done = 0;
	rc = gz_store_lock(&lock, s, org);
	if (rc)
		return rc;
	rc = gz_store_load(&e, s, org);
	if (!rc)
		rc = gz_store_pat_get(s, &e);
	if (!rc && gz_secret_equal(e.pat, pat)) {
		rc = fn(&e, ctx);
		if (done)
			*done = 1;
		rc = rc > 0 ? gz_store_save(s, &e) : rc;
	}
	gz_entry_release(&e);
	gz_store_unlock(lock);
	return rc;
}
