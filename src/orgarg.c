/* SPDX-License-Identifier: MIT */
#include "orgarg.h"
#include "err.h"
#include "remote.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define HOST_MAX 255

static int bad(const char *why)
{
	gz_error_set("%s", why);
	return GZ_EINVALID;
}

/* A URL with or without "https://": user information, host and path,
 * each copied (bounded) for gz_org_from_request(). */
static int from_url(char out[GZ_ORG_BUF], const char *s)
{
	char host[HOST_MAX + 1], user[GZ_ORG_BUF + 1] = "", path[GZ_ORG_BUF + 2];
	size_t alen, hlen, plen;
	const char *at, *h, *p;

	if (!strncasecmp(s, "https://", 8))
		s += 8;
	else if (!strncasecmp(s, "http://", 7))
		return bad("Azure DevOps is served over https only, not http");
	else if (strstr(s, "://"))
		return bad("not an Azure DevOps URL: the scheme is not https");
	alen = strcspn(s, "/?#");
	/* the last '@' of the authority ends the user information */
	for (at = NULL, h = s; h < s + alen; h++)
		if (*h == '@')
			at = h;
	h = at ? at + 1 : s;
	hlen = (size_t)(s + alen - h);
	if (!hlen || hlen > HOST_MAX)
		return bad("not an Azure DevOps URL: no host");
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	if (at) {
		size_t ulen = strcspn(s, ":@");

		if (ulen <= GZ_ORG_MAX) {
			memcpy(user, s, ulen);
			user[ulen] = '\0';
		}
	}
	p = s + alen;
	if (*p == '/')
		p++;
	plen = strcspn(p, "/?#");
	if (plen > GZ_ORG_MAX)
		plen = GZ_ORG_MAX + 1; /* too long a name: refused below */
	memcpy(path, p, plen);
	path[plen] = '\0';
	if (gz_org_from_request(out, NULL, "https", host, "x", NULL))
		return bad("not an Azure DevOps URL (https://dev.azure.com/<org> or https://<org>.visualstudio.com)");
	if (gz_org_from_request(out, NULL, "https", host, path, user)) {
		if (!*path && !*user)
			return bad("the URL names no organisation: give it as https://dev.azure.com/<org>");
		return bad("the organisation in the URL is not a valid name (1-50 letters, digits and '-')");
	}
	return 0;
}

int gz_orgarg_parse(char out[GZ_ORG_BUF], const char *arg)
{
	struct gz_remote r = GZ_REMOTE_INIT;
	size_t len;

	if (!arg || !*arg)
		return bad("no organisation given");
	len = strlen(arg);
	if (len > 1 && arg[len - 1] == '/' && gz_org_valid(arg, len - 1))
		len--;
	if (gz_org_valid(arg, len)) {
		char name[GZ_ORG_BUF];

		memcpy(name, arg, len);
		name[len] = '\0';
		return gz_org_normalise(out, name);
	}
	if (gz_remote_parse(&r, arg) == 0) {
		snprintf(out, GZ_ORG_BUF, "%s", r.org);
		gz_remote_release(&r);
		return 0;
	}
	if (!strchr(arg, '.') && !strchr(arg, '/') && !strchr(arg, ':'))
		return bad("not an organisation name (1-50 letters, digits and '-', not starting or ending with '-')");
	return from_url(out, arg);
}
