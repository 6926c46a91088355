/* SPDX-License-Identifier: MIT */
#ifndef GZ_ENTRY_H
#define GZ_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "org.h"

/*
 * One organisation's entry: its PAT (or where the PAT is), whose it is,
 * what Azure DevOps last said of it, its expiry and the history of the
 * PATs it replaced. Pure data and policy: no files (store.h keeps the
 * entries), no network (validate.h produces results), no messages but
 * gz_error_set on a parse failure.
 *
 * Times are UNIX seconds in [0, GZ_WHEN_MAX] (when.h), 0 = unknown or
 * never. The parser refuses any other number as damage and the writer
 * never writes one: gz_entry_take ignores an expiry outside the range.
 */

/*
 * Format versions: 1 holds its PAT in the file; 2 adds "store" (the PAT's
 * home, entry.where). An entry is written in the oldest version that can
 * hold it (1 for file entries, so an older gitzen still reads them; 2
 * otherwise, so an older gitzen refuses it instead of calling it damaged),
 * and every version up to GZ_ENTRY_VERSION is read. "push" is an optional
 * member of both (older readers ignore it).
 */
#define GZ_ENTRY_VERSION 2
#define GZ_ENTRY_HIST_MAX 16
#define GZ_ENTRY_USER_MAX 256   /* bytes kept of a user name (longer: cut, never refused) */
#define GZ_ENTRY_TEXT_MAX (64 * 1024) /* the largest entry text read or written */
#define GZ_EXPIRY_WARN_DAYS 7   /* "expiring" this many days before the expiry */
#define GZ_ENTRY_RECHECK_BUF 24 /* a re-check result's name (recheck.h) */

/*
 * What the last validation said (validate.h produces it; the entry keeps
 * it). Names, as stored and in `validate --json`: gz_vstatus_name.
 */
enum gz_vstatus {
	GZ_VSTATUS_OK = 0,
	GZ_VSTATUS_MISSING,     /* valid PAT, some scopes missing */
	GZ_VSTATUS_REJECTED,    /* invalid, revoked, other organisation, unknown organisation */
	GZ_VSTATUS_EXPIRED,     /* Azure DevOps says it has expired */
	GZ_VSTATUS_UNREACHABLE, /* no answer, or no usable answer, for at least one check */
	GZ_VSTATUS_NONE         /* never validated, or the result was cleared ("" when stored) */
};

/* "ok", "missing_scopes", "rejected", "expired", "unreachable", "" */
const char *gz_vstatus_name(enum gz_vstatus s);

/*
 * An entry's status for people (list, status, doctor, get, resolve), at a
 * given time: gz_entry_status. Names (docs/contract.md, "States"):
 * gz_entry_status_name. GZ_ENTRY_NONE is "no entry" (status's "none");
 * gz_entry_status never returns it. Order: the advice table's (advice.h).
 */
enum gz_entry_status {
	GZ_ENTRY_OK = 0,
	GZ_ENTRY_EXPIRING,
	GZ_ENTRY_EXPIRED,
	GZ_ENTRY_REJECTED,
	GZ_ENTRY_MISSING_SCOPES,
	GZ_ENTRY_UNVALIDATED,
	GZ_ENTRY_NONE,
	GZ_ENTRY_STATUS_COUNT
};

/* "ok", "expiring", "expired", "rejected", "missing-scopes",
 * "unvalidated", "none" */
const char *gz_entry_status_name(enum gz_entry_status s);

/*
 * Where the PAT itself lives (docs/contract.md, "Where the PAT lives"). Stored as
 * "store": "file" | "secretservice". With GZ_PAT_FILE the PAT is in the
 * entry's file; with GZ_PAT_SECRETSERVICE it is in the desktop keyring and
 * the file holds everything else. store.h's gz_store_pat_* dispatch on it.
 */
enum gz_pat_where {
	GZ_PAT_FILE = 0,
	GZ_PAT_SECRETSERVICE
};

/* "file", "secretservice" */
const char *gz_pat_where_name(enum gz_pat_where w);

/* Whether the PAT can push (Code (Read & write)): a tri-state, because
 * "never checked" is not "cannot". Stored as "push": true|false|null. */
#define GZ_PUSH_UNKNOWN (-1)

/* A PAT this organisation had before a rotation. */
struct gz_hist {
	int64_t added;
	int64_t replaced;
	int64_t validated;
	enum gz_vstatus result; /* its last result; rejected if it was marked so */
};

struct gz_entry {
	int version;        /* the format it was read in (GZ_ENTRY_VERSION when new) */
	char org[GZ_ORG_BUF];
	enum gz_pat_where where;
	char *pat;          /* secret; owned. NULL when not loaded (where != file) */
	char *user;         /* owned; may be NULL; at most GZ_ENTRY_USER_MAX bytes */
	int64_t expires;    /* 0 = unknown */
	int64_t added;      /* when this PAT was stored */
	int64_t validated;  /* last validation, 0 = never */
	int64_t rejected;   /* when Azure DevOps rejected it (erase), 0 = not */
	enum gz_vstatus result;  /* last validation result */
	unsigned scopes_checked; /* bit masks over gz_scope_id */
	unsigned scopes_present;
	int push;           /* 1, 0, or GZ_PUSH_UNKNOWN */
	int64_t rechecked;  /* last erase re-check of this PAT (erase.h), 0 = none */
	char recheck[GZ_ENTRY_RECHECK_BUF]; /* its result (gz_recheck_result_name), "" = none */
	size_t nhist;
	struct gz_hist hist[GZ_ENTRY_HIST_MAX]; /* oldest first */
};

#define GZ_ENTRY_INIT                                                                  \
	{ GZ_ENTRY_VERSION, "", GZ_PAT_FILE, NULL, NULL, 0, 0, 0, 0, GZ_VSTATUS_NONE, 0, 0, \
	  GZ_PUSH_UNKNOWN, 0, "", 0, { { 0, 0, 0, GZ_VSTATUS_NONE } } }

/* Sets e to GZ_ENTRY_INIT for org (normalised; cut to GZ_ORG_BUF - 1). */
void gz_entry_init(struct gz_entry *e, const char *org);

/* Wipes and frees what e owns; e is GZ_ENTRY_INIT afterwards (org kept
 * empty). Accepts NULL and an entry already released. */
void gz_entry_release(struct gz_entry *e);

/* ---- policy ----------------------------------------------------------- */

/* 1 when the PAT is past its known expiry at now (expires <= now). */
int gz_entry_expired(const struct gz_entry *e, int64_t now);

/*
 * THE status rule: at time now, the first that holds of
 *   rejected        marked rejected (erase), or the last result said so;
 *   expired         past its known expiry, or Azure DevOps said expired;
 *   missing-scopes  the last result said scopes are missing;
 *   expiring        expires within GZ_EXPIRY_WARN_DAYS;
 *   unvalidated     never validated;
 *   ok.
 * An "unreachable" last result changes nothing: the one before counts
 * (gz_entry_apply keeps the scopes it had).
 */
enum gz_entry_status gz_entry_status(const struct gz_entry *e, int64_t now);

/* Whether get serves the PAT: not rejected, not expired. */
int gz_entry_usable(const struct gz_entry *e, int64_t now);

/* What gz_entry_take did. */
enum gz_entry_took {
	GZ_ENTRY_TOOK_UNCHANGED = 0, /* same PAT, nothing to change */
	GZ_ENTRY_TOOK_NEW,           /* there was no PAT */
	GZ_ENTRY_TOOK_ROTATED,       /* another PAT was replaced (now in the history) */
	GZ_ENTRY_TOOK_ACCEPTED       /* the same PAT: a rejected/expired mark cleared, or a new expiry */
};

/*
 * "Take this PAT": the one rule for Git's `store` and for `add`.
 *   - no PAT yet, or a different one: the old one's record goes to the
 *     history (the oldest dropped past GZ_ENTRY_HIST_MAX) and pat becomes
 *     the entry's PAT, unvalidated, added at now, with no user, scopes,
 *     marks, push capability, re-check or expiry (they were the old PAT's);
 *   - the same PAT: Azure DevOps accepted it, so a rejected mark and a
 *     "rejected"/"expired" result are cleared.
 * Then a known expiry (expires != 0) is recorded, if it is in
 * [now + 1, GZ_WHEN_MAX]; any other value is ignored. pat is taken over
 * in every case (installed, or wiped and freed when it is the same).
 */
enum gz_entry_took gz_entry_take(struct gz_entry *e, char *pat, int64_t expires, int64_t now);

/* What gz_entry_take would do, without changing e or taking pat. */
enum gz_entry_took gz_entry_would_take(const struct gz_entry *e, const char *pat,
				       int64_t expires, int64_t now);

/* How a PAT is condemned (erase, after the re-check). */
enum gz_entry_mark {
	GZ_ENTRY_MARK_REJECTED,
	GZ_ENTRY_MARK_EXPIRED
};

/* Marks the PAT at when: rejected (the rejected time, kept if already
 * set) or expired (the result "expired"; when it was learnt is the
 * caller's, e.g. rechecked). Returns 1 if anything changed, 0 if it was
 * already so marked. Nothing else is touched: nothing is ever deleted. */
int gz_entry_mark(struct gz_entry *e, enum gz_entry_mark how, int64_t when);

/*
 * A validation's result, for gz_entry_apply (validate.c fills it from its
 * report). user may be NULL; push is 1, 0 or GZ_PUSH_UNKNOWN.
 */
struct gz_entry_result {
	enum gz_vstatus status;
	unsigned checked, present; /* over gz_scope_id */
	const char *user;
	int unknown_org;           /* the organisation does not exist: not the PAT's fault */
	int push;
	int64_t when;
};

/*
 * Records a result: unreachable changes nothing. Otherwise the result and
 * its time are kept; rejected (not for an unknown organisation) sets the
 * rejected mark if unset; ok / missing scopes also record the scopes, the
 * user (cut to GZ_ENTRY_USER_MAX), the push capability when known, and
 * clear the rejected mark. Returns GZ_ERROR only when out of memory (the
 * user is then left as it was).
 */
int gz_entry_apply(struct gz_entry *e, const struct gz_entry_result *r);

/* Sets e->user to a copy of user (NULL: none) cut to GZ_ENTRY_USER_MAX
 * bytes, never inside a UTF-8 sequence. 0 or GZ_ERROR (out of memory;
 * e->user unchanged). */
int gz_entry_set_user(struct gz_entry *e, const char *user);

/* ---- the JSON codec ------------------------------------------------------ */

/*
 * Parses an entry's text (no file-system checks; the store and the fuzz
 * target use it). Format: one JSON object, white space after it only:
 *   {"version":1|2,"org":"contoso",["store":"secretservice",]"pat":"…"|null,"user":"…"|null,
 *    "expires":N,"added":N,"validated":N,"rejected":N,"status":"ok|…|",
 *    "scopes":{"vso.code":true,…},"push":true|false|null,
 *    ["rechecked":N,"recheck":"…",]
 *    "history":[{"added":N,"replaced":N,"validated":N,"status":"…"},…]}
 * Version 1 (no "store") is read as a file entry; no "push" is unknown. The
 * organisation must equal org. Returns 0 (the caller owns e), GZ_EINVALID
 * with the reason in gz_error_last(), or GZ_ENEWER for a newer version (e
 * is not filled). On failure e is released (GZ_ENTRY_INIT, all wiped).
 */
int gz_entry_parse(struct gz_entry *e, const char *buf, size_t len, const char *org);

/*
 * Prints e as its text (a trailing newline included) into out, which must
 * have GZ_ENTRY_TEXT_MAX bytes; *len is the length. Every member is
 * checked: an allocation failure is GZ_ERROR, never a shorter entry. A
 * PAT that is not PAT-shaped (file entries) is GZ_EINVALID. Times outside
 * the range are written as 0. No copy of the PAT is left outside out.
 */
int gz_entry_print(char *out, size_t *len, const struct gz_entry *e);

#endif
