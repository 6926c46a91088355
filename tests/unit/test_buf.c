/* SPDX-License-Identifier: MIT */
/* The bounded buffer (buf.h): its bound, its reads, and that every block
 * it lets go of is wiped first (free is wrapped: -Wl,--wrap=free). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include "freewatch.h"

#include "buf.h"
#include "err.h"

/* ---- tests --------------------------------------------------------------- */

static void buf__holds_up_to_max_and_refuses_more_unchanged(void **state)
{
	struct gz_buf b = GZ_BUF_INIT(8);

	(void)state;
	assert_int_equal(gz_buf_adds(&b, "abcd"), 0);
	assert_int_equal(gz_buf_adds(&b, "efgh"), 0);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.ptr, "abcdefgh");
	assert_int_equal(gz_buf_adds(&b, "i"), GZ_EINVALID);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.ptr, "abcdefgh");
	assert_int_equal(gz_buf_add(&b, "", 0), 0);
	gz_buf_release(&b);
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
}

static void buf__a_huge_append_is_refused_without_overflow(void **state)
{
	struct gz_buf b = GZ_BUF_INIT(16);

	(void)state;
	assert_int_equal(gz_buf_adds(&b, "x"), 0);
	assert_int_equal(gz_buf_add(&b, "y", (size_t)-1), GZ_EINVALID);
	assert_string_equal(b.ptr, "x");
	gz_buf_release(&b);
}

static void buf__growing_wipes_the_old_block(void **state)
{
	struct gz_buf b = GZ_BUF_INIT(1 << 20);
	char chunk[200];
	const char *old;

	(void)state;
	memset(chunk, 'S', sizeof(chunk));
	assert_int_equal(gz_buf_add(&b, chunk, sizeof(chunk)), 0);
	old = b.ptr;
	freewatch(old, b.cap);
	while (b.ptr == old)
		assert_int_equal(gz_buf_add(&b, chunk, sizeof(chunk)), 0);
	assert_true(freewatch_seen);
	assert_false(freewatch_dirty);
	gz_buf_release(&b);
}

static void buf__release_and_reset_wipe(void **state)
{
	struct gz_buf b = GZ_BUF_INIT(64);

	(void)state;
	assert_int_equal(gz_buf_adds(&b, "secret-secret"), 0);
	gz_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	assert_null(memmem(b.ptr, b.cap, "secret", 6));
	assert_int_equal(gz_buf_adds(&b, "secret-again"), 0);
	freewatch(b.ptr, b.cap);
	gz_buf_release(&b);
	assert_true(freewatch_seen);
	assert_false(freewatch_dirty);
}

static void buf__detach_hands_over_a_string(void **state)
{
	struct gz_buf b = GZ_BUF_INIT(64);
	size_t n = 99;
	char *s;

	(void)state;
	s = gz_buf_detach(&b, &n);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	free(s);
	assert_int_equal(gz_buf_adds(&b, "abc"), 0);
	s = gz_buf_detach(&b, &n);
	assert_string_equal(s, "abc");
	assert_int_equal(n, 3);
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	free(s);
	gz_buf_release(&b);
}

/* a pipe holding `text`, write end closed when close_it */
static int pipe_with(const char *text, size_t len, int close_it, int *wfd)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], text, len), (ssize_t)len);
	if (close_it)
		close(p[1]);
	else
		*wfd = p[1];
	return p[0];
}

static void buf__read_fd_reads_to_the_end(void **state)
{
	struct gz_buf b = GZ_BUF_INIT(16);
	int fd = pipe_with("exactly 16 bytes", 16, 1, NULL);

	(void)state;
	assert_int_equal(gz_buf_read_fd(&b, fd), 0);
	assert_int_equal(b.len, 16);
	assert_string_equal(b.ptr, "exactly 16 bytes");
	close(fd);
	gz_buf_release(&b);
}

static void buf__read_fd_stops_one_byte_past_max(void **state)
{
	struct gz_buf b = GZ_BUF_INIT(15);
	int fd = pipe_with("exactly 16 bytes", 16, 1, NULL);

	(void)state;
	assert_int_equal(gz_buf_read_fd(&b, fd), GZ_EINVALID);
	assert_true(b.len <= 15);
	close(fd);
	gz_buf_release(&b);
}

static void buf__an_endless_stream_is_refused(void **state)
{
	struct gz_buf b = GZ_BUF_INIT(4096);
	int fd = open("/dev/zero", O_RDONLY);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(gz_buf_read_fd(&b, fd), GZ_EINVALID);
	close(fd);
	gz_buf_release(&b);
}

static void buf__read_until_stops_at_the_line_without_waiting_for_the_end(void **state)
{
	struct gz_buf b = GZ_BUF_INIT(4096);
	int wfd = -1;
	int fd = pipe_with("line one\nmore", 13, 0, &wfd);

	(void)state;
	/* the write end is still open: reading to the end would block */
	assert_int_equal(gz_buf_read_fd_until(&b, fd, '\n'), 0);
	assert_non_null(memchr(b.ptr, '\n', b.len));
	assert_int_equal(strncmp(b.ptr, "line one\n", 9), 0);
	close(wfd);
	close(fd);
	gz_buf_release(&b);
}

static void buf__read_error_is_gz_error_with_errno(void **state)
{
	struct gz_buf b = GZ_BUF_INIT(16);

	(void)state;
	errno = 0;
	assert_int_equal(gz_buf_read_fd(&b, -1), GZ_ERROR);
	assert_int_equal(errno, EBADF);
	gz_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf__holds_up_to_max_and_refuses_more_unchanged),
		cmocka_unit_test(buf__a_huge_append_is_refused_without_overflow),
		cmocka_unit_test(buf__growing_wipes_the_old_block),
		cmocka_unit_test(buf__release_and_reset_wipe),
		cmocka_unit_test(buf__detach_hands_over_a_string),
		cmocka_unit_test(buf__read_fd_reads_to_the_end),
		cmocka_unit_test(buf__read_fd_stops_one_byte_past_max),
		cmocka_unit_test(buf__an_endless_stream_is_refused),
		cmocka_unit_test(buf__read_until_stops_at_the_line_without_waiting_for_the_end),
		cmocka_unit_test(buf__read_error_is_gz_error_with_errno),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
