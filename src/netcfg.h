/* SPDX-License-Identifier: MIT */
#ifndef GZ_NETCFG_H
#define GZ_NETCFG_H

#include <stddef.h>

#include "urlmatch.h"

/*
 * Network settings, read the way Git reads them: Git's configuration
 * (gz_gitrepo_config(): system, global, the repository around the current
 * directory), then the environment.
 *
 * http.proxy (else curl's own proxy variables: https_proxy, HTTPS_PROXY,
 * all_proxy, no_proxy; an empty value turns proxying off, as in Git),
 * http.sslCAInfo (overridden by GIT_SSL_CAINFO) and http.sslVerify (which
 * GIT_SSL_NO_VERIFY turns off), each also as http.<url>.<key>: for a
 * request, the <url> sections that Git would apply to its URL override the
 * plain key, the most specific one winning (Git's URL matching,
 * urlmatch.h): "http.https://dev.azure.com.sslVerify" applies to
 * dev.azure.com and never to vssps.dev.azure.com. The URL matched is the
 * request's, without its query; it carries no user name, so sections for
 * one user do not apply.
 *
 * gitzen.connectTimeout and gitzen.timeout (seconds) bound each request;
 * gitzen.maxRetryWait bounds how long a 429's Retry-After is honoured.
 */

enum gz_netcfg_key { GZ_NETCFG_PROXY, GZ_NETCFG_CAINFO, GZ_NETCFG_SSLVERIFY };

/* One http.<url>.<key> entry, in configuration order. */
struct gz_netcfg_rule {
	struct gz_urlmatch_url pattern; /* owned */
	enum gz_netcfg_key key;
	char *value;            /* proxy, cainfo: owned ("" for an empty value) */
	int verify;             /* sslverify */
};

struct gz_netcfg {
	char *proxy;  /* plain http.proxy; NULL: curl's environment handling */
	char *cainfo; /* plain http.sslCAInfo, or GIT_SSL_CAINFO; NULL: the system's CA store */
	int ssl_verify; /* plain http.sslVerify; 0 with GIT_SSL_NO_VERIFY */
	long connect_timeout_ms;
	long timeout_ms;
	long max_retry_wait_s;
	struct gz_netcfg_rule *rules; /* owned */
	size_t nrules;
	int env_cainfo;    /* GIT_SSL_CAINFO given: it beats every section */
	int env_no_verify; /* GIT_SSL_NO_VERIFY given: likewise */
};

#define GZ_NETCFG_INIT { NULL, NULL, 1, 10000, 30000, 60, NULL, 0, 0, 0 }

/* What applies to one request. Strings borrowed from the gz_netcfg. */
struct gz_netcfg_set {
	const char *proxy;  /* NULL: curl's environment handling; "": no proxy */
	const char *cainfo; /* NULL: the system's CA store */
	int ssl_verify;
};

/* Requires gz_gitrepo_init(). 0, or GZ_ERROR when out of memory
 * (unreadable configuration is ignored, as before). Release whatever it
 * returns. */
int gz_netcfg_load(struct gz_netcfg *n);
void gz_netcfg_release(struct gz_netcfg *n);

/* The settings Git would use for a request to url. */
void gz_netcfg_for(struct gz_netcfg_set *out, const struct gz_netcfg *n, const char *url);

/* 1 when TLS verification may be off for some request to Azure DevOps
 * (https://dev.azure.com and https://vssps.dev.azure.com, any path):
 * what the companion warns about before it sends a PAT. */
int gz_netcfg_unverified(const struct gz_netcfg *n);

#endif
