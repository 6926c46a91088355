/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "gitrepo.h"
#include "err.h"
#include "esc.h"

#include <git2.h>
#if LIBGIT2_VER_MAJOR > 1 || (LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR >= 8)
#include <git2/sys/errors.h> /* git_error_clear, there since libgit2 1.8 (Debian 13) */
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int gz_gitrepo_init(void)
{
	if (git_libgit2_init() < 0) {
		gz_error_set("cannot initialise libgit2");
		return GZ_ERROR;
	}
	return 0;
}

void gz_gitrepo_shutdown(void)
{
	git_libgit2_shutdown();
}

/* libgit2's last error, converted here. */
static int git_fail(const char *what)
{
	const git_error *ge = git_error_last();
	char e[512];

	gz_error_set("%s: %s", what,
		     gz_esc(e, sizeof(e), ge && ge->message ? ge->message : "unknown libgit2 error"));
	return GZ_ERROR;
}

int gz_gitrepo_open(struct git_repository **repo, const char *dir)
{
	char e[512];
	int err;

	*repo = NULL;
	if (dir)
		err = git_repository_open_ext(repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	else
		err = git_repository_open_ext(repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (err == GIT_ENOTFOUND) {
		*repo = NULL;
		if (dir)
			gz_error_set("%s is not a Git repository", gz_esc(e, sizeof(e), dir));
		else
			gz_error_set("not in a Git repository");
		return GZ_ENOTFOUND;
	}
	if (err < 0) {
		*repo = NULL;
		return git_fail(dir ? "cannot open that repository" : "cannot open the repository here");
	}
	return 0;
}

const char *gz_gitrepo_level_name(int level)
{
	switch (level) {
	case GIT_CONFIG_LEVEL_PROGRAMDATA:
		return "programdata";
	case GIT_CONFIG_LEVEL_SYSTEM:
		return "system";
	case GIT_CONFIG_LEVEL_XDG:
		return "xdg";
	case GIT_CONFIG_LEVEL_GLOBAL:
		return "global";
	case GIT_CONFIG_LEVEL_LOCAL:
		return "local";
	default:
		return "app";
	}
}

static int env_true(const char *name)
{
	const char *v = getenv(name);
	int b;

	return v && *v && git_config_parse_bool(&b, v) == 0 && b;
}

/* Adds the file of one level when it exists (a missing file is no error,
 * as in Git). find: libgit2's lookup of the level's file; env: the Git
 * variable that names another file instead (NULL: none). */
static int add_level(git_config *cfg, git_config_level_t level, int (*find)(git_buf *),
		     const char *env, const git_repository *repo)
{
	git_buf b = GIT_BUF_INIT;
	const char *path = env ? getenv(env) : NULL;
	int err, rc = 0;

	if (!path || !*path) {
		if (find(&b) < 0) {
			git_error_clear();
			return 0;
		}
		path = b.ptr;
	}
	err = git_config_add_file_ondisk(cfg, path, level, repo, 0);
	if (err < 0 && err != GIT_ENOTFOUND)
		rc = git_fail("cannot read Git's configuration");
	git_buf_dispose(&b);
	return rc;
}

static int find_none(git_buf *b)
{
	(void)b;
	return GIT_ENOTFOUND;
}

int gz_gitrepo_config(struct git_config **snapshot)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_buf local = GIT_BUF_INIT;
	const char *global = getenv("GIT_CONFIG_GLOBAL");
	int rc;

	*snapshot = NULL;
	rc = gz_gitrepo_open(&repo, NULL);
	if (rc == GZ_ENOTFOUND)
		rc = 0;
	if (rc)
		return rc;
	gz_error_clear();
	if (git_config_new(&cfg) < 0) {
		rc = git_fail("cannot read Git's configuration");
		goto done;
	}
	if (!env_true("GIT_CONFIG_NOSYSTEM")) {
		rc = add_level(cfg, GIT_CONFIG_LEVEL_PROGRAMDATA, git_config_find_programdata, NULL, repo);
		if (!rc)
			rc = add_level(cfg, GIT_CONFIG_LEVEL_SYSTEM, git_config_find_system,
				       "GIT_CONFIG_SYSTEM", repo);
	}
	/* $GIT_CONFIG_GLOBAL replaces both the XDG and the global file */
	if (!rc && !(global && *global))
		rc = add_level(cfg, GIT_CONFIG_LEVEL_XDG, git_config_find_xdg, NULL, repo);
	if (!rc)
		rc = add_level(cfg, GIT_CONFIG_LEVEL_GLOBAL, global && *global ? find_none : git_config_find_global,
			       "GIT_CONFIG_GLOBAL", repo);
	if (!rc && repo) {
		if (git_repository_item_path(&local, repo, GIT_REPOSITORY_ITEM_CONFIG) < 0)
			rc = git_fail("cannot find the repository's configuration");
		else if (git_config_add_file_ondisk(cfg, local.ptr, GIT_CONFIG_LEVEL_LOCAL, repo, 0) < 0)
			rc = git_fail("cannot read the repository's configuration");
	}
	if (!rc && git_config_snapshot(snapshot, cfg) < 0) {
		*snapshot = NULL;
		rc = git_fail("cannot read Git's configuration");
	}
done:
	git_buf_dispose(&local);
	git_config_free(cfg);
	git_repository_free(repo);
	return rc;
}

enum gz_gitrepo_color gz_gitrepo_color_ui(void)
{
	git_config *cfg = NULL;
	git_buf v = GIT_BUF_INIT;
	enum gz_gitrepo_color c = GZ_GITREPO_COLOR_AUTO;
	int b;

	if (gz_gitrepo_config(&cfg) == 0 && git_config_get_string_buf(&v, cfg, "color.ui") == 0 && v.ptr) {
		/* as Git's git_config_colorbool(): a false value is never, a true one auto */
		if (!strcasecmp(v.ptr, "never"))
			c = GZ_GITREPO_COLOR_NEVER;
		else if (!strcasecmp(v.ptr, "always"))
			c = GZ_GITREPO_COLOR_ALWAYS;
		else if (strcasecmp(v.ptr, "auto") && git_config_parse_bool(&b, v.ptr) == 0 && !b)
			c = GZ_GITREPO_COLOR_NEVER;
	}
	git_buf_dispose(&v);
	git_config_free(cfg);
	gz_error_clear();
	return c;
}
