/* SPDX-License-Identifier: MIT */
#ifndef GZ_ERASE_H
#define GZ_ERASE_H

#include "recheck.h"
#include "store.h"

/*
 * Git's `erase` for the credential helper: Azure DevOps answered 401 to
 * `pat`. Only the organisation's stored PAT, when it is `pat`, is
 * concerned. Before anything is marked, the companion re-checks the PAT
 * (gz_recheck_decide says what follows); it runs under the organisation's
 * lock, so two failing Git processes never run two re-checks that race on
 * the entry: the later one waits, then reuses the result if it is at most
 * GZ_RECHECK_REUSE_S seconds old. Nothing is ever deleted.
 */

struct gz_erase_outcome {
	int acted; /* 0: nothing concerned this PAT (another PAT, already marked) */
	int reused; /* the result came from a re-check a few seconds old */
	enum gz_recheck_result result;
	struct gz_recheck_verdict verdict;
};

/*
 * companion: the absolute path of git-gitzen (gz_child_sibling), or NULL
 * when it is not there, which counts as a re-check without an answer.
 * Returns 0 (see o->acted), GZ_ENOTFOUND when no entry is stored, other
 * codes as gz_store_*; gz_error_last() says why.
 */
int gz_erase_recheck(struct gz_erase_outcome *o, struct gz_store *st, const char *org,
		     const char *pat, const char *companion);

#endif
