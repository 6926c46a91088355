/* SPDX-License-Identifier: MIT */
/*
 * status: for the repository at hand, which organisation, Git set-up and
 * PAT each Azure DevOps remote gets.
 */
#define _GNU_SOURCE
#include "../src/advice.h"
#include "../src/err.h"
#include "../src/status.h"
#include "../src/when.h"
#include "cmds.h"
#include "ui.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *state_color(enum gz_entry_status st)
{
	switch (st) {
	case GZ_ENTRY_OK:
		return GZ_GREEN;
	case GZ_ENTRY_EXPIRING:
	case GZ_ENTRY_UNVALIDATED:
		return GZ_YELLOW;
	case GZ_ENTRY_EXPIRED:
	case GZ_ENTRY_REJECTED:
	case GZ_ENTRY_MISSING_SCOPES:
	case GZ_ENTRY_NONE:
	case GZ_ENTRY_STATUS_COUNT:
		break;
	}
	return GZ_RED;
}

static void print_row(const struct gz_status_row *row)
{
	const char *bold = gz_ui_color(stdout, GZ_BOLD), *reset = gz_ui_color(stdout, GZ_RESET);
	const char *state = gz_entry_status_name(row->state);
	char day[16], fix[256];

	printf("%s%s%s  %s\n", bold, gz_ui_esc(row->remote), reset, gz_ui_esc(row->url));
	printf("  organisation %s, project %s, repository %s\n", row->where.org,
	       gz_ui_esc(row->where.project), gz_ui_esc(row->where.repo));
	if (row->ssh)
		printf("  Git asks gitzen: no (an SSH URL: Git uses your SSH key; the PAT serves resolve)\n");
	else if (row->configured)
		printf("  Git asks gitzen: yes\n");
	else
		printf("  Git asks gitzen: %sno%s (fix: git gitzen configure)\n",
		       gz_ui_color(stdout, GZ_RED), reset);
	printf("  PAT: %s%s%s", gz_ui_color(stdout, state_color(row->state)), state, reset);
	if (row->user)
		printf(", of %s", gz_ui_esc(row->user));
	if (row->expires)
		printf(", expires %s", gz_when_date(day, sizeof(day), row->expires));
	if (row->state != GZ_ENTRY_NONE)
		printf(", can push: %s", row->push < 0 ? "unknown" : row->push ? "yes" : "no");
	putchar('\n');
	if (row->error)
		printf("  the entry cannot be read: %s\n", gz_ui_esc(row->error));
	/* the fix, worded as get, list and doctor word it (src/advice.c) */
	if (*gz_advice_fix(fix, sizeof(fix), row->state, row->where.org)) {
		fputs("  fix:", stdout);
		gz_ui_wrap(stdout, fix, 6, 7);
	}
}

static void json_row(const struct gz_status_row *row)
{
	char day[16];

	printf("{\"remote\":");
	gz_ui_json_str(stdout, row->remote);
	printf(",\"url\":");
	gz_ui_json_str(stdout, row->url);
	printf(",\"org\":\"%s\",\"project\":", row->where.org);
	gz_ui_json_str(stdout, row->where.project);
	printf(",\"repo\":");
	gz_ui_json_str(stdout, row->where.repo);
	printf(",\"configured\":%s,\"status\":\"%s\",\"user\":", row->configured ? "true" : "false",
	       gz_entry_status_name(row->state));
	gz_ui_json_str(stdout, row->user);
	printf(",\"expires\":");
	gz_ui_json_str(stdout, row->expires ? gz_when_date(day, sizeof(day), row->expires) : NULL);
	printf(",\"push\":%s", row->push < 0 ? "null" : row->push ? "true" : "false");
	if (row->error) {
		printf(",\"error\":");
		gz_ui_json_str(stdout, row->error);
	}
	putchar('}');
}

int cmd_status(int argc, const char *const *argv)
{
	struct gz_status st = GZ_STATUS_INIT;
	const char *dir = gz_cmd_value("--repo");
	int json = gz_cmd_flag("--json"), rc;
	size_t i, usable = 0;

	(void)argc;
	(void)argv;
	if (dir && chdir(dir)) {
		gz_ui_error("--repo %s: %s", gz_ui_esc(dir), strerror(errno));
		return GZ_EXIT_USAGE;
	}
	rc = gz_status_collect(&st, gz_when_now());
	if (rc == GZ_ENOTFOUND) {
		if (dir)
			gz_ui_error("--repo %s: not a Git repository", gz_ui_esc(dir));
		else
			gz_ui_error("not in a Git repository (cd into one, or use --repo DIR)");
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	if (rc) {
		gz_ui_error("%s", gz_error_last());
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	for (i = 0; i < st.n; i++)
		usable += (size_t)gz_status_usable(&st.rows[i]);
	if (json) {
		printf("{\"remotes\":[");
		for (i = 0; i < st.n; i++) {
			if (i)
				putchar(',');
			json_row(&st.rows[i]);
		}
		printf("]}\n");
	} else if (!st.n) {
		printf("No Azure DevOps remote in %s (%zu other remote%s).\n", gz_ui_esc(st.workdir),
		       st.others, st.others == 1 ? "" : "s");
	} else {
		for (i = 0; i < st.n; i++) {
			print_row(&st.rows[i]);
			putchar('\n');
		}
		if (usable == st.n)
			printf("Git gets a usable PAT for %s", st.n == 1 ? "the Azure DevOps remote" :
					 "every Azure DevOps remote");
		else
			printf("Git gets no usable PAT for %zu of %zu Azure DevOps remote%s",
			       st.n - usable, st.n, st.n == 1 ? "" : "s");
		if (st.others)
			printf(" (%zu other remote%s)", st.others, st.others == 1 ? "" : "s");
		printf(".\n");
	}
	rc = usable == st.n ? GZ_EXIT_OK : GZ_EXIT_NO;
done:
	gz_status_release(&st);
	return rc;
}
