/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "resolve.h"
#include "advice.h"
#include "ado.h"
#include "err.h"
#include "esc.h"
#include "gitrepo.h"
#include "remote.h"
#include "scope.h"
#include "secret.h"
#include "validate.h"
#include "when.h"

#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *gz_rstatus_name(enum gz_rstatus s)
{
	switch (s) {
	case GZ_RSTATUS_RESOLVED:
		return "resolved";
	case GZ_RSTATUS_AMBIGUOUS:
		return "ambiguous";
	case GZ_RSTATUS_NOT_FOUND:
		return "not_found";
	case GZ_RSTATUS_UNCHECKED:
		break;
	}
	return "unchecked";
}

/* What one run knows: the local repository and its origin. */
struct local {
	git_repository *repo;
	struct gz_remote origin;
	int have_origin;
	git_oid *oids; /* every object id, sorted; loaded on the first ambiguity */
	size_t noids, cap;
	int oids_loaded;
};

/* An organisation with references to look up remotely. */
struct org_job {
	char org[GZ_ORG_BUF];
	char *pat;           /* secret */
	char *why_not;       /* set: every reference of this org is unchecked for this reason */
	int service_error;
};

/* One REST request and the references it answers. */
struct rest {
	struct gz_http_req http;
	char *url, *body;
	size_t *items, nitems;
	int batch; /* commitsbatch (else a range query for one short SHA) */
};

static void set_msg(struct gz_resolved *it, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_msg(struct gz_resolved *it, const char *fmt, ...)
{
	va_list ap;

	free(it->message);
	va_start(ap, fmt);
	if (vasprintf(&it->message, fmt, ap) < 0)
		it->message = NULL;
	va_end(ap);
}

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int same(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

/* Completes the reference's repository from origin. 0 when complete. */
static int target_of(struct gz_resolved *it, const struct local *l)
{
	const struct gz_ref *ref = it->ref;
	const struct gz_remote *o = l->have_origin ? &l->origin : NULL;

	it->org = xstrdup(ref->org ? ref->org : o ? o->org : NULL);
	it->project = xstrdup(ref->project ? ref->project : o ? o->project : NULL);
	it->repo = xstrdup(ref->repo ? ref->repo : o ? o->repo : NULL);
	/* "gz#repo@sha": the repository's project is origin's, or the repository's own
	 * name when origin is the project-less form; keep origin's */
	return it->org && it->project && it->repo ? 0 : -1;
}

static int names_origin(const struct gz_resolved *it, const struct local *l)
{
	if (!it->ref->repo)
		return 1;
	return l->have_origin && same(it->org, l->origin.org) &&
	       same(it->project, l->origin.project) && same(it->repo, l->origin.repo);
}

static int collect_oid(const git_oid *id, void *payload)
{
	struct local *l = payload;

	if (l->noids == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4096;
		git_oid *v = realloc(l->oids, cap * sizeof(*v));

		if (!v)
			return -1;
		l->oids = v;
		l->cap = cap;
	}
	git_oid_cpy(&l->oids[l->noids++], id);
	return 0;
}

static int cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/* The commits whose id starts with the first len digits of prefix (an
 * ambiguity among all objects may still name one commit); *only is set
 * when there is exactly one. */
static size_t commit_candidates(struct local *l, const git_oid *prefix, size_t len, git_oid *only)
{
	size_t lo = 0, hi, n = 0, i;
	git_odb *odb = NULL;

	if (git_repository_odb(&odb, l->repo) < 0)
		return 0;
	if (!l->oids_loaded) {
		l->oids_loaded = 1;
		if (git_odb_foreach(odb, collect_oid, l) == 0)
			qsort(l->oids, l->noids, sizeof(*l->oids), cmp_oid);
		else
			l->noids = 0;
	}
	hi = l->noids;
	while (lo < hi) { /* the first id >= prefix (zero-padded) */
		size_t mid = lo + (hi - lo) / 2;

		if (git_oid_cmp(&l->oids[mid], prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < l->noids && !git_oid_ncmp(&l->oids[i], prefix, len); i++) {
		size_t size;
		git_object_t type;

		/* loose and packed copies of one object count once */
		if (i > lo && !git_oid_cmp(&l->oids[i], &l->oids[i - 1]))
			continue;
		if (git_odb_read_header(&size, &type, odb, &l->oids[i]) == 0 && type == GIT_OBJECT_COMMIT) {
			git_oid_cpy(only, &l->oids[i]);
			n++;
		}
	}
	git_odb_free(odb);
	return n;
}

static char *iso_date(const git_time *t)
{
	int64_t local = (int64_t)t->time + (int64_t)t->offset * 60;
	int off = t->offset < 0 ? -t->offset : t->offset;
	char base[32], *out;

	gz_when_iso(base, sizeof(base), local);
	base[19] = '\0'; /* drop the Z */
	if (asprintf(&out, "%s%c%02d:%02d", base, t->offset < 0 ? '-' : '+', off / 60, off % 60) < 0)
		return NULL;
	return out;
}

static void fill_from_commit(struct gz_resolved *it, git_commit *c, int complete)
{
	const git_signature *a = git_commit_author(c);

	git_oid_tostr(it->sha, sizeof(it->sha), git_commit_id(c));
	it->status = GZ_RSTATUS_RESOLVED;
	it->source = "local";
	it->subject = xstrdup(git_commit_summary(c));
	if (a) {
		if (asprintf(&it->author, "%s <%s>", a->name, a->email) < 0)
			it->author = NULL;
		it->date = iso_date(&a->when);
	}
	if (complete) {
		struct gz_remote t = { "", it->project, it->repo };

		snprintf(t.org, sizeof(t.org), "%s", it->org);
		it->url = gz_remote_commit_url(&t, it->sha);
	}
}

/* Local lookup. Returns 1 when the reference is decided. */
static int lookup_local(struct gz_resolved *it, struct local *l, int complete)
{
	const char *hex = it->ref->hex;
	size_t len = strlen(hex);
	git_object *obj = NULL;
	git_oid oid;
	int rc;

	if (git_oid_fromstrn(&oid, hex, len) < 0)
		return 0;
	rc = git_object_lookup_prefix(&obj, l->repo, &oid, len, GIT_OBJECT_ANY);
	if (rc == GIT_EAMBIGUOUS) {
		git_oid only;
		size_t n = commit_candidates(l, &oid, len, &only);

		if (n == 1 && git_object_lookup(&obj, l->repo, &only, GIT_OBJECT_COMMIT) == 0) {
			fill_from_commit(it, (git_commit *)obj, complete);
			git_object_free(obj);
			return 1;
		}
		if (n == 0)
			return 0; /* several objects, none a commit: ask the server */
		it->status = GZ_RSTATUS_AMBIGUOUS;
		it->source = "local";
		it->candidates = n;
		set_msg(it, "ambiguous: %zu commits in the repository start with %s; write more digits",
			n, hex);
		return 1;
	}
	if (rc < 0)
		return 0;
	if (git_object_type(obj) != GIT_OBJECT_COMMIT) {
		/* a tree or blob here; the reference may name a commit elsewhere */
		git_object_free(obj);
		return 0;
	}
	fill_from_commit(it, (git_commit *)obj, complete);
	git_object_free(obj);
	return 1;
}

static void open_local(struct local *l, const char *dir)
{
	git_remote *origin = NULL;

	memset(l, 0, sizeof(*l));
	if (gz_gitrepo_open(&l->repo, dir) < 0) {
		l->repo = NULL;
		return;
	}
	if (git_remote_lookup(&origin, l->repo, "origin") == 0 && git_remote_url(origin) &&
	    gz_remote_parse(&l->origin, git_remote_url(origin)) == 0)
		l->have_origin = 1;
	git_remote_free(origin);
}

/* The bound on remote lookups: Git's gitzen.maxRemoteLookups as Git reads
 * it here, or in the repository --repo named; else the default. */
static int lookup_bound(size_t *out, git_repository *named)
{
	git_config *cfg = NULL;
	int64_t v = GZ_RESOLVE_LOOKUPS;
	int rc = 0, got;

	*out = GZ_RESOLVE_LOOKUPS;
	if (named ? git_repository_config_snapshot(&cfg, named) < 0 : gz_gitrepo_config(&cfg) < 0)
		return 0; /* no configuration to read: the default */
	got = git_config_get_int64(&v, cfg, GZ_RESOLVE_LOOKUPS_KEY);
	if ((got < 0 && got != GIT_ENOTFOUND) || v < 0 || v > GZ_RESOLVE_LOOKUPS_LIMIT) {
		gz_error_set("%s must be a number from 0 to %d", GZ_RESOLVE_LOOKUPS_KEY,
			     GZ_RESOLVE_LOOKUPS_LIMIT);
		rc = GZ_EINVALID;
	} else {
		*out = (size_t)v;
	}
	git_config_free(cfg);
	return rc;
}

static void close_local(struct local *l)
{
	gz_remote_release(&l->origin);
	git_repository_free(l->repo);
	free(l->oids);
	memset(l, 0, sizeof(*l));
}

/* The PAT for job->org, if it may read code; else job->why_not says why. */
static void check_org(struct org_job *job, struct gz_resolve *r)
{
	struct gz_report rep = GZ_REPORT_INIT;
	const char *org = job->org;
	struct gz_entry e;
	enum gz_entry_status st;
	int64_t now = gz_when_now();
	int has_code = -1, rc;

	rc = gz_store_load(&e, r->store, org);
	if (rc == GZ_ENOTFOUND) {
		if (asprintf(&job->why_not, "no PAT for %s; create one with Code (Read) and run git gitzen add %s",
			     org, org) < 0)
			job->why_not = NULL;
		return;
	}
	if (rc) {
		job->why_not = strdup(gz_error_last());
		return;
	}
	st = gz_entry_status(&e, now);
	if (st == GZ_ENTRY_REJECTED || st == GZ_ENTRY_EXPIRED) {
		char line[1024];

		job->why_not = strdup(gz_advice_line(line, sizeof(line), st, &e, org, now, GZ_ADVICE_NAMED));
		gz_entry_release(&e);
		return;
	}
	rc = gz_store_pat_get(r->store, &e);
	if (rc) {
		job->why_not = strdup(gz_error_last());
		gz_entry_release(&e);
		return;
	}
	if (e.validated && gz_when_now() - e.validated < GZ_RESOLVE_FRESH &&
	    (e.scopes_checked & (1u << GZ_SCOPE_CODE)))
		has_code = !!(e.scopes_present & (1u << GZ_SCOPE_CODE));
	job->pat = e.pat;
	e.pat = NULL;
	gz_entry_release(&e);
	if (has_code < 0) {
		/* no recent answer: ask Azure DevOps, and remember what it said */
		if (gz_validate_run(&rep, r->http, org, job->pat) == 0) {
			gz_validate_record(r->store, &rep, job->pat, NULL);
			if (rep.checked & (1u << GZ_SCOPE_CODE))
				has_code = !!(rep.present & (1u << GZ_SCOPE_CODE));
			else if (rep.status == GZ_VSTATUS_REJECTED || rep.status == GZ_VSTATUS_EXPIRED) {
				if (asprintf(&job->why_not, "the PAT for %s was %s by Azure DevOps; create a new PAT and run git gitzen add %s",
					     org, rep.status == GZ_VSTATUS_REJECTED ? "rejected" : "declared expired",
					     org) < 0)
					job->why_not = NULL;
			} else {
				job->service_error = 1;
				if (asprintf(&job->why_not, "Azure DevOps is unreachable (%s)",
					     rep.detail ? rep.detail : "no answer") < 0)
					job->why_not = NULL;
			}
		}
		gz_report_release(&rep);
	}
	if (!job->why_not && has_code == 0 &&
	    asprintf(&job->why_not, "the PAT for %s lacks Code (Read); create one with that scope and run git gitzen add %s",
		     org, org) < 0)
		job->why_not = NULL;
	if (!job->why_not && has_code < 0)
		job->why_not = strdup("could not check the PAT's Code (Read) scope");
	if (job->why_not) {
		gz_secret_free(job->pat);
		job->pat = NULL;
	}
}

static struct org_job *find_job(struct org_job *jobs, size_t *njobs, const char *org)
{
	size_t i;

	for (i = 0; i < *njobs; i++)
		if (!strcmp(jobs[i].org, org))
			return &jobs[i];
	memset(&jobs[*njobs], 0, sizeof(jobs[0]));
	snprintf(jobs[*njobs].org, sizeof(jobs[0].org), "%s", org);
	return &jobs[(*njobs)++];
}

static char *repo_base(const struct gz_resolved *it)
{
	char *p = gz_remote_escape(it->project), *q = gz_remote_escape(it->repo), *url = NULL;

	if (p && q &&
	    asprintf(&url, "https://dev.azure.com/%s/%s/_apis/git/repositories/%s", it->org, p, q) < 0)
		url = NULL;
	free(p);
	free(q);
	return url;
}

/* Builds the requests: commitsbatch per repository (<= 100 ids), a range
 * query per short SHA. */
static int plan(struct rest **out, size_t *nout, struct gz_resolve *r, const size_t *todo,
		size_t ntodo)
{
	struct rest *v = calloc(ntodo ? ntodo : 1, sizeof(*v));
	char *done = calloc(ntodo ? ntodo : 1, 1);
	size_t n = 0, i, j;

	if (!v || !done)
		goto oom;
	for (i = 0; i < ntodo; i++) {
		struct gz_resolved *it = &r->v[todo[i]];
		struct rest *q;
		char *base;

		if (done[i])
			continue;
		base = repo_base(it);
		if (!base)
			goto oom;
		q = &v[n++];
		q->items = calloc(strlen(it->ref->hex) < 40 ? 1 : GZ_RESOLVE_BATCH, sizeof(size_t));
		if (!q->items) {
			free(base);
			goto oom;
		}
		if (strlen(it->ref->hex) < 40) {
			char from[41], to[41];
			size_t len = strlen(it->ref->hex);

			memset(from, '0', 40);
			memset(to, 'f', 40);
			memcpy(from, it->ref->hex, len);
			memcpy(to, it->ref->hex, len);
			from[40] = to[40] = '\0';
			if (asprintf(&q->url, "%s/commits?searchCriteria.fromCommitId=%s&searchCriteria.toCommitId=%s&searchCriteria.$top=2&api-version=7.1",
				     base, from, to) < 0)
				q->url = NULL;
			q->items[q->nitems++] = todo[i];
			done[i] = 1;
		} else {
			size_t cap = 16 + GZ_RESOLVE_BATCH * 43, blen;

			q->batch = 1;
			q->body = malloc(cap);
			if (asprintf(&q->url, "%s/commitsbatch?api-version=7.1", base) < 0)
				q->url = NULL;
			if (!q->body)
				goto oom_base;
			strcpy(q->body, "{\"ids\":[");
			for (j = i; j < ntodo && q->nitems < GZ_RESOLVE_BATCH; j++) {
				struct gz_resolved *o = &r->v[todo[j]];

				if (done[j] || strlen(o->ref->hex) < 40 || strcmp(o->org, it->org) ||
				    strcmp(o->project, it->project) || strcmp(o->repo, it->repo))
					continue;
				blen = strlen(q->body);
				snprintf(q->body + blen, cap - blen, "%s\"%s\"", q->nitems ? "," : "",
					 o->ref->hex);
				q->items[q->nitems++] = todo[j];
				done[j] = 1;
			}
			strcat(q->body, "]}");
			q->http.method = "POST";
			q->http.body = q->body;
			q->http.content_type = "application/json";
		}
		free(base);
		if (!q->url)
			goto oom;
		q->http.url = q->url;
		continue;
oom_base:
		free(base);
		goto oom;
	}
	free(done);
	*out = v;
	*nout = n;
	return 0;
oom:
	for (i = 0; v && i < n; i++) {
		free(v[i].url);
		free(v[i].body);
		free(v[i].items);
	}
	free(v);
	free(done);
	gz_error_set("out of memory");
	return GZ_ERROR;
}

static void fill_from_rest(struct gz_resolved *it, const struct gz_ado_commit *c)
{
	struct gz_remote t = { "", it->project, it->repo };

	memcpy(it->sha, c->sha, sizeof(it->sha));
	it->status = GZ_RSTATUS_RESOLVED;
	it->source = "remote";
	it->subject = xstrdup(c->subject);
	it->author = xstrdup(c->author);
	it->date = xstrdup(c->date);
	snprintf(t.org, sizeof(t.org), "%s", it->org);
	it->url = gz_remote_commit_url(&t, it->sha);
	free(it->message);
	it->message = NULL;
}

/* Reads one answer into the references it covers. */
static void read_answer(struct gz_resolve *r, const struct rest *q)
{
	const struct gz_http_req *h = &q->http;
	struct gz_ado_commits list = { NULL, 0 };
	char *msg = NULL, *key = NULL;
	size_t i, k;

	if (h->status == 200 && gz_ado_is_json(h->ctype) &&
	    gz_ado_parse_commits(&list, h->resp, h->resp_len) == 0) {
		for (i = 0; i < q->nitems; i++) {
			struct gz_resolved *it = &r->v[q->items[i]];
			size_t hits = 0, hit = 0;

			for (k = 0; k < list.n; k++)
				if (!strncmp(list.v[k].sha, it->ref->hex, strlen(it->ref->hex))) {
					hits++;
					hit = k;
				}
			if (hits == 1) {
				fill_from_rest(it, &list.v[hit]);
			} else if (hits > 1) {
				it->status = GZ_RSTATUS_AMBIGUOUS;
				it->source = "remote";
				it->candidates = hits;
				set_msg(it, "ambiguous: at least %zu commits in %s/%s/%s start with %s; write more digits",
					hits, it->org, it->project, it->repo, it->ref->hex);
			} else {
				it->status = GZ_RSTATUS_NOT_FOUND;
				set_msg(it, "no such commit in %s/%s/%s (not in the local repository either)",
					it->org, it->project, it->repo);
			}
		}
		gz_ado_commits_release(&list);
		return;
	}
	if (gz_ado_is_json(h->ctype))
		gz_ado_parse_error(&msg, &key, h->resp, h->resp_len);
	for (i = 0; i < q->nitems; i++) {
		struct gz_resolved *it = &r->v[q->items[i]];

		if (h->status == 404 && ((key && strstr(key, "ProjectDoesNotExist")) ||
					 (msg && strstr(msg, "TF200016")))) {
			it->status = GZ_RSTATUS_NOT_FOUND;
			set_msg(it, "there is no project '%s' in %s", it->project, it->org);
		} else if (h->status == 404 && ((key && strstr(key, "RepositoryNotFound")) ||
						(msg && strstr(msg, "TF401019")))) {
			it->status = GZ_RSTATUS_NOT_FOUND;
			set_msg(it, "there is no repository '%s' in %s/%s", it->repo, it->org, it->project);
		} else if (!q->batch && (h->status == 400 || h->status == 404)) {
			/* the range query for a short SHA is inferred, not documented: a
			 * refusal says nothing about the commit, nor about the service */
			set_msg(it, "Azure DevOps refused to look up a short SHA in %s/%s/%s (HTTP %ld%s%s); write the full 40-digit SHA",
				it->org, it->project, it->repo, h->status, msg ? ": " : "", msg ? msg : "");
		} else if (h->status == 404) {
			it->status = GZ_RSTATUS_NOT_FOUND;
			set_msg(it, "Azure DevOps knows no %s/%s/%s", it->org, it->project, it->repo);
		} else if (!h->status || h->status == 429 || h->status >= 500) {
			r->service_error = 1;
			if (h->status)
				set_msg(it, "Azure DevOps is unreachable (HTTP %ld%s%s)", h->status,
					msg ? ": " : "", msg ? msg : "");
			else
				set_msg(it, "Azure DevOps is unreachable (%s)", h->error);
		} else if (gz_ado_is_rejection(h->status, h->ctype, h->resp, h->resp_len)) {
			set_msg(it, "the PAT for %s was not accepted; check it with git gitzen validate %s",
				it->org, it->org);
		} else {
			r->service_error = 1;
			set_msg(it, "Azure DevOps answered HTTP %ld%s%s", h->status, msg ? ": " : "",
				msg ? msg : "");
		}
	}
	free(msg);
	free(key);
}

static void over_bound(struct gz_resolve *r, struct gz_resolved *it)
{
	it->over_bound = 1;
	r->over_bound++;
	set_msg(it, "not looked up: more than %s (%zu) remote lookups in this run",
		GZ_RESOLVE_LOOKUPS_KEY, r->max_lookups);
}

static int resolve_remote(struct gz_resolve *r, const size_t *todo, size_t ntodo)
{
	struct org_job *jobs = calloc(ntodo ? ntodo : 1, sizeof(*jobs));
	size_t njobs = 0, i, j, nready = 0, nrest = 0, nrun;
	size_t *ready = calloc(ntodo ? ntodo : 1, sizeof(size_t));
	struct rest *rest = NULL;
	int rc = 0;

	if (!jobs || !ready) {
		rc = GZ_ERROR;
		goto done;
	}
	if (!r->max_lookups) { /* no remote lookup at all, not even the PAT's check */
		for (i = 0; i < ntodo; i++)
			over_bound(r, &r->v[todo[i]]);
		goto done;
	}
	for (i = 0; i < ntodo; i++)
		find_job(jobs, &njobs, r->v[todo[i]].org);
	for (j = 0; j < njobs; j++) {
		check_org(&jobs[j], r);
		if (jobs[j].service_error)
			r->service_error = 1;
	}
	for (i = 0; i < ntodo; i++) {
		struct gz_resolved *it = &r->v[todo[i]];
		struct org_job *job = find_job(jobs, &njobs, it->org);

		if (job->why_not)
			set_msg(it, "%s", job->why_not);
		else
			ready[nready++] = todo[i];
	}
	if (!nready)
		goto done;
	rc = plan(&rest, &nrest, r, ready, nready);
	if (rc)
		goto done;
	nrun = nrest < r->max_lookups ? nrest : r->max_lookups;
	for (i = nrun; i < nrest; i++)
		for (j = 0; j < rest[i].nitems; j++)
			over_bound(r, &r->v[rest[i].items[j]]);
	for (i = 0; i < nrun; i++)
		rest[i].http.pat = find_job(jobs, &njobs, r->v[rest[i].items[0]].org)->pat;
	if (nrun) {
		struct gz_http_req *reqs = calloc(nrun, sizeof(*reqs));

		if (!reqs) {
			rc = GZ_ERROR;
			goto done;
		}
		for (i = 0; i < nrun; i++)
			reqs[i] = rest[i].http;
		gz_http_run(r->http, reqs, nrun);
		for (i = 0; i < nrun; i++) {
			rest[i].http = reqs[i];
			r->requests += (size_t)reqs[i].attempts;
			read_answer(r, &rest[i]);
			gz_http_req_release(&rest[i].http);
		}
		free(reqs);
	}
done:
	for (i = 0; rest && i < nrest; i++) {
		free(rest[i].url);
		free(rest[i].body);
		free(rest[i].items);
	}
	free(rest);
	for (j = 0; jobs && j < njobs; j++) {
		gz_secret_free(jobs[j].pat);
		free(jobs[j].why_not);
	}
	free(jobs);
	free(ready);
	if (rc)
		gz_error_set("out of memory");
	return rc;
}

static int run(struct gz_resolve *r, const struct gz_ref_list *refs)
{
	struct local l;
	size_t *todo = NULL, ntodo = 0, i;
	int rc = 0;

	r->v = calloc(refs->n ? refs->n : 1, sizeof(*r->v));
	todo = calloc(refs->n ? refs->n : 1, sizeof(*todo));
	if (!r->v || !todo) {
		free(todo);
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	r->n = refs->n;
	open_local(&l, r->repo_dir);
	if (r->repo_dir && !l.repo) {
		char e[256];

		gz_error_set("%s is not a Git repository", gz_esc(e, sizeof(e), r->repo_dir));
		rc = GZ_EINVALID;
	}
	if (!rc)
		rc = lookup_bound(&r->max_lookups, r->repo_dir ? l.repo : NULL);
	if (rc) {
		close_local(&l);
		free(todo);
		return rc;
	}
	for (i = 0; i < refs->n; i++) {
		struct gz_resolved *it = &r->v[i];
		int complete;

		it->ref = &refs->v[i];
		it->status = GZ_RSTATUS_UNCHECKED;
		complete = target_of(it, &l) == 0;
		if (l.repo && names_origin(it, &l) && lookup_local(it, &l, complete))
			continue;
		if (complete) {
			todo[ntodo++] = i;
			continue;
		}
		if (!l.repo && !it->ref->org)
			set_msg(it, "not in a Git repository (use --repo), and the reference names no organisation");
		else if (l.repo && !it->ref->repo)
			set_msg(it, l.have_origin ? "not found" :
				"not in the local repository, and origin is not an Azure DevOps remote to ask");
		else
			set_msg(it, "the reference names no organisation and origin is not an Azure DevOps remote");
		if (l.repo && !it->ref->repo)
			it->status = GZ_RSTATUS_NOT_FOUND;
	}
	if (ntodo)
		rc = resolve_remote(r, todo, ntodo);
	close_local(&l);
	free(todo);
	return rc;
}

int gz_resolve_run(struct gz_resolve *r, const struct gz_ref_list *refs)
{
	int rc;

	/*
	 * Reading is all we do: skip re-hashing every object read, as git
	 * cat-file does. The option is process-wide and libgit2 has no getter,
	 * so it is set back to libgit2's default (on) whatever happens.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	rc = run(r, refs);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	return rc;
}

void gz_resolve_release(struct gz_resolve *r)
{
	size_t i;

	for (i = 0; r && r->v && i < r->n; i++) {
		struct gz_resolved *it = &r->v[i];

		free(it->org);
		free(it->project);
		free(it->repo);
		free(it->subject);
		free(it->author);
		free(it->date);
		free(it->url);
		free(it->message);
	}
	if (r) {
		free(r->v);
		r->v = NULL;
		r->n = 0;
	}
}
