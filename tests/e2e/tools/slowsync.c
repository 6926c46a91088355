/* SPDX-License-Identifier: MIT */
/*
 * slowsync.so — an LD_PRELOAD shim for the stress tests: fsync() and fdatasync() take a random
 * 0..SLOWSYNC_MAX_US microseconds longer, as they do on a real disk (the test machines' disks
 * answer in microseconds, which hides every race between a read and the rename that follows the
 * fsync). Nothing else changes; without SLOWSYNC_MAX_US it does nothing.
 *
 *   cc -shared -fPIC -O2 -o slowsync.so tests/e2e/tools/slowsync.c -ldl
 *   SLOWSYNC_MAX_US=3000 LD_PRELOAD=$PWD/slowsync.so git-credential-gitzen store <req
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void pause_some(void)
{
	const char *v = getenv("SLOWSYNC_MAX_US");
	long max = v ? atol(v) : 0;
	struct timespec ts;
	uint64_t x;

	if (max <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	x = (uint64_t)ts.tv_nsec * 6364136223846793005ULL + (uint64_t)getpid() * 1442695040888963407ULL;
	x ^= x >> 29;
	x %= (uint64_t)max;
	ts.tv_sec = (time_t)(x / 1000000);
	ts.tv_nsec = (long)(x % 1000000) * 1000;
	while (nanosleep(&ts, &ts) < 0)
		;
}

int fsync(int fd)
{
	static int (*real)(int);

	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	pause_some();
	return real(fd);
}

int fdatasync(int fd)
{
	static int (*real)(int);

	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	pause_some();
	return real(fd);
}
