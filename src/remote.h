/* SPDX-License-Identifier: MIT */
#ifndef GZ_REMOTE_H
#define GZ_REMOTE_H

#include "org.h"

/*
 * Git remote URLs of Azure DevOps repositories: which organisation,
 * project and repository a remote names.
 *
 * Accepted (letters of the scheme, host and the keywords "_git",
 * "DefaultCollection", "_full", "_optimized", "v3" in any case):
 *
 *   https://[userinfo@]dev.azure.com[:443]/{org}/{project}/_git/{repo}
 *   https://[userinfo@]dev.azure.com[:443]/{org}/_git/{repo}
 *   https://[userinfo@]{org}.visualstudio.com[:443]/[DefaultCollection/]{project}/_git/{repo}
 *   https://[userinfo@]{org}.visualstudio.com[:443]/[DefaultCollection/]_git/{repo}
 *   [user@]ssh.dev.azure.com:v3/{org}/{project}/{repo}
 *   ssh://[user@]ssh.dev.azure.com[:22]/v3/{org}/{project}/{repo}
 *   [user@]vs-ssh.visualstudio.com:v3/{org}/{project}/{repo}
 *   ssh://[user@]vs-ssh.visualstudio.com[:22]/v3/{org}/{project}/{repo}
 *
 * In the https forms "_git/" may be followed by "_full/" or "_optimized/";
 * without a project the project is the repository. The user information
 * (e.g. "{org}@" or "user:password@") is ignored, never stored: the
 * organisation comes from the path or, for {org}.visualstudio.com, from
 * the host label. One trailing '/' is allowed. Nothing is stripped from
 * the repository name: Azure DevOps does not add ".git", so "web.git" is
 * the repository "web.git".
 *
 * {project} and {repo} are percent-decoded; after decoding each must be
 * non-empty valid UTF-8 without control bytes, '/' or '\', not "." or
 * "..", and not start with '_' (Azure DevOps reserves such names; this
 * also keeps "_git", "_apis" and the like out). {org} is not decoded and
 * must be a valid organisation name (org.h); it is stored in lower case.
 *
 * Everything else is GZ_ENOTOURS: other schemes (http, git, file), other
 * hosts and look-alikes (dev.azure.com.evil.example, a trailing dot), other
 * ports, empty path segments, a query or fragment, spaces or control bytes,
 * URLs longer than GZ_REMOTE_URL_MAX bytes.
 */

#define GZ_REMOTE_URL_MAX 4096

struct gz_remote {
	char org[GZ_ORG_BUF]; /* lower case */
	char *project;        /* percent-decoded, owned */
	char *repo;           /* percent-decoded, owned */
};

#define GZ_REMOTE_INIT { "", NULL, NULL }

/* Parses url into r, which must be initialised (GZ_REMOTE_INIT) or
 * released. Returns 0, GZ_ENOTOURS (reason in gz_error_last(), which never
 * repeats the URL: it may hold a password), GZ_ERROR (out of memory) or
 * GZ_EINVALID (r is NULL). On failure r is left released. */
int gz_remote_parse(struct gz_remote *r, const char *url);

/* Frees project and repo; r is GZ_REMOTE_INIT afterwards. Accepts NULL. */
void gz_remote_release(struct gz_remote *r);

/* The web page of a commit,
 * "https://dev.azure.com/{org}/{project}/_git/{repo}/commit/{sha}", with
 * project and repo percent-encoded. sha is 1-40 hex digits (normally the
 * full 40) and is copied as given. Returns a string the caller frees, or
 * NULL (error set) for an incomplete r, a bad sha or out of memory. */
char *gz_remote_commit_url(const struct gz_remote *r, const char *sha);

/* Percent-encodes segment for use as one path segment of a URL: every
 * byte but ASCII letters, digits and "-._~" becomes %XX (upper-case hex),
 * so '/' never survives. Returns a string the caller frees, or NULL for a
 * NULL segment or out of memory. */
char *gz_remote_escape(const char *segment);

#endif
