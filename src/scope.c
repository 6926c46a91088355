/* SPDX-License-Identifier: MIT */
#include "scope.h"

#include <stddef.h>

/* Each reason fits the report's line under the scope's row: 68 columns. */
static const struct gz_scope scopes[GZ_SCOPE_COUNT] = {
	[GZ_SCOPE_WORK] = { "vso.work_write", "Work Items", "Read & write",
	  "to create work items from tickets and sync fields and comments" },
	[GZ_SCOPE_CODE] = { "vso.code", "Code", "Read",
	  "to find the commits a ticket names (gz# references)" },
	[GZ_SCOPE_IDENTITY] = { "vso.identity", "Identity", "Read",
	  "to resolve assignee names on the work items it creates" },
	[GZ_SCOPE_PROJECT] = { "vso.project", "Project and Team", "Read",
	  "to list projects, teams, area and iteration paths in the sidebar" },
	[GZ_SCOPE_SERVICEENDPT] = { "vso.serviceendpoint_query", "Service Connections", "Read & query",
	  "to set up and query the service hooks that bring updates in" },
};

/* Information only: Git-Zen never needs it, git push does. */
static const struct gz_scope push = { "vso.code_write", "Code", "Read & write",
	"only needed to push; not required by Git-Zen" };

const struct gz_scope *gz_scope_get(unsigned i)
{
	return i < GZ_SCOPE_COUNT ? &scopes[i] : NULL;
}

const struct gz_scope *gz_scope_push(void)
{
	return &push;
}
