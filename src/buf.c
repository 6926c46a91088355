/* SPDX-License-Identifier: MIT */
#define _DEFAULT_SOURCE
#include "buf.h"
#include "err.h"
#include "secret.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BUF_FIRST 256
#define BUF_CHUNK 4096

void gz_buf_init(struct gz_buf *b, size_t max)
{
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

/* Makes room for `more` bytes after len, plus the NUL. The new block is
 * a copy; the old one is wiped before it is freed. */
static int grow(struct gz_buf *b, size_t more)
{
	size_t need, cap;
	char *nb;

	if (more > b->max || b->len > b->max - more)
		return GZ_EINVALID;
	need = b->len + more + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : BUF_FIRST;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	nb = malloc(cap);
	if (!nb) {
		errno = ENOMEM;
		return GZ_ERROR;
	}
	if (b->ptr) {
		memcpy(nb, b->ptr, b->len + 1);
		gz_secret_wipe(b->ptr, b->cap);
		free(b->ptr);
	} else {
		nb[0] = '\0';
	}
	b->ptr = nb;
	b->cap = cap;
	return 0;
}

int gz_buf_add(struct gz_buf *b, const void *data, size_t n)
{
	int rc;

	if (!n)
		return 0;
	rc = grow(b, n);
	if (rc)
		return rc;
	memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int gz_buf_adds(struct gz_buf *b, const char *s)
{
	return gz_buf_add(b, s, strlen(s));
}

static int read_some(struct gz_buf *b, int fd, int stop)
{
	for (;;) {
		size_t left = b->max - b->len, want;
		ssize_t got;
		int rc;

		if (!left) {
			/* full: one more byte tells the end of input from too much */
			char c;

			do
				got = read(fd, &c, 1);
			while (got < 0 && errno == EINTR);
			if (got < 0)
				return GZ_ERROR;
			gz_secret_wipe(&c, 1);
			return got ? GZ_EINVALID : 0;
		}
		want = left < BUF_CHUNK ? left : BUF_CHUNK;
		rc = grow(b, want);
		if (rc)
			return rc;
		do
			got = read(fd, b->ptr + b->len, want);
		while (got < 0 && errno == EINTR);
		if (got < 0)
			return GZ_ERROR;
		if (got == 0)
			return 0;
		b->len += (size_t)got;
		b->ptr[b->len] = '\0';
		if (stop >= 0 && memchr(b->ptr + b->len - (size_t)got, stop, (size_t)got))
			return 0;
	}
}

int gz_buf_read_fd(struct gz_buf *b, int fd)
{
	return read_some(b, fd, -1);
}

int gz_buf_read_fd_until(struct gz_buf *b, int fd, int stop)
{
	return read_some(b, fd, (unsigned char)stop);
}

void gz_buf_reset(struct gz_buf *b)
{
	if (b->ptr) {
		gz_secret_wipe(b->ptr, b->cap);
		b->ptr[0] = '\0';
	}
	b->len = 0;
}

char *gz_buf_detach(struct gz_buf *b, size_t *len)
{
	char *p;

	if (!b->ptr && grow(b, 0))
		return NULL;
	p = b->ptr;
	if (len)
		*len = b->len;
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

void gz_buf_release(struct gz_buf *b)
{
	if (!b)
		return;
	if (b->ptr) {
		gz_secret_wipe(b->ptr, b->cap);
		free(b->ptr);
	}
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
}
