/* SPDX-License-Identifier: MIT */
#ifndef GZ_STATUS_H
#define GZ_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "remote.h"
#include "store.h"

/*
 * `git gitzen status`: for the repository around the current directory,
 * each remote on Azure DevOps (every URL form remote.h accepts), what it
 * names, whether Git asks git-credential-gitzen for it, and the state of
 * its organisation's PAT. Never the PAT itself.
 *
 * Needs git_libgit2_init(). Git's configuration is read as Git would read
 * it from the current directory, so a caller that looks at another
 * repository enters it first.
 */

struct gz_status_row {
	char *remote;   /* the remote's name; owned */
	char *url;      /* its URL (url.<base>.insteadOf applied), any password cut out; owned */
	int ssh;        /* an SSH URL: Git authenticates with SSH keys, not a credential helper */
	struct gz_remote where; /* organisation, project, repository */
	int configured; /* https: Git asks git-credential-gitzen for this URL first, and sends
			   it the path (useHttpPath) when the organisation is in the path */
	enum gz_entry_status state; /* GZ_ENTRY_NONE: no PAT stored, or the entry unreadable */
	char *user;     /* whose PAT; owned; NULL when unknown */
	int64_t expires; /* 0 = unknown */
	int push;       /* the PAT can push: 1, 0, -1 unknown */
	char *error;    /* the entry exists but cannot be read: why; owned; else NULL */
};

struct gz_status {
	char *workdir;  /* the repository's top directory (or git dir if bare); owned */
	struct gz_status_row *rows; /* in the order of `git remote` */
	size_t n;
	size_t others;  /* remotes that are not on Azure DevOps */
};

#define GZ_STATUS_INIT { NULL, NULL, 0, 0 }

/* Fills st for the repository around the current directory at time now.
 * GZ_ENOTFOUND outside a repository; GZ_ERROR (out of memory, a Git error)
 * with the reason in gz_error_last(). Release st whatever it returns. */
int gz_status_collect(struct gz_status *st, int64_t now);

/* 1 when Git gets a PAT it can use for the remote: one is stored and is
 * neither expired nor rejected, and (for https) Git asks gitzen for it. */
int gz_status_usable(const struct gz_status_row *row);

void gz_status_release(struct gz_status *st);

#endif
