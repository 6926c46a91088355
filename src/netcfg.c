/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "netcfg.h"
#include "err.h"
#include "gitrepo.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The Azure DevOps hosts the companion talks to, for the warning. */
static const char *const ado_roots[] = { "https://dev.azure.com/", "https://vssps.dev.azure.com/" };

static int oom(void)
{
	gz_error_set("out of memory");
	return GZ_ERROR;
}

static void take_seconds(long *out, git_config *cfg, const char *name, long scale)
{
	int32_t v;

	if (git_config_get_int32(&v, cfg, name) == 0 && v > 0 && v < 3600)
		*out = (long)v * scale;
}

static int key_of(enum gz_netcfg_key *k, const char *key)
{
	if (!strcasecmp(key, "proxy"))
		*k = GZ_NETCFG_PROXY;
	else if (!strcasecmp(key, "sslcainfo"))
		*k = GZ_NETCFG_CAINFO;
	else if (!strcasecmp(key, "sslverify"))
		*k = GZ_NETCFG_SSLVERIFY;
	else
		return -1;
	return 0;
}

/* The plain key: the last one wins. */
static int take_plain(struct gz_netcfg *n, enum gz_netcfg_key k, const char *value)
{
	char **slot = k == GZ_NETCFG_PROXY ? &n->proxy : &n->cainfo;
	int b;

	if (k == GZ_NETCFG_SSLVERIFY) {
		if (value && git_config_parse_bool(&b, value) == 0)
			n->ssl_verify = b;
		else if (!value)
			n->ssl_verify = 1;
		return 0;
	}
	free(*slot);
	*slot = NULL;
	if (!value || (k == GZ_NETCFG_CAINFO && !*value))
		return 0;
	*slot = strdup(value);
	return *slot ? 0 : oom();
}

static int add_rule(struct gz_netcfg *n, size_t *cap, const char *url, size_t url_len,
		    enum gz_netcfg_key k, const char *value)
{
	struct gz_netcfg_rule *r;
	char *pat;
	int b = 1, rc;

	if (k == GZ_NETCFG_SSLVERIFY && value && git_config_parse_bool(&b, value) < 0)
		return 0; /* not a boolean: Git would refuse it; we ignore it */
	if (n->nrules == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct gz_netcfg_rule *nr = realloc(n->rules, nc * sizeof(*nr));

		if (!nr)
			return oom();
		n->rules = nr;
		*cap = nc;
	}
	r = &n->rules[n->nrules];
	memset(r, 0, sizeof(*r));
	pat = strndup(url, url_len);
	if (!pat)
		return oom();
	rc = gz_urlmatch_parse(&r->pattern, pat, GZ_URLMATCH_GLOBS);
	free(pat);
	if (rc == GZ_EINVALID)
		return 0; /* Git matches nothing with it either */
	if (rc)
		return oom();
	r->key = k;
	r->verify = b;
	if (k != GZ_NETCFG_SSLVERIFY && !(r->value = strdup(value ? value : ""))) {
		gz_urlmatch_release(&r->pattern);
		return oom();
	}
	n->nrules++;
	return 0;
}

/* Every http.proxy / sslCAInfo / sslVerify, plain or for a URL, in order.
 * (No glob iterator: libgit2 1.5 leaks PCRE2 match data for each name
 * that does not match.) */
static int take_http(struct gz_netcfg *n, git_config *cfg)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	size_t cap = 0;
	int rc = 0;

	if (git_config_iterator_new(&it, cfg) < 0)
		return 0;
	while (!rc && git_config_next(&e, it) == 0) {
		const char *url, *key;
		size_t url_len;
		enum gz_netcfg_key k;
		int scoped = gz_urlmatch_split(&url, &url_len, &key, e->name, "http");

		if (scoped < 0 || key_of(&k, key) < 0)
			continue;
		rc = scoped ? add_rule(n, &cap, url, url_len, k, e->value) : take_plain(n, k, e->value);
	}
	git_config_iterator_free(it);
	return rc;
}

int gz_netcfg_load(struct gz_netcfg *n)
{
	git_config *cfg = NULL;
	const char *env;
	int rc = 0;

	if (gz_gitrepo_config(&cfg) == 0) {
		rc = take_http(n, cfg);
		take_seconds(&n->connect_timeout_ms, cfg, "gitzen.connectTimeout", 1000);
		take_seconds(&n->timeout_ms, cfg, "gitzen.timeout", 1000);
		take_seconds(&n->max_retry_wait_s, cfg, "gitzen.maxRetryWait", 1);
		git_config_free(cfg);
	}
	gz_error_clear();
	env = getenv("GIT_SSL_CAINFO");
	if (!rc && env && *env) {
		free(n->cainfo);
		n->cainfo = strdup(env);
		n->env_cainfo = 1;
		if (!n->cainfo)
			rc = oom();
	}
	env = getenv("GIT_SSL_NO_VERIFY");
	if (env && *env) {
		n->ssl_verify = 0;
		n->env_no_verify = 1;
	}
	return rc;
}

void gz_netcfg_release(struct gz_netcfg *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nrules; i++) {
		gz_urlmatch_release(&n->rules[i].pattern);
		free(n->rules[i].value);
	}
	free(n->rules);
	free(n->proxy);
	free(n->cainfo);
	n->rules = NULL;
	n->nrules = 0;
	n->proxy = n->cainfo = NULL;
}

/* The rule Git takes for key k at url: the most specific match, the last
 * of equally specific ones. NULL: none, the plain key applies. */
static const struct gz_netcfg_rule *best(const struct gz_netcfg *n, const struct gz_urlmatch_url *u,
					 enum gz_netcfg_key k)
{
	const struct gz_netcfg_rule *pick = NULL;
	struct gz_urlmatch_item top = GZ_URLMATCH_ITEM_INIT;
	size_t i;

	for (i = 0; i < n->nrules; i++) {
		struct gz_urlmatch_item m = GZ_URLMATCH_ITEM_INIT;

		if (n->rules[i].key == k && gz_urlmatch_match(&m, u, &n->rules[i].pattern) &&
		    (!pick || gz_urlmatch_cmp(&m, &top) >= 0)) {
			pick = &n->rules[i];
			top = m;
		}
	}
	return pick;
}

void gz_netcfg_for(struct gz_netcfg_set *out, const struct gz_netcfg *n, const char *url)
{
	struct gz_urlmatch_url u = GZ_URLMATCH_URL_INIT;
	const struct gz_netcfg_rule *r;

	out->proxy = n->proxy;
	out->cainfo = n->cainfo;
	out->ssl_verify = n->ssl_verify;
	/* a URL we cannot parse gets the plain settings (it never reaches
	 * curl: http.c speaks only https) */
	if (!url || gz_urlmatch_parse(&u, url, 0) < 0)
		return;
	if ((r = best(n, &u, GZ_NETCFG_PROXY)))
		out->proxy = r->value;
	if (!n->env_cainfo && (r = best(n, &u, GZ_NETCFG_CAINFO)))
		out->cainfo = *r->value ? r->value : NULL;
	if (!n->env_no_verify && (r = best(n, &u, GZ_NETCFG_SSLVERIFY)))
		out->ssl_verify = r->verify;
	gz_urlmatch_release(&u);
}

int gz_netcfg_unverified(const struct gz_netcfg *n)
{
	size_t i, k;

	if (!n->ssl_verify)
		return 1; /* the plain key or GIT_SSL_NO_VERIFY: everywhere */
	for (k = 0; k < sizeof(ado_roots) / sizeof(ado_roots[0]); k++) {
		struct gz_urlmatch_url root = GZ_URLMATCH_URL_INIT;
		int off = 0;

		if (gz_urlmatch_parse(&root, ado_roots[k], 0) < 0)
			return 1;
		for (i = 0; i < n->nrules && !off; i++)
			off = n->rules[i].key == GZ_NETCFG_SSLVERIFY && !n->rules[i].verify &&
			      gz_urlmatch_overlap(&n->rules[i].pattern, &root);
		gz_urlmatch_release(&root);
		if (off)
			return 1;
	}
	return 0;
}
