#define _GNU_SOURCE
#include "trace.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static FILE *trace_fp;
static const char *trace_prog = "gitzen";

void gz_trace_init(const char *prog)
{
	const char *v = getenv("GITZEN_TRACE");
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
	fd = open(v, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	trace_fp = fdopen(fd, "a");
	if (!trace_fp)
		close(fd);
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
