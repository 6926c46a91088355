/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "fileio.h"
#include "buf.h"
#include "err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_SUFFIX 6

/* Writes all of buf, through short writes and EINTR. 0, or -1 with errno. */
static int gz_fileio_write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int gz_fileio_read_fd(char **out, size_t *len, int fd, size_t max)
{
	struct gz_buf b = GZ_BUF_INIT(max);
	int rc = gz_buf_read_fd(&b, fd);

	*out = NULL;
	*len = 0;
	if (!rc) {
		*out = gz_buf_detach(&b, len);
		if (!*out)
			rc = GZ_ERROR;
	}
	gz_buf_release(&b);
	return rc;
}

/* Creates ".<name>.XXXXXX" exclusively, mode 0600, into tmp. fd or -1. */
static int create_temp(char *tmp, size_t size, int dfd, const char *name)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	int tries, fd = -1;

	for (tries = 0; tries < 100 && fd < 0; tries++) {
		unsigned char r[TEMP_SUFFIX];
		char sfx[TEMP_SUFFIX + 1];
		size_t i;

		if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return -1;
		for (i = 0; i < TEMP_SUFFIX; i++)
			sfx[i] = set[r[i] % (sizeof(set) - 1)];
		sfx[TEMP_SUFFIX] = '\0';
		if ((size_t)snprintf(tmp, size, ".%s.%s", name, sfx) >= size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return -1;
	}
	return fd;
}

int gz_fileio_replace_at(int dfd, const char *name, const void *data, size_t len, mode_t mode,
			 enum gz_fileio_step *step)
{
	enum gz_fileio_step failed = GZ_FILEIO_OK;
	size_t size = strlen(name) + TEMP_SUFFIX + 3;
	char *tmp = malloc(size);
	int fd = -1, saved;

	if (!tmp) {
		errno = ENOMEM;
		failed = GZ_FILEIO_CREATE;
		goto done;
	}
	fd = create_temp(tmp, size, dfd, name);
	if (fd < 0) {
		failed = GZ_FILEIO_CREATE;
		goto done;
	}
	if (fchmod(fd, mode) < 0 || gz_fileio_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		failed = GZ_FILEIO_WRITE;
		goto unlink_tmp;
	}
	saved = close(fd);
	fd = -1;
	if (saved < 0) {
		failed = GZ_FILEIO_WRITE;
		goto unlink_tmp;
	}
	if (renameat(dfd, tmp, dfd, name) < 0) {
		failed = GZ_FILEIO_RENAME;
		goto unlink_tmp;
	}
	if (fsync(dfd) < 0)
		failed = GZ_FILEIO_SYNCDIR;
	goto done;
unlink_tmp:
	saved = errno;
	if (fd >= 0)
		close(fd);
	fd = -1;
	unlinkat(dfd, tmp, 0); /* the old file stays as it was */
	errno = saved;
done:
	free(tmp);
	if (step)
		*step = failed;
	return failed ? GZ_ERROR : 0;
}

int gz_fileio_replace(const char *path, const void *data, size_t len, mode_t mode,
		      enum gz_fileio_step *step)
{
	const char *slash = strrchr(path, '/');
	char *dir = NULL;
	int dfd, rc, saved;

	if (slash) {
		dir = slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
		if (!dir) {
			errno = ENOMEM;
			if (step)
				*step = GZ_FILEIO_CREATE;
			return GZ_ERROR;
		}
	}
	dfd = open(dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	saved = errno;
	free(dir);
	if (dfd < 0) {
		errno = saved;
		if (step)
			*step = GZ_FILEIO_CREATE;
		return GZ_ERROR;
	}
	rc = gz_fileio_replace_at(dfd, slash ? slash + 1 : path, data, len, mode, step);
	saved = errno;
	close(dfd);
	errno = saved;
	return rc;
}

int gz_fileio_is_temp_of(const char *name, const char *target)
{
	size_t n = strlen(target), i;

	if (name[0] != '.' || strncmp(name + 1, target, n) || name[1 + n] != '.')
		return 0;
	name += n + 2;
	for (i = 0; i < TEMP_SUFFIX; i++)
		if (!((name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return name[TEMP_SUFFIX] == '\0';
}
