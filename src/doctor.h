/* SPDX-License-Identifier: MIT */
#ifndef GZ_DOCTOR_H
#define GZ_DOCTOR_H

#include <stddef.h>
#include <stdint.h>

#include "gitview.h"
#include "store.h"

/*
 * `git gitzen doctor`'s checks, as data: each check adds findings (what
 * was found, how bad it is, the facts a message needs); helper/ words
 * them. No network. Nothing here prints; paths and values are raw (the
 * front end escapes them, shortens the home directory and redacts user
 * information in URLs). PATs never appear: an entry's PAT is wiped as
 * soon as it is loaded.
 *
 * The checks, in order:
 *   Git       `git --version` runs; and Git's own behaviour for
 *             CVE-2024-52006: a `git credential fill` whose URL holds a
 *             carriage return must be refused (run away from the user's
 *             configuration, with a helper that answers; the same request
 *             without the carriage return first, as the control);
 *   Git LFS   its version (3.6.1 or later: CVE-2024-53263);
 *   helper    the git-credential-gitzen Git runs (configured by path, else
 *             on PATH or in Git's exec path): nobody else can change it
 *             (gz_helperval_check(); an unsafe one is not run), it runs,
 *             and it is this version;
 *   config    gz_gitview_judge() for each URL family;
 *   store     the state directory (gz_store_check()), gitzen.secretStore and
 *             whether the keyring answers, then every entry (and, for one
 *             whose PAT is in the keyring, whether its item is there;
 *             never read, never prompted for).
 */

enum gz_doctor_sev { GZ_DOCTOR_OK, GZ_DOCTOR_WARN, GZ_DOCTOR_ERROR };

enum gz_doctor_code {
	GZ_DOCTOR_GIT_OK,             /* text: its version, "2.39.5" */
	GZ_DOCTOR_GIT_MISSING,        /* `git --version` does not run */
	GZ_DOCTOR_GIT_ODD,            /* text: what it printed instead of a version */
	GZ_DOCTOR_GIT_CR_REFUSED,     /* Git refuses a carriage return in a credential URL */
	GZ_DOCTOR_GIT_CR_PASSED,      /* Git passed it to a helper: the fix is missing or off */
	GZ_DOCTOR_GIT_CR_UNTESTED,    /* the control request failed too: no answer */
	GZ_DOCTOR_LFS_NONE,           /* not installed */
	GZ_DOCTOR_LFS_OK,             /* text: its version */
	GZ_DOCTOR_LFS_OLD,            /* text: its version, older than 3.6.1 */
	GZ_DOCTOR_LFS_ODD,            /* text: what it printed instead of a version */
	GZ_DOCTOR_HELPER_OK,          /* path, on_path, text: its --version line */
	GZ_DOCTOR_HELPER_MISSING,     /* not on PATH, not in Git's exec path, not configured by path */
	GZ_DOCTOR_HELPER_UNSAFE,      /* path; text: gz_helperval_check()'s message with the fix */
	GZ_DOCTOR_HELPER_BROKEN,      /* path, on_path: `--version` fails */
	GZ_DOCTOR_HELPER_VERSION,     /* path; text: its --version line, another version */
	GZ_DOCTOR_CONFIG,             /* url, view, verdict */
	GZ_DOCTOR_CONFIG_UNREADABLE,  /* url; text: why */
	GZ_DOCTOR_STORE_OK,           /* path: the state directory, private */
	GZ_DOCTOR_STORE_MISSING,      /* path: does not exist yet */
	GZ_DOCTOR_STORE_BAD,          /* text: why it cannot be used */
	GZ_DOCTOR_STORE_EMPTY,        /* no PAT stored */
	GZ_DOCTOR_ORG,                /* org, entry (its PAT wiped), state, now */
	GZ_DOCTOR_ORG_BAD,            /* org; text: why the entry cannot be read */
	GZ_DOCTOR_SECRETSTORE,        /* text: the setting (auto|secretservice|file), keyring:
				       * gz_keyring_check(NULL) (1 = not asked: file),
				       * path: why it does not answer */
	GZ_DOCTOR_SECRETSTORE_BAD,    /* text: why the setting cannot be read */
	GZ_DOCTOR_ORG_ITEM            /* org; keyring: gz_keyring_check(org) for an entry whose
				       * PAT is in the keyring; text: the detail */
};

struct gz_doctor_finding {
	enum gz_doctor_code code;
	enum gz_doctor_sev sev;
	char *text; /* owned; see the codes */
	char *path; /* owned; see the codes */
	int on_path;
	unsigned url;                      /* CONFIG*: gz_gitview_url(url) */
	struct gz_gitview view;            /* CONFIG: owned */
	struct gz_gitview_verdict verdict; /* CONFIG: owned */
	char org[GZ_ORG_BUF];              /* ORG* */
	struct gz_entry entry;             /* ORG: owned, pat NULL */
	const char *state;                 /* ORG: gz_entry_status_name(status) (static) */
	enum gz_entry_status status;       /* ORG: gz_entry_status() at now */
	int keyring;                       /* SECRETSTORE, ORG_ITEM: a keyring.h result */
};

struct gz_doctor {
	/* in */
	int64_t now;            /* for entry states */
	/* out */
	struct gz_doctor_finding *v; /* in the order found */
	size_t n;
	unsigned errors, warnings;
};

#define GZ_DOCTOR_INIT { 0, NULL, 0, 0, 0 }

/* Every check. 0, or GZ_ERROR when out of memory (the findings so far
 * stay). Needs gz_gitrepo_init(). */
int gz_doctor_run(struct gz_doctor *d);

/* The configuration checks alone (configure's look at the result). */
int gz_doctor_config(struct gz_doctor *d);

void gz_doctor_release(struct gz_doctor *d);

#endif
