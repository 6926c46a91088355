/* SPDX-License-Identifier: MIT */
/*
 * interleave: times commands side by side, one run of each in turn, so that
 * whatever else the machine does affects them alike.
 *
 *   interleave N LABEL STDIN-FILE [NAME=VALUE...] CMD [ARG...] --- LABEL STDIN-FILE ... [--- ...]
 *
 * NAME=VALUE words before CMD are added to that command's environment
 * (without running env(1), which would add a process to the measurement).
 * Each run is posix_spawn + wait with stdin from STDIN-FILE and stdout and
 * stderr to /dev/null; a run that exits non-zero aborts the benchmark.
 * Prints median, p10, p90 and mean per command in microseconds, and each
 * command's median as a ratio of the last command's.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct cmd {
	const char *label;
	const char *input;
	char **argv;
	char **envp;
	double *us;
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static double run_once(const struct cmd *c)
{
	posix_spawn_file_actions_t fa;
	double t0;
	pid_t pid;
	int st;

	/* posix_spawn (vfork-like) keeps the launcher's own cost small and equal for all */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, c->input, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	t0 = now_us();
	if (posix_spawnp(&pid, c->argv[0], &fa, NULL, c->argv, c->envp)) {
		perror("posix_spawn");
		exit(2);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "interleave: %s failed (status %d)\n", c->label, st);
		exit(2);
	}
	t0 = now_us() - t0;
	posix_spawn_file_actions_destroy(&fa);
	return t0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct cmd cmds[8];
	int n, ncmd = 0, i, k;

	if (argc < 5) {
		fprintf(stderr, "usage: interleave N LABEL STDIN CMD [ARG...] --- LABEL STDIN CMD ...\n");
		return 2;
	}
	n = atoi(argv[1]);
	if (n < 1 || n > 100000)
		return 2;
	for (i = 2; i < argc && ncmd < 8;) {
		struct cmd *c = &cmds[ncmd++];

		if (i + 2 >= argc)
			return 2;
		c->label = argv[i];
		c->input = argv[i + 1];
		c->argv = &argv[i + 2];
		c->envp = environ;
		while (*c->argv && strchr(*c->argv, '=') && **c->argv != '-') {
			size_t ne = 0, j;
			char **env;

			while (environ[ne])
				ne++;
			env = calloc(ne + 2, sizeof(char *));
			env[0] = *c->argv;
			for (j = 0; j < ne; j++)
				env[j + 1] = c->envp[j];
			c->envp = env;
			c->argv++;
		}
		for (k = i + 2; k < argc && strcmp(argv[k], "---"); k++)
			;
		argv[k < argc ? k : argc] = NULL;
		i = k + 1;
		c->us = calloc((size_t)n, sizeof(double));
	}
	for (k = 0; k < ncmd; k++) /* warm the page cache */
		run_once(&cmds[k]);
	for (i = 0; i < n; i++)
		for (k = 0; k < ncmd; k++)
			cmds[(k + i) % ncmd].us[i] = run_once(&cmds[(k + i) % ncmd]);
	printf("%-34s %10s %10s %10s %10s %8s\n", "command (runs: interleaved)", "median us", "p10 us",
	       "p90 us", "mean us", "ratio");
	/* all sorted first: each ratio is over the last command's median */
	for (k = 0; k < ncmd; k++)
		qsort(cmds[k].us, (size_t)n, sizeof(double), cmp);
	for (k = 0; k < ncmd; k++) {
		double sum = 0, *v = cmds[k].us;

		for (i = 0; i < n; i++)
			sum += v[i];
		printf("%-34s %10.0f %10.0f %10.0f %10.0f %8.2f\n", cmds[k].label, v[n / 2], v[n / 10],
		       v[n * 9 / 10], sum / n, v[n / 2] / cmds[ncmd - 1].us[n / 2]);
	}
	return 0;
}
