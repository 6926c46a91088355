/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "gitview.h"
#include "err.h"
#include "esc.h"
#include "gitrepo.h"
#include "helperval.h"
#include "urlmatch.h"

#include <errno.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const urls[GZ_GITVIEW_NURLS] = {
	"https://dev.azure.com",
	"https://*.visualstudio.com",
};

const char *gz_gitview_url(unsigned i)
{
	return i < GZ_GITVIEW_NURLS ? urls[i] : NULL;
}

static int oom(void)
{
	gz_error_set("out of memory");
	return GZ_ERROR;
}

int gz_gitview_applies(const char *name, const char *key, unsigned i)
{
	struct gz_urlmatch_url family = GZ_URLMATCH_URL_INIT, pat = GZ_URLMATCH_URL_INIT;
	const char *url, *k;
	size_t len;
	char *sub;
	int scoped = gz_urlmatch_split(&url, &len, &k, name, "credential"), yes, rc;

	if (scoped < 0 || i >= GZ_GITVIEW_NURLS || strcmp(k, key))
		return 0;
	if (!scoped)
		return 1; /* credential.<key>: every URL */
	sub = strndup(url, len);
	if (!sub || gz_urlmatch_parse(&family, urls[i], GZ_URLMATCH_GLOBS) < 0) {
		free(sub);
		return 1; /* cannot tell: report it as applying */
	}
	rc = gz_urlmatch_parse(&pat, sub, GZ_URLMATCH_GLOBS);
	if (rc == 0)
		yes = gz_urlmatch_overlap(&pat, &family);
	else if (rc == GZ_EINVALID) /* Git then compares it field by field */
		yes = gz_urlmatch_partial_overlap(sub, &family);
	else
		yes = 1;
	gz_urlmatch_release(&pat);
	gz_urlmatch_release(&family);
	free(sub);
	return yes;
}

static void git_fail(const char *what)
{
	const git_error *ge = git_error_last();
	char e[512];

	gz_error_set("%s: %s", what,
		     gz_esc(e, sizeof(e), ge && ge->message ? ge->message : "unknown libgit2 error"));
}

static int push_helper(struct gz_gitview *v, size_t *cap, const git_config_entry *e)
{
	struct gz_gitview_helper *h;

	if (v->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct gz_gitview_helper *nh = realloc(v->helpers, nc * sizeof(*nh));

		if (!nh)
			return oom();
		v->helpers = nh;
		*cap = nc;
	}
	h = &v->helpers[v->n];
	h->value = strdup(e->value);
	if (!h->value)
		return oom();
	h->origin = gz_gitrepo_level_name(e->level);
	h->ours = gz_helperval_is_ours(e->value);
	v->n++;
	return 0;
}

static void clear_helpers(struct gz_gitview *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->helpers[i].value);
	v->n = 0;
}

int gz_gitview_load(struct gz_gitview *v, unsigned i)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	size_t cap = 0;
	int err = 0, rc;

	memset(v, 0, sizeof(*v));
	v->use_http_path = -1;
	v->url = i;
	if (i >= GZ_GITVIEW_NURLS) {
		gz_error_set("no such URL");
		return GZ_EINVALID;
	}
	rc = gz_gitrepo_config(&cfg);
	if (rc)
		return rc;
	/* no glob: libgit2 1.5 leaks PCRE2 match data on every name that does not match */
	if (git_config_iterator_new(&it, cfg) < 0) {
		git_fail("cannot read Git's configuration");
		rc = GZ_ERROR;
		goto done;
	}
	while (!rc && (err = git_config_next(&e, it)) == 0) {
		int b;

		if (gz_gitview_applies(e->name, "helper", i)) {
			if (!e->value) {
				if (!v->invalid) {
					v->invalid = strdup(e->name);
					v->invalid_origin = gz_gitrepo_level_name(e->level);
					rc = v->invalid ? 0 : oom();
				}
			} else if (!*e->value) {
				clear_helpers(v);
				v->reset = 1;
			} else {
				rc = push_helper(v, &cap, e);
			}
		} else if (gz_gitview_applies(e->name, "usehttppath", i)) {
			if (!e->value || git_config_parse_bool(&b, e->value) == 0)
				v->use_http_path = !e->value || b;
		}
	}
	if (!rc && err != GIT_ITEROVER) {
		git_fail("cannot read Git's configuration");
		rc = GZ_ERROR;
	}
done:
	git_config_iterator_free(it);
	git_config_free(cfg);
	return rc;
}

void gz_gitview_release(struct gz_gitview *v)
{
	if (!v)
		return;
	clear_helpers(v);
	free(v->helpers);
	free(v->invalid);
	memset(v, 0, sizeof(*v));
	v->use_http_path = -1;
}

int gz_gitview_judge(struct gz_gitview_verdict *out, const struct gz_gitview *v)
{
	size_t k, first = v->n, after = v->n;
	char *path = NULL;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < v->n; k++)
		if (v->helpers[k].ours) {
			first = k;
			break;
		}
	for (k = first; k < v->n; k++)
		if (!v->helpers[k].ours) {
			after = k;
			break;
		}
	if (v->invalid) {
		out->problem = GZ_GITVIEW_INVALID;
	} else if (first == v->n) {
		out->problem = GZ_GITVIEW_NOT_ASKED;
	} else if (first > 0) {
		out->problem = GZ_GITVIEW_BEFORE;
	} else if (after < v->n) {
		out->problem = GZ_GITVIEW_AFTER;
		out->helper = after;
	} else if (gz_helperval_path(&path, v->helpers[first].value) == 0 && access(path, X_OK) != 0) {
		out->problem = GZ_GITVIEW_NOT_RUNNABLE;
		out->err = errno;
		out->helper = first;
		out->path = path;
		path = NULL;
	} else if (v->use_http_path != 1) {
		out->problem = GZ_GITVIEW_NO_HTTP_PATH;
		out->helper = first;
	} else if (!v->reset) {
		out->problem = GZ_GITVIEW_NO_RESET;
		out->helper = first;
	} else {
		out->problem = GZ_GITVIEW_OK;
		out->helper = first;
	}
	free(path);
	return 0;
}

void gz_gitview_verdict_release(struct gz_gitview_verdict *out)
{
	if (!out)
		return;
	free(out->path);
	memset(out, 0, sizeof(*out));
}
