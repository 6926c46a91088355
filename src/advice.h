/* SPDX-License-Identifier: MIT */
#ifndef GZ_ADVICE_H
#define GZ_ADVICE_H

#include <stddef.h>
#include <stdint.h>

#include "entry.h"

/*
 * What to tell a person about an organisation's PAT, per entry status: one
 * table (advice.c) for `get`, `list`, `status`, `doctor` and `resolve`, so
 * a state is described and fixed the same way everywhere. Text only, no
 * terminal codes; the org comes from the entry (normalised: safe to
 * print), the user never appears. Every function returns out, and always
 * NUL-terminates it (cut to n - 1 bytes).
 */

/* The fix alone, e.g. for list's "  rejected — <fix>" line:
 *   "create a new PAT and run `git gitzen add contoso`"
 * with the command in backticks; "" for GZ_ENTRY_OK. */
char *gz_advice_fix(char *out, size_t n, enum gz_entry_status st, const char *org);

/* The command of the fix alone ("git gitzen add contoso"); "" for ok. */
char *gz_advice_command(char *out, size_t n, enum gz_entry_status st, const char *org);

/* How the lines name the PAT. */
enum gz_advice_subject {
	GZ_ADVICE_NAMED, /* "the PAT for contoso expired on …": a line of its own (get) */
	GZ_ADVICE_BARE   /* "the PAT expired on …": after "contoso: " (doctor, status) */
};

/*
 * One line: what is the matter, then the fix, e.g.
 *   "the PAT for contoso expired on 2026-11-02; create a new PAT and run: git gitzen add contoso"
 *   "the PAT for contoso expires in 3 days (2026-12-05); to rotate it, run: git gitzen add contoso"
 * The facts (dates, days left, missing scopes) come from e at time now; e
 * may be NULL for GZ_ENTRY_NONE (then org names the organisation).
 */
char *gz_advice_line(char *out, size_t n, enum gz_entry_status st, const struct gz_entry *e,
		     const char *org, int64_t now, enum gz_advice_subject how);

/* The missing scopes of e as dialog names, "Code (Read), Identity (Read)";
 * "" when none is known to be missing. */
char *gz_advice_missing(char *out, size_t n, const struct gz_entry *e);

#endif
