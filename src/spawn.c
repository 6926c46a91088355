/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "spawn.h"
#include "err.h"
#include "esc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int named(const char *entry, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(entry, name, n) && entry[n] == '=';
}

static int dropped(const char *entry, const struct gz_spawn *s)
{
	size_t i;

	for (i = 0; s->env_unset && s->env_unset[i]; i++)
		if (named(entry, s->env_unset[i]))
			return 1;
	for (i = 0; s->env_set && s->env_set[i]; i++) {
		size_t n = strcspn(s->env_set[i], "=");

		if (!strncmp(entry, s->env_set[i], n) && entry[n] == '=')
			return 1;
	}
	return 0;
}

/* Our environment with the changes of s, in one allocation (one free):
 * our strings are borrowed; those of s->env_set are copied after the
 * pointers, since posix_spawnp takes them as char * and s's are const. */
static char **make_env(const struct gz_spawn *s)
{
	size_t n = 0, k = 0, bytes = 0, i;
	char **env, *to;

	while (environ && environ[n])
		n++;
	for (i = 0; s->env_set && s->env_set[i]; i++) {
		n++;
		bytes += strlen(s->env_set[i]) + 1;
	}
	env = calloc(1, (n + 1) * sizeof(*env) + bytes);
	if (!env)
		return NULL;
	to = (char *)(env + n + 1);
	for (i = 0; environ && environ[i]; i++)
		if (!dropped(environ[i], s))
			env[k++] = environ[i];
	for (i = 0; s->env_set && s->env_set[i]; i++) {
		size_t len = strlen(s->env_set[i]) + 1;

		env[k++] = memcpy(to, s->env_set[i], len);
		to += len;
	}
	env[k] = NULL;
	return env;
}

static void write_input(int fd, const char *input)
{
	size_t left = strlen(input);

	while (left) {
		ssize_t w = write(fd, input, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		input += w;
		left -= (size_t)w;
	}
}

static void read_output(struct gz_spawn *s, int fd)
{
	char sink[512];

	for (;;) {
		char *to = s->out_len < sizeof(s->out) - 1 ? s->out + s->out_len : sink;
		size_t room = s->out_len < sizeof(s->out) - 1 ? sizeof(s->out) - 1 - s->out_len : sizeof(sink);
		ssize_t r = read(fd, to, room);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (to != sink)
			s->out_len += (size_t)r;
	}
	s->out[s->out_len] = '\0';
}

int gz_spawn_run(struct gz_spawn *s)
{
	posix_spawn_file_actions_t fa;
	int out[2] = { -1, -1 }, in[2] = { -1, -1 }, err, status = 0, rc = 0;
	char **env = NULL, e[256];
	pid_t pid;

	s->out_len = 0;
	s->out[0] = '\0';
	s->status = -1;
	if (pipe2(out, O_CLOEXEC) < 0 || (s->input && pipe2(in, O_CLOEXEC) < 0) || !(env = make_env(s))) {
		gz_error_set("cannot run %s: %s", gz_esc(e, sizeof(e), s->argv[0]), strerror(errno));
		rc = GZ_ERROR;
		goto done;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	if (s->input)
		posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (s->cwd)
		posix_spawn_file_actions_addchdir_np(&fa, s->cwd);
	err = posix_spawnp(&pid, s->argv[0], &fa, NULL, s->argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	out[1] = -1;
	if (in[0] >= 0) {
		close(in[0]);
		in[0] = -1;
	}
	if (err) {
		gz_error_set("cannot run %s: %s", gz_esc(e, sizeof(e), s->argv[0]), strerror(err));
		rc = GZ_ERROR;
		goto done;
	}
	if (s->input) {
		/* small inputs only (a pipe holds 64 KiB): written before reading */
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);

		write_input(in[1], s->input);
		signal(SIGPIPE, old);
		close(in[1]);
		in[1] = -1;
	}
	read_output(s, out[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			gz_error_set("cannot wait for %s: %s", gz_esc(e, sizeof(e), s->argv[0]), strerror(errno));
			rc = GZ_ERROR;
			goto done;
		}
	s->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
done:
	if (out[0] >= 0)
		close(out[0]);
	if (out[1] >= 0)
		close(out[1]);
	if (in[0] >= 0)
		close(in[0]);
	if (in[1] >= 0)
		close(in[1]);
	free(env);
	return rc;
}

char *gz_spawn_first_line(char *line, size_t n, const struct gz_spawn *s)
{
	size_t len = strcspn(s->out, "\r\n");

	if (len >= n)
		len = n - 1;
	memcpy(line, s->out, len);
	line[len] = '\0';
	return line;
}
