/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "erase.h"
#include "child.h"
#include "store.h"
#include "err.h"
#include "secret.h"
#include "when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The re-check itself: runs `companion recheck <org>` with pat on its
 * stdin, bounded by GZ_RECHECK_TIMEOUT_MS. Anything but a clear answer
 * within the bound is GZ_RECHECK_NO_ANSWER. */
static enum gz_recheck_result gz_erase_run_companion(const char *companion, const char *org,
						     const char *pat)
{
	enum gz_recheck_result res = GZ_RECHECK_NO_ANSWER;
	char out[64], *input = NULL, orgarg[GZ_ORG_BUF], a0[] = "git-gitzen", a1[] = "recheck";
	char *const argv[] = { a0, a1, orgarg, NULL };
	int status = -1;

	if (!companion)
		return res;
	snprintf(orgarg, sizeof(orgarg), "%s", org);
	if (asprintf(&input, "%s\n", pat) < 0)
		return res;
	if (gz_child_run(&status, out, sizeof(out), companion, argv, input,
			 GZ_RECHECK_TIMEOUT_MS) == 0 &&
	    status == 0 && gz_recheck_result_parse(&res, out))
		res = GZ_RECHECK_NO_ANSWER;
	gz_secret_free(input);
	return res;
}

static int marked(const struct gz_entry *e)
{
	return e->rejected || e->result == GZ_VSTATUS_REJECTED || e->result == GZ_VSTATUS_EXPIRED;
}

/* A re-check of this entry's PAT recent enough to stand for a new one, and
 * still what the entry says (a mark cleared since, by validate or Git's
 * store, makes it stale). */
static int recent(enum gz_recheck_result *res, const struct gz_entry *e, int64_t now)
{
	if (!e->rechecked || now < e->rechecked || now - e->rechecked > GZ_RECHECK_REUSE_S ||
	    gz_recheck_result_parse(res, e->recheck))
		return 0;
	return (*res == GZ_RECHECK_WORKS) == !marked(e);
}

/* Applies the verdict's mark (entry.h's rule); 1 when the entry changed. */
static int apply_mark(struct gz_entry *e, enum gz_recheck_mark mark, int64_t now)
{
	switch (mark) {
	case GZ_RECHECK_MARK_REJECTED:
		return gz_entry_mark(e, GZ_ENTRY_MARK_REJECTED, now);
	case GZ_RECHECK_MARK_EXPIRED:
		return gz_entry_mark(e, GZ_ENTRY_MARK_EXPIRED, now);
	case GZ_RECHECK_KEEP:
		break;
	}
	return 0;
}

int gz_erase_recheck(struct gz_erase_outcome *o, struct gz_store *st, const char *org,
		     const char *pat, const char *companion)
{
	struct gz_entry e;
	int64_t now;
	int lock = -1, rc, dirty = 0;

	memset(o, 0, sizeof(*o));
	/* look before taking the lock, so that an erase for anything else
	 * creates no file and waits for nobody */
	rc = gz_store_load(&e, st, org);
	if (!rc && (rc = gz_store_pat_get(st, &e)))
		gz_entry_release(&e);
	if (rc)
		return rc;
	now = gz_when_now();
	if (!gz_secret_equal(e.pat, pat) || (marked(&e) && !recent(&o->result, &e, now))) {
		gz_entry_release(&e);
		return 0;
	}
	gz_entry_release(&e);

	rc = gz_store_lock(&lock, st, org);
	if (rc)
		return rc;
	rc = gz_store_load(&e, st, org);
	if (rc)
		goto unlock;
	if ((rc = gz_store_pat_get(st, &e)))
		goto release; /* the keyring cannot say: nothing is marked */
	if (!gz_secret_equal(e.pat, pat))
		goto release; /* rotated meanwhile */
	now = gz_when_now();
	if (recent(&o->result, &e, now)) {
		o->reused = 1;
	} else if (marked(&e)) {
		goto release;
	} else {
		o->result = gz_erase_run_companion(companion, org, pat);
		now = gz_when_now();
		e.rechecked = now;
		snprintf(e.recheck, sizeof(e.recheck), "%s", gz_recheck_result_name(o->result));
		dirty = 1;
	}
	o->acted = 1;
	o->verdict = gz_recheck_decide(o->result, e.push);
	dirty |= apply_mark(&e, o->verdict.mark, now);
	if (dirty)
		rc = gz_store_save(st, &e);
release:
	gz_entry_release(&e);
unlock:
	gz_store_unlock(lock);
	return rc;
}
