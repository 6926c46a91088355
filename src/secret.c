/* SPDX-License-Identifier: MIT */
#define _DEFAULT_SOURCE
#include "secret.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

int gz_secret_harden(void)
{
	struct rlimit rl = { 0, 0 };
	int rc = 0;

	if (setrlimit(RLIMIT_CORE, &rl) < 0)
		rc = GZ_ERROR;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		rc = GZ_ERROR;
	if (rc)
		gz_error_set("cannot disable core dumps");
	return rc;
}

void gz_secret_wipe(void *p, size_t len)
{
	if (p && len)
		explicit_bzero(p, len);
}

void gz_secret_free(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

int gz_secret_equal(const char *a, const char *b)
{
	size_t la, lb, i;
	unsigned char diff;

	if (!a || !b)
		return 0;
	la = strlen(a);
	lb = strlen(b);
	diff = (unsigned char)(la != lb);
	for (i = 0; i < la && i < lb; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

int gz_secret_is_pat(const char *s)
{
	size_t n, i;

	if (!s)
		return 0;
	n = strlen(s);
	if (n == 52) {
		for (i = 0; i < n; i++)
			if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '2' && s[i] <= '7')))
				return 0;
		return 1;
	}
	if (n == 84) {
		for (i = 0; i < n; i++)
			if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			      (s[i] >= '0' && s[i] <= '9')))
				return 0;
		return 1;
	}
	return 0;
}
