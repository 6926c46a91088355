/* SPDX-License-Identifier: MIT */
#ifndef GZ_VALIDATE_H
#define GZ_VALIDATE_H

#include <stdint.h>

#include "http.h"
#include "org.h"
#include "store.h"

/*
 * Checks a PAT against Azure DevOps the only way the service allows: by
 * trying it. First connectionData (any PAT may call it): it proves the PAT
 * works at all for this organisation and says whose it is; next to it, in
 * the same round trip, one project of the organisation is listed ($top=1),
 * for the Service Connections probe to post to a project that exists (the
 * zero GUID only when the organisation has none). Then one probe per
 * required scope and the push probe (Code Read & write, information only),
 * all at once on the same connection pool; a 401 on a probe after
 * connectionData succeeded means that scope is missing. Two sequential
 * round trips in all.
 */

/* The result (enum gz_vstatus, gz_vstatus_name) is the entry's vocabulary:
 * entry.h, which the store keeps. */

struct gz_report {
	char org[GZ_ORG_BUF];
	enum gz_vstatus status;
	char *user;         /* whose PAT it is (from connectionData), or NULL */
	unsigned checked;   /* scopes with a definite answer (bit mask over gz_scope_id) */
	unsigned present;   /* scopes found present */
	unsigned read_only; /* scopes missing, but their read-only variant is there */
	int unknown_org;    /* the organisation does not exist (404) */
	int push;           /* can push (Code Read & write): 1 yes, 0 no, -1 unknown */
	char *detail;       /* why rejected / unreachable; raw server text, escape before printing */
	int64_t when;
};

#define GZ_REPORT_INIT { "", GZ_VSTATUS_UNREACHABLE, NULL, 0, 0, 0, 0, -1, NULL, 0 }

/* Runs the checks for org (normalised) with pat. Returns 0 whenever a
 * report was produced (whatever it says), GZ_ERROR on local failure. */
int gz_validate_run(struct gz_report *r, struct gz_http *h, const char *org, const char *pat);

/* The same, calling progress (when not NULL) as each scope's answer comes
 * back, in the order they arrive. */
typedef void (*gz_validate_progress_fn)(void *ctx, unsigned scope, int present);
int gz_validate_run_progress(struct gz_report *r, struct gz_http *h, const char *org,
			     const char *pat, gz_validate_progress_fn progress, void *ctx);

/* Only the first check: does Azure DevOps accept the PAT at all, and
 * whose is it (connectionData, one request). r->status is OK, REJECTED,
 * EXPIRED or UNREACHABLE; no scope is checked. Returns as gz_validate_run. */
int gz_validate_connection(struct gz_report *r, struct gz_http *h, const char *org,
			   const char *pat);

/* Records the result in the entry (gz_entry_apply: status, scopes, user,
 * time). An unreachable report leaves the previous scope results as they
 * were. 0, or GZ_ERROR when out of memory. */
int gz_report_apply(struct gz_entry *e, const struct gz_report *r);

/* Records r in the store under the organisation's lock, unless the stored
 * PAT is no longer pat (rotated meanwhile). *cleared (cleared may be NULL)
 * is set to "rejected" or "expired" when recording cleared such a mark,
 * else NULL. GZ_ENOTFOUND when there is no entry any more; other codes as
 * gz_store_*. */
int gz_validate_record(struct gz_store *st, const struct gz_report *r, const char *pat,
		       const char **cleared);

void gz_report_release(struct gz_report *r);

#endif
