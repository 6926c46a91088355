/* SPDX-License-Identifier: MIT */
#ifndef GZ_BUF_H
#define GZ_BUF_H

#include <stddef.h>

/*
 * A bounded byte buffer, for anything read from outside the process (a
 * file, a pipe, a response body) that may hold a secret.
 *
 * Contract:
 * - A buffer never holds more than its `max` bytes: an append or a read
 *   that would go past it is refused with GZ_EINVALID and adds nothing
 *   (a read keeps what it had before the failing chunk).
 * - The content is always NUL-terminated once anything was allocated
 *   (ptr[len] == '\0'), so text can be used as a C string; binary data may
 *   hold NULs of its own (use len).
 * - Memory is never moved with realloc: growing copies into a new block
 *   and wipes the old one, and gz_buf_release wipes before freeing, so no
 *   copy of a PAT is left behind in freed memory.
 * - No messages: the caller names what it was reading. GZ_ERROR leaves
 *   errno as the failing call set it (ENOMEM for allocation).
 * - Reads retry on EINTR; a descriptor in non-blocking mode that has no
 *   data gives GZ_ERROR with errno EAGAIN (the caller decides).
 *
 * Typical use:
 *     struct gz_buf b = GZ_BUF_INIT(64 * 1024);
 *     rc = gz_buf_read_fd(&b, fd);      // whole file, bounded
 *     ... b.ptr, b.len ...
 *     gz_buf_release(&b);               // wiped and freed
 */

struct gz_buf {
	char *ptr;  /* NULL until the first byte is added; owned */
	size_t len; /* bytes held, not counting the NUL */
	size_t cap; /* bytes allocated at ptr */
	size_t max; /* the most len may ever be */
};

#define GZ_BUF_INIT(max) { NULL, 0, 0, (max) }

/* Sets b up empty with this bound (same as GZ_BUF_INIT). */
void gz_buf_init(struct gz_buf *b, size_t max);

/* Appends n bytes. 0; GZ_EINVALID when len + n would exceed max (nothing
 * added); GZ_ERROR when out of memory (nothing added). */
int gz_buf_add(struct gz_buf *b, const void *data, size_t n);

/* Appends a NUL-terminated string, as gz_buf_add. */
int gz_buf_adds(struct gz_buf *b, const char *s);

/* Appends what fd gives until its end. 0 at the end; GZ_EINVALID as soon
 * as more than max bytes would be held (the read stops there: a stream
 * without end is never read to its end); GZ_ERROR on a read error or out
 * of memory (errno set). Bytes read before a failure stay in b. */
int gz_buf_read_fd(struct gz_buf *b, int fd);

/* As gz_buf_read_fd, but stops after the first chunk that holds the byte
 * `stop` (a newline, say): the chunk may hold bytes after it, which stay
 * in b. For reading one line from a pipe in a few system calls instead of
 * one a byte. 0 when `stop` was read or at the end of input. */
int gz_buf_read_fd_until(struct gz_buf *b, int fd, int stop);

/* Empties b, wiping what it held; keeps the memory for reuse. */
void gz_buf_reset(struct gz_buf *b);

/* Hands the content over: returns ptr (NUL-terminated; never NULL on
 * success: an empty buffer gives an allocated ""), its length in *len
 * (may be NULL), and leaves b empty. The caller wipes and frees it. NULL
 * when out of memory (b unchanged). */
char *gz_buf_detach(struct gz_buf *b, size_t *len);

/* Wipes and frees the content; b is empty (same max) afterwards. Accepts
 * NULL. */
void gz_buf_release(struct gz_buf *b);

#endif
