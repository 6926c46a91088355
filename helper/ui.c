/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "ui.h"
#include "../src/buf.h"
#include "../src/err.h"
#include "../src/esc.h"
#include "../src/http.h"
#include "../src/gitrepo.h"
#include "../src/netcfg.h"
#include "../src/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "trace.h"

static int quiet_mode;

/* Writes text from column col on, wrapped at GZ_UI_WIDTH with continuation lines
 * indented to indent; ends the line. */
size_t gz_ui_width(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n && s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

void gz_ui_wrap(FILE *fp, const char *text, size_t col, size_t indent)
{
	int at_start = col == 0;

	while (*text) {
		size_t word = strcspn(text, " "), cols;
		const char *q = *text == '`' ? strchr(text + 1, '`') : NULL;

		if (q) /* a command in backticks is one word */
			word = (size_t)(q - text) + strcspn(q, " ");
		cols = gz_ui_width(text, word);

		if (!at_start && col + 1 + cols > GZ_UI_WIDTH && col > indent) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
			at_start = 1;
		}
		if (!at_start) {
			fputc(' ', fp);
			col++;
		}
		at_start = 0;
		fwrite(text, 1, word, fp);
		col += cols;
		text += word;
		while (*text == ' ')
			text++;
	}
	fputc('\n', fp);
}

void gz_ui_set_quiet(void)
{
	int fd;

	quiet_mode = 1;
	fflush(stdout);
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
}

int gz_ui_quiet(void)
{
	return quiet_mode;
}

static void vsay(const char *prefix, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static void vsay(const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void gz_ui_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("error: ", fmt, ap);
	va_end(ap);
}

void gz_ui_warn(const char *fmt, ...)
{
	va_list ap;

	if (quiet_mode)
		return;
	va_start(ap, fmt);
	vsay("warning: ", fmt, ap);
	va_end(ap);
}

void gz_ui_hint(const char *fmt, ...)
{
	va_list ap;

	if (quiet_mode)
		return;
	va_start(ap, fmt);
	vsay("hint: ", fmt, ap);
	va_end(ap);
}

void gz_ui_info(const char *fmt, ...)
{
	va_list ap;

	if (quiet_mode)
		return;
	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
}

const char *gz_ui_esc(const char *s)
{
	static char slots[8][512];
	static unsigned next;
	char *out = slots[next++ % 8];

	return gz_esc(out, sizeof(slots[0]), s);
}

void gz_ui_json_str(FILE *fp, const char *s)
{
	const char *run;
	size_t len;

	if (!s) {
		fputs("null", fp);
		return;
	}
	len = strlen(s);
	fputc('"', fp);
	run = s; /* bytes that go out as they are, written in one piece */
	while (*s) {
		unsigned char c = (unsigned char)*s;
		unsigned cp = 0;
		size_t n = 1;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			s++;
			len--;
			continue;
		}
		fwrite(run, 1, (size_t)(s - run), fp);
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (!(n = gz_esc_utf8(&cp, s, len))) {
			fputs("\\ufffd", fp); /* not UTF-8: JSON text must be */
			n = 1;
		} else if (gz_esc_is_control(cp))
			fprintf(fp, "\\u%04x", cp);
		else
			fwrite(s, 1, n, fp);
		s += n;
		len -= n;
		run = s;
	}
	fwrite(run, 1, (size_t)(s - run), fp);
	fputc('"', fp);
}

static int color_allowed(FILE *fp)
{
	static int cached = -1;
	const char *ui;

	if (cached >= 0)
		return cached;
	cached = 0;
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		return cached;
	switch (gz_gitrepo_color_ui()) { /* Git's color.ui */
	case GZ_GITREPO_COLOR_NEVER:
		return cached;
	case GZ_GITREPO_COLOR_ALWAYS:
		return cached = 1;
	case GZ_GITREPO_COLOR_AUTO:
		break;
	}
	if (!isatty(fileno(fp)))
		return cached;
	ui = getenv("TERM");
	cached = !ui || strcmp(ui, "dumb");
	return cached;
}

const char *gz_ui_color(FILE *fp, const char *sgr)
{
	static char buf[8][16];
	static unsigned next;
	char *out;

	if (!color_allowed(fp))
		return "";
	out = buf[next++ % 8];
	snprintf(out, sizeof(buf[0]), "\033[%sm", sgr);
	return out;
}

#define PAT_READ_MAX 1024

/* Reads one line (without its newline or a CR before it) from fd, at most
 * PAT_READ_MAX bytes. NULL at once at the end of input, or for a longer
 * line (*too_long set). The result is a secret (gz_secret_free). */
/* Reads one line. With need_newline (a terminal), input that ends without
 * the Enter key (the terminal hung up, or Ctrl-D after some text) is no
 * line: whatever was typed is wiped and NULL returned, so a half-typed PAT
 * is never taken, however the hangup and the read interleave. */
static char *read_line(int fd, int *too_long, int need_newline)
{
	struct gz_buf b = GZ_BUF_INIT(PAT_READ_MAX + 1);
	char *line = NULL;
	size_t len;
	int rc = gz_buf_read_fd_until(&b, fd, '\n');

	*too_long = rc == GZ_EINVALID;
	if (rc == 0 && b.ptr && need_newline && !memchr(b.ptr, '\n', b.len))
		rc = GZ_ERROR;
	if (rc == 0 && b.ptr) { /* something was read, if only a newline */
		len = strcspn(b.ptr, "\n");
		if (len && b.ptr[len - 1] == '\r')
			len--;
		gz_secret_wipe(b.ptr + len, b.len - len);
		b.len = len;
		line = gz_buf_detach(&b, NULL);
	}
	gz_buf_release(&b);
	return line;
}

/* While echo is off, a signal that ends or stops the process first puts
 * the terminal back as it was. */
static volatile sig_atomic_t tty_fd = -1;
static struct termios tty_saved;
static const int tty_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct sigaction tty_old[4], tty_old_tstp;

static void tty_restore_and_reraise(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void tty_guard(int fd, const struct termios *saved)
{
	struct sigaction sa;
	size_t i;

	tty_saved = *saved;
	tty_fd = fd;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = tty_restore_and_reraise;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(tty_signals) / sizeof(tty_signals[0]); i++)
		sigaction(tty_signals[i], &sa, &tty_old[i]);
	/* no suspending at the prompt: after fg the rest would be echoed */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGTSTP, &sa, &tty_old_tstp);
}

static void tty_unguard(void)
{
	size_t i;

	for (i = 0; i < sizeof(tty_signals) / sizeof(tty_signals[0]); i++)
		sigaction(tty_signals[i], &tty_old[i], NULL);
	sigaction(SIGTSTP, &tty_old_tstp, NULL);
	tty_fd = -1;
}

char *gz_ui_read_pat(int from_stdin, const char *prompt)
{
	struct termios old, quiet;
	char *pat;
	int fd, too_long = 0;

	if (from_stdin) {
		pat = read_line(0, &too_long, 0);
		if (too_long)
			gz_ui_error("the line on standard input is longer than any PAT (over %d bytes); nothing was stored",
				    PAT_READ_MAX);
		else if (!pat)
			gz_ui_error("no PAT on standard input; nothing was stored");
		return pat;
	}
	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		gz_ui_error("no terminal to read the PAT from; pipe it in with --pat-stdin");
		return NULL;
	}
	if (tcgetattr(fd, &old) < 0) {
		close(fd);
		gz_ui_error("cannot read from the terminal; pipe the PAT in with --pat-stdin");
		return NULL;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	/* echo off first, then the prompt: nothing typed after the prompt is echoed or lost */
	tty_guard(fd, &old);
	if (tcsetattr(fd, TCSAFLUSH, &quiet) < 0 || write(fd, prompt, strlen(prompt)) < 0) {
		tcsetattr(fd, TCSAFLUSH, &old);
		tty_unguard();
		close(fd);
		gz_ui_error("cannot switch off echo on the terminal; use --pat-stdin");
		return NULL;
	}
	pat = read_line(fd, &too_long, 1);
	tcsetattr(fd, TCSAFLUSH, &old);
	tty_unguard();
	if (write(fd, "\n", 1) < 0) {
		/* the newline is cosmetic */
	}
	close(fd);
	if (too_long)
		gz_ui_error("the line entered is longer than any PAT (over %d bytes); nothing was stored",
			    PAT_READ_MAX);
	else if (!pat)
		gz_ui_error("the terminal closed before a PAT was entered (Enter was not pressed); nothing was stored");
	return pat;
}

static void on_retry(void *ctx, const char *url, long status, long wait_s)
{
	(void)ctx;
	gz_trace("retrying %s after HTTP %ld in %ld s", url, status, wait_s);
	if (status == 429)
		gz_ui_warn("Azure DevOps is rate-limiting requests (HTTP 429); waiting %ld s as it asks, then retrying",
			   wait_s);
	else if (status)
		gz_ui_warn("Azure DevOps answered HTTP %ld; retrying in %ld s", status, wait_s);
	else
		gz_ui_warn("no answer from Azure DevOps; retrying in %ld s", wait_s);
}

int gz_ui_open_http(struct gz_http **h, struct gz_netcfg *cfg)
{
	gz_netcfg_load(cfg);
	if (gz_netcfg_unverified(cfg))
		gz_ui_warn("http.sslVerify is off (or GIT_SSL_NO_VERIFY is set): the connection to Azure DevOps is NOT verified and your PAT could go to an impostor");
	if (gz_http_new(h, cfg)) {
		gz_ui_error("%s", gz_error_last());
		return GZ_EXIT_USAGE;
	}
	gz_http_set_notify(*h, on_retry, NULL);
	return GZ_EXIT_OK;
}

/* Home-directory paths as "~" (see ui.h). */
static int path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '/' || c == '.' || c == '-' || c == '_';
}

const char *gz_ui_tilde(const char *s)
{
	static char slots[4][1024];
	static unsigned next;
	char *out = slots[next++ % 4];
	const char *home = getenv("HOME"), *start = s;
	size_t hl = home ? strlen(home) : 0, o = 0;

	while (hl > 1 && home[hl - 1] == '/')
		hl--;
	if (!s)
		s = start = "";
	while (*s && o + 1 < sizeof(slots[0])) {
		if (hl > 1 && home[0] == '/' && !strncmp(s, home, hl) &&
		    (s == start || !path_char(s[-1])) && (s[hl] == '/' || !path_char(s[hl]))) {
			out[o++] = '~';
			s += hl;
			continue;
		}
		out[o++] = *s++;
	}
	out[o] = '\0';
	return out;
}
