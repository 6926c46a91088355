/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "status.h"
#include "err.h"
#include "gitrepo.h"
#include "gitview.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A copy of url without the password of its user information. */
static char *without_password(const char *url)
{
	const char *scheme = strstr(url, "://"), *auth, *at = NULL, *colon, *p;
	char *out;
	size_t alen;

	if (!scheme)
		return strdup(url);
	auth = scheme + 3;
	alen = strcspn(auth, "/?#");
	for (p = auth; p < auth + alen; p++)
		if (*p == '@')
			at = p;
	colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (!colon)
		return strdup(url);
	out = malloc(strlen(url) + 1);
	if (!out)
		return NULL;
	memcpy(out, url, (size_t)(colon - url));
	strcpy(out + (colon - url), at);
	return out;
}

/* 1 for https://[userinfo@]dev.azure.com..., 0 for {org}.visualstudio.com */
static int on_dev_azure(const char *url)
{
	const char *auth = url + 8; /* after "https://" (gz_remote_parse accepted it) */
	size_t alen = strcspn(auth, "/"), i;

	for (i = alen; i > 0; i--)
		if (auth[i - 1] == '@')
			break;
	return !strncasecmp(auth + i, "dev.azure.com", 13);
}

static int is_ssh(const char *url)
{
	return !strncasecmp(url, "ssh://", 6) || !strstr(url, "://");
}

/* What Git asks for the two URL families: 1 when gitzen answers first. */
struct asks {
	int helper[GZ_GITVIEW_NURLS];
	int http_path[GZ_GITVIEW_NURLS];
};

static void read_asks(struct asks *a)
{
	unsigned i;

	for (i = 0; i < GZ_GITVIEW_NURLS; i++) {
		struct gz_gitview v = GZ_GITVIEW_INIT;

		a->helper[i] = gz_gitview_load(&v, i) == 0 && !v.invalid && v.n && v.helpers[0].ours;
		a->http_path[i] = v.use_http_path == 1;
		gz_gitview_release(&v);
	}
}

/* https://{org}@dev.azure.com/...: the organisation also reaches the helper
 * as the user name, without useHttpPath */
static int org_as_user(const char *url, const char *org)
{
	size_t n = strlen(org);

	return !strncasecmp(url, "https://", 8) && !strncasecmp(url + 8, org, n) &&
	       url[8 + n] == '@';
}

static void fill_pat(struct gz_status_row *row, struct gz_store *store, int64_t now)
{
	struct gz_entry e;
	int rc = gz_store_load(&e, store, row->where.org);

	row->state = GZ_ENTRY_NONE;
	row->push = -1;
	if (rc == GZ_ENOTFOUND)
		return;
	if (rc) {
		row->error = strdup(gz_error_last());
		return;
	}
	row->state = gz_entry_status(&e, now);
	row->user = e.user;
	e.user = NULL;
	row->expires = e.expires;
	row->push = e.push; /* recorded by the last validation (src/validate.c) */
	gz_entry_release(&e);
}

static int add_row(struct gz_status *st, git_repository *repo, const char *name,
		   const struct asks *asks, struct gz_store *store, int64_t now)
{
	git_remote *remote = NULL;
	struct gz_status_row *row;
	struct gz_remote where = GZ_REMOTE_INIT;
	const char *url;
	int rc = 0;

	if (git_remote_lookup(&remote, repo, name) || !(url = git_remote_url(remote)) ||
	    gz_remote_parse(&where, url)) {
		st->others++;
		goto done;
	}
	row = realloc(st->rows, (st->n + 1) * sizeof(*row));
	if (!row) {
		gz_error_set("out of memory");
		rc = GZ_ERROR;
		goto done;
	}
	st->rows = row;
	row += st->n++;
	memset(row, 0, sizeof(*row));
	row->where = where;
	where = (struct gz_remote)GZ_REMOTE_INIT;
	row->remote = strdup(name);
	row->url = without_password(url);
	row->ssh = is_ssh(url);
	if (!row->ssh) {
		unsigned i = !on_dev_azure(url); /* gz_gitview_url(): 0 dev.azure.com, 1 *.visualstudio.com */

		row->configured = asks->helper[i] &&
				  (i == 1 || asks->http_path[i] || org_as_user(url, row->where.org));
	}
	fill_pat(row, store, now);
	if (!row->remote || !row->url) {
		gz_error_set("out of memory");
		rc = GZ_ERROR;
	}
done:
	gz_remote_release(&where);
	git_remote_free(remote);
	return rc;
}

int gz_status_collect(struct gz_status *st, int64_t now)
{
	git_repository *repo = NULL;
	git_strarray names = { NULL, 0 };
	struct gz_store store = GZ_STORE_INIT;
	struct asks asks;
	const char *top;
	size_t i;
	int rc = 0;

	rc = gz_gitrepo_open(&repo, NULL);
	if (rc)
		return rc;
	top = git_repository_workdir(repo);
	st->workdir = strdup(top ? top : git_repository_path(repo));
	if (git_remote_list(&names, repo)) {
		const git_error *e = git_error_last();

		gz_error_set("cannot read the remotes: %s", e && e->message ? e->message : "?");
		rc = GZ_ERROR;
		goto done;
	}
	if (gz_store_init(&store)) {
		rc = GZ_ERROR;
		goto done;
	}
	read_asks(&asks);
	for (i = 0; i < names.count && !rc; i++)
		rc = add_row(st, repo, names.strings[i], &asks, &store, now);
	if (!rc && !st->workdir) {
		gz_error_set("out of memory");
		rc = GZ_ERROR;
	}
done:
	gz_store_release(&store);
	git_strarray_dispose(&names);
	git_repository_free(repo);
	return rc;
}

int gz_status_usable(const struct gz_status_row *row)
{
	switch (row->state) {
	case GZ_ENTRY_NONE:
	case GZ_ENTRY_EXPIRED:
	case GZ_ENTRY_REJECTED:
	case GZ_ENTRY_STATUS_COUNT:
		return 0;
	case GZ_ENTRY_OK:
	case GZ_ENTRY_EXPIRING:
	case GZ_ENTRY_MISSING_SCOPES:
	case GZ_ENTRY_UNVALIDATED:
		break;
	}
	return row->ssh || row->configured;
}

void gz_status_release(struct gz_status *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->n; i++) {
		free(st->rows[i].remote);
		free(st->rows[i].url);
		gz_remote_release(&st->rows[i].where);
		free(st->rows[i].user);
		free(st->rows[i].error);
	}
	free(st->rows);
	free(st->workdir);
	*st = (struct gz_status)GZ_STATUS_INIT;
}
