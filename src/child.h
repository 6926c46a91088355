/* SPDX-License-Identifier: MIT */
#ifndef GZ_CHILD_H
#define GZ_CHILD_H

#include <stddef.h>

/*
 * Running one of our own programs as a child, bounded: no shell, no PATH
 * search, the input (a secret, say) on a pipe rather than in argv or the
 * environment, the output read into a bounded buffer, and a deadline past
 * which the child is killed by its PID and reaped.
 */

/* The absolute path of `name` in the directory of this process's own
 * executable (/proc/self/exe), into out. GZ_ENOTFOUND when there is no
 * regular, executable file of that name there; GZ_ERROR otherwise. */
int gz_child_sibling(char *out, size_t outsz, const char *name);

/*
 * Runs path with argv (argv[0] first, NULL-terminated) and the caller's
 * environment. input (may be NULL) is written to the child's stdin, which
 * is then closed; the child's stderr goes to /dev/null; up to outsz - 1
 * bytes of its stdout are kept in out (NUL-terminated; more is an error).
 * Waits at most timeout_ms in all.
 *
 * Returns 0 when the child exited within the bound (*exit_status is its
 * exit status, or 128 + the signal that ended it); GZ_ENET when the bound
 * passed (the child was killed with SIGKILL and reaped); GZ_ERROR when it
 * could not be started or its output was too long (see gz_error_last()).
 * The caller wipes out if it may hold a secret; input is not kept.
 */
int gz_child_run(int *exit_status, char *out, size_t outsz, const char *path,
		 char *const argv[], const char *input, int timeout_ms);

#endif
