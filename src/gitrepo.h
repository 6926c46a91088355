/* SPDX-License-Identifier: MIT */
#ifndef GZ_GITREPO_H
#define GZ_GITREPO_H

/*
 * The one way gitzen finds the repository around the current directory
 * and reads Git's configuration, as Git does. libgit2 stays behind this
 * module's functions: helper/ calls only gz_gitrepo_init(),
 * gz_gitrepo_shutdown() and gz_gitrepo_color_ui(); the src/ modules that
 * use libgit2 themselves (resolve, gitcfg, gitview, netcfg) get their
 * handles from here, declared below as libgit2's own opaque types.
 *
 * Returns are 0 or a negative GZ_* code with the reason in gz_error_last().
 */

struct git_repository;
struct git_config;

/* libgit2's global state, once per process (the companion's main). */
int gz_gitrepo_init(void);
void gz_gitrepo_shutdown(void);

/*
 * Opens a repository into *repo (git_repository_free() it).
 * dir NULL: the repository around the current directory, found as Git
 * finds it: $GIT_DIR when set (with $GIT_WORK_TREE and the other GIT_*
 * variables), else searching up from the current directory, not above
 * $GIT_CEILING_DIRECTORIES nor across file systems unless
 * $GIT_DISCOVERY_ACROSS_FILESYSTEM says so.
 * dir given: that directory (its work tree or the repository itself), no
 * search upwards and no $GIT_DIR: the user named it.
 * GZ_ENOTFOUND when there is none (message: "not in a Git repository" or
 * "<dir> is not a Git repository"); GZ_ERROR when it cannot be opened.
 */
int gz_gitrepo_open(struct git_repository **repo, const char *dir);

/*
 * A snapshot of Git's configuration as Git reads it here (free it with
 * git_config_free()): the system file (not with $GIT_CONFIG_NOSYSTEM;
 * $GIT_CONFIG_SYSTEM names another), the XDG and global files (or the one
 * $GIT_CONFIG_GLOBAL names), and the configuration of the repository
 * around the current directory (gz_gitrepo_open(NULL)) when there is one;
 * includes followed. Entries come lowest level first, in file order.
 */
int gz_gitrepo_config(struct git_config **snapshot);

/* "local", "global", "xdg", "system", "programdata", "app": the name of
 * a configuration level (git_config_level_t), for messages. */
const char *gz_gitrepo_level_name(int level);

enum gz_gitrepo_color {
	GZ_GITREPO_COLOR_AUTO,   /* on a terminal (color.ui unset, auto, true) */
	GZ_GITREPO_COLOR_ALWAYS, /* color.ui = always */
	GZ_GITREPO_COLOR_NEVER   /* color.ui = never or false */
};

/* Git's color.ui from gz_gitrepo_config(); AUTO when it is unset or
 * cannot be read. Needs gz_gitrepo_init(). */
enum gz_gitrepo_color gz_gitrepo_color_ui(void);

#endif
