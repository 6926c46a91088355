/* SPDX-License-Identifier: MIT */
#ifndef GZ_ORGARG_H
#define GZ_ORGARG_H

#include "org.h"

/*
 * An organisation as the user gives it on the command line (add,
 * validate, remove): its name, or a URL that names it.
 *
 *   contoso  Contoso  contoso/
 *   https://dev.azure.com/contoso[/anything]   dev.azure.com/contoso[/...]
 *   https://contoso@dev.azure.com               (the organisation as user name)
 *   https://contoso.visualstudio.com[/...]      contoso.visualstudio.com[/...]
 *   any remote URL gz_remote_parse() accepts (https and ssh forms)
 *
 * Scheme, host and port follow the rules of gz_org_from_request(): https
 * only (or no scheme), dev.azure.com or {org}.visualstudio.com in any
 * case, optionally ":443", nothing else. A query or fragment after the
 * path is ignored; user information is never copied anywhere.
 */

/* The organisation arg names, lower case, into out. Returns 0 or
 * GZ_EINVALID with the reason in gz_error_last(), which never repeats arg
 * (a URL may carry a password). */
int gz_orgarg_parse(char out[GZ_ORG_BUF], const char *arg);

#endif
