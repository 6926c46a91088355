/* SPDX-License-Identifier: MIT */
/*
 * status: for the repository at hand, which organisation, Git set-up and
 * PAT each Azure DevOps remote gets.
 */
#define _GNU_SOURCE
#include "../src/err.h"
#include "../src/status.h"
#include "../src/when.h"
#include "cmds.h"
#include "ui.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *state_color(const char *state)
{
	if (!strcmp(state, "ok"))
		return GZ_GREEN;
	if (!strcmp(state, "expiring") || !strcmp(state, "unvalidated"))
		return GZ_YELLOW;
	return GZ_RED;
}

/* What to do about a PAT in this state, or NULL. */
static const char *state_fix(const char *state)
{
	if (!strcmp(state, "none"))
		return "fix: git gitzen add";
	if (!strcmp(state, "rejected") || !strcmp(state, "expired"))
		return "fix: create a new PAT, then: git gitzen add";
	if (!strcmp(state, "missing-scopes"))
		return "fix: add the missing scopes to a PAT, then: git gitzen add";
	if (!strcmp(state, "expiring"))
		return "rotate it soon: git gitzen add";
	if (!strcmp(state, "unvalidated"))
		return "check it: git gitzen validate";
	return NULL;
}

static void print_row(const struct gz_status_row *row)
{
	const char *bold = gz_ui_color(stdout, GZ_BOLD), *reset = gz_ui_color(stdout, GZ_RESET);
	const char *fix = state_fix(row->state);
	char day[16];

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
	printf("  PAT: %s%s%s", gz_ui_color(stdout, state_color(row->state)), row->state, reset);
	if (row->user)
		printf(", of %s", gz_ui_esc(row->user));
	if (row->expires)
		printf(", expires %s", gz_when_date(day, sizeof(day), row->expires));
	if (strcmp(row->state, "none"))
		printf(", can push: %s", row->push < 0 ? "unknown" : row->push ? "yes" : "no");
	putchar('\n');
	if (row->error)
		printf("  the entry cannot be read: %s\n", gz_ui_esc(row->error));
	if (fix)
		printf("  %s %s\n", fix, row->where.org);
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
	       row->state);
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

int cmd_status(int argc, char **argv)
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
