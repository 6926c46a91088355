#define _DEFAULT_SOURCE
#include "fileio.h"
#include "err.h"
#include "secret.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int gz_fileio_write_all(int fd, const char *buf, size_t len)
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
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	int rc = 0;

	*out = NULL;
	*len = 0;
	if (!buf)
		return GZ_ERROR;
	for (;;) {
		ssize_t got;

		if (n + 1 == cap) {
			char *nb;

			if (n > max) {
				rc = GZ_EINVALID;
				goto done;
			}
			nb = malloc(cap * 2);
			if (!nb) {
				rc = GZ_ERROR;
				goto done;
			}
			memcpy(nb, buf, n);
			gz_secret_wipe(buf, n);
			free(buf);
			buf = nb;
			cap *= 2;
		}
		got = read(fd, buf + n, cap - 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = GZ_ERROR;
			goto done;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > max) {
		rc = GZ_EINVALID;
		goto done;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
done:
	if (buf) {
		gz_secret_wipe(buf, n);
		free(buf);
	}
	return rc;
}
