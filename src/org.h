/* SPDX-License-Identifier: MIT */
#ifndef GZ_ORG_H
#define GZ_ORG_H

#include <stddef.h>

/*
 * Azure DevOps organisation names and the hosts gitzen serves.
 *
 * An organisation is 1-50 ASCII letters, digits and '-', neither first nor
 * last '-'. gitzen keeps names in lower case (Azure DevOps matches them
 * case-insensitively), so GZ_ORG_BUF bytes always hold one.
 */

#define GZ_ORG_MAX 50
#define GZ_ORG_BUF (GZ_ORG_MAX + 1)

/* 1 if s[0..len) is a valid organisation name. */
int gz_org_valid(const char *s, size_t len);

/* Validates and lower-cases name into out. Returns 0 or GZ_EINVALID. */
int gz_org_normalise(char out[GZ_ORG_BUF], const char *name);

/*
 * The organisation a credential request is for, or GZ_ENOTOURS. Served:
 * protocol "https" exactly; host "dev.azure.com" in any case, optionally
 * with ":443", organisation from the first path segment, else from
 * username; host "{org}.visualstudio.com" (optionally ":443"). Nothing
 * else: no other port, no trailing dot, no look-alike, no default. `how`
 * (may be NULL) is set to "path", "username" or "host". GZ_ENOTFOUND (not
 * served either) when the host is dev.azure.com but the request names no
 * organisation: no path (Git drops it without credential.useHttpPath) and
 * no username.
 */
int gz_org_from_request(char out[GZ_ORG_BUF], const char **how, const char *protocol,
			const char *host, const char *path, const char *username);

#endif
