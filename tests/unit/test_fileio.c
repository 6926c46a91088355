/* SPDX-License-Identifier: MIT */
/* fileio.h: the atomic replace (content, mode, what is left behind on
 * each failure, no descriptor leaked) and the bounded whole-file read. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "err.h"
#include "fileio.h"

struct fixture {
	char dir[64];
	int dfd;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/gz-fileio-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->dfd = open(f->dir, O_RDONLY | O_DIRECTORY);
	assert_true(f->dfd >= 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	close(f->dfd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n - 1; /* the one opendir holds */
}

/* names in the directory, sorted by readdir order, joined by ' ' */
static void entries(char *out, size_t n, int dfd)
{
	int fd = dup(dfd);
	DIR *d = fdopendir(fd);
	struct dirent *de;

	out[0] = '\0';
	assert_non_null(d);
	rewinddir(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? " " : "", de->d_name);
	closedir(d);
}

static char *slurp(int dfd, const char *name)
{
	char *s = NULL;
	size_t n;
	int fd = openat(dfd, name, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(gz_fileio_read_fd(&s, &n, fd, 4096), 0);
	close(fd);
	return s;
}

static void fileio__replace_writes_content_and_mode_and_leaves_no_temp(void **state)
{
	struct fixture *f = *state;
	enum gz_fileio_step step = GZ_FILEIO_RENAME;
	struct stat st;
	char names[256], *s;
	int fds = open_fds();

	assert_int_equal(gz_fileio_replace_at(f->dfd, "a.json", "old\n", 4, 0600, &step), 0);
	assert_int_equal(step, GZ_FILEIO_OK);
	assert_int_equal(gz_fileio_replace_at(f->dfd, "a.json", "new!\n", 5, 0640, NULL), 0);
	s = slurp(f->dfd, "a.json");
	assert_string_equal(s, "new!\n");
	free(s);
	assert_int_equal(fstatat(f->dfd, "a.json", &st, 0), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	entries(names, sizeof(names), f->dfd);
	assert_string_equal(names, "a.json");
	assert_int_equal(open_fds(), fds);
}

static void fileio__replace_by_path_uses_the_paths_directory(void **state)
{
	struct fixture *f = *state;
	char path[128], *s;

	snprintf(path, sizeof(path), "%s/config", f->dir);
	assert_int_equal(gz_fileio_replace(path, "[x]\n", 4, 0644, NULL), 0);
	s = slurp(f->dfd, "config");
	assert_string_equal(s, "[x]\n");
	free(s);
}

static void fileio__failed_rename_keeps_the_old_and_removes_the_temp(void **state)
{
	struct fixture *f = *state;
	enum gz_fileio_step step = GZ_FILEIO_OK;
	char names[256];
	int fds = open_fds();

	/* a non-empty directory cannot be replaced by a file */
	assert_int_equal(mkdirat(f->dfd, "a.json", 0700), 0);
	assert_int_equal(mkdirat(f->dfd, "a.json/inner", 0700), 0);
	assert_int_equal(gz_fileio_replace_at(f->dfd, "a.json", "new\n", 4, 0600, &step), GZ_ERROR);
	assert_int_equal(step, GZ_FILEIO_RENAME);
	assert_int_not_equal(errno, 0);
	entries(names, sizeof(names), f->dfd);
	assert_string_equal(names, "a.json");
	assert_int_equal(open_fds(), fds);
}

static void fileio__failed_write_keeps_the_old_and_removes_the_temp(void **state)
{
	struct fixture *f = *state;
	enum gz_fileio_step step = GZ_FILEIO_OK;
	struct rlimit old, small = { 8, 8 };
	char names[256], big[64], *s;
	int fds, rc, err;

	memset(big, 'x', sizeof(big));
	assert_int_equal(gz_fileio_replace_at(f->dfd, "a.json", "old\n", 4, 0600, NULL), 0);
	fds = open_fds();
	/* files may not grow past 8 bytes: the write fails with EFBIG */
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small.rlim_max = old.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	rc = gz_fileio_replace_at(f->dfd, "a.json", big, sizeof(big), 0600, &step);
	err = errno;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(rc, GZ_ERROR);
	assert_int_equal(step, GZ_FILEIO_WRITE);
	assert_int_equal(err, EFBIG);
	s = slurp(f->dfd, "a.json");
	assert_string_equal(s, "old\n");
	free(s);
	entries(names, sizeof(names), f->dfd);
	assert_string_equal(names, "a.json");
	assert_int_equal(open_fds(), fds);
}

static void fileio__failed_create_says_so_and_leaks_nothing(void **state)
{
	struct fixture *f = *state;
	enum gz_fileio_step step = GZ_FILEIO_OK;
	char name[300];
	int fds = open_fds();

	memset(name, 'n', 280);
	name[280] = '\0';
	assert_int_equal(gz_fileio_replace_at(f->dfd, name, "x", 1, 0600, &step), GZ_ERROR);
	assert_int_equal(step, GZ_FILEIO_CREATE);
	assert_int_equal(open_fds(), fds);
	assert_int_equal(gz_fileio_replace("/nonexistent-gz/dir/file", "x", 1, 0600, &step), GZ_ERROR);
	assert_int_equal(step, GZ_FILEIO_CREATE);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(open_fds(), fds);
}

static void fileio__temp_names_are_recognised_exactly(void **state)
{
	(void)state;
	assert_true(gz_fileio_is_temp_of(".contoso.json.aB3xY9", "contoso.json"));
	assert_false(gz_fileio_is_temp_of(".contoso.json.aB3xY", "contoso.json"));
	assert_false(gz_fileio_is_temp_of(".contoso.json.aB3xY90", "contoso.json"));
	assert_false(gz_fileio_is_temp_of(".contoso.json.aB3x.9", "contoso.json"));
	assert_false(gz_fileio_is_temp_of(".contoso2.json.aB3xY9", "contoso.json"));
	assert_false(gz_fileio_is_temp_of("contoso.json", "contoso.json"));
	assert_false(gz_fileio_is_temp_of(".fabrikam.json.aB3xY9", "contoso.json"));
}

static void fileio__read_fd_is_bounded(void **state)
{
	struct fixture *f = *state;
	char sentinel[] = "unchanged", *s = sentinel; /* must come back NULL */
	size_t n = 7;
	int fd;

	assert_int_equal(gz_fileio_replace_at(f->dfd, "a", "0123456789", 10, 0600, NULL), 0);
	fd = openat(f->dfd, "a", O_RDONLY);
	assert_int_equal(gz_fileio_read_fd(&s, &n, fd, 9), GZ_EINVALID);
	assert_null(s);
	assert_int_equal(n, 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(gz_fileio_read_fd(&s, &n, fd, 10), 0);
	assert_string_equal(s, "0123456789");
	assert_int_equal(n, 10);
	free(s);
	close(fd);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(fileio__replace_writes_content_and_mode_and_leaves_no_temp),
		T(fileio__replace_by_path_uses_the_paths_directory),
		T(fileio__failed_rename_keeps_the_old_and_removes_the_temp),
		T(fileio__failed_write_keeps_the_old_and_removes_the_temp),
		T(fileio__failed_create_says_so_and_leaks_nothing),
		T(fileio__temp_names_are_recognised_exactly),
		T(fileio__read_fd_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
