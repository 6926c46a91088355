/* SPDX-License-Identifier: MIT */
#ifndef GZ_CMDS_H
#define GZ_CMDS_H

#include <stddef.h>

/*
 * The companion's commands. helper/gitzen.c holds the one command table:
 * each command's options and arguments, with a line of help each. That
 * table parses the command line (before the command runs), prints
 * `git gitzen <command> -h` and `git gitzen help <command>`, and is what
 * `git gitzen --list-cmds` prints for the completion scripts, the man page
 * and their agreement test. So a command never parses options itself: it
 * asks for them below.
 *
 * Each command takes the arguments after its name (argv[0] is the command
 * name), with "--opt=value" split into "--opt" "value" and the common
 * options (-h, -q) removed, and returns the process exit status (GZ_EXIT_*
 * in ui.h). Each lives in helper/cmd_<group>.c.
 */

int cmd_add(int argc, const char *const *argv);
int cmd_list(int argc, const char *const *argv);
int cmd_validate(int argc, const char *const *argv);
int cmd_remove(int argc, const char *const *argv);
int cmd_configure(int argc, const char *const *argv);
int cmd_unconfigure(int argc, const char *const *argv);
int cmd_doctor(int argc, const char *const *argv);
int cmd_resolve(int argc, const char *const *argv);
int cmd_status(int argc, const char *const *argv);
int cmd_recheck(int argc, char **argv); /* internal, hidden: cmd_recheck.c */

/* The parsed command line of the running command. opt is a long option of
 * its table entry ("--json"); asking for any other is a bug (abort). */
int gz_cmd_flag(const char *opt);          /* 1 if given */
const char *gz_cmd_value(const char *opt); /* the last value given, or NULL */
size_t gz_cmd_nargs(void);                 /* the arguments (not options) */
const char *gz_cmd_arg(size_t i);          /* NULL past the last */

/* Warnings for what Git's configuration still gets wrong for Azure DevOps
 * (configure's look at its result, in doctor's words: cmd_doctor.c). */
void gz_cmd_config_warnings(void);

/* The synopsis of a command, for its own usage errors (on stderr). */
void gz_cmd_usage(const char *name);

#endif
