/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "http.h"
#include "buf.h"
#include "err.h"
#include "secret.h"
#include "version.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct gz_http {
	CURLM *multi;
	struct gz_netcfg cfg; /* strings and rules borrowed from the caller's netcfg */
	gz_http_notify_fn notify;
	void *notify_ctx;
};

/* One attempt of one request. */
struct xfer {
	struct gz_http_req *req;
	CURL *easy;
	struct curl_slist *headers;
	struct gz_buf body; /* bounded by GZ_HTTP_BODY_MAX; handed to req->resp when done */
	int overflow;
	char curl_err[CURL_ERROR_SIZE];
};

static int global_ready;

int gz_http_new(struct gz_http **out, const struct gz_netcfg *cfg)
{
	struct gz_http *h;

	*out = NULL;
	if (!global_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
			gz_error_set("cannot initialise libcurl");
			return GZ_ERROR;
		}
		global_ready = 1;
	}
	h = calloc(1, sizeof(*h));
	if (!h || !(h->multi = curl_multi_init())) {
		free(h);
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	h->cfg = *cfg;
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	*out = h;
	return 0;
}

void gz_http_set_notify(struct gz_http *h, gz_http_notify_fn fn, void *ctx)
{
	h->notify = fn;
	h->notify_ctx = ctx;
}

static void reset_response(struct gz_http_req *r)
{
	if (r->resp) {
		gz_secret_wipe(r->resp, r->resp_len);
		free(r->resp);
	}
	free(r->ctype);
	free(r->service_error);
	r->resp = r->ctype = r->service_error = NULL;
	r->resp_len = 0;
	r->status = 0;
	r->retry_after = -1;
	r->has_userdata = 0;
	r->too_large = 0;
	r->error[0] = '\0';
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	int rc = gz_buf_add(&x->body, data, n);

	if (rc == GZ_EINVALID)
		x->overflow = 1;
	return rc ? 0 : n; /* anything but n aborts the transfer */
}

static char *header_value(const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	const char *v, *end = line + len;

	if (len <= nl || strncasecmp(line, name, nl) || line[nl] != ':')
		return NULL;
	v = line + nl + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	return strndup(v, (size_t)(end - v));
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	struct gz_http_req *r = x->req;
	size_t n = size * nmemb;
	char *v;

	if (n >= 5 && !strncmp(data, "HTTP/", 5)) {
		/* a new response (after a 1xx): forget the previous headers */
		free(r->ctype);
		free(r->service_error);
		r->ctype = r->service_error = NULL;
		r->retry_after = -1;
		r->has_userdata = 0;
		return n;
	}
	if ((v = header_value(data, n, "Content-Type"))) {
		free(r->ctype);
		r->ctype = v;
	} else if ((v = header_value(data, n, "Retry-After"))) {
		char *end;
		long s = strtol(v, &end, 10);

		r->retry_after = (end != v && !*end && s >= 0) ? s : 1;
		free(v);
	} else if ((v = header_value(data, n, "X-VSS-UserData"))) {
		r->has_userdata = 1;
		free(v);
	} else if ((v = header_value(data, n, "X-TFS-ServiceError"))) {
		int dlen = 0;
		char *d = curl_easy_unescape(x->easy, v, 0, &dlen);

		free(r->service_error);
		r->service_error = d ? strndup(d, (size_t)dlen) : NULL;
		curl_free(d);
		free(v);
	}
	return n;
}

static void xfer_release(struct xfer *x)
{
	struct curl_slist *s;

	/* the Authorization header holds the PAT in base64 */
	for (s = x->headers; s; s = s->next)
		gz_secret_wipe(s->data, strlen(s->data));
	curl_slist_free_all(x->headers);
	x->headers = NULL;
	gz_buf_release(&x->body);
	if (x->easy)
		curl_easy_cleanup(x->easy);
	x->easy = NULL;
}

static char *basic_auth_header(const char *pat)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	static const char prefix[] = "Authorization: Basic ";
	size_t plen = strlen(pat) + 1, olen = 4 * ((plen + 2) / 3), i, o;
	char *raw = malloc(plen + 1), *out = malloc(sizeof(prefix) + olen);

	if (!raw || !out) {
		free(raw);
		free(out);
		return NULL;
	}
	raw[0] = ':';
	memcpy(raw + 1, pat, plen - 1);
	memcpy(out, prefix, sizeof(prefix) - 1);
	o = sizeof(prefix) - 1;
	for (i = 0; i < plen; i += 3) {
		/* a byte is 0..255: unsigned before the shift, not int */
		unsigned v = (unsigned)(unsigned char)raw[i] << 16;

		if (i + 1 < plen)
			v |= (unsigned)(unsigned char)raw[i + 1] << 8;
		if (i + 2 < plen)
			v |= (unsigned char)raw[i + 2];
		out[o++] = b64[(v >> 18) & 63];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = i + 1 < plen ? b64[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < plen ? b64[v & 63] : '=';
	}
	out[o] = '\0';
	gz_secret_wipe(raw, plen);
	free(raw);
	return out;
}

static int xfer_setup(struct gz_http *h, struct xfer *x)
{
	struct gz_http_req *r = x->req;
	const char *method = r->method ? r->method : "GET";
	struct gz_netcfg_set net;
	char ct[128];
	struct curl_slist *n;
	CURL *e;

	x->easy = e = curl_easy_init();
	if (!e)
		return GZ_ERROR;
	x->headers = curl_slist_append(NULL, "X-TFS-FedAuthRedirect: Suppress");
	x->headers = curl_slist_append(x->headers, "X-VSS-ForceMsaPassThrough: true");
	x->headers = curl_slist_append(x->headers, "Accept: application/json");
	if (r->content_type) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", r->content_type);
		x->headers = curl_slist_append(x->headers, ct);
	}
	if (r->pat) {
		char *auth = basic_auth_header(r->pat);

		n = auth ? curl_slist_append(x->headers, auth) : NULL;
		if (auth) {
			gz_secret_wipe(auth, strlen(auth));
			free(auth);
		}
		if (!n)
			return GZ_ERROR;
		x->headers = n;
	}
	if (!x->headers)
		return GZ_ERROR;
	/* https only: a libcurl that cannot promise it (older than 7.85) sends nothing */
	if (curl_easy_setopt(e, CURLOPT_URL, r->url) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https") != CURLE_OK) {
		snprintf(x->req->error, sizeof(x->req->error),
			 "libcurl %s cannot restrict a request to https (7.85 or newer is needed)",
			 curl_version_info(CURLVERSION_NOW)->version);
		return GZ_ERROR;
	}
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "gitzen/" GZ_VERSION);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->cfg.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->cfg.timeout_ms);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE, (long)GZ_HTTP_BODY_MAX);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->curl_err);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	gz_netcfg_for(&net, &h->cfg, r->url); /* Git's http.<url>.* for this URL */
	if (net.cainfo)
		curl_easy_setopt(e, CURLOPT_CAINFO, net.cainfo);
	if (!net.ssl_verify) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (net.proxy)
		curl_easy_setopt(e, CURLOPT_PROXY, net.proxy);
	if (strcmp(method, "GET"))
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	if (r->body) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(r->body));
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
	}
	return 0;
}

static void xfer_done(struct xfer *x, CURLcode code)
{
	struct gz_http_req *r = x->req;
	long status = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	if (x->overflow || code == CURLE_FILESIZE_EXCEEDED) {
		snprintf(r->error, sizeof(r->error), "the answer was larger than %d MiB; refused",
			 GZ_HTTP_BODY_MAX / (1024 * 1024));
		r->too_large = 1;
		status = 0;
	} else if (code != CURLE_OK) {
		snprintf(r->error, sizeof(r->error), "%s",
			 x->curl_err[0] ? x->curl_err : curl_easy_strerror(code));
		status = 0;
	}
	r->status = status;
	if (status && x->body.ptr)
		r->resp = gz_buf_detach(&x->body, &r->resp_len);
	gz_buf_release(&x->body);
}

static int retryable(const struct gz_http_req *r)
{
	return (r->status == 0 && !r->too_large) || r->status == 429 || r->status >= 500;
}

/* One round: runs the requests whose index is set in todo. A request whose
 * answer is final (not retryable, or the last round) is reported to its
 * on_done callback as soon as it is in, and marked in done. */
static int run_round(struct gz_http *h, struct gz_http_req *reqs, size_t n, const char *todo,
		     char *done, int last)
{
	struct xfer *xs = calloc(n ? n : 1, sizeof(*xs));
	size_t i, next = 0, active = 0;
	int running = 0, rc = 0;

	if (!xs) {
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	do {
		CURLMsg *m;
		int left;

		/* keep at most GZ_HTTP_WINDOW requests in flight */
		for (; next < n && active < GZ_HTTP_WINDOW; next++) {
			if (!todo[next])
				continue;
			xs[next].req = &reqs[next];
			gz_buf_init(&xs[next].body, GZ_HTTP_BODY_MAX);
			reset_response(&reqs[next]);
			reqs[next].attempts++;
			if (xfer_setup(h, &xs[next]) || curl_multi_add_handle(h->multi, xs[next].easy)) {
				if (!reqs[next].error[0])
					snprintf(reqs[next].error, sizeof(reqs[next].error),
						 "cannot set up the request");
				xfer_release(&xs[next]);
				continue;
			}
			active++;
		}
		if (curl_multi_perform(h->multi, &running) != CURLM_OK)
			break;
		while ((m = curl_multi_info_read(h->multi, &left))) {
			struct xfer *x = NULL;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			xfer_done(x, m->data.result);
			curl_multi_remove_handle(h->multi, x->easy);
			xfer_release(x);
			active--;
			if ((last || !retryable(x->req)) && x->req->on_done) {
				done[x->req - reqs] = 1;
				x->req->on_done(x->req, x->req->done_ctx);
			}
		}
		if (running && curl_multi_poll(h->multi, NULL, 0, 1000, NULL) != CURLM_OK)
			break;
	} while (running || active || next < n);
	for (i = 0; i < n; i++) {
		if (xs[i].easy) {
			/* only on a multi failure: nothing may stay registered */
			curl_multi_remove_handle(h->multi, xs[i].easy);
			snprintf(reqs[i].error, sizeof(reqs[i].error), "the transfer was interrupted");
			xfer_release(&xs[i]);
		}
	}
	free(xs);
	return rc;
}

static void pause_s(long s)
{
	struct timespec ts = { s, 0 };

	while (nanosleep(&ts, &ts) < 0)
		;
}

int gz_http_run(struct gz_http *h, struct gz_http_req *reqs, size_t n)
{
	char *todo = malloc(n ? n : 1), *done = calloc(n ? n : 1, 1);
	long waited = 0;
	int round, rc = 0;
	size_t i;

	if (!todo || !done) {
		free(todo);
		free(done);
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	memset(todo, 1, n);
	for (i = 0; i < n; i++) {
		reqs[i].attempts = 0;
		reqs[i].retry_after = -1;
	}
	for (round = 0; round < GZ_HTTP_ATTEMPTS; round++) {
		long wait = 0;
		size_t again = 0;

		if (run_round(h, reqs, n, todo, done, round + 1 == GZ_HTTP_ATTEMPTS)) {
			rc = GZ_ERROR;
			break;
		}
		if (round + 1 == GZ_HTTP_ATTEMPTS)
			break;
		for (i = 0; i < n; i++) {
			struct gz_http_req *r = &reqs[i];
			long w;

			todo[i] = 0;
			if (!retryable(r))
				continue;
			if (r->status == 429)
				w = r->retry_after >= 0 ? r->retry_after : 1;
			else
				w = 1L << round; /* 1 s, then 2 s */
			if (r->status == 429 && waited + w > h->cfg.max_retry_wait_s)
				continue; /* too long: report the 429 */
			todo[i] = 1;
			again++;
			if (w > wait)
				wait = w;
		}
		if (!again)
			break;
		if (h->notify)
			for (i = 0; i < n; i++)
				if (todo[i])
					h->notify(h->notify_ctx, reqs[i].url, reqs[i].status, wait);
		pause_s(wait);
		waited += wait;
	}
	for (i = 0; i < n; i++)
		if (!done[i] && reqs[i].on_done)
			reqs[i].on_done(&reqs[i], reqs[i].done_ctx);
	free(todo);
	free(done);
	if (rc)
		return rc;
	for (i = 0; i < n; i++)
		if (!reqs[i].status) {
			gz_error_set("%s", reqs[i].error);
			return GZ_ENET;
		}
	return 0;
}

void gz_http_req_release(struct gz_http_req *r)
{
	if (!r)
		return;
	reset_response(r);
}

void gz_http_free(struct gz_http *h)
{
	if (!h)
		return;
	curl_multi_cleanup(h->multi);
	free(h);
}
