/* SPDX-License-Identifier: MIT */
#include "org.h"
#include "err.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int org_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

int gz_org_valid(const char *s, size_t len)
{
	size_t i;

	if (!s || len < 1 || len > GZ_ORG_MAX || s[0] == '-' || s[len - 1] == '-')
		return 0;
	for (i = 0; i < len; i++)
		if (!org_char(s[i]))
			return 0;
	return 1;
}

static int take(char out[GZ_ORG_BUF], const char *s, size_t len)
{
	size_t i;

	if (!gz_org_valid(s, len)) {
		gz_error_set("not a valid organisation name (1-50 letters, digits and '-')");
		return GZ_EINVALID;
	}
	for (i = 0; i < len; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[len] = '\0';
	return 0;
}

int gz_org_normalise(char out[GZ_ORG_BUF], const char *name)
{
	return take(out, name, name ? strlen(name) : 0);
}

/* host without an optional ":443"; returns its length or 0 if the port is
 * anything else */
static size_t host_len(const char *host)
{
	const char *colon = strchr(host, ':');

	if (!colon)
		return strlen(host);
	if (strcmp(colon, ":443"))
		return 0;
	return (size_t)(colon - host);
}

int gz_org_from_request(char out[GZ_ORG_BUF], const char **how, const char *protocol,
			const char *host, const char *path, const char *username)
{
	static const char vs[] = ".visualstudio.com";
	const size_t vslen = sizeof(vs) - 1;
	size_t hl;

	if (how)
		*how = NULL;
	if (!protocol || strcmp(protocol, "https") || !host || !(hl = host_len(host)))
		goto not_ours;

	if (hl == 13 && !strncasecmp(host, "dev.azure.com", 13)) {
		if (path && *path) {
			size_t seg = strcspn(path, "/");

			if (how)
				*how = "path";
			return take(out, path, seg) ? GZ_ENOTOURS : 0;
		}
		if (username && *username) {
			if (how)
				*how = "username";
			return take(out, username, strlen(username)) ? GZ_ENOTOURS : 0;
		}
		gz_error_set("no organisation in the request (no path, no username)");
		return GZ_ENOTFOUND;
	}
	if (hl > vslen && !strncasecmp(host + hl - vslen, vs, vslen)) {
		if (how)
			*how = "host";
		return take(out, host, hl - vslen) ? GZ_ENOTOURS : 0;
	}
not_ours:
	gz_error_set("not an Azure DevOps host");
	return GZ_ENOTOURS;
}
