#ifndef GZ_GITCFG_H
#define GZ_GITCFG_H

#include <stddef.h>

/*
 * Git's configuration for gitzen: the entries `git gitzen configure` sets
 * and `unconfigure` removes, and what Git does for Azure DevOps URLs (for
 * doctor). For each URL gz_gitcfg_url(i) the entries are
 *
 *     [credential "<url>"]
 *             helper =
 *             helper = <helper>       ("gitzen", or an absolute path)
 *             useHttpPath = true
 *
 * Git joins every matching credential.helper and credential.<url>.helper
 * into one list in configuration order, and an empty value clears the list
 * so far: the empty line keeps helpers configured before it (`store`, say)
 * from answering for Azure DevOps or receiving its PATs on store.
 *
 * Every function needs git_libgit2_init(). Files are changed through
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

#define GZ_GITCFG_NURLS 2

/* The two URLs: "https://dev.azure.com" (0) and the one for every
 * {org}.visualstudio.com (1, with a "*" label); NULL for any other i. */
const char *gz_gitcfg_url(unsigned i);

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
 * gz_gitcfg_is_ours() accepts count as ours in these two sections.
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

/* 1 when a helper value runs git-credential-gitzen and nothing else:
 * "gitzen", an absolute path ending in "/git-credential-gitzen" with no
 * character the shell would interpret, or such a path quoted as one shell
 * word, "!'<path>'" (a ' in it written '\''); else 0. */
int gz_gitcfg_is_ours(const char *value);

/* Finds an executable git-credential-gitzen in the absolute directories of
 * PATH, then in exec_path (Git's exec path; may be NULL). *path is
 * malloc'd. GZ_ENOTFOUND when there is none. */
int gz_gitcfg_find_helper(char **path, const char *exec_path);

/*
 * The helper value configure writes: "gitzen" when gz_gitcfg_find_helper()
 * finds the helper, else the absolute path of the git-credential-gitzen in
 * self_dir (the directory of the running git-gitzen). Git runs a helper
 * value through the shell, so a path with characters the shell would
 * interpret becomes "!'<path>'". *value is malloc'd. GZ_ENOTFOUND when
 * there is no executable helper in either place.
 */
int gz_gitcfg_helper_value(char **value, const char *exec_path, const char *self_dir);

/* One helper in the list Git builds for a URL. */
struct gz_gitcfg_helper {
	char *value;        /* owned */
	const char *origin; /* "system", "global", "xdg", "local", "app" (static) */
	int ours;           /* gz_gitcfg_is_ours(value) */
};

/*
 * What Git's configuration (system unless GIT_CONFIG_NOSYSTEM, XDG, global
 * and the repository around the current directory) says for the URLs of
 * one of our sections. Entries whose URL could match some URL under it
 * count as if they matched (a credential.<url>.helper for one path or user
 * is taken as applying), so the answer errs on the side of reporting.
 */
struct gz_gitcfg_view {
	struct gz_gitcfg_helper *helpers; /* the list, in the order Git asks */
	size_t n;
	int reset;         /* an empty helper value cleared the list at least once */
	int use_http_path; /* the last credential.useHttpPath: 1, 0, -1 unset */
	char *invalid;     /* owned, NULL when none: the name of the first entry
			      Git refuses (a helper without a value) */
	const char *invalid_origin; /* its level, as origin above */
};

#define GZ_GITCFG_VIEW_INIT { NULL, 0, 0, -1, NULL, NULL }

/* Fills v for url (one of gz_gitcfg_url()); release with
 * gz_gitcfg_view_release() whatever it returns. */
int gz_gitcfg_view(struct gz_gitcfg_view *v, const char *url);
void gz_gitcfg_view_release(struct gz_gitcfg_view *v);

#endif
