#ifndef GZ_STORE_H
#define GZ_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "org.h"

/*
 * The per-organisation PAT store.
 *
 * Layout: ${XDG_CONFIG_HOME:-$HOME/.config}/gitzen/ (mode 0700) holds one
 * small JSON file per organisation, "<org>.json" (mode 0600), and a lock
 * file "<org>.lock" per organisation that has ever been written. One file
 * per organisation makes `get` one open and one read whatever the number
 * of organisations, and lets writers of different organisations run
 * without waiting on each other.
 *
 * Readers take no lock: writers replace a file atomically (temporary file,
 * fsync, rename, fsync of the directory), so a reader sees the old or the
 * new entry, never a torn one. Read-modify-write is serialised per
 * organisation with flock() on its lock file: gz_store_lock(), then
 * gz_store_load(), change, gz_store_save(), gz_store_unlock().
 *
 * Every read checks that the directory and the file are owned by the
 * user, not accessible to group or others, and not symbolic links; a
 * failing check is GZ_EUNSAFE and nothing is read. A file that cannot be
 * parsed, is too large or is of a newer format is GZ_EINVALID; it is never
 * overwritten or deleted behind the user's back.
 */

#define GZ_HIST_MAX 16
#define GZ_STATUS_BUF 24
#define GZ_STORE_FILE_MAX (64 * 1024)
#define GZ_STORE_VERSION 1

/* A PAT this organisation had before a rotation. */
struct gz_hist {
	int64_t added;
	int64_t replaced;
	int64_t validated;
	char status[GZ_STATUS_BUF];
};

struct gz_entry {
	char org[GZ_ORG_BUF];
	char *pat;  /* secret; owned */
	char *user; /* owned; may be NULL */
	int64_t expires;   /* 0 = unknown */
	int64_t added;     /* when this PAT was stored */
	int64_t validated; /* last validation, 0 = never */
	int64_t rejected;  /* when Azure DevOps rejected it (erase), 0 = not */
	char status[GZ_STATUS_BUF]; /* last validation result, "" = never */
	unsigned scopes_checked;    /* bit masks over gz_scope_id */
	unsigned scopes_present;
	int push;                   /* can push (Code Read & write): 1, 0, -1 unknown */
	int64_t rechecked;          /* last erase re-check of this PAT, 0 = none */
	char recheck[GZ_STATUS_BUF]; /* its result (gz_recheck_result_name), "" = none */
	size_t nhist;
	struct gz_hist hist[GZ_HIST_MAX]; /* oldest first */
};

struct gz_store {
	char *dir; /* owned */
};

#define GZ_STORE_INIT { NULL }

/* Finds the state directory from the environment (does not create it). */
int gz_store_init(struct gz_store *s);
void gz_store_release(struct gz_store *s);

/* Loads org's entry (org must be normalised). GZ_ENOTFOUND when there is
 * none; GZ_EUNSAFE / GZ_EINVALID as above, with a message naming the file
 * and the fix. On success the caller owns e (gz_entry_release). */
int gz_store_load(struct gz_entry *e, struct gz_store *s, const char *org);

/* Parses an entry's text (no file-system checks; the loader and the fuzz
 * target use it). GZ_EINVALID with the reason in gz_error_last(). */
int gz_store_parse(struct gz_entry *e, const char *buf, size_t len, const char *org);

/* Creates the directory if needed and takes org's write lock into *fd. */
int gz_store_lock(int *fd, struct gz_store *s, const char *org);
void gz_store_unlock(int fd);

/* Atomically replaces e->org's entry. The caller holds the lock. Temporary
 * files left by a writer of this organisation that was killed are removed
 * first (they may hold a PAT). */
int gz_store_save(struct gz_store *s, const struct gz_entry *e);

/* Removes org's entry (GZ_ENOTFOUND if none). The caller holds the lock. */
int gz_store_remove(struct gz_store *s, const char *org);

/* The sorted organisation names that have an entry; free with
 * gz_store_list_free. A missing directory is an empty list. */
int gz_store_list(char ***orgs, size_t *n, struct gz_store *s);
void gz_store_list_free(char **orgs, size_t n);

/* Checks the directory itself (for doctor). 0, GZ_ENOTFOUND or GZ_EUNSAFE. */
int gz_store_check(struct gz_store *s);

/* Moves the current PAT's record into the history and installs pat (which
 * the entry now owns) as a new, unvalidated PAT added at `now`. */
void gz_entry_rotate(struct gz_entry *e, char *pat, int64_t now);

/* Azure DevOps accepted the PAT again (Git's store, or add of the same
 * PAT): clears the rejected mark and a "rejected"/"expired" result. */
void gz_entry_accepted(struct gz_entry *e);

/* The entry's state for people, at time now: "rejected", "expired",
 * "missing-scopes", "expiring" (within GZ_EXPIRY_WARN_DAYS), "unvalidated"
 * or "ok", in that order of precedence. */
#define GZ_EXPIRY_WARN_DAYS 7
const char *gz_entry_state(const struct gz_entry *e, int64_t now);

void gz_entry_release(struct gz_entry *e);

#endif
