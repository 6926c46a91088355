/* SPDX-License-Identifier: MIT */
#ifndef GZ_RESOLVE_H
#define GZ_RESOLVE_H

#include <stddef.h>

#include "http.h"
#include "ref.h"
#include "store.h"

/*
 * Resolution of gz# references to commits.
 *
 * Each reference (deduplicate the list first) is looked up:
 *  1. locally, with libgit2, when it names the repository at hand
 *     (unqualified, or qualified with the organisation, project and
 *     repository of its `origin`): a unique prefix gives the commit; an
 *     ambiguous one is reported with its number of candidates, never
 *     guessed;
 *  2. else remotely, through the Azure DevOps REST API of the repository
 *     it names (qualifiers completed from `origin`): full SHAs in
 *     commitsbatch requests of at most GZ_RESOLVE_BATCH ids, short ones by
 *     the commit-range query. Before any remote call the organisation's
 *     PAT must have Code (Read), known from its stored validation when
 *     that is younger than GZ_RESOLVE_FRESH seconds, else by validating it
 *     now (and recording the result).
 * A range query refused (400, or a 404 that names neither project nor
 * repository: the query is inferred, not documented) leaves the short SHA
 * "unchecked", advising the full SHA; it is no service failure.
 * Whatever cannot be decided leaves the reference "unchecked" or
 * "not_found" with a message that says why; the others still resolve.
 */

#define GZ_RESOLVE_BATCH 100
#define GZ_RESOLVE_FRESH (24 * 3600)
/* Remote lookups (REST requests for commits: one range query per short
 * SHA, one commitsbatch per repository and 100 full SHAs) per run: text a
 * customer wrote must not spend the user's PAT and rate limit without end.
 * Git's gitzen.maxRemoteLookups sets it (0 to GZ_RESOLVE_LOOKUPS_LIMIT);
 * the references whose lookups come past it, in order of appearance, are
 * "unchecked" with over_bound set, and no request is made for them. */
#define GZ_RESOLVE_LOOKUPS 100
#define GZ_RESOLVE_LOOKUPS_LIMIT 100000
#define GZ_RESOLVE_LOOKUPS_KEY "gitzen.maxRemoteLookups"

enum gz_rstatus { GZ_RSTATUS_RESOLVED, GZ_RSTATUS_AMBIGUOUS, GZ_RSTATUS_NOT_FOUND, GZ_RSTATUS_UNCHECKED };

struct gz_resolved {
	const struct gz_ref *ref; /* borrowed from the list given to gz_resolve_run */
	enum gz_rstatus status;
	char sha[41];        /* full SHA when resolved, else "" */
	const char *source;  /* "local", "remote" or NULL */
	char *org, *project, *repo; /* the repository it was looked up in, or NULL */
	char *subject, *author, *date, *url;
	char *message;       /* why it is not resolved (raw: escape before printing) */
	size_t candidates;   /* for ambiguous references */
	int over_bound;      /* unchecked: not looked up, past the run's bound */
};

struct gz_resolve {
	/* in: set before gz_resolve_run */
	const char *repo_dir; /* NULL: the repository around the current directory */
	struct gz_http *http; /* borrowed */
	struct gz_store *store; /* borrowed */
	/* out */
	struct gz_resolved *v; /* one per reference, in the list's order */
	size_t n;
	int service_error;     /* some reference is unchecked because Azure DevOps failed */
	size_t requests;       /* REST requests made (commits, batches, range queries) */
	size_t max_lookups;    /* the bound of this run (GZ_RESOLVE_LOOKUPS or Git's setting) */
	size_t over_bound;     /* references left unchecked by it */
};

#define GZ_RESOLVE_INIT { NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0 }

/* 0 when every reference got a status (whatever it is); GZ_EINVALID when
 * repo_dir is set and is not a Git repository, or gitzen.maxRemoteLookups
 * is not a number from 0 to GZ_RESOLVE_LOOKUPS_LIMIT (nothing looked up);
 * GZ_ERROR on a local failure (out of memory). Requires
 * git_libgit2_init(). Turns off libgit2's strict hash verification while it
 * runs (a process-wide option) and turns it back on before it returns. */
int gz_resolve_run(struct gz_resolve *r, const struct gz_ref_list *refs);

/* "resolved", "ambiguous", "not_found", "unchecked" */
const char *gz_rstatus_name(enum gz_rstatus s);

void gz_resolve_release(struct gz_resolve *r);

#endif
