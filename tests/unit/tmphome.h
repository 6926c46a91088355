/* SPDX-License-Identifier: MIT */
#ifndef GZ_TEST_TMPHOME_H
#define GZ_TEST_TMPHOME_H

/*
 * For unit tests that read or write Git's configuration: a temporary HOME
 * (with ~/.gitconfig and an XDG directory), no system file, no GIT_DIR, no
 * search above it, libgit2 initialised after HOME is set (it reads HOME
 * once). Include after <cmocka.h>. tmphome_setup/teardown are the group
 * fixtures; tmphome_fresh the per-test one (no config files, cwd = HOME).
 */

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitrepo.h"

static char tmp[256];
static char gitconfig[512];
static char xdgconfig[512];

static inline int tmphome_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The file's text (static buffer); "" when it does not exist. */
static inline const char *read_text(const char *path)
{
	static char buf[8192];
	FILE *fp = fopen(path, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (!fp)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static inline int tmphome_setup(void **state)
{
	char xdg[300];

	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/gz-unit.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(xdg, sizeof(xdg), "%s/xdg", tmp);
	snprintf(gitconfig, sizeof(gitconfig), "%s/.gitconfig", tmp);
	snprintf(xdgconfig, sizeof(xdgconfig), "%s/git/config", xdg);
	setenv("HOME", tmp, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_CONFIG_GLOBAL");
	unsetenv("GIT_CONFIG_SYSTEM");
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	setenv("GIT_CEILING_DIRECTORIES", tmp, 1);
	if (chdir(tmp) < 0)
		return -1;
	return gz_gitrepo_init() ? -1 : 0; /* after HOME: libgit2 reads it once */
}

static inline int tmphome_teardown(void **state)
{
	(void)state;
	gz_gitrepo_shutdown();
	if (chdir("/") < 0)
		return -1;
	return nftw(tmp, tmphome_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static inline int tmphome_fresh(void **state)
{
	char dir[600];

	(void)state;
	unlink(gitconfig);
	unlink(xdgconfig);
	snprintf(dir, sizeof(dir), "%s/repo", tmp);
	nftw(dir, tmphome_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return chdir(tmp) < 0 ? -1 : 0;
}

#endif
