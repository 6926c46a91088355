/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "validate.h"
#include "ado.h"
#include "err.h"
#include "scope.h"
#include "secret.h"
#include "when.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE "https://dev.azure.com/"
#define ZERO_ID "00000000-0000-0000-0000-000000000000"

static void set_detail(struct gz_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_detail(struct gz_report *r, const char *fmt, ...)
{
	va_list ap;

	free(r->detail);
	va_start(ap, fmt);
	if (vasprintf(&r->detail, fmt, ap) < 0)
		r->detail = NULL;
	va_end(ap);
}

/* The server's own words for an error answer, when it gave any. */
static char *server_message(const struct gz_http_req *q)
{
	char *msg = NULL, *key = NULL;

	if (gz_ado_is_json(q->ctype) && !gz_ado_parse_error(&msg, &key, q->resp, q->resp_len)) {
		free(key);
		if (msg)
			return msg;
	}
	if (q->service_error)
		return strdup(q->service_error);
	return NULL;
}

static int says_expired(const struct gz_http_req *q)
{
	char *msg = server_message(q);
	int expired = msg && strstr(msg, "has expired") != NULL;

	free(msg);
	return expired;
}

static int is_rejection(const struct gz_http_req *q)
{
	return gz_ado_is_rejection(q->status, q->ctype, q->resp, q->resp_len);
}

/* Classifies connectionData; returns 1 when the PAT works. */
static int read_connection(struct gz_report *r, const struct gz_http_req *q, char **user_id)
{
	char *msg;

	if (!q->status) {
		r->status = GZ_VSTATUS_UNREACHABLE;
		set_detail(r, q->too_large ? "dev.azure.com answered connectionData with %s" :
					     "could not reach dev.azure.com: %s", q->error);
		return 0;
	}
	if (q->status == 200 && !gz_ado_is_html(q->ctype, q->resp, q->resp_len)) {
		if (!gz_ado_parse_connection(user_id, &r->user, q->resp, q->resp_len)) {
			if (q->has_userdata)
				return 1;
			/* answered as anonymous: the service dropped the credential */
			free(*user_id);
			*user_id = NULL;
			free(r->user);
			r->user = NULL;
			r->status = GZ_VSTATUS_REJECTED;
			set_detail(r, "Azure DevOps answered as if no PAT had been sent: the PAT was not accepted");
			return 0;
		}
		r->status = GZ_VSTATUS_UNREACHABLE;
		set_detail(r, "unexpected answer to connectionData");
		return 0;
	}
	if (is_rejection(q)) {
		if (q->status == 401 && says_expired(q)) {
			r->status = GZ_VSTATUS_EXPIRED;
			set_detail(r, "Azure DevOps says the PAT has expired");
			return 0;
		}
		r->status = GZ_VSTATUS_REJECTED;
		msg = q->status == 401 ? server_message(q) : NULL;
		if (msg)
			set_detail(r, "Azure DevOps rejected the PAT: %s", msg);
		else if (q->status == 401)
			set_detail(r, "Azure DevOps rejected the PAT (invalid, revoked, or not for this organisation)");
		else
			set_detail(r, "Azure DevOps answered with a sign-in page: the PAT was not accepted");
		free(msg);
		return 0;
	}
	if (q->status == 404) {
		r->status = GZ_VSTATUS_REJECTED;
		r->unknown_org = 1;
		set_detail(r, "there is no organisation '%s' on dev.azure.com", r->org);
		return 0;
	}
	r->status = GZ_VSTATUS_UNREACHABLE;
	msg = server_message(q);
	set_detail(r, "Azure DevOps answered HTTP %ld%s%s", q->status, msg ? ": " : "",
		   msg ? msg : "");
	free(msg);
	return 0;
}

static int safe_id(const char *id)
{
	size_t i;

	for (i = 0; id[i]; i++)
		if (!isxdigit((unsigned char)id[i]) && id[i] != '-')
			return 0;
	return i > 0 && i <= 64;
}

/* the scope probes follow gz_scope_id; then the read-only Service
 * Connections probe and the push probe (information only) */
enum { P_WORK, P_CODE, P_IDENTITY, P_PROJECT, P_SE_QUERY, P_SE_READ, P_PUSH, NPROBES };
_Static_assert((int)P_WORK == (int)GZ_SCOPE_WORK && (int)P_CODE == (int)GZ_SCOPE_CODE &&
		       (int)P_IDENTITY == (int)GZ_SCOPE_IDENTITY &&
		       (int)P_PROJECT == (int)GZ_SCOPE_PROJECT &&
		       (int)P_SE_QUERY == (int)GZ_SCOPE_SERVICEENDPT &&
		       (int)P_SE_READ == (int)GZ_SCOPE_COUNT,
	       "the probes follow the scope table's order");

/* 1 when an answer says something definite about the PAT */
static int definite(const struct gz_http_req *q)
{
	return q->status && q->status != 429 && q->status < 500;
}

/* The project the Service Connections probe posts to, from the project
 * list of the first round trip: a project of the organisation, the zero
 * GUID when it has none (or the PAT may not list them), NULL when the list
 * gave no usable answer. */
static char *probe_project(const struct gz_http_req *q)
{
	char *id = NULL;

	if (!definite(q))
		return NULL;
	if (is_rejection(q))
		return strdup(ZERO_ID);
	if (q->status != 200 || gz_ado_parse_first_project(&id, q->resp, q->resp_len))
		return NULL;
	return id ? id : strdup(ZERO_ID);
}

struct progress {
	gz_validate_progress_fn fn;
	void *ctx;
	struct gz_http_req *probes;
	int no_project; /* the Service Connections probe's answer is not read */
};

static void probe_done(struct gz_http_req *q, void *ctx)
{
	struct progress *p = ctx;
	unsigned i = (unsigned)(q - p->probes);

	if (i < GZ_SCOPE_COUNT && definite(q) && !(i == P_SE_QUERY && p->no_project))
		p->fn(p->ctx, i, !is_rejection(q));
}

int gz_validate_connection(struct gz_report *r, struct gz_http *h, const char *org,
			   const char *pat)
{
	struct gz_http_req conn;
	char *url = NULL, *user_id = NULL;

	memset(&conn, 0, sizeof(conn));
	memset(r, 0, sizeof(*r));
	r->push = -1;
	snprintf(r->org, sizeof(r->org), "%s", org);
	r->when = gz_when_now();
	if (asprintf(&url, BASE "%s/_apis/connectionData?api-version=7.1-preview.1", org) < 0) {
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	conn.url = url;
	conn.pat = pat;
	gz_http_run(h, &conn, 1);
	if (read_connection(r, &conn, &user_id))
		r->status = GZ_VSTATUS_OK;
	gz_http_req_release(&conn);
	free(user_id);
	free(url);
	return 0;
}

int gz_validate_run(struct gz_report *r, struct gz_http *h, const char *org, const char *pat)
{
	return gz_validate_run_progress(r, h, org, pat, NULL, NULL);
}

int gz_validate_run_progress(struct gz_report *r, struct gz_http *h, const char *org,
			     const char *pat, gz_validate_progress_fn progress, void *pctx)
{
	struct progress prog = { progress, pctx, NULL, 0 };
	struct gz_http_req first[2], probes[NPROBES];
	struct gz_http_req *conn = &first[0], *plist = &first[1];
	char *user_id = NULL, *project = NULL, *urls[NPROBES + 2];
	unsigned unclear = 0, i;
	int rc = 0;

	memset(first, 0, sizeof(first));
	memset(probes, 0, sizeof(probes));
	memset(urls, 0, sizeof(urls));
	memset(r, 0, sizeof(*r));
	r->push = -1;
	snprintf(r->org, sizeof(r->org), "%s", org);
	r->when = gz_when_now();

	if (asprintf(&urls[NPROBES], BASE "%s/_apis/connectionData?api-version=7.1-preview.1", org) < 0 ||
	    asprintf(&urls[NPROBES + 1], BASE "%s/_apis/projects?$top=1&api-version=7.1", org) < 0) {
		rc = GZ_ERROR;
		goto done;
	}
	conn->url = urls[NPROBES];
	plist->url = urls[NPROBES + 1];
	conn->pat = plist->pat = pat;
	gz_http_run(h, first, 2);
	if (!read_connection(r, conn, &user_id))
		goto done;
	if (!safe_id(user_id)) {
		r->status = GZ_VSTATUS_UNREACHABLE;
		set_detail(r, "unexpected user id in connectionData");
		goto done;
	}

	if (asprintf(&urls[P_WORK], BASE "%s/_apis/wit/workitems/2147483647?validateOnly=true&api-version=7.1", org) < 0 ||
	    asprintf(&urls[P_CODE], BASE "%s/_apis/git/repositories/" ZERO_ID "?api-version=7.1", org) < 0 ||
	    asprintf(&urls[P_IDENTITY], "https://vssps.dev.azure.com/%s/_apis/identities?identityIds=%s&queryMembership=None&api-version=7.1", org, user_id) < 0 ||
	    asprintf(&urls[P_PROJECT], BASE "%s/_apis/teams?$top=1&api-version=7.1-preview.3", org) < 0 ||
	    asprintf(&urls[P_SE_READ], BASE "%s/_apis/serviceendpoint/types?api-version=7.1", org) < 0 ||
	    asprintf(&urls[P_PUSH], BASE "%s/_apis/git/repositories/" ZERO_ID "/pushes?api-version=7.1", org) < 0) {
		rc = GZ_ERROR;
		goto done;
	}
	/* no project to post to: the probe goes to the zero GUID, but its
	 * answer cannot be read (a service that resolves the project first
	 * would refuse it whatever the scopes) */
	project = probe_project(plist);
	prog.no_project = !project;
	if (asprintf(&urls[P_SE_QUERY], BASE "%s/%s/_apis/serviceendpoint/endpointproxy?api-version=7.1",
		     org, project ? project : ZERO_ID) < 0) {
		urls[P_SE_QUERY] = NULL;
		rc = GZ_ERROR;
		goto done;
	}
	prog.probes = probes;
	for (i = 0; i < NPROBES; i++) {
		probes[i].url = urls[i];
		probes[i].pat = pat;
		if (progress) {
			probes[i].on_done = probe_done;
			probes[i].done_ctx = &prog;
		}
	}
	probes[P_WORK].method = "PATCH";
	probes[P_WORK].body = "[]";
	probes[P_WORK].content_type = "application/json-patch+json";
	probes[P_SE_QUERY].method = "POST";
	probes[P_SE_QUERY].body = "{}";
	probes[P_SE_QUERY].content_type = "application/json";
	probes[P_PUSH].method = "POST";
	probes[P_PUSH].body = "{}";
	probes[P_PUSH].content_type = "application/json";
	gz_http_run(h, probes, NPROBES);
	if (!project) {
		gz_http_req_release(&probes[P_SE_QUERY]);
		snprintf(probes[P_SE_QUERY].error, sizeof(probes[P_SE_QUERY].error), "%s",
			 plist->status ? "no project could be listed to post to" : plist->error);
	}
	if (definite(&probes[P_PUSH]))
		r->push = !is_rejection(&probes[P_PUSH]);

	for (i = 0; i < GZ_SCOPE_COUNT; i++) {
		const struct gz_http_req *q = &probes[i]; /* P_* follow gz_scope_id */

		if (!definite(q)) {
			unclear |= 1u << i;
			continue;
		}
		if (q->status == 401 && says_expired(q)) {
			r->status = GZ_VSTATUS_EXPIRED;
			set_detail(r, "Azure DevOps says the PAT has expired");
			goto done;
		}
		r->checked |= 1u << i;
		if (!is_rejection(q))
			r->present |= 1u << i;
	}
	if (!(r->present & (1u << GZ_SCOPE_SERVICEENDPT)) && definite(&probes[P_SE_READ]) &&
	    !is_rejection(&probes[P_SE_READ]))
		r->read_only |= 1u << GZ_SCOPE_SERVICEENDPT;

	if (unclear) {
		char names[256] = "";

		for (i = 0; i < GZ_SCOPE_COUNT; i++)
			if (unclear & (1u << i)) {
				const struct gz_scope *s = gz_scope_get(i);

				snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s (%s)",
					 names[0] ? ", " : "", s->name, s->level);
			}
		for (i = 0; i < GZ_SCOPE_COUNT; i++)
			if (unclear & (1u << i))
				break;
		r->status = GZ_VSTATUS_UNREACHABLE;
		if (probes[i].status)
			set_detail(r, "could not check %s: Azure DevOps answered HTTP %ld", names,
				   probes[i].status);
		else
			set_detail(r, "could not check %s: %s", names, probes[i].error);
	} else {
		r->status = r->present == GZ_SCOPE_ALL ? GZ_VSTATUS_OK : GZ_VSTATUS_MISSING;
	}
done:
	if (r->status != GZ_VSTATUS_OK && r->status != GZ_VSTATUS_MISSING &&
	    r->status != GZ_VSTATUS_UNREACHABLE)
		r->push = -1;
	gz_http_req_release(&first[0]);
	gz_http_req_release(&first[1]);
	for (i = 0; i < NPROBES; i++)
		gz_http_req_release(&probes[i]);
	for (i = 0; i < NPROBES + 2; i++)
		free(urls[i]);
	free(project);
	free(user_id);
	if (rc)
		gz_error_set("out of memory");
	return rc;
}

int gz_report_apply(struct gz_entry *e, const struct gz_report *r)
{
	struct gz_entry_result res = { r->status, r->checked, r->present, r->user, r->unknown_org,
				       r->push, r->when };

	return gz_entry_apply(e, &res);
}

struct record_ctx {
	const struct gz_report *r;
	const char *cleared; /* the mark recording cleared, or NULL */
};

static int record_fn(struct gz_entry *e, void *ctx)
{
	struct record_ctx *x = ctx;
	const char *was = e->rejected || e->result == GZ_VSTATUS_REJECTED ? "rejected" :
			  e->result == GZ_VSTATUS_EXPIRED		   ? "expired" :
									     NULL;
	int rc = gz_report_apply(e, x->r);

	if (rc)
		return rc;
	if (was && (x->r->status == GZ_VSTATUS_OK || x->r->status == GZ_VSTATUS_MISSING))
		x->cleared = was;
	return 1;
}

int gz_validate_record(struct gz_store *st, const struct gz_report *r, const char *pat,
		       const char **cleared)
{
	struct record_ctx x = { r, NULL };
	int rc;

	rc = gz_store_update(st, r->org, pat, record_fn, &x, NULL);
	if (cleared)
		*cleared = rc ? NULL : x.cleared;
	return rc;
}

void gz_report_release(struct gz_report *r)
{
	if (!r)
		return;
	free(r->user);
	free(r->detail);
	r->user = r->detail = NULL;
}
