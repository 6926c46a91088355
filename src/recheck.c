/* SPDX-License-Identifier: MIT */
#include "recheck.h"
#include "err.h"

#include <stdio.h>
#include <string.h>

static const char *const names[] = {
	[GZ_RECHECK_WORKS] = "works",
	[GZ_RECHECK_REJECTED] = "rejected",
	[GZ_RECHECK_EXPIRED] = "expired",
	[GZ_RECHECK_NO_ANSWER] = "no-answer",
};

struct gz_recheck_verdict gz_recheck_decide(enum gz_recheck_result result, int push)
{
	struct gz_recheck_verdict v = { GZ_RECHECK_MARK_REJECTED, GZ_RECHECK_MSG_NO_ANSWER };

	switch (result) {
	case GZ_RECHECK_WORKS:
		v.mark = GZ_RECHECK_KEEP;
		v.msg = push == 0 ? GZ_RECHECK_MSG_NEEDS_WRITE :
			push > 0  ? GZ_RECHECK_MSG_NO_ACCESS :
				    GZ_RECHECK_MSG_WRITE_OR_ACCESS;
		break;
	case GZ_RECHECK_REJECTED:
		v.msg = GZ_RECHECK_MSG_REJECTED;
		break;
	case GZ_RECHECK_EXPIRED:
		v.mark = GZ_RECHECK_MARK_EXPIRED;
		v.msg = GZ_RECHECK_MSG_EXPIRED;
		break;
	case GZ_RECHECK_NO_ANSWER:
		break;
	}
	return v;
}

char *gz_recheck_message(char *out, size_t outsz, enum gz_recheck_msg msg, const char *org)
{
	switch (msg) {
	case GZ_RECHECK_MSG_NEEDS_WRITE:
		snprintf(out, outsz,
			 "Azure DevOps refused this request, but the PAT for %s still works and is kept (fetching is not affected): a push needs Code (Read & write), which this PAT lacks; to push, create a PAT with Code (Read & write) and run: git gitzen add %s",
			 org, org);
		break;
	case GZ_RECHECK_MSG_NO_ACCESS:
		snprintf(out, outsz,
			 "Azure DevOps refused this request, but the PAT for %s still works and is kept: it lacks access to this repository (ask its administrators for access)",
			 org);
		break;
	case GZ_RECHECK_MSG_WRITE_OR_ACCESS:
		snprintf(out, outsz,
			 "Azure DevOps refused this request, but the PAT for %s still works and is kept: a push needs Code (Read & write), or the PAT lacks access to this repository; git gitzen validate %s tells which",
			 org, org);
		break;
	case GZ_RECHECK_MSG_REJECTED:
		snprintf(out, outsz,
			 "Azure DevOps rejected the PAT for %s (revoked, invalid or not for this organisation); it is marked rejected and no longer used; create a new PAT and run: git gitzen add %s",
			 org, org);
		break;
	case GZ_RECHECK_MSG_EXPIRED:
		snprintf(out, outsz,
			 "Azure DevOps says the PAT for %s has expired; it is marked expired and no longer used; create a new PAT and run: git gitzen add %s",
			 org, org);
		break;
	case GZ_RECHECK_MSG_NO_ANSWER:
	default:
		snprintf(out, outsz,
			 "Azure DevOps refused the PAT for %s and did not answer the re-check within %d s; it is marked rejected; if it still works, git gitzen validate %s re-checks it and clears the mark",
			 org, GZ_RECHECK_TIMEOUT_MS / 1000, org);
		break;
	}
	return out;
}

const char *gz_recheck_result_name(enum gz_recheck_result result)
{
	if ((unsigned)result < sizeof(names) / sizeof(names[0]))
		return names[result];
	return names[GZ_RECHECK_NO_ANSWER];
}

int gz_recheck_result_parse(enum gz_recheck_result *out, const char *word)
{
	size_t i, n = strcspn(word, "\n");

	if (word[n] && word[n + 1])
		return GZ_EINVALID;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && !strncmp(names[i], word, n)) {
			*out = (enum gz_recheck_result)i;
			return 0;
		}
	return GZ_EINVALID;
}
