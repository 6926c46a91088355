#ifndef GZ_FILEIO_H
#define GZ_FILEIO_H

#include <stddef.h>

/*
 * Whole-file reads and writes on descriptors, bounded, for the modules
 * that keep files (the store, Git's configuration). No messages here: the
 * callers name the file.
 */

/* Writes all of buf, through short writes and EINTR. 0, or -1 with errno. */
int gz_fileio_write_all(int fd, const char *buf, size_t len);

/* Reads fd to its end into *out (malloc'd, NUL-terminated, *len bytes
 * before the NUL). Buffers are wiped whenever they are moved or freed, as
 * the content may be a secret; the caller wipes and frees *out. Returns 0,
 * GZ_EINVALID when there are more than max bytes, or GZ_ERROR (errno set). */
int gz_fileio_read_fd(char **out, size_t *len, int fd, size_t max);

#endif
