/* SPDX-License-Identifier: MIT */
#ifndef GZ_ERR_H
#define GZ_ERR_H

/*
 * The last-error slot. Library functions return 0 or one of the negative
 * codes below; the human-readable detail of the most recent failure is kept
 * here (one per process; gitzen is single-threaded where it matters) and
 * read by the front ends in helper/. Messages never contain secrets, and
 * anything derived from input is escaped before it is put here.
 */

enum {
	GZ_OK = 0,
	GZ_ERROR = -1,     /* generic failure, see gz_error_last() */
	GZ_ENOTFOUND = -2, /* no such entry / object */
	GZ_EINVALID = -3,  /* malformed input */
	GZ_EUNSAFE = -4,   /* state file or directory fails the safety checks */
	GZ_ENOTOURS = -5,  /* request is not for an Azure DevOps organisation */
	GZ_ENET = -6,      /* network or service failure */
	GZ_EAMBIGUOUS = -7, /* a prefix names more than one object */
	GZ_EUNAVAIL = -8,   /* a service (the keyring) is absent or did not answer in time */
	GZ_ELOCKED = -9,    /* the keyring is locked */
	GZ_ENEWER = -10     /* written by a newer gitzen (a format version this one does not read) */
};

void gz_error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *gz_error_last(void); /* never NULL; "" when unset */
void gz_error_clear(void);

#endif
