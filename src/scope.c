/* SPDX-License-Identifier: MIT */
#include "scope.h"

#include <stddef.h>

static const struct gz_scope scopes[GZ_SCOPE_COUNT] = {
	[GZ_SCOPE_WORK] = { "vso.work_write", "Work Items", "Read & write",
	  "Create work items from Zendesk tickets, sync field updates and comments." },
	[GZ_SCOPE_CODE] = { "vso.code", "Code", "Read",
	  "Read commits referenced from Zendesk tickets via gz# tags." },
	[GZ_SCOPE_IDENTITY] = { "vso.identity", "Identity", "Read",
	  "Resolve assignee names when creating work items." },
	[GZ_SCOPE_PROJECT] = { "vso.project", "Project and Team", "Read",
	  "List your projects, teams, area paths, and iteration paths in the Git-Zen sidebar." },
	[GZ_SCOPE_SERVICEENDPT] = { "vso.serviceendpoint_query", "Service Connections", "Read & query",
	  "Configure and query service hooks (webhooks) for inbound updates." },
};

const struct gz_scope *gz_scope_get(unsigned i)
{
	return i < GZ_SCOPE_COUNT ? &scopes[i] : NULL;
}
