/* SPDX-License-Identifier: MIT */
#ifndef GZ_TRACE_H
#define GZ_TRACE_H

/*
 * GITZEN_TRACE: "1" or "true" traces to stderr, an absolute path appends
 * to that file (created 0600, never through a symlink); anything else is
 * off. The file is opened without blocking and used only when it is a
 * regular file owned by the user and writable by no one else (not a FIFO,
 * device or another user's file); otherwise nothing is traced and one line
 * on stderr says why. Callers never pass secrets; anything from input is
 * escaped first.
 */

void gz_trace_init(const char *prog);
int gz_trace_on(void);
void gz_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void gz_trace_release(void);

#endif
