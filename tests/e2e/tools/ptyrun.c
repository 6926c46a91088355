/* SPDX-License-Identifier: MIT */
/*
 * ptyrun — run a command on a pseudo-terminal and play a short script against it, for the
 * end-to-end tests of terminal input (the hidden PAT prompt of `git gitzen add`).
 *
 *   cc -O2 -o ptyrun tests/e2e/tools/ptyrun.c
 *   ptyrun [-t SECONDS] [-o TRANSCRIPT] STEP... -- COMMAND [ARG...]
 *
 * The command runs as the foreground process of a new session whose controlling terminal is the
 * pty's slave side: its stdin and stdout are the terminal, its stderr is ptyrun's stderr (so the
 * caller sees error messages apart from the terminal traffic). A holder process is the session
 * leader; it ignores SIGHUP and SIGINT, so that a hang-up or a Ctrl-C reaches only the command,
 * and reports the command's exit status.
 *
 * Steps, in order:
 *   expect:TEXT   read the terminal until TEXT has appeared (from the start of the transcript)
 *   noecho        wait until the terminal's ECHO flag is off (the command switched it off)
 *   echo?         print "echo=on" or "echo=off"
 *   send:STRING   write STRING to the terminal; \n \r \\ and \xNN are decoded
 *   close         close the master side: the terminal hangs up
 *   wait          wait for the command to exit; print "exit=N" or "signal=N", then (when the
 *                 terminal is still open) "echo_after=on|off"
 * Everything is bounded by -t (default 20 s): on timeout ptyrun kills the session, prints
 * "timeout" and exits 124. Exit status 0 otherwise (the command's status is printed, not
 * returned); 2 on a usage or system error. -o writes everything the terminal showed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int master = -1;
static pid_t holder = -1;
static char transcript[1 << 20];
static size_t tlen;
static FILE *tfile;

static void on_alarm(int sig)
{
	(void)sig;
	if (holder > 0)
		kill(-holder, SIGKILL);
	(void)!write(1, "timeout\n", 8);
	_exit(124);
}

static void fail(const char *what)
{
	fprintf(stderr, "ptyrun: %s: %s\n", what, strerror(errno));
	if (holder > 0)
		kill(-holder, SIGKILL);
	exit(2);
}

/* Reads what the terminal shows, waiting at most ms; returns 0 on EOF/hang-up. */
static int drain(int ms)
{
	struct pollfd p = { master, POLLIN, 0 };
	char buf[4096];
	ssize_t n;

	if (master < 0)
		return 0;
	if (poll(&p, 1, ms) <= 0)
		return 1;
	n = read(master, buf, sizeof(buf));
	if (n <= 0)
		return 0; /* EIO: every slave descriptor is closed */
	if (tfile)
		fwrite(buf, 1, (size_t)n, tfile);
	if (tlen + (size_t)n < sizeof(transcript) - 1) {
		memcpy(transcript + tlen, buf, (size_t)n);
		tlen += (size_t)n;
		transcript[tlen] = '\0';
	}
	return 1;
}

static int echo_on(void)
{
	struct termios t;

	/* on Linux the master reports the terminal's (the slave's) settings */
	if (tcgetattr(master, &t) < 0)
		fail("tcgetattr");
	return !!(t.c_lflag & ECHO);
}

static size_t decode(char *out, const char *in)
{
	size_t o = 0;

	while (*in) {
		if (in[0] == '\\' && in[1] == 'n') {
			out[o++] = '\n';
			in += 2;
		} else if (in[0] == '\\' && in[1] == 'r') {
			out[o++] = '\r';
			in += 2;
		} else if (in[0] == '\\' && in[1] == '\\') {
			out[o++] = '\\';
			in += 2;
		} else if (in[0] == '\\' && in[1] == 'x' && in[2] && in[3]) {
			char hex[3] = { in[2], in[3], 0 };

			out[o++] = (char)strtol(hex, NULL, 16);
			in += 4;
		} else {
			out[o++] = *in++;
		}
	}
	return o;
}

int main(int argc, char **argv)
{
	int i, first_cmd = -1, status_pipe[2], timeout = 20;
	const char *tpath = NULL;
	char *slave_name;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			first_cmd = i + 1;
			break;
		}
		if (!strcmp(argv[i], "-t") && i + 1 < argc)
			timeout = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			tpath = argv[++i];
	}
	if (first_cmd < 0 || first_cmd >= argc) {
		fprintf(stderr, "usage: ptyrun [-t S] [-o FILE] STEP... -- COMMAND [ARG...]\n");
		return 2;
	}
	if (tpath && !(tfile = fopen(tpath, "w")))
		fail(tpath);
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 || !(slave_name = ptsname(master)))
		fail("pty");
	if (pipe2(status_pipe, O_CLOEXEC) < 0)
		fail("pipe");
	signal(SIGALRM, on_alarm);
	alarm((unsigned)timeout);

	holder = fork();
	if (holder < 0)
		fail("fork");
	if (holder == 0) {
		pid_t cmd;
		int slave, st;
		char msg[64];

		close(master);
		close(status_pipe[0]);
		setsid();
		slave = open(slave_name, O_RDWR); /* the session's controlling terminal from now on */
		if (slave < 0)
			_exit(127);
		signal(SIGHUP, SIG_IGN);
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		cmd = fork();
		if (cmd == 0) {
			signal(SIGHUP, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			signal(SIGQUIT, SIG_DFL);
			close(status_pipe[1]);
			dup2(slave, 0);
			dup2(slave, 1);
			if (slave > 1)
				close(slave);
			execvp(argv[first_cmd], argv + first_cmd);
			_exit(127);
		}
		close(slave);
		while (waitpid(cmd, &st, 0) < 0 && errno == EINTR)
			;
		if (WIFSIGNALED(st))
			snprintf(msg, sizeof(msg), "signal=%d\n", WTERMSIG(st));
		else
			snprintf(msg, sizeof(msg), "exit=%d\n", WEXITSTATUS(st));
		(void)!write(status_pipe[1], msg, strlen(msg));
		_exit(0);
	}
	close(status_pipe[1]);

	for (i = 1; i < first_cmd - 1; i++) {
		const char *s = argv[i];

		if (!strcmp(s, "-t") || !strcmp(s, "-o")) {
			i++;
		} else if (!strncmp(s, "expect:", 7)) {
			while (!strstr(transcript, s + 7))
				if (!drain(100)) {
					fprintf(stderr, "ptyrun: the terminal closed before '%s' appeared\n", s + 7);
					break;
				}
		} else if (!strcmp(s, "noecho")) {
			int k;

			for (k = 0; k < 2000 && echo_on(); k++)
				drain(5);
			if (echo_on())
				printf("echo_never_off\n");
		} else if (!strcmp(s, "echo?")) {
			printf("echo=%s\n", echo_on() ? "on" : "off");
		} else if (!strncmp(s, "send:", 5)) {
			char buf[4096];
			size_t n = decode(buf, s + 5);

			if (write(master, buf, n) != (ssize_t)n)
				fail("write");
		} else if (!strcmp(s, "close")) {
			drain(0);
			close(master);
			master = -1;
		} else if (!strcmp(s, "wait")) {
			char msg[64];
			ssize_t n;
			struct pollfd p[2] = { { status_pipe[0], POLLIN, 0 }, { master, POLLIN, 0 } };

			for (;;) {
				p[1].fd = master;
				if (poll(p, master >= 0 ? 2 : 1, 1000) < 0 && errno != EINTR)
					fail("poll");
				if (master >= 0 && (p[1].revents & (POLLIN | POLLHUP)))
					drain(0);
				if (p[0].revents & (POLLIN | POLLHUP))
					break;
			}
			n = read(status_pipe[0], msg, sizeof(msg) - 1);
			if (n <= 0)
				fail("status");
			msg[n] = '\0';
			fputs(msg, stdout);
			if (master >= 0) {
				int k;

				for (k = 0; k < 20 && drain(50); k++)
					;
				/* drain() returns 0 at EIO, once no process holds the slave */
				if (master >= 0)
					printf("echo_after=%s\n", echo_on() ? "on" : "off");
			}
		} else {
			fprintf(stderr, "ptyrun: unknown step '%s'\n", s);
			kill(-holder, SIGKILL);
			return 2;
		}
		fflush(stdout);
	}
	if (tfile)
		fclose(tfile);
	return 0;
}
