/* SPDX-License-Identifier: MIT */
#ifndef GZ_FUZZ_H
#define GZ_FUZZ_H

/*
 * Shared by the libFuzzer targets fuzz_<name>.c. Each target feeds the
 * input to one parser, checks the parser's documented contract on what it
 * returns (a broken promise is an abort(), which libFuzzer reports like a
 * crash), and releases everything (so a leak is a finding too).
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string in a buffer of exactly size + 1
 * bytes, so that AddressSanitizer sees any read past it. The string ends
 * at the first NUL of the input. NULL when out of memory. */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		if (size)
			memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* Contract check: abort (a finding) when cond is false. */
#define FUZZ_CHECK(cond)          \
	do {                      \
		if (!(cond))      \
			abort();  \
	} while (0)

#endif
