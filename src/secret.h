/* SPDX-License-Identifier: MIT */
#ifndef GZ_SECRET_H
#define GZ_SECRET_H

#include <stddef.h>

/*
 * Secrets (PATs) are wiped with explicit_bzero before their memory is
 * released, and the process is made non-dumpable so a crash never writes
 * one into a core file.
 */

/* Disables core dumps and ptrace-style reads of this process. Returns 0 or
 * GZ_ERROR (the process keeps running either way). */
int gz_secret_harden(void);

/* Wipes and frees a NUL-terminated secret; accepts NULL. */
void gz_secret_free(char *s);

/* Wipes len bytes. */
void gz_secret_wipe(void *p, size_t len);

/* Constant-time comparison of two NUL-terminated strings; 1 if equal. */
int gz_secret_equal(const char *a, const char *b);

/* 1 if s has the shape of an Azure DevOps PAT: 52 characters of a-z and
 * 2-7 (legacy), or 84 ASCII letters and digits (current format). */
int gz_secret_is_pat(const char *s);

#endif
