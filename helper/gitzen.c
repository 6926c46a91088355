/*
 * git-gitzen: the companion, run as `git gitzen <command>`. A thin front
 * end: the command table below is the one list of commands and options;
 * --help, the man pages and shell completion are checked against it.
 */
#define _GNU_SOURCE
#include "../src/secret.h"
#include "version.h"
#include "cmds.h"
#include "trace.h"
#include "ui.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


struct gz_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *summary;
	const char *options[8];
};

static const struct gz_cmd commands[] = {
	{ "add", cmd_add, "<org> [--pat-stdin] [--expires YYYY-MM-DD] [--no-validate] [--force]",
	  "store or rotate the PAT of an organisation, after checking its five scopes",
	  { "--pat-stdin", "--expires", "--no-validate", "--force", NULL } },
	{ "list", cmd_list, "[--json]", "show each organisation's PAT state (never the PAT)",
	  { "--json", NULL } },
	{ "validate", cmd_validate, "[<org>...|--all] [--json]",
	  "re-check PATs against Azure DevOps and record the result",
	  { "--all", "--json", NULL } },
	{ "remove", cmd_remove, "<org>", "forget an organisation's PAT", { NULL } },
	{ "configure", cmd_configure, "[--global|--system|--local]",
	  "make Git use git-credential-gitzen for Azure DevOps",
	  { "--global", "--system", "--local", NULL } },
	{ "unconfigure", cmd_unconfigure, "[--global|--system|--local]",
	  "remove what configure set, nothing else", { "--global", "--system", "--local", NULL } },
	{ "doctor", cmd_doctor, "", "check Git, the helper, the configuration and every PAT",
	  { NULL } },
	{ "resolve", cmd_resolve, "[--json] [--repo DIR] [FILE|-]...",
	  "find gz# commit references in text and resolve them", { "--json", "--repo", NULL } },
};

#define NCMDS (sizeof(commands) / sizeof(commands[0]))

void gz_cmd_usage(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (!strcmp(commands[i].name, name))
			fprintf(stderr, "usage: git gitzen %s %s\n", name, commands[i].args);
}

static void usage(FILE *fp)
{
	size_t i;

	fputs("usage: git gitzen <command> [<args>]\n\n"
	      "Per-organisation Azure DevOps PATs for Git, checked against the five scopes\n"
	      "Git-Zen needs. Git fetches through git-credential-gitzen; this manages it.\n\n",
	      fp);
	for (i = 0; i < NCMDS; i++)
		fprintf(fp, "  %-12s %s\n  %-12s   git gitzen %s%s%s\n", commands[i].name,
			commands[i].summary, "", commands[i].name, *commands[i].args ? " " : "",
			commands[i].args);
	fputs("\nGet started:\n"
	      "  git gitzen configure          # Git asks git-credential-gitzen for dev.azure.com\n"
	      "  git gitzen add <org>          # paste the PAT; its scopes are checked\n"
	      "  git clone https://dev.azure.com/<org>/<project>/_git/<repo>\n\n"
	      "Exit status: 0 ok, 1 the check said no, 2 usage or local error,\n"
	      "3 Azure DevOps could not be reached or answered with an error.\n"
	      "Environment: GITZEN_TRACE=1 or =/path, NO_COLOR. See git-gitzen(1).\n",
	      fp);
}

/* Machine-readable command table, for completion scripts and their test. */
static void list_commands(void)
{
	size_t i, j;

	for (i = 0; i < NCMDS; i++) {
		printf("%s", commands[i].name);
		for (j = 0; commands[i].options[j]; j++)
			printf(" %s", commands[i].options[j]);
		putchar('\n');
	}
}

/* Git's color.ui, read once, handed to ui.c through the environment. */
static void read_color_ui(void)
{
	git_config *cfg = NULL;
	git_buf val = GIT_BUF_INIT;

	if (git_config_open_default(&cfg) == 0 &&
	    git_config_get_string_buf(&val, cfg, "color.ui") == 0 && val.ptr)
		setenv("GITZEN_COLOR_UI", val.ptr, 0);
	git_buf_dispose(&val);
	git_config_free(cfg);
}

int main(int argc, char **argv)
{
	size_t i;
	int rc;

	gz_secret_harden();
	umask(077);
	if (argc < 2) {
		printf("git gitzen keeps one Azure DevOps PAT per organisation for Git.\n"
		       "Next: git gitzen configure, then git gitzen add <org>, then git gitzen validate.\n"
		       "All commands: git gitzen -h\n");
		return GZ_EXIT_OK;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return GZ_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("git-gitzen %s\n", GZ_VERSION);
		return GZ_EXIT_OK;
	}
	if (!strcmp(argv[1], "--list-cmds")) {
		list_commands();
		return GZ_EXIT_OK;
	}
	for (i = 0; i < NCMDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			break;
	if (i == NCMDS) {
		gz_ui_error("'%s' is not a git gitzen command; see git gitzen -h", gz_ui_esc(argv[1]));
		return GZ_EXIT_USAGE;
	}
	if (gz_ui_wants_help(argc - 1, argv + 1)) {
		printf("usage: git gitzen %s %s\n\n%s\n", commands[i].name, commands[i].args,
		       commands[i].summary);
		return GZ_EXIT_OK;
	}
	git_libgit2_init();
	read_color_ui();
	gz_trace_init("git-gitzen");
	rc = commands[i].fn(argc - 1, argv + 1);
	gz_trace_release();
	git_libgit2_shutdown();
	if (fflush(stdout) != 0 && rc == GZ_EXIT_OK) {
		gz_ui_error("cannot write the output");
		rc = GZ_EXIT_USAGE;
	}
	return rc;
}
