/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "trace.h"
#include "../src/esc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static FILE *trace_fp;
static const char *trace_prog = "gitzen";

/* Why the file on fd may not take a trace, or NULL when it may: a regular
 * file of ours that nobody else can write. */
static const char *unfit(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return strerror(errno);
	if (!S_ISREG(st.st_mode))
		return "not a regular file";
	if (st.st_uid != geteuid())
		return "owned by another user";
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return "writable by group or others";
	return NULL;
}

void gz_trace_init(const char *prog)
{
	const char *v = getenv("GITZEN_TRACE"), *why;
	char e[256];
	int fd;

	trace_prog = prog;
	if (!v || !*v)
		return;
	if (!strcmp(v, "1") || !strcmp(v, "true")) {
		trace_fp = stderr;
		return;
	}
	if (v[0] != '/')
		return;
	/* never blocks (a FIFO without a reader fails, one with a reader is
	 * refused below), never follows a symlink, never takes a terminal */
	fd = open(v, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
		  0600);
	if (fd < 0)
		why = errno == ENXIO ? "not a regular file (a FIFO or socket)" :
		      errno == ELOOP ? "a symbolic link" : strerror(errno);
	else
		why = unfit(fd);
	if (!why && fcntl(fd, F_SETFL, O_APPEND) < 0)
		why = strerror(errno);
	if (!why)
		trace_fp = fdopen(fd, "a");
	if (trace_fp)
		return;
	if (fd >= 0)
		close(fd);
	fprintf(stderr, "gitzen: not tracing: GITZEN_TRACE=%s: %s (needs a regular file of yours that only you can write)\n",
		gz_esc(e, sizeof(e), v), why ? why : "out of memory");
}

int gz_trace_on(void)
{
	return trace_fp != NULL;
}

void gz_trace(const char *fmt, ...)
{
	struct timeval tv;
	struct tm tm;
	char ts[32];
	va_list ap;

	if (!trace_fp)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%H:%M:%S", &tm);
	fprintf(trace_fp, "%s.%06ld %s[%ld]: ", ts, (long)tv.tv_usec, trace_prog, (long)getpid());
	va_start(ap, fmt);
	vfprintf(trace_fp, fmt, ap);
	va_end(ap);
	fputc('\n', trace_fp);
	fflush(trace_fp);
}

void gz_trace_release(void)
{
	if (trace_fp && trace_fp != stderr)
		fclose(trace_fp);
	trace_fp = NULL;
}
