#include "scope.h"

#include <string.h>

static const struct gz_scope scopes[GZ_SCOPE_COUNT] = {
	{ "vso.work_write", "Work Items", "Read & write",
	  "Create work items from Zendesk tickets, sync field updates and comments.",
	  { "vso.work_full", NULL } },
	{ "vso.code", "Code", "Read",
	  "Read commits referenced from Zendesk tickets via gz# tags.",
	  { "vso.code_write", "vso.code_manage", "vso.code_full", NULL } },
	{ "vso.identity", "Identity", "Read",
	  "Resolve assignee names when creating work items.",
	  { "vso.identity_manage", NULL } },
	{ "vso.project", "Project and Team", "Read",
	  "List your projects, teams, area paths, and iteration paths in the Git-Zen sidebar.",
	  { "vso.project_write", "vso.project_manage", NULL } },
	{ "vso.serviceendpoint_query", "Service Connections", "Read & query",
	  "Configure and query service hooks (webhooks) for inbound updates.",
	  { "vso.serviceendpoint_manage", NULL } },
};

const struct gz_scope *gz_scope_get(unsigned i)
{
	return i < GZ_SCOPE_COUNT ? &scopes[i] : NULL;
}

int gz_scope_find(const char *id)
{
	unsigned i;

	for (i = 0; id && i < GZ_SCOPE_COUNT; i++)
		if (!strcmp(scopes[i].id, id))
			return (int)i;
	return -1;
}

int gz_scope_satisfied_by(unsigned i, const char *granted)
{
	const char *const *a;

	if (i >= GZ_SCOPE_COUNT || !granted)
		return 0;
	if (!strcmp(granted, "full") || !strcmp(granted, scopes[i].id))
		return 1;
	for (a = scopes[i].also; *a; a++)
		if (!strcmp(*a, granted))
			return 1;
	return 0;
}
