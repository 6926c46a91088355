/* SPDX-License-Identifier: MIT */
#include "advice.h"
#include "scope.h"
#include "when.h"

#include <stdio.h>
#include <string.h>

/*
 * One row per entry status, in enum order. `what` is printed after the
 * subject ("the PAT for contoso" / "the PAT") with the facts a format
 * needs, `fix` before the command, `cmd` is git gitzen's subcommand. A fix
 * ends in "run", so that both forms read as a sentence: "…, run `git gitzen
 * add contoso`" and "…, run: git gitzen add contoso".
 */
struct advice {
	enum gz_entry_status st;
	const char *fix;
	const char *cmd;
};

static const struct advice table[] = {
	{ GZ_ENTRY_OK, NULL, NULL },
	{ GZ_ENTRY_EXPIRING, "to rotate it, run", "add" },
	{ GZ_ENTRY_EXPIRED, "create a new PAT and run", "add" },
	{ GZ_ENTRY_REJECTED, "create a new PAT and run", "add" },
	{ GZ_ENTRY_MISSING_SCOPES,
	  "add them to the PAT in Azure DevOps (User settings > Personal access tokens) or create one with them, then run",
	  "add" },
	{ GZ_ENTRY_UNVALIDATED, "to check it, run", "validate" },
	{ GZ_ENTRY_NONE, "to add one, run", "add" },
};
_Static_assert(sizeof(table) / sizeof(table[0]) == GZ_ENTRY_STATUS_COUNT,
	       "one row of advice per gz_entry_status");

static const struct advice *row(enum gz_entry_status st)
{
	return (unsigned)st < GZ_ENTRY_STATUS_COUNT ? &table[st] : &table[GZ_ENTRY_NONE];
}

char *gz_advice_command(char *out, size_t n, enum gz_entry_status st, const char *org)
{
	const struct advice *a = row(st);

	if (a->cmd)
		snprintf(out, n, "git gitzen %s %s", a->cmd, org);
	else if (n)
		out[0] = '\0';
	return out;
}

char *gz_advice_fix(char *out, size_t n, enum gz_entry_status st, const char *org)
{
	const struct advice *a = row(st);

	if (a->cmd)
		snprintf(out, n, "%s `git gitzen %s %s`", a->fix, a->cmd, org);
	else if (n)
		out[0] = '\0';
	return out;
}

char *gz_advice_missing(char *out, size_t n, const struct gz_entry *e)
{
	size_t len = 0;
	unsigned i;

	if (!n)
		return out;
	out[0] = '\0';
	for (i = 0; e && i < GZ_SCOPE_COUNT; i++)
		if ((e->scopes_checked & ~e->scopes_present) & (1u << i)) {
			const struct gz_scope *s = gz_scope_get(i);
			int k = snprintf(out + len, n - len, "%s%s (%s)", len ? ", " : "", s->name, s->level);

			if (k < 0 || (size_t)k >= n - len)
				break;
			len += (size_t)k;
		}
	return out;
}

char *gz_advice_line(char *out, size_t n, enum gz_entry_status st, const struct gz_entry *e,
		     const char *org, int64_t now, enum gz_advice_subject how)
{
	const struct advice *a = row(st);
	char subj[GZ_ORG_BUF + 16], what[640], day[16], missing[512];
	const char *o = e ? e->org : org;
	long days;

	if (!n)
		return out;
	snprintf(subj, sizeof(subj), how == GZ_ADVICE_NAMED ? "the PAT for %s" : "the PAT", o);
	switch (e ? a->st : GZ_ENTRY_NONE) {
	case GZ_ENTRY_OK:
		if (e->expires)
			snprintf(what, sizeof(what), "%s works (expires %s)", subj,
				 gz_when_date(day, sizeof(day), e->expires));
		else
			snprintf(what, sizeof(what), "%s works (no expiry recorded)", subj);
		break;
	case GZ_ENTRY_EXPIRING:
		days = gz_when_days_left(e->expires, now);
		snprintf(what, sizeof(what), "%s expires in %ld day%s (%s)", subj, days,
			 days == 1 ? "" : "s", gz_when_date(day, sizeof(day), e->expires));
		break;
	case GZ_ENTRY_EXPIRED:
		if (gz_entry_expired(e, now))
			snprintf(what, sizeof(what), "%s expired on %s", subj,
				 gz_when_date(day, sizeof(day), e->expires));
		else
			snprintf(what, sizeof(what), "Azure DevOps says %s has expired", subj);
		break;
	case GZ_ENTRY_REJECTED:
		if (e->rejected)
			snprintf(what, sizeof(what), "%s was rejected by Azure DevOps on %s", subj,
				 gz_when_date(day, sizeof(day), e->rejected));
		else
			snprintf(what, sizeof(what), "%s was rejected by Azure DevOps", subj);
		break;
	case GZ_ENTRY_MISSING_SCOPES:
		gz_advice_missing(missing, sizeof(missing), e);
		snprintf(what, sizeof(what), "%s lacks %s", subj,
			 missing[0] ? missing : "scopes Git-Zen needs");
		break;
	case GZ_ENTRY_UNVALIDATED:
		snprintf(what, sizeof(what), "%s was never checked against Azure DevOps", subj);
		break;
	case GZ_ENTRY_NONE:
	case GZ_ENTRY_STATUS_COUNT:
		snprintf(what, sizeof(what), "no PAT is stored for %s", o);
		break;
	}
	if (a->cmd)
		snprintf(out, n, "%s; %s: git gitzen %s %s", what, a->fix, a->cmd, o);
	else
		snprintf(out, n, "%s", what);
	return out;
}
