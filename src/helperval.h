/* SPDX-License-Identifier: MIT */
#ifndef GZ_HELPERVAL_H
#define GZ_HELPERVAL_H

#include <stddef.h>

/*
 * The credential.helper value that runs git-credential-gitzen: which
 * values are ours, the one configure writes, the program it runs, how a
 * value may be shown, and whether that program is safe to run (nobody
 * else can change it). Returns are 0 or a negative GZ_* code with the
 * reason in gz_error_last().
 */

#define GZ_HELPERVAL_PROG "git-credential-gitzen"

/* 1 when a helper value runs git-credential-gitzen and nothing else:
 * "gitzen", an absolute path ending in "/git-credential-gitzen" with no
 * character the shell would interpret, or such a path quoted as one shell
 * word, "!'<path>'" (a ' in it written '\''); else 0. */
int gz_helperval_is_ours(const char *value);

/* Finds an executable git-credential-gitzen in the absolute directories of
 * PATH, then in exec_path (Git's exec path; may be NULL). *path is
 * malloc'd. GZ_ENOTFOUND when there is none. */
int gz_helperval_find(char **path, const char *exec_path);

/*
 * The helper value configure writes: "gitzen" when gz_helperval_find()
 * finds the helper, else the absolute path of the git-credential-gitzen in
 * self_dir (the directory of the running git-gitzen). Git runs a helper
 * value through the shell, so a path with characters the shell would
 * interpret becomes "!'<path>'". *value is malloc'd. GZ_ENOTFOUND when
 * there is no executable helper in either place; GZ_EUNSAFE when the one
 * found fails gz_helperval_check() (the message says why and the fix).
 */
int gz_helperval_value(char **value, const char *exec_path, const char *self_dir);

/* The absolute path that a value of ours given as a path runs ("/x/..."
 * or "!'/x/...'"), malloc'd into *path; GZ_ENOTFOUND for "gitzen" (found
 * on PATH) and for any value that is not ours. */
int gz_helperval_path(char **path, const char *value);

/* A helper value as it may be shown (for support): ours in full (nothing
 * secret in it), another's first word only (its arguments or a shell
 * snippet can hold a secret), "a shell command (!...)" for a snippet. */
char *gz_helperval_shown(char *out, size_t n, const char *value);

/*
 * 0 when nobody but the user or root can change what path runs: the file
 * and each directory above it (as written and after symbolic links)
 * belong to the user or root and are not writable by others, or by a
 * group other than the owner's own. A directory with the sticky bit (as
 * /tmp) may be writable by all: there only an entry's owner can replace
 * it. GZ_EUNSAFE otherwise, with a message that names what is at fault
 * and the command that fixes it; GZ_ENOTFOUND when path does not exist.
 */
int gz_helperval_check(const char *path);

/* Git's exec path (`git --exec-path`), malloc'd; GZ_ENOTFOUND when Git
 * does not say. */
int gz_helperval_exec_path(char **path);

/* The directory of the running program, malloc'd. */
int gz_helperval_self_dir(char **dir);

#endif
