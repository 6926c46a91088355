/* SPDX-License-Identifier: MIT */
#ifndef GZ_STORE_H
#define GZ_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "entry.h"
#include "org.h"

/*
 * The per-organisation PAT store: where entries (entry.h) are kept.
 *
 * Layout: ${XDG_CONFIG_HOME:-$HOME/.config}/gitzen/ (mode 0700) holds one
 * small JSON file per organisation, "<org>.json" (mode 0600), and a lock
 * file "<org>.lock" per organisation that has ever been written. One file
 * per organisation makes `get` one open and one read whatever the number
 * of organisations, and lets writers of different organisations run
 * without waiting on each other.
 *
 * Readers take no lock: writers replace a file atomically
 * (gz_fileio_replace_at: temporary file, fsync, rename, fsync of the
 * directory), so a reader sees the old or the new entry, never a torn one.
 * Read-modify-write is serialised per organisation with flock() on its
 * lock file. Use gz_store_put / gz_store_update, which do lock, load,
 * change, save, unlock; the pieces are exported for the modules that need
 * more between load and save (erase.c), doctor's checks and the tests.
 *
 * Every access goes through a descriptor of the directory that was checked
 * (owned by the user, not accessible to group or others, not a symbolic
 * link) and every file is checked the same way; a failing check is
 * GZ_EUNSAFE and nothing is read. A file that cannot be parsed or is too
 * large is GZ_EINVALID, one of a newer format GZ_ENEWER; neither is ever
 * overwritten or deleted behind the user's back.
 *
 * Every function sets gz_error_last() on failure to one line naming the
 * file and the fix (escaped; never a PAT).
 */

struct gz_store {
	char *dir; /* owned */
};

#define GZ_STORE_INIT { NULL }

/* Finds the state directory from the environment (does not create it).
 * GZ_ERROR when no home directory can be found (s->dir stays NULL). */
int gz_store_init(struct gz_store *s);
void gz_store_release(struct gz_store *s);

/*
 * Loads org's entry (org must be normalised). Contract on e, whatever the
 * result: e is always initialised on return. On 0 the caller owns it
 * (gz_entry_release); on any failure it is GZ_ENTRY_INIT for org (nothing
 * to release, nothing of a PAT left in it), so a caller may go on with it
 * as a new entry after GZ_ENOTFOUND.
 * Results: 0; GZ_ENOTFOUND (no entry); GZ_EUNSAFE; GZ_EINVALID (damaged
 * or too large); GZ_ENEWER (written by a newer gitzen); GZ_ERROR.
 * e->pat is set for entries whose PAT is in the file; for others it is
 * NULL until gz_store_pat_get.
 */
int gz_store_load(struct gz_entry *e, struct gz_store *s, const char *org);

/* Creates the directory if needed and takes org's write lock into *fd
 * (-1 on failure). */
int gz_store_lock(int *fd, struct gz_store *s, const char *org);
void gz_store_unlock(int fd);

/* Atomically replaces e->org's entry. The caller holds the lock. Temporary
 * files left by a writer of this organisation that was killed are removed
 * first (they may hold a PAT). */
int gz_store_save(struct gz_store *s, const struct gz_entry *e);

/* Removes org's entry (GZ_ENOTFOUND if none). The caller holds the lock.
 * The PAT's own home is the caller's (gz_store_pat_clear first). */
int gz_store_remove(struct gz_store *s, const char *org);

/* The sorted organisation names that have an entry; free with
 * gz_store_list_free. A missing directory is an empty list. */
int gz_store_list(char ***orgs, size_t *n, struct gz_store *s);
void gz_store_list_free(char **orgs, size_t n);

/* Checks the directory itself (for doctor). 0, GZ_ENOTFOUND or GZ_EUNSAFE. */
int gz_store_check(struct gz_store *s);

/*
 * ---- The seam: where the PAT itself lives ----
 *
 * An entry records where its PAT is (e->where, entry.h). These three are
 * the only functions that touch the PAT's home; each dispatches on
 * e->where:
 *   GZ_PAT_FILE           the PAT is a member of the entry's file: get is
 *                         a no-op (gz_store_load filled e->pat), put and
 *                         clear do nothing (gz_store_save writes it,
 *                         gz_store_remove removes it);
 *   GZ_PAT_SECRETSERVICE  the keyring (keyring.h), item of e->org: get
 *                         reads it into e->pat, put writes e->pat there,
 *                         clear deletes the item.
 * A backend returns 0, GZ_ENOTFOUND (no PAT there), GZ_EUNAVAIL or
 * GZ_ELOCKED (the keyring cannot be used now: nothing was changed), or
 * GZ_ERROR, with the line in gz_error_last(); it never marks, moves or
 * deletes anything else.
 */

/* Makes e->pat the entry's PAT (no-op when it is already set). */
int gz_store_pat_get(struct gz_store *s, struct gz_entry *e);

/* Deletes the PAT from its home (the entry itself is the caller's). */
int gz_store_pat_clear(struct gz_store *s, const struct gz_entry *e);

/*
 * ---- Read-modify-write, each under the organisation's lock ----
 */

/* Options and results of gz_store_put. */
struct gz_store_put {
	int64_t expires;         /* a known expiry, 0 = none (gz_entry_take's rule) */
	enum gz_pat_where where; /* the PAT's home for a new or rotated PAT */
	/* When not NULL, called (under the lock) only for a new or rotated PAT
	 * to choose its home into *where (gz_secretstore_choose: from
	 * gitzen.secretStore, which costs a process); *fallback (0 on entry)
	 * set to 1 lets a keyring that is unavailable or locked leave the PAT
	 * to the file instead (auto). Non-zero stops the put (nothing saved). */
	int (*choose_where)(enum gz_pat_where *where, int *fallback, void *ctx);
	void *where_ctx;
	const char *user;        /* recorded for a new or rotated PAT (cut to
				  * GZ_ENTRY_USER_MAX); NULL: none */
	/* Called under the lock after the PAT was taken (e.g. to record a
	 * validation report); returns 0 or a GZ_* code that stops the put
	 * (nothing saved). NULL: none. */
	int (*apply)(struct gz_entry *e, const void *ctx);
	const void *ctx;
	/* out */
	enum gz_entry_took took;
	int64_t prev_added;   /* the replaced PAT's "added" (TOOK_ROTATED), else 0 */
	int64_t prev_expires; /* the entry's expiry before the put, 0 = none */
	int left_copy;        /* the PAT moved out of the keyring, but its old item
			       * could not be deleted (gz_error_last() says why) */
};

#define GZ_STORE_PUT_INIT { 0, GZ_PAT_FILE, NULL, NULL, NULL, NULL, NULL, GZ_ENTRY_TOOK_UNCHANGED, 0, 0, 0 }

/*
 * "Take this PAT" (Git's store, `add`): loads org's entry under the lock
 * (none: a new one), applies gz_entry_take(pat, p->expires), then
 * p->apply, and saves. When nothing would change (same PAT, no mark to
 * clear, no new expiry, no apply) it returns 0 after a plain read, without
 * the lock or a write (Git calls store after every request). An entry
 * whose keyring item is gone takes pat as its new PAT (the repair); a
 * keyring that cannot be read now (GZ_EUNAVAIL, GZ_ELOCKED) stops the
 * put with nothing changed. A damaged,
 * unsafe or newer entry is left as it is (its code returned). pat is taken
 * over in every case. p->took says what happened.
 */
int gz_store_put(struct gz_store *s, const char *org, char *pat, struct gz_store_put *p);

/*
 * Under the lock: loads org's entry and, only if its PAT is still pat,
 * calls fn (which returns 1 when it changed e, 0 when not, or a GZ_* code)
 * and saves when it changed. *done (may be NULL) is 1 when fn ran. 0,
 * GZ_ENOTFOUND (no entry), or the code of the load, fn or save.
 */
int gz_store_update(struct gz_store *s, const char *org, const char *pat,
		    int (*fn)(struct gz_entry *e, void *ctx), void *ctx, int *done);

#endif
