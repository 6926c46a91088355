/* SPDX-License-Identifier: MIT */
#ifndef GZ_SPAWN_H
#define GZ_SPAWN_H

#include <stddef.h>

/*
 * Running another program and reading the start of what it prints: for
 * doctor's checks of Git, Git LFS and the helper, and for Git's exec path.
 * No shell: argv[0] is looked up in PATH (or is a path). Its stderr goes
 * to /dev/null; its stdin is the given input (then end of file) or
 * /dev/null. The environment is ours, with env_unset removed and env_set
 * added, so a check can run Git away from the user's configuration.
 */

#define GZ_SPAWN_OUT_MAX 4096

struct gz_spawn {
	/* in */
	char *const *argv;
	const char *input;            /* NULL: /dev/null */
	const char *const *env_set;   /* "NAME=value", NULL-terminated; NULL: none */
	const char *const *env_unset; /* names, NULL-terminated; NULL: none */
	const char *cwd;              /* NULL: ours */
	/* out */
	char out[GZ_SPAWN_OUT_MAX]; /* the start of its stdout, NUL-terminated (the rest is read and dropped) */
	size_t out_len;
	int status;                 /* its exit status; -1 when a signal ended it */
};

/* Runs s->argv to its end. 0 when it ran (whatever its exit status);
 * GZ_ERROR when it could not be started (message set). */
int gz_spawn_run(struct gz_spawn *s);

/* The first line of s->out (without CR or LF) into line (size n > 0). */
char *gz_spawn_first_line(char *line, size_t n, const struct gz_spawn *s);

#endif
