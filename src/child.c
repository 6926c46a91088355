/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "child.h"
#include "err.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int gz_child_sibling(char *out, size_t outsz, const char *name)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	struct stat st;
	char *slash;

	if (n <= 0) {
		gz_error_set("cannot find this program's own path: %s", strerror(errno));
		return GZ_ERROR;
	}
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash) {
		gz_error_set("this program's own path is not absolute");
		return GZ_ERROR;
	}
	*slash = '\0';
	if ((size_t)snprintf(out, outsz, "%s/%s", self, name) >= outsz) {
		gz_error_set("the path of %s is too long", name);
		return GZ_ERROR;
	}
	if (stat(out, &st) || !S_ISREG(st.st_mode) || access(out, X_OK)) {
		gz_error_set("%s is not installed next to this program (in %s)", name, self);
		return GZ_ENOTFOUND;
	}
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The child's stdin: a pipe already holding input and closed for writing,
 * so that writing it can neither block nor raise SIGPIPE. */
static int input_pipe(int *rd, const char *input)
{
	size_t len = input ? strlen(input) : 0, off = 0;
	int p[2];

	if (len > 4096) {
		gz_error_set("the input for the child is too long");
		return GZ_ERROR;
	}
	if (pipe2(p, O_CLOEXEC)) {
		gz_error_set("cannot make a pipe: %s", strerror(errno));
		return GZ_ERROR;
	}
	while (off < len) {
		ssize_t w = write(p[1], input + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			gz_error_set("cannot write the child's input: %s", strerror(errno));
			close(p[0]);
			close(p[1]);
			return GZ_ERROR;
		}
		off += (size_t)w;
	}
	close(p[1]);
	*rd = p[0];
	return 0;
}

static int spawn(pid_t *pid, const char *path, char *const argv[], int in_fd, int out_fd)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t all;
	int err;

	if (posix_spawn_file_actions_init(&fa))
		return ENOMEM;
	if (posix_spawnattr_init(&at)) {
		posix_spawn_file_actions_destroy(&fa);
		return ENOMEM;
	}
	/* signals the caller ignores or blocks would be ignored or blocked by
	 * the child too: give it the defaults */
	sigfillset(&all);
	sigdelset(&all, SIGKILL);
	sigdelset(&all, SIGSTOP);
	err = posix_spawnattr_setsigdefault(&at, &all);
	if (!err) {
		sigset_t none;

		sigemptyset(&none);
		err = posix_spawnattr_setsigmask(&at, &none);
	}
	if (!err)
		err = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	if (!err)
		err = posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (!err)
		err = posix_spawn(pid, path, &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return err;
}

static int status_of(int ws)
{
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws))
		return 128 + WTERMSIG(ws);
	return 255;
}

int gz_child_run(int *exit_status, char *out, size_t outsz, const char *path,
		 char *const argv[], const char *input, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	int in_fd = -1, op[2] = { -1, -1 }, pidfd = -1, err, ws = 0, rc = 0, eof = 0, reaped = 0;
	size_t len = 0;
	pid_t pid = -1;

	*exit_status = -1;
	if (outsz < 2) {
		gz_error_set("no room for the child's output");
		return GZ_ERROR;
	}
	out[0] = '\0';
	if (input_pipe(&in_fd, input))
		return GZ_ERROR;
	if (pipe2(op, O_CLOEXEC)) {
		gz_error_set("cannot make a pipe: %s", strerror(errno));
		close(in_fd);
		return GZ_ERROR;
	}
	err = spawn(&pid, path, argv, in_fd, op[1]);
	close(in_fd);
	close(op[1]);
	if (err) {
		gz_error_set("cannot run %s: %s", path, strerror(err));
		close(op[0]);
		return GZ_ERROR;
	}
#ifdef SYS_pidfd_open
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
#endif
	while (!(eof && reaped)) {
		struct pollfd pf[2];
		long long left = deadline - now_ms();
		nfds_t nf = 0;
		int pr, wait_ms = (int)left;

		if (left <= 0) {
			rc = GZ_ENET;
			break;
		}
		if (!eof) {
			pf[nf].fd = op[0];
			pf[nf++].events = POLLIN;
		}
		if (!reaped && pidfd >= 0) {
			pf[nf].fd = pidfd;
			pf[nf++].events = POLLIN;
		} else if (!reaped && eof && left > 10) {
			wait_ms = 10; /* no pidfd (old kernel): look for the exit every 10 ms */
		}
		pr = poll(pf, nf, wait_ms);
		if (pr < 0 && errno != EINTR) {
			gz_error_set("cannot wait for %s: %s", path, strerror(errno));
			rc = GZ_ERROR;
			break;
		}
		if (!eof && pr > 0 && pf[0].revents) {
			ssize_t n = read(op[0], out + len, outsz - 1 - len);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				eof = 1;
			} else {
				len += (size_t)n;
				out[len] = '\0';
				if (len >= outsz - 1) {
					gz_error_set("%s answered more than expected", path);
					rc = GZ_ERROR;
					break;
				}
			}
		}
		if (!reaped && waitpid(pid, &ws, WNOHANG) == pid)
			reaped = 1;
	}
	if (!reaped) {
		/* our own child, not yet reaped: the PID cannot have been reused */
		kill(pid, SIGKILL);
		while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
			;
	} else if (rc == 0) {
		*exit_status = status_of(ws);
	}
	if (rc == GZ_ENET)
		gz_error_set("%s did not finish within %d ms; it was stopped", path, timeout_ms);
	if (pidfd >= 0)
		close(pidfd);
	close(op[0]);
	return rc;
}
