#ifndef GZ_NETCFG_H
#define GZ_NETCFG_H

/*
 * Network settings, read the way Git reads them: Git's configuration
 * (system, global, and the repository around the current directory) via
 * libgit2, then the environment. http.proxy (else curl's own proxy
 * variables: https_proxy, HTTPS_PROXY, all_proxy, no_proxy);
 * http.sslCAInfo, overridden by GIT_SSL_CAINFO; http.sslVerify, which
 * GIT_SSL_NO_VERIFY turns off; http.https://dev.azure.com.<key> sections
 * override the plain keys, as Git's URL matching does (host-wide sections
 * only: a section for one path of dev.azure.com is not applied). gitzen.connectTimeout and gitzen.timeout
 * (seconds) bound each request; gitzen.maxRetryWait bounds how long a 429's
 * Retry-After is honoured.
 */

struct gz_netcfg {
	char *proxy;  /* NULL: curl's environment handling */
	char *cainfo; /* NULL: the system's CA store */
	int ssl_verify;
	long connect_timeout_ms;
	long timeout_ms;
	long max_retry_wait_s;
};

#define GZ_NETCFG_INIT { NULL, NULL, 1, 10000, 30000, 60 }

/* Requires git_libgit2_init() to have been called. */
int gz_netcfg_load(struct gz_netcfg *n);
void gz_netcfg_release(struct gz_netcfg *n);

#endif
