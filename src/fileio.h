/* SPDX-License-Identifier: MIT */
#ifndef GZ_FILEIO_H
#define GZ_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Whole-file reads and writes on descriptors, bounded, for the modules
 * that keep files (the store, Git's configuration). No messages here: the
 * callers name the file; on failure errno says why.
 */

/* Reads fd to its end into *out (malloc'd, NUL-terminated, *len bytes
 * before the NUL), through a gz_buf bounded to max (buf.h): nothing is
 * read past max + 1 bytes, and every copy is wiped, as the content may be
 * a secret; the caller wipes and frees *out. Returns 0, GZ_EINVALID when
 * there are more than max bytes, or GZ_ERROR (errno set). *out is NULL
 * and *len 0 on failure. */
int gz_fileio_read_fd(char **out, size_t *len, int fd, size_t max);

/* Which step of gz_fileio_replace* failed (for the caller's message). */
enum gz_fileio_step {
	GZ_FILEIO_OK = 0,
	GZ_FILEIO_CREATE,  /* the temporary file could not be created */
	GZ_FILEIO_WRITE,   /* writing, fchmod, fsync or close of it failed */
	GZ_FILEIO_RENAME,  /* it could not be renamed onto the file */
	GZ_FILEIO_SYNCDIR  /* the new file IS in place, but fsync of the
			    * directory failed: it may not survive a crash */
};

/*
 * Atomically replaces `name` (one path component) in the directory dfd
 * with len bytes of data and permissions `mode`, in this order:
 *   1. openat(dfd, ".<name>.XXXXXX", O_CREAT|O_EXCL|O_NOFOLLOW, 0600), the
 *      six characters from getrandom;
 *   2. fchmod(mode), write everything, fsync, close;
 *   3. renameat onto name;
 *   4. fsync(dfd).
 * A reader sees the old content or the new, never a mix; after a crash,
 * the old or the new. On failure before step 3 the temporary file is
 * removed and `name` is untouched. No descriptor is left open on any path
 * (dfd stays the caller's). Returns 0, or GZ_ERROR with errno set and
 * *step (may be NULL) saying which step failed. A writer killed between
 * steps 1 and 3 leaves its temporary file behind: gz_fileio_is_temp_of
 * recognises them, for a caller that serialises writers (a lock) and can
 * therefore remove them.
 */
int gz_fileio_replace_at(int dfd, const char *name, const void *data, size_t len, mode_t mode,
			 enum gz_fileio_step *step);

/* The same for a path: the directory is the path's (".", when it has no
 * slash), opened with O_DIRECTORY for the call. */
int gz_fileio_replace(const char *path, const void *data, size_t len, mode_t mode,
		      enum gz_fileio_step *step);

/* 1 if name (a directory entry) is a temporary file that
 * gz_fileio_replace_at(.., target, ..) makes: ".<target>.XXXXXX". */
int gz_fileio_is_temp_of(const char *name, const char *target);

#endif
