/* SPDX-License-Identifier: MIT */
#ifndef GZ_TEST_FREEWATCH_H
#define GZ_TEST_FREEWATCH_H

/*
 * For unit tests linked with -Wl,--wrap=free (tests/CMakeLists.txt lists
 * them): every free() of the code under test goes through __wrap_free,
 * which checks the one watched block. freewatch(p, n) watches p's first n
 * bytes; after the code frees it, freewatch_seen says it reached free and
 * freewatch_dirty that a byte was not zero then. Include once per test.
 */

#include <stddef.h>

void __real_free(void *p);
void __wrap_free(void *p);

static const void *freewatch_ptr;
static size_t freewatch_len;
static int freewatch_seen, freewatch_dirty;

void __wrap_free(void *p)
{
	if (p && p == freewatch_ptr) {
		const unsigned char *c = p;
		size_t i;

		freewatch_seen = 1;
		for (i = 0; i < freewatch_len; i++)
			if (c[i])
				freewatch_dirty = 1;
	}
	__real_free(p);
}

static inline void freewatch(const void *p, size_t len)
{
	freewatch_ptr = p;
	freewatch_len = len;
	freewatch_seen = freewatch_dirty = 0;
}

#endif
