/* SPDX-License-Identifier: MIT */
#ifndef GZ_SECRETSTORE_H
#define GZ_SECRETSTORE_H

#include "entry.h"

/*
 * The setting gitzen.secretStore: where a PAT goes when it is stored
 * (docs/contract.md, "Where the PAT lives"). It matters only when a PAT
 * is stored (first use, rotation, add): each entry records where its own
 * PAT is, so `get` never reads it.
 *
 * Both programs read it the same way, from Git itself: `git config --get
 * gitzen.secretStore` (spawn.h: no shell, stdin and stderr on /dev/null),
 * so every place Git takes configuration from
 * counts (system, global, the repository, includes, `git -c`). The
 * credential helper links no Git library and starts this one process only
 * when it is about to write a new PAT.
 */

enum gz_secretstore {
	GZ_SECRETSTORE_AUTO = 0,       /* the keyring when one answers, else the file */
	GZ_SECRETSTORE_SECRETSERVICE, /* the keyring, or nothing */
	GZ_SECRETSTORE_FILE           /* the entry file */
};

/* "auto", "secretservice" or "file" (any letter case). 0, or GZ_EINVALID
 * with the line to show in gz_error_last(). */
int gz_secretstore_parse(enum gz_secretstore *out, const char *value);

/* Reads the setting from Git: unset is GZ_SECRETSTORE_AUTO; a value that
 * is not one of the three is GZ_EINVALID; git missing or failing
 * is GZ_ERROR (the detail in gz_error_last()). */
int gz_secretstore_from_git(enum gz_secretstore *out);

/* "auto", "secretservice" or "file". */
const char *gz_secretstore_name(enum gz_secretstore s);

/*
 * Where a PAT stored now goes: gz_store_put's choose_where (store.h; ctx
 * unused). Reads the setting from Git, then:
 *   file           the file;
 *   secretservice  the keyring, with no fallback: a keyring that cannot
 *                  take it stops the put (nothing stored);
 *   auto           the keyring when a Secret Service answers on the
 *                  session bus now (gz_keyring_check, bounded), with the
 *                  file as the fallback if it then cannot take the PAT
 *                  (locked and nobody to unlock it); else the file.
 * 0, or the setting's error (GZ_EINVALID, GZ_ERROR): nothing is stored.
 */
int gz_secretstore_choose(enum gz_pat_where *where, int *fallback, void *ctx);

#endif
