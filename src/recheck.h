/* SPDX-License-Identifier: MIT */
#ifndef GZ_RECHECK_H
#define GZ_RECHECK_H

#include <stddef.h>

/*
 * What the credential helper does when Git erases a PAT (Azure DevOps
 * answered 401 to it): the decision table. A 401 does not prove the PAT is
 * dead (a push with a Code (Read) PAT is refused with a 401 too), so the
 * companion first asks Azure DevOps about the PAT itself (connectionData);
 * its result and the push capability the last validation recorded decide
 * whether the PAT is marked, and which one line the user reads. Pure: no
 * I/O, no clock.
 *
 *   re-check     push (stored)   mark       message
 *   works        false           none       a push needs Code (Read & write)
 *   works        true            none       no access to this repository
 *   works        unknown         none       either of the two; validate tells
 *   rejected     any             rejected   rejected; create a new PAT
 *   expired      any             expired    expired; create a new PAT
 *   no answer    any             rejected   no answer; validate re-checks it
 */

enum gz_recheck_result {
	GZ_RECHECK_WORKS = 0, /* connectionData accepted the PAT */
	GZ_RECHECK_REJECTED,  /* revoked, unknown, other organisation */
	GZ_RECHECK_EXPIRED,   /* Azure DevOps says it has expired */
	GZ_RECHECK_NO_ANSWER  /* no (usable) answer within the bound */
};

enum gz_recheck_mark {
	GZ_RECHECK_KEEP = 0,     /* not marked: the next fetch uses it */
	GZ_RECHECK_MARK_REJECTED,
	GZ_RECHECK_MARK_EXPIRED
};

enum gz_recheck_msg {
	GZ_RECHECK_MSG_NEEDS_WRITE = 0, /* works, known to lack Code (Read & write) */
	GZ_RECHECK_MSG_NO_ACCESS,       /* works, can push: no access to this repository */
	GZ_RECHECK_MSG_WRITE_OR_ACCESS, /* works, push capability unknown */
	GZ_RECHECK_MSG_REJECTED,
	GZ_RECHECK_MSG_EXPIRED,
	GZ_RECHECK_MSG_NO_ANSWER
};

struct gz_recheck_verdict {
	enum gz_recheck_mark mark;
	enum gz_recheck_msg msg;
};

/* The bound on a re-check (the companion is killed past it), and how old a
 * recorded re-check may be for a later erase of the same PAT to reuse it. */
#define GZ_RECHECK_TIMEOUT_MS 10000
#define GZ_RECHECK_REUSE_S 5

/* The table above. push: 1 can push, 0 cannot, -1 unknown. */
struct gz_recheck_verdict gz_recheck_decide(enum gz_recheck_result result, int push);

/* The one-line message for msg about org (a normalised organisation name),
 * without the "gitzen: " prefix, into out (always NUL-terminated). Returns
 * out. */
char *gz_recheck_message(char *out, size_t outsz, enum gz_recheck_msg msg, const char *org);

/* The result's word in the companion's answer and in the store: "works",
 * "rejected", "expired", "no-answer". */
const char *gz_recheck_result_name(enum gz_recheck_result result);

/* The result a word names (a trailing newline is allowed), or GZ_EINVALID. */
int gz_recheck_result_parse(enum gz_recheck_result *out, const char *word);

#endif
