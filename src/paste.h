/* SPDX-License-Identifier: MIT */
#ifndef GZ_PASTE_H
#define GZ_PASTE_H

#include <stddef.h>

/*
 * What is wrong with a value pasted as an Azure DevOps PAT, named before
 * anything is sent anywhere. A PAT is 52 characters of a-z and 2-7 (the
 * legacy format) or 84 ASCII letters and digits (the current format);
 * gz_paste_check() names the first rule the value breaks, in this order:
 * empty, control characters, surrounding quotes, white space (leading,
 * trailing, inside), a token of another service (GitHub, GitLab), the
 * length, the characters of the format its length selects.
 *
 * Messages never contain the value or any part of it: they name the rule,
 * the length and classes of characters, never a character of the value.
 */

enum gz_paste_problem {
	GZ_PASTE_OK = 0,     /* has the shape of a PAT */
	GZ_PASTE_EMPTY,      /* nothing, or white space only */
	GZ_PASTE_CONTROL,    /* control bytes (a terminal escape sequence, say) */
	GZ_PASTE_QUOTED,     /* in quotes, '...' or "..." */
	GZ_PASTE_LEADING,    /* white space before it */
	GZ_PASTE_TRAILING,   /* white space after it */
	GZ_PASTE_INSIDE,     /* white space inside it */
	GZ_PASTE_GITHUB,     /* ghp_, gho_, ghu_, ghs_, ghr_, github_pat_ */
	GZ_PASTE_GITLAB,     /* glpat- */
	GZ_PASTE_LENGTH,     /* neither 52 nor 84 characters */
	GZ_PASTE_LEGACY_CASE,  /* 52 characters with upper-case letters */
	GZ_PASTE_LEGACY_CHARS, /* 52 characters outside a-z, 2-7 */
	GZ_PASTE_CHARS       /* 84 characters, not all letters and digits */
};

/* Diagnoses s (NULL counts as empty). Writes one sentence (no trailing
 * period, no newline) into msg when msgsz > 0; "" for GZ_PASTE_OK. */
enum gz_paste_problem gz_paste_check(char *msg, size_t msgsz, const char *s);

/* 1 when a command-line word looks like a token (the shape of a PAT, a
 * GitHub or GitLab token, or more than 50 letters, digits, '-' and '_',
 * which no organisation name has): such a word must not be echoed. */
int gz_paste_looks_secret(const char *s);

#endif
