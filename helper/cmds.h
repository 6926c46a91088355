#ifndef GZ_CMDS_H
#define GZ_CMDS_H

/*
 * The companion's commands. Each takes the arguments after its name
 * (argv[0] is the command name) and returns the process exit status
 * (GZ_EXIT_* in ui.h). Each lives in helper/cmd_<group>.c.
 */

int cmd_add(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_remove(int argc, char **argv);
int cmd_configure(int argc, char **argv);
int cmd_unconfigure(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_resolve(int argc, char **argv);

/* The synopsis of a command, for its own usage errors. */
void gz_cmd_usage(const char *name);

#endif
