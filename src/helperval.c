/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "helperval.h"
#include "err.h"
#include "esc.h"
#include "spawn.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int oom(void)
{
	gz_error_set("out of memory");
	return GZ_ERROR;
}

static int ends_with(const char *s, size_t len, const char *tail)
{
	size_t n = strlen(tail);

	return len >= n && !memcmp(s + len - n, tail, n);
}

static int shell_safe(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("/._-+,:@%=", *s))
			return 0;
	return 1;
}

/* "!'<path>'" where each ' of the path is written '\'' (as shell_quoted()
 * writes it): one word for the shell, and nothing after it. */
static int quoted_path(const char *v)
{
	size_t len = strlen(v);

	if (strncmp(v, "!'/", 3) || !ends_with(v, len, "/" GZ_HELPERVAL_PROG "'"))
		return 0;
	for (v += 2; *v; v++) {
		if (*v != '\'')
			continue;
		if (!v[1])
			return 1;
		if (strncmp(v, "'\\''", 4))
			return 0;
		v += 3;
	}
	return 0;
}

int gz_helperval_is_ours(const char *value)
{
	if (!value)
		return 0;
	if (!strcmp(value, "gitzen"))
		return 1;
	if (value[0] == '/')
		return shell_safe(value) && ends_with(value, strlen(value), "/" GZ_HELPERVAL_PROG);
	return quoted_path(value);
}

static int executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* dir[0..len)/git-credential-gitzen when executable (malloc'd), else NULL */
static char *helper_in(const char *dir, size_t len)
{
	char *p = NULL;

	if (!len || dir[0] != '/')
		return NULL; /* relative PATH entries depend on the current directory */
	if (asprintf(&p, "%.*s/%s", (int)len, dir, GZ_HELPERVAL_PROG) < 0)
		return NULL;
	if (executable(p))
		return p;
	free(p);
	return NULL;
}

int gz_helperval_find(char **path, const char *exec_path)
{
	const char *env = getenv("PATH"), *s;

	*path = NULL;
	for (s = env; s && *s && !*path;) {
		size_t n = strcspn(s, ":");

		*path = helper_in(s, n);
		s += n;
		if (*s == ':')
			s++;
	}
	if (!*path && exec_path)
		*path = helper_in(exec_path, strlen(exec_path));
	if (!*path) {
		gz_error_set("%s is not on PATH", GZ_HELPERVAL_PROG);
		return GZ_ENOTFOUND;
	}
	return 0;
}

/* "!'<path>'" with each ' written as '\'' */
static char *shell_quoted(const char *path)
{
	size_t n = 4, i = 0;
	const char *s;
	char *out;

	for (s = path; *s; s++)
		n += *s == '\'' ? 4 : 1;
	out = malloc(n + 1);
	if (!out)
		return NULL;
	out[i++] = '!';
	out[i++] = '\'';
	for (s = path; *s; s++) {
		if (*s == '\'') {
			memcpy(out + i, "'\\''", 4);
			i += 4;
		} else {
			out[i++] = *s;
		}
	}
	out[i++] = '\'';
	out[i] = '\0';
	return out;
}

int gz_helperval_value(char **value, const char *exec_path, const char *self_dir)
{
	char *found = NULL, *path = NULL;
	char e[512];
	int rc = 0;

	*value = NULL;
	if (gz_helperval_find(&found, exec_path) == 0) {
		rc = gz_helperval_check(found);
		if (!rc)
			*value = strdup("gitzen");
		goto done;
	}
	if (self_dir)
		path = helper_in(self_dir, strlen(self_dir));
	if (!path) {
		gz_error_set("cannot find %s on PATH or next to git-gitzen (in %s); install it",
			     GZ_HELPERVAL_PROG, self_dir ? gz_esc(e, sizeof(e), self_dir) : "?");
		rc = GZ_ENOTFOUND;
		goto done;
	}
	rc = gz_helperval_check(path);
	if (!rc)
		*value = shell_safe(path) ? strdup(path) : shell_quoted(path);
done:
	if (!rc && !*value)
		rc = oom();
	free(found);
	free(path);
	return rc;
}

int gz_helperval_path(char **path, const char *value)
{
	size_t len, i, o = 0;
	char *out;

	*path = NULL;
	if (!gz_helperval_is_ours(value) || !strcmp(value, "gitzen"))
		return GZ_ENOTFOUND;
	if (value[0] == '/') {
		*path = strdup(value);
		return *path ? 0 : oom();
	}
	/* "!'...'" with '\'' for each ': undo the quoting */
	len = strlen(value);
	out = malloc(len);
	if (!out)
		return oom();
	for (i = 2; i + 1 < len; i++) {
		if (!strncmp(value + i, "'\\''", 4)) {
			out[o++] = '\'';
			i += 3;
		} else {
			out[o++] = value[i];
		}
	}
	out[o] = '\0';
	*path = out;
	return 0;
}

char *gz_helperval_shown(char *out, size_t n, const char *value)
{
	if (!value)
		value = "";
	if (gz_helperval_is_ours(value))
		snprintf(out, n, "%s", value);
	else if (value[0] == '!')
		snprintf(out, n, "a shell command (!...)");
	else
		snprintf(out, n, "%.*s", (int)strcspn(value, " \t"), value);
	return out;
}

/* ---- who can change what runs ---------------------------------------------------------- */

/* The group of the owner's own account (uid's primary group), or -1. */
static long own_group(uid_t uid)
{
	struct passwd pw, *res = NULL;
	char buf[4096];

	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) != 0 || !res)
		return -1;
	return (long)pw.pw_gid;
}

/* 0 when path (a file or, with dir, a directory) is safe; else the message. */
static int check_one(const char *path, int dir)
{
	char e1[PATH_MAX + 64], e2[PATH_MAX + 64];
	struct stat st;
	uid_t me = geteuid();
	mode_t mode;

	if (stat(path, &st) < 0) {
		if (errno == ENOENT && !dir)
			return GZ_ENOTFOUND;
		gz_error_set("cannot check %s: %s", gz_esc(e1, sizeof(e1), path), strerror(errno));
		return GZ_EUNSAFE;
	}
	mode = st.st_mode & 07777;
	if (st.st_uid != 0 && st.st_uid != me) {
		gz_error_set("%s belongs to another user (uid %ld): whoever owns it can run code as you on "
			     "every fetch; install %s where only you or root can write",
			     gz_esc(e1, sizeof(e1), path), (long)st.st_uid, GZ_HELPERVAL_PROG);
		return GZ_EUNSAFE;
	}
	if (dir && (mode & S_ISVTX))
		return 0; /* like /tmp: only an entry's owner can replace it */
	if ((mode & S_IWOTH) || ((mode & S_IWGRP) && (long)st.st_gid != own_group(st.st_uid))) {
		const char *who = (mode & S_IWOTH) ? "o" : "g";

		gz_error_set("%s is writable by %s (mode %04o): whoever can write it can run code as you "
			     "on every fetch; run: chmod %s-w %s",
			     gz_esc(e1, sizeof(e1), path), (mode & S_IWOTH) ? "others" : "its group",
			     (unsigned)mode, (mode & S_IWOTH) && (mode & S_IWGRP) ? "go" : who,
			     gz_esc(e2, sizeof(e2), path));
		return GZ_EUNSAFE;
	}
	return 0;
}

/* The file, then each directory above it, up to "/". */
static int check_chain(const char *path)
{
	char buf[PATH_MAX];
	int rc;

	if (strlen(path) >= sizeof(buf)) {
		gz_error_set("the helper's path is too long to check");
		return GZ_EUNSAFE;
	}
	rc = check_one(path, 0);
	strcpy(buf, path);
	while (!rc) {
		char *slash = strrchr(buf, '/');

		if (!slash)
			break;
		if (slash == buf) {
			rc = check_one("/", 1);
			break;
		}
		*slash = '\0';
		rc = check_one(buf, 1);
	}
	return rc;
}

int gz_helperval_check(const char *path)
{
	char *real;
	int rc;

	if (!path || path[0] != '/') {
		gz_error_set("the helper's path is not absolute");
		return GZ_EUNSAFE;
	}
	rc = check_chain(path);
	if (rc)
		return rc;
	real = realpath(path, NULL);
	if (!real) {
		gz_error_set("cannot resolve the helper's path: %s", strerror(errno));
		return GZ_EUNSAFE;
	}
	if (strcmp(real, path))
		rc = check_chain(real);
	free(real);
	return rc;
}

/* ---- where things are ------------------------------------------------------------------ */

int gz_helperval_exec_path(char **path)
{
	char a0[] = "git", a1[] = "--exec-path";
	char *const argv[] = { a0, a1, NULL };
	struct gz_spawn s;
	char line[PATH_MAX];

	*path = NULL;
	memset(&s, 0, sizeof(s));
	s.argv = argv;
	if (gz_spawn_run(&s) || s.status != 0 || s.out[0] != '/') {
		gz_error_set("cannot ask Git for its exec path");
		return GZ_ENOTFOUND;
	}
	*path = strdup(gz_spawn_first_line(line, sizeof(line), &s));
	return *path ? 0 : oom();
}

int gz_helperval_self_dir(char **dir)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	*dir = NULL;
	if (n <= 0) {
		gz_error_set("cannot find the running program: %s", strerror(errno));
		return GZ_ERROR;
	}
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash) {
		gz_error_set("cannot find the running program");
		return GZ_ERROR;
	}
	*slash = '\0';
	*dir = strdup(buf[0] ? buf : "/");
	return *dir ? 0 : oom();
}
