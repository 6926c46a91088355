/* SPDX-License-Identifier: MIT */
#ifndef GZ_CRED_H
#define GZ_CRED_H

#include <stddef.h>

/*
 * Git's credential-helper request (see gitcredentials(7)).
 *
 * The reader is strict: a request is either entirely valid or it is
 * rejected as a whole (GZ_EINVALID) and must cause no output and no side
 * effect. Rejected: a repeated single-valued key, a CR anywhere but right
 * before LF, a NUL or other control byte, a line without '=', a line over
 * GZ_CRED_LINE_MAX bytes (newline included), more than GZ_CRED_TOTAL_MAX
 * bytes in all, any `url=` line, and a missing or empty protocol or host.
 * Unknown keys and `[]` keys are ignored, as Git asks. The request ends at
 * EOF or at the first blank line.
 *
 * All strings are owned by the struct; gz_cred_release() wipes the
 * password and frees everything.
 */

#define GZ_CRED_LINE_MAX 65535
#define GZ_CRED_TOTAL_MAX (1024 * 1024)

struct gz_cred {
	char *protocol;
	char *host;
	char *path; /* NULL when Git did not send one */
	char *username;
	char *password; /* secret */
	char *password_expiry_utc;
	int ephemeral; /* ephemeral=1 (or true) was sent */
};

#define GZ_CRED_INIT { NULL, NULL, NULL, NULL, NULL, NULL, 0 }

/* Parses buf[0..len). Returns 0 or GZ_EINVALID (detail in gz_error_last,
 * never containing a value). On failure c is left released. */
int gz_cred_parse(struct gz_cred *c, const char *buf, size_t len);

/* Reads the whole request from fd (bounded) and parses it. */
int gz_cred_read(struct gz_cred *c, int fd);

void gz_cred_release(struct gz_cred *c);

#endif
