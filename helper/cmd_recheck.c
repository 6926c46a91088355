/* SPDX-License-Identifier: MIT */
/*
 * recheck: the internal command the credential helper runs when Git erases
 * a PAT (hidden: not in --help, the man page or completion; not for people).
 *
 *   git-gitzen recheck <org>     the PAT on stdin, one line
 *
 * Asks Azure DevOps about the PAT itself (connectionData, one request) and
 * prints one word on stdout: works, rejected, expired or no-answer
 * (gz_recheck_result_name). It records nothing: the helper, which holds the
 * organisation's lock meanwhile, decides and records. Bounded below the
 * helper's own bound, which kills it past GZ_RECHECK_TIMEOUT_MS.
 */
#define _GNU_SOURCE
#include "../src/err.h"
#include "../src/http.h"
#include "../src/netcfg.h"
#include "../src/org.h"
#include "../src/recheck.h"
#include "../src/secret.h"
#include "../src/validate.h"
#include "cmds.h"
#include "trace.h"
#include "ui.h"

#include <stdio.h>
#include <string.h>

static enum gz_recheck_result result_of(const struct gz_report *r)
{
	switch (r->status) {
	case GZ_VSTATUS_OK:
	case GZ_VSTATUS_MISSING:
		return GZ_RECHECK_WORKS;
	case GZ_VSTATUS_REJECTED:
		return GZ_RECHECK_REJECTED;
	case GZ_VSTATUS_EXPIRED:
		return GZ_RECHECK_EXPIRED;
	case GZ_VSTATUS_UNREACHABLE:
	case GZ_VSTATUS_NONE:
		break;
	}
	return GZ_RECHECK_NO_ANSWER;
}

int cmd_recheck(int argc, char **argv)
{
	struct gz_report r = GZ_REPORT_INIT;
	struct gz_netcfg cfg = GZ_NETCFG_INIT;
	struct gz_http *h = NULL;
	char org[GZ_ORG_BUF];
	char *pat = NULL;
	int rc = GZ_EXIT_USAGE;

	if (argc != 2 || gz_org_normalise(org, argv[1])) {
		gz_ui_error("usage: git-gitzen recheck <org> (internal: the PAT on stdin)");
		return GZ_EXIT_USAGE;
	}
	pat = gz_ui_read_pat(1, "");
	if (!pat)
		goto done;
	if (!gz_secret_is_pat(pat)) {
		gz_ui_error("recheck: that is not a PAT");
		goto done;
	}
	gz_netcfg_load(&cfg);
	/* answer before the helper's bound, retries included */
	if (cfg.connect_timeout_ms > GZ_RECHECK_TIMEOUT_MS / 3)
		cfg.connect_timeout_ms = GZ_RECHECK_TIMEOUT_MS / 3;
	if (cfg.timeout_ms > GZ_RECHECK_TIMEOUT_MS / 3)
		cfg.timeout_ms = GZ_RECHECK_TIMEOUT_MS / 3;
	cfg.max_retry_wait_s = 0;
	if (gz_http_new(&h, &cfg)) {
		gz_ui_error("%s", gz_error_last());
		goto done;
	}
	if (gz_validate_connection(&r, h, org, pat)) {
		gz_ui_error("%s", gz_error_last());
		goto done;
	}
	gz_trace("recheck: %s: %s", org, gz_vstatus_name(r.status));
	printf("%s\n", gz_recheck_result_name(result_of(&r)));
	rc = GZ_EXIT_OK;
done:
	gz_secret_free(pat);
	gz_report_release(&r);
	gz_http_free(h);
	gz_netcfg_release(&cfg);
	return rc;
}
