#define _GNU_SOURCE
#include "netcfg.h"
#include "err.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void take_string(char **out, git_config *cfg, const char *name)
{
	git_buf b = GIT_BUF_INIT;

	if (git_config_get_string_buf(&b, cfg, name) == 0 && b.ptr && *b.ptr) {
		free(*out);
		*out = strdup(b.ptr);
	}
	git_buf_dispose(&b);
}

static void take_seconds(long *out_ms, git_config *cfg, const char *name, long scale)
{
	int32_t v;

	if (git_config_get_int32(&v, cfg, name) == 0 && v > 0 && v < 3600)
		*out_ms = (long)v * scale;
}

static git_config *open_config(void)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;

	if (git_repository_open_ext(&repo, ".", 0, NULL) == 0) {
		if (git_repository_config_snapshot(&cfg, repo) < 0)
			cfg = NULL;
		git_repository_free(repo);
	}
	if (!cfg) {
		git_config *live = NULL;

		if (git_config_open_default(&live) == 0) {
			if (git_config_snapshot(&cfg, live) < 0)
				cfg = NULL;
			git_config_free(live);
		}
	}
	return cfg;
}

/* 1 if the URL of an http.<url>.* section applies to every request to
 * https://dev.azure.com/... (Git's URL matching, host-wide sections only). */
static int url_applies(const char *url, size_t len)
{
	static const char base[] = "https://dev.azure.com";
	size_t blen = sizeof(base) - 1;

	if (len < blen || strncasecmp(url, base, blen))
		return 0;
	url += blen;
	len -= blen;
	if (len >= 4 && !strncmp(url, ":443", 4)) {
		url += 4;
		len -= 4;
	}
	return len == 0 || (len == 1 && *url == '/');
}

/* http.<url>.proxy / sslCAInfo / sslVerify for dev.azure.com override the
 * plain keys, as in Git. */
static void take_url_scoped(struct gz_netcfg *n, git_config *cfg)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;

	if (git_config_iterator_glob_new(&it, cfg, "^http\\..*\\.(proxy|sslcainfo|sslverify)$") < 0)
		return;
	while (git_config_next(&e, it) == 0) {
		const char *url = e->name + 5, *key = strrchr(e->name, '.');
		int b;

		if (!key || key <= url || !url_applies(url, (size_t)(key - url)) || !e->value)
			continue;
		key++;
		if (!strcasecmp(key, "proxy")) {
			free(n->proxy);
			n->proxy = *e->value ? strdup(e->value) : NULL;
		} else if (!strcasecmp(key, "sslcainfo")) {
			free(n->cainfo);
			n->cainfo = *e->value ? strdup(e->value) : NULL;
		} else if (git_config_parse_bool(&b, e->value) == 0) {
			n->ssl_verify = b;
		}
	}
	git_config_iterator_free(it);
}

int gz_netcfg_load(struct gz_netcfg *n)
{
	git_config *cfg = open_config();
	const char *env;
	int b;

	if (cfg) {
		take_string(&n->proxy, cfg, "http.proxy");
		take_string(&n->cainfo, cfg, "http.sslCAInfo");
		if (git_config_get_bool(&b, cfg, "http.sslVerify") == 0)
			n->ssl_verify = b;
		take_seconds(&n->connect_timeout_ms, cfg, "gitzen.connectTimeout", 1000);
		take_seconds(&n->timeout_ms, cfg, "gitzen.timeout", 1000);
		take_seconds(&n->max_retry_wait_s, cfg, "gitzen.maxRetryWait", 1);
		take_url_scoped(n, cfg);
		git_config_free(cfg);
	}
	env = getenv("GIT_SSL_CAINFO");
	if (env && *env) {
		free(n->cainfo);
		n->cainfo = strdup(env);
	}
	env = getenv("GIT_SSL_NO_VERIFY");
	if (env && *env)
		n->ssl_verify = 0;
	return 0;
}

void gz_netcfg_release(struct gz_netcfg *n)
{
	if (!n)
		return;
	free(n->proxy);
	free(n->cainfo);
	n->proxy = n->cainfo = NULL;
}
