/* SPDX-License-Identifier: MIT */
#ifndef GZ_GITCFG_H
#define GZ_GITCFG_H

#include <stddef.h>

#include "gitview.h"

/*
 * Editing Git's configuration files for gitzen: the entries `git gitzen
 * configure` sets and `unconfigure` removes. For each URL gz_gitview_url(i)
 * the entries are
 *
 *     [credential "<url>"]
 *             helper =
 *             helper = <helper>       (gz_helperval_value(): "gitzen", or a path)
 *             useHttpPath = true
 *
 * Git joins every matching credential.helper and credential.<url>.helper
 * into one list in configuration order, and an empty value clears the list
 * so far: the empty line keeps helpers configured before it (`store`, say)
 * from answering for Azure DevOps or receiving its PATs on store.
 *
 * Every function needs gz_gitrepo_init(). Files are changed through
 * libgit2's configuration API (each change is written atomically under
 * Git's own "<file>.lock"); the mode of an existing file is kept. Returns
 * are 0 or a negative GZ_* code with the reason in gz_error_last().
 */

enum gz_gitcfg_level {
	GZ_GITCFG_GLOBAL, /* as `git config --global`: ~/.gitconfig, or the XDG
			     file ($XDG_CONFIG_HOME/git/config) when only it exists */
	GZ_GITCFG_SYSTEM, /* as `git config --system` (created 0644 when new) */
	GZ_GITCFG_LOCAL   /* the repository around the current directory;
			     GZ_ENOTFOUND outside one */
};

#define GZ_GITCFG_NURLS GZ_GITVIEW_NURLS

/* The configuration file of a level into *path (malloc'd, caller frees).
 * The file need not exist yet. */
int gz_gitcfg_path(char **path, enum gz_gitcfg_level level);

/* Bits of gz_gitcfg_result.changed[i]. */
#define GZ_GITCFG_HELPER 1u   /* configure: the two helper lines were added or
				 rewritten; unconfigure: removed */
#define GZ_GITCFG_HTTPPATH 2u /* configure: useHttpPath set to true;
				 unconfigure: removed */
#define GZ_GITCFG_MOVED 4u    /* configure: the section was moved to the end of
				 the file, after a helper (or an empty helper
				 value) that came later and would have received
				 the PATs or cleared gitzen */

struct gz_gitcfg_result {
	char *file;                        /* the file looked at; owned */
	unsigned changed[GZ_GITCFG_NURLS]; /* per URL; all 0: nothing written */
	size_t others[GZ_GITCFG_NURLS];    /* other helpers found in the URL's own
					      section, left in place (the empty
					      value clears them for Azure DevOps) */
};

#define GZ_GITCFG_RESULT_INIT { NULL, { 0, 0 }, { 0, 0 } }

void gz_gitcfg_result_release(struct gz_gitcfg_result *r);

/*
 * Makes the level's file hold the entries above for both URLs, with
 * `helper` as the helper value, and changes nothing that is already so
 * (running it twice leaves the file byte-identical). Entries of ours in
 * another shape (a stale path, duplicates, the wrong order, no empty value,
 * useHttpPath false or repeated) are normalised; other helpers and every
 * other entry, section and comment stay. The empty value and any value
 * gz_helperval_is_ours() accepts count as ours in these two sections.
 * GZ_EINVALID when the section holds a helper line without a value (Git
 * itself refuses such a file; the user has to fix it by hand).
 */
int gz_gitcfg_configure(struct gz_gitcfg_result *r, enum gz_gitcfg_level level,
			const char *helper);

/*
 * Removes from the level's file what configure set: in both sections the
 * empty helper values and ours, and a true useHttpPath when one of our
 * helper values was there; then a section header left empty by that.
 * After configure on a file without these sections it restores the file
 * byte for byte (except a missing final newline, which libgit2 adds).
 * Idempotent: nothing to remove, nothing written.
 */
int gz_gitcfg_unconfigure(struct gz_gitcfg_result *r, enum gz_gitcfg_level level);

#endif
