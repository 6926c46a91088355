#define _GNU_SOURCE
#include "secretstore.h"
#include "err.h"
#include "esc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char *const names[] = { "auto", "secretservice", "file" };

const char *gz_secretstore_name(enum gz_secretstore s)
{
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "auto";
}

int gz_secretstore_parse(enum gz_secretstore *out, const char *value)
{
	char shown[64];
	unsigned i;

	for (i = 0; value && i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcasecmp(value, names[i])) {
			*out = (enum gz_secretstore)i;
			return 0;
		}
	}
	gz_error_set("gitzen.secretStore is \"%s\"; it must be auto, secretservice or file",
		     gz_esc(shown, sizeof(shown), value));
	return GZ_EINVALID;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads the child's stdout (at most sizeof(buf) - 1 bytes are kept) until
 * EOF or the deadline. 0 at EOF, -1 on timeout or error. */
static int read_until(char *buf, size_t bufsz, int fd, long deadline)
{
	size_t len = 0;

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		long left = deadline - now_ms();
		char sink[256];
		ssize_t n;
		int r;

		if (left <= 0)
			return -1;
		r = poll(&p, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		if (len < bufsz - 1)
			n = read(fd, buf + len, bufsz - 1 - len);
		else
			n = read(fd, sink, sizeof(sink)); /* more than a value: drained */
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		if (len < bufsz - 1)
			len += (size_t)n;
	}
	buf[len] = '\0';
	return 0;
}

int gz_secretstore_from_git(enum gz_secretstore *out)
{
	char a0[] = "git", a1[] = "config", a2[] = "--get", a3[] = "gitzen.secretStore";
	char *argv[] = { a0, a1, a2, a3, NULL };
	posix_spawn_file_actions_t fa;
	char buf[256];
	pid_t pid;
	int pfd[2], status = 0, err, rc;

	*out = GZ_SECRETSTORE_AUTO;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		gz_error_set("cannot read gitzen.secretStore: %s", strerror(errno));
		return GZ_ERROR;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (err) {
		close(pfd[0]);
		gz_error_set("cannot read gitzen.secretStore: git: %s", strerror(err));
		return GZ_ERROR;
	}
	rc = read_until(buf, sizeof(buf), pfd[0], now_ms() + GZ_SECRETSTORE_TIMEOUT_MS);
	close(pfd[0]);
	if (rc)
		kill(pid, SIGKILL); /* our own child, by its PID */
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			break;
	if (rc) {
		gz_error_set("cannot read gitzen.secretStore: git config did not answer in time");
		return GZ_ERROR;
	}
	/* git config --get: 0 with the value, 1 when the key is not set */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
		return 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		gz_error_set("cannot read gitzen.secretStore: git config failed");
		return GZ_ERROR;
	}
	buf[strcspn(buf, "\n")] = '\0';
	return gz_secretstore_parse(out, buf);
}
