/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "stdfd.h"

/*
 * Each case runs in a child process, which closes some of 0-2 and calls
 * gz_stdfd_ensure(); the child's exit status says which check failed.
 */

static int is_devnull(int fd)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat("/dev/null", &b) == 0 && S_ISCHR(a.st_mode) &&
	       a.st_rdev == b.st_rdev;
}

/* The lowest free descriptor. */
static int lowest_free(void)
{
	int fd = open("/dev/null", O_RDONLY);

	if (fd >= 0)
		close(fd);
	return fd;
}

/* closed: bit k set = descriptor k is closed before the call. */
static int child(unsigned closed)
{
	int p[2], k, before;

	if (pipe(p) < 0 || dup2(p[1], 1) < 0)
		return 10;
	close(p[0]);
	close(p[1]);
	before = lowest_free(); /* above 2, whatever this process inherited */
	for (k = 0; k < 3; k++)
		if (closed & (1u << k))
			close(k);
	if (gz_stdfd_ensure() != 0)
		return 11;
	for (k = 0; k < 3; k++) {
		if (fcntl(k, F_GETFD) < 0)
			return 20 + k; /* still closed */
		if ((closed & (1u << k)) && !is_devnull(k))
			return 30 + k; /* opened on something else */
	}
	if (!(closed & 2u) && is_devnull(1))
		return 40; /* the open stdout (a pipe) was replaced */
	if (lowest_free() != before)
		return 50; /* a descriptor above 2 was left open */
	/* the first file opened now can no longer land on 0-2 */
	if (lowest_free() <= 2)
		return 60;
	return 0;
}

static void run_child(unsigned closed)
{
	pid_t pid = fork();
	int st = 0;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child(closed));
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void stdfd__open_descriptors_are_left_alone(void **state)
{
	(void)state;
	run_child(0);
}

static void stdfd__a_closed_stdout_is_opened_on_dev_null(void **state)
{
	(void)state;
	run_child(2u);
}

static void stdfd__closed_stdin_or_stderr_are_opened_on_dev_null(void **state)
{
	(void)state;
	run_child(1u);
	run_child(4u);
	run_child(5u);
}

static void stdfd__all_three_closed_are_all_opened_on_dev_null(void **state)
{
	(void)state;
	run_child(7u);
	run_child(3u);
	run_child(6u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stdfd__open_descriptors_are_left_alone),
		cmocka_unit_test(stdfd__a_closed_stdout_is_opened_on_dev_null),
		cmocka_unit_test(stdfd__closed_stdin_or_stderr_are_opened_on_dev_null),
		cmocka_unit_test(stdfd__all_three_closed_are_all_opened_on_dev_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
