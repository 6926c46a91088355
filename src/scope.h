/* SPDX-License-Identifier: MIT */
#ifndef GZ_SCOPE_H
#define GZ_SCOPE_H

/*
 * The five scopes Git-Zen needs on a PAT, as the setup guide names them,
 * in the guide's order. A scope set is a bit mask over this table; the
 * table (scope.c) is indexed by the enum with designated initialisers, and
 * validate.c asserts at compile time that its probes follow the enum.
 */

enum gz_scope_id {
	GZ_SCOPE_WORK = 0,     /* vso.work_write */
	GZ_SCOPE_CODE,         /* vso.code */
	GZ_SCOPE_IDENTITY,     /* vso.identity */
	GZ_SCOPE_PROJECT,      /* vso.project */
	GZ_SCOPE_SERVICEENDPT, /* vso.serviceendpoint_query */
	GZ_SCOPE_COUNT
};

#define GZ_SCOPE_ALL ((1u << GZ_SCOPE_COUNT) - 1)

struct gz_scope {
	const char *id;      /* "vso.code" */
	const char *name;    /* dialog name: "Code" */
	const char *level;   /* dialog level: "Read" */
	const char *why;     /* why Git-Zen needs it, one short line:
			      * "to find the commits a ticket names (gz# references)" */
};

/* The table entry for i (0 <= i < GZ_SCOPE_COUNT). */
const struct gz_scope *gz_scope_get(unsigned i);

/* Code (Read & write), vso.code_write: not one of the five, reported as
 * information (whether the PAT can push); never in a scope set. */
const struct gz_scope *gz_scope_push(void);

#endif
