#ifndef GZ_TRACE_H
#define GZ_TRACE_H

/*
 * GITZEN_TRACE: "1" or "true" traces to stderr, an absolute path appends
 * to that file (created 0600, never through a symlink); anything else is
 * off. Callers never pass secrets; anything from input is escaped first.
 */

void gz_trace_init(const char *prog);
int gz_trace_on(void);
void gz_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void gz_trace_release(void);

#endif
