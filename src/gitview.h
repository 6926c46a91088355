/* SPDX-License-Identifier: MIT */
#ifndef GZ_GITVIEW_H
#define GZ_GITVIEW_H

#include <stddef.h>

/*
 * What Git will do for Azure DevOps URLs: which credential helpers it
 * asks, in which order, and whether it sends the path, as Git's own
 * configuration (gz_gitrepo_config()) says; and what is wrong with that.
 *
 * The URLs are the two families gitzen answers for, each a URL pattern:
 * "https://dev.azure.com" (0) and the one with a "*" label for every
 * {org}.visualstudio.com (1).
 * Git joins every credential.helper and each credential.<url>.helper whose
 * URL matches the request into one list in configuration order, an empty
 * value clearing the list so far (gitcredentials(7)). An entry counts here
 * when its URL could match some URL of the family (urlmatch.h: a section
 * for one path or user counts; Git's partial URLs such as
 * "dev.azure.com" too), so the view errs on the side of reporting.
 */

#define GZ_GITVIEW_NURLS 2

/* The family's URL pattern; NULL for any other i. */
const char *gz_gitview_url(unsigned i);

/* 1 when the configuration entry name ("credential.helper",
 * "credential.<url>.usehttppath", as libgit2 names them) is for key and
 * applies to some URL of family i. */
int gz_gitview_applies(const char *name, const char *key, unsigned i);

/* One helper in the list Git builds. */
struct gz_gitview_helper {
	char *value;        /* owned */
	const char *origin; /* gz_gitrepo_level_name() of its file (static) */
	int ours;           /* gz_helperval_is_ours(value) */
};

struct gz_gitview {
	unsigned url;                     /* the family */
	struct gz_gitview_helper *helpers; /* the list, in the order Git asks */
	size_t n;
	int reset;         /* an empty helper value cleared the list at least once */
	int use_http_path; /* the last credential.useHttpPath: 1, 0, -1 unset */
	char *invalid;     /* owned, NULL when none: the name of the first entry
			      Git refuses (a helper without a value) */
	const char *invalid_origin; /* its level, as origin above */
};

#define GZ_GITVIEW_INIT { 0, NULL, 0, 0, -1, NULL, NULL }

/* Fills v for family i; release with gz_gitview_release() whatever it
 * returns. Needs gz_gitrepo_init(). */
int gz_gitview_load(struct gz_gitview *v, unsigned i);
void gz_gitview_release(struct gz_gitview *v);

/* What is wrong with a view, the first thing that is, in this order. */
enum gz_gitview_problem {
	GZ_GITVIEW_OK,           /* Git asks gitzen and no other helper, with the path */
	GZ_GITVIEW_INVALID,      /* v->invalid: an entry Git refuses */
	GZ_GITVIEW_NOT_ASKED,    /* no helper of ours in the list */
	GZ_GITVIEW_BEFORE,       /* .helper answers first and receives the PATs */
	GZ_GITVIEW_AFTER,        /* .helper comes after ours: it receives the PATs on store */
	GZ_GITVIEW_NOT_RUNNABLE, /* ours, given as a path, cannot be run: .path, .err */
	GZ_GITVIEW_NO_HTTP_PATH, /* useHttpPath is not true (v->use_http_path: 0 or -1) */
	GZ_GITVIEW_NO_RESET      /* no empty helper value before ours */
};

struct gz_gitview_verdict {
	enum gz_gitview_problem problem;
	size_t helper; /* index in v->helpers: OK ours; BEFORE/AFTER the other;
			  NOT_ASKED the first one Git asks (v->n == 0: none) */
	char *path;    /* NOT_RUNNABLE: the program; owned */
	int err;       /* NOT_RUNNABLE: errno of the check */
};

#define GZ_GITVIEW_VERDICT_INIT { GZ_GITVIEW_OK, 0, NULL, 0 }

/* Judges v into *out (release it). 0, or GZ_ERROR when out of memory. */
int gz_gitview_judge(struct gz_gitview_verdict *out, const struct gz_gitview *v);
void gz_gitview_verdict_release(struct gz_gitview_verdict *out);

#endif
