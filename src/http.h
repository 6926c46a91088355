/* SPDX-License-Identifier: MIT */
#ifndef GZ_HTTP_H
#define GZ_HTTP_H

#include <stddef.h>

#include "netcfg.h"

/*
 * HTTPS requests to Azure DevOps, several at once over one connection pool
 * (a curl multi handle: HTTP/2 multiplexing when the server offers it,
 * keep-alive otherwise). Redirects are never followed; only https is
 * spoken; bodies are capped at GZ_HTTP_BODY_MAX; every request is bounded
 * by the configured connect and total timeouts.
 *
 * At most GZ_HTTP_WINDOW requests are in flight at once; the rest wait
 * their turn. Retries: a 429 is retried after its Retry-After (bounded by
 * max_retry_wait_s; the notify callback is told first, so the user sees
 * why we wait); a 5xx or a transport failure is retried with backoff, at
 * most GZ_HTTP_ATTEMPTS attempts in all. The last answer is what the
 * request reports.
 */

#define GZ_HTTP_BODY_MAX (4 * 1024 * 1024)
#define GZ_HTTP_ATTEMPTS 3
#define GZ_HTTP_WINDOW 16 /* requests in flight at once, at most */

struct gz_http;

struct gz_http_req {
	/* request: borrowed, must stay valid during gz_http_run */
	const char *method; /* "GET" (default), "POST", "PATCH" */
	const char *url;
	const char *body;         /* NULL: no body */
	const char *content_type; /* of body */
	const char *pat;          /* secret, sent as Basic auth; NULL: anonymous */

	/* called when the request's final answer is in (after retries); may be NULL */
	void (*on_done)(struct gz_http_req *r, void *ctx);
	void *done_ctx;

	/* response: owned by the request, freed by gz_http_req_release */
	long status; /* 0: no HTTP answer (see error) */
	char *resp;  /* NUL-terminated body (may contain NULs; see resp_len) */
	size_t resp_len;
	char *ctype;         /* Content-Type, or NULL */
	long retry_after;    /* seconds, -1 when absent */
	int has_userdata;    /* X-VSS-UserData present: the call was authenticated */
	char *service_error; /* X-TFS-ServiceError, URL-decoded, or NULL */
	char error[256];     /* transport failure, "" otherwise */
	int too_large;       /* the answer exceeded GZ_HTTP_BODY_MAX (not retried) */
	int attempts;
};

typedef void (*gz_http_notify_fn)(void *ctx, const char *url, long status, long wait_s);

int gz_http_new(struct gz_http **out, const struct gz_netcfg *cfg);
void gz_http_set_notify(struct gz_http *h, gz_http_notify_fn fn, void *ctx);

/* Runs reqs[0..n) concurrently. Returns 0 when every request has an HTTP
 * status, GZ_ENET when at least one has none (its error says why). */
int gz_http_run(struct gz_http *h, struct gz_http_req *reqs, size_t n);

void gz_http_req_release(struct gz_http_req *r);
void gz_http_free(struct gz_http *h);

#endif
