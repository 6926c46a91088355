/* SPDX-License-Identifier: MIT */
/*
 * git-gitzen: the companion, run as `git gitzen <command>`. A thin front
 * end: the command table below is the one list of commands and options;
 * --help, the man pages and shell completion are checked against it.
 */
#define _GNU_SOURCE
#include "../src/err.h"
#include "../src/gitrepo.h"
#include "../src/paste.h"
#include "../src/secret.h"
#include "../src/stdfd.h"
#include "version.h"
#include "cmds.h"
#include "trace.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


/*
 * One entry of a command: an argument (name is its synopsis text, e.g.
 * "<org>") or a long option (name starts with "--"; value is the
 * placeholder of its value, NULL for a flag). Options of the same nonzero
 * group exclude each other.
 */
struct gz_opt {
	const char *name;
	const char *value;
	const char *help;
	int group;
};

#define GZ_OPTS_MAX 8

struct gz_cmd {
	const char *name;
	int (*fn)(int argc, const char *const *argv);
	const char *summary;
	int min_args, max_args; /* max_args -1: any number */
	int org_args;           /* the arguments are organisations */
	struct gz_opt opts[GZ_OPTS_MAX];
};

#define ORG_HELP "the organisation: its name, or a URL naming it (https://dev.azure.com/contoso, a remote's URL)"
#define REPO_HELP "the repository to look at (default: the one around the current directory)"

static const struct gz_cmd commands[] = {
	{ "add", cmd_add, "store or rotate the PAT of an organisation, after checking its five scopes",
	  1, 1, 1,
	  { { "<org>", NULL, ORG_HELP, 0 },
	    { "--pat-stdin", NULL, "read the PAT from standard input, not the terminal", 0 },
	    { "--expires", "YYYY-MM-DD", "its expiry date (UTC); gitzen warns 7 days before", 0 },
	    { "--no-validate", NULL, "store it unchecked: no request to Azure DevOps", 0 },
	    { "--force", NULL, "store it with scopes missing or the check unanswered", 0 } } },
	{ "list", cmd_list, "show each organisation's PAT state (never the PAT)", 0, 0, 0,
	  { { "--json", NULL, "print JSON: {\"orgs\":[{\"org\":...,\"status\":...},...]}", 0 } } },
	{ "validate", cmd_validate, "re-check PATs against Azure DevOps and record the result", 0, -1, 1,
	  { { "[<org>...]", NULL, "the organisations to check (names or URLs); default: every stored one", 0 },
	    { "--all", NULL, "check every stored PAT", 0 },
	    { "--json", NULL, "print JSON: {\"orgs\":[report,...]}", 0 } } },
	{ "remove", cmd_remove, "forget an organisation's PAT", 1, 1, 1,
	  { { "<org>", NULL, ORG_HELP, 0 } } },
	{ "status", cmd_status, "show the organisation, Git set-up and PAT of each Azure DevOps remote",
	  0, 0, 0,
	  { { "--json", NULL, "print JSON: {\"remotes\":[{\"remote\":...,\"status\":...},...]}", 0 },
	    { "--repo", "DIR", REPO_HELP, 0 } } },
	{ "configure", cmd_configure, "make Git use git-credential-gitzen for Azure DevOps", 0, 0, 0,
	  { { "--global", NULL, "in your global Git configuration (the default)", 1 },
	    { "--system", NULL, "in the system's Git configuration (as git config --system)", 1 },
	    { "--local", NULL, "in the configuration of the repository around the current directory", 1 } } },
	{ "unconfigure", cmd_unconfigure, "remove what configure set, nothing else", 0, 0, 0,
	  { { "--global", NULL, "from your global Git configuration (the default)", 1 },
	    { "--system", NULL, "from the system's Git configuration", 1 },
	    { "--local", NULL, "from the configuration of the repository around the current directory", 1 } } },
	{ "doctor", cmd_doctor, "check Git, the helper, the configuration and every PAT", 0, 0, 0,
	  { { NULL, NULL, NULL, 0 } } },
	{ "resolve", cmd_resolve, "find gz# commit references in text and resolve them", 0, -1, 0,
	  { { "[FILE|-]...", NULL, "the text to scan; - or none: standard input", 0 },
	    { "--json", NULL, "print JSON: {\"refs\":[{\"ref\":...,\"status\":...},...]}", 0 },
	    { "--repo", "DIR", "the repository of unqualified references (default: the one around the current directory)", 0 } } },
};

#define NCMDS (sizeof(commands) / sizeof(commands[0]))

/* The options every command takes, shown in each command's help. */
static const struct gz_opt common_opts[] = {
	{ "-q, --quiet", NULL, "print errors only; the exit status says the rest", 0 },
	{ "-h, --help", NULL, "show this help", 0 },
};

static const struct gz_cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int is_option(const struct gz_opt *o)
{
	return o->name[0] == '-';
}

/* ---- help ---------------------------------------------------------------- */

/* "<org> [--pat-stdin] [--expires YYYY-MM-DD] [--global|--system]" */
static void synopsis(char *out, size_t n, const struct gz_cmd *c)
{
	const struct gz_opt *o;
	size_t len = 0;

	out[0] = '\0';
	for (o = c->opts; o < c->opts + GZ_OPTS_MAX && o->name; o++) {
		int joined = o > c->opts && o->group && o[-1].group == o->group;
		int last = !(o + 1 < c->opts + GZ_OPTS_MAX && o[1].name && o->group &&
			     o[1].group == o->group);

		if (!is_option(o))
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? " " : "", o->name);
		else
			len += (size_t)snprintf(out + len, n - len, "%s%s%s%s%s%s",
						joined ? "|" : (len ? " [" : "["), o->name,
						o->value ? " " : "", o->value ? o->value : "",
						last ? "]" : "", "");
		if (len >= n)
			return;
	}
}

static void print_opt(FILE *fp, const struct gz_opt *o)
{
	char tag[64];
	int col;

	snprintf(tag, sizeof(tag), "%s%s%s", o->name, o->value ? " " : "",
		 o->value ? o->value : "");
	col = fprintf(fp, "    %-22s", tag);
	if (col > 26) { /* a long tag: the help on the next line */
		fprintf(fp, "\n%26s", "");
		col = 26;
	}
	gz_ui_wrap(fp, o->help, (size_t)col, 27);
}

static void print_usage_line(FILE *fp, const struct gz_cmd *c)
{
	char syn[512], lead[64];
	int col;

	synopsis(syn, sizeof(syn), c);
	col = snprintf(lead, sizeof(lead), "usage: git gitzen %s", c->name);
	fputs(lead, fp);
	if (*syn)
		gz_ui_wrap(fp, syn, (size_t)col, (size_t)col + 1);
	else
		fputc('\n', fp);
}

void gz_cmd_usage(const char *name)
{
	const struct gz_cmd *c = find_cmd(name);

	if (c)
		print_usage_line(stderr, c);
}

/* `git gitzen <command> -h`: the synopsis, then every argument and option
 * on a line of its own. */
static void cmd_help(FILE *fp, const struct gz_cmd *c)
{
	const struct gz_opt *o;
	size_t i;

	print_usage_line(fp, c);
	fputc('\n', fp);
	gz_ui_wrap(fp, c->summary, 0, 0);
	fputc('\n', fp);
	for (o = c->opts; o < c->opts + GZ_OPTS_MAX && o->name; o++)
		print_opt(fp, o);
	for (i = 0; i < sizeof(common_opts) / sizeof(common_opts[0]); i++)
		print_opt(fp, &common_opts[i]);
	fprintf(fp, "\nSee git-gitzen(1) for more.\n");
}

static void usage(FILE *fp)
{
	size_t i;

	fputs("usage: git gitzen <command> [<args>]\n\n"
	      "Per-organisation Azure DevOps PATs for Git, checked against the five scopes\n"
	      "Git-Zen needs. Git fetches through git-credential-gitzen; this manages it.\n\n"
	      "Commands:\n",
	      fp);
	for (i = 0; i < NCMDS; i++) {
		fprintf(fp, "  %-12s", commands[i].name);
		gz_ui_wrap(fp, commands[i].summary, 14, 15);
	}
	fputs("\nGet started:\n"
	      "  git gitzen configure      # Git asks git-credential-gitzen for Azure DevOps\n"
	      "  git gitzen add <org>      # paste the PAT; its scopes are checked\n"
	      "  git clone https://dev.azure.com/<org>/<project>/_git/<repo>\n"
	      "  git gitzen status         # in the clone: organisation, set-up, PAT\n\n"
	      "Each command's options: git gitzen <command> -h (or git gitzen help <command>).\n"
	      "Exit status: 0 ok, 1 the check said no, 2 usage or local error,\n"
	      "3 Azure DevOps could not be reached or answered with an error.\n"
	      "Environment: GITZEN_TRACE=1 or =/path, NO_COLOR. See git-gitzen(1).\n",
	      fp);
}

/* Machine-readable command table, for completion scripts and their test. */
static void list_commands(void)
{
	const struct gz_opt *o;
	size_t i;

	for (i = 0; i < NCMDS; i++) {
		printf("%s", commands[i].name);
		for (o = commands[i].opts; o < commands[i].opts + GZ_OPTS_MAX && o->name; o++)
			if (is_option(o))
				printf(" %s", o->name);
		putchar('\n');
	}
}

/* ---- parsing ----------------------------------------------------------- */

static struct {
	const struct gz_cmd *cmd;
	unsigned given;                   /* bit i: opts[i] given */
	const char *values[GZ_OPTS_MAX];  /* of opts[i] */
	const char **args;
	size_t nargs;
	int quiet, help;
} parsed;

static int opt_index(const char *opt, size_t len)
{
	const struct gz_opt *o;

	for (o = parsed.cmd->opts; o < parsed.cmd->opts + GZ_OPTS_MAX && o->name; o++)
		if (is_option(o) && strlen(o->name) == len && !strncmp(o->name, opt, len))
			return (int)(o - parsed.cmd->opts);
	return -1;
}

static int known_index(const char *opt)
{
	int i = opt_index(opt, strlen(opt));

	if (i < 0) {
		fprintf(stderr, "BUG: git gitzen %s has no option %s in its table\n",
			parsed.cmd->name, opt);
		abort();
	}
	return i;
}

int gz_cmd_flag(const char *opt)
{
	return !!(parsed.given & (1u << known_index(opt)));
}

const char *gz_cmd_value(const char *opt)
{
	return parsed.values[known_index(opt)];
}

size_t gz_cmd_nargs(void)
{
	return parsed.nargs;
}

const char *gz_cmd_arg(size_t i)
{
	return i < parsed.nargs ? parsed.args[i] : NULL;
}

/* A word for a message: escaped, or not at all when it looks like a token. */
static const char *shown(const char *word)
{
	return gz_paste_looks_secret(word) ? "(not shown: it looks like a PAT or token)" :
					     gz_ui_esc(word);
}

static int refuse_secret(const struct gz_cmd *c)
{
	gz_ui_error("an argument of git gitzen %s looks like a PAT; it is not shown and was not used",
		    c->name);
	gz_ui_hint("a PAT never goes on the command line: run `git gitzen add <org>` and paste it at the prompt, or pipe it in with --pat-stdin");
	gz_ui_hint("a real PAT is now in your shell's history: remove it there, or revoke the PAT in Azure DevOps");
	return GZ_EXIT_USAGE;
}

static int usage_error(const struct gz_cmd *c)
{
	print_usage_line(stderr, c);
	return GZ_EXIT_USAGE;
}

/* Parses argv[1..argc) against c's table into `parsed` and *out (argv[0],
 * then the words with "--opt=value" split and -q/-h removed). */
static int parse(const char ***out, int *outc, const struct gz_cmd *c, int argc, char **argv)
{
	const char **v = calloc(2 * (size_t)argc + 1, sizeof(*v));
	int i, n = 0, dashdash = 0;

	memset(&parsed, 0, sizeof(parsed));
	parsed.cmd = c;
	parsed.args = calloc((size_t)argc + 1, sizeof(char *));
	if (!v || !parsed.args) {
		free(v);
		gz_ui_error("out of memory");
		return GZ_EXIT_USAGE;
	}
	*out = v;
	v[n++] = argv[0];
	for (i = 1; i < argc; i++) {
		const char *w = argv[i], *eq;
		int k;

		if (!dashdash && !strcmp(w, "--")) {
			dashdash = 1;
			continue;
		}
		if (dashdash || w[0] != '-' || !w[1]) {
			if (c->org_args && gz_paste_looks_secret(w))
				return refuse_secret(c);
			if (c->max_args >= 0 && parsed.nargs >= (size_t)c->max_args) {
				gz_ui_error("unexpected argument '%s'", shown(w));
				return usage_error(c);
			}
			parsed.args[parsed.nargs++] = w;
			v[n++] = argv[i];
			continue;
		}
		if (!strcmp(w, "-q") || !strcmp(w, "--quiet")) {
			parsed.quiet = 1;
			continue;
		}
		if (!strcmp(w, "-h") || !strcmp(w, "--help")) {
			parsed.help = 1;
			continue;
		}
		eq = strchr(w, '=');
		k = w[1] == '-' ? opt_index(w, eq ? (size_t)(eq - w) : strlen(w)) : -1;
		if (k < 0) {
			gz_ui_error("git gitzen %s has no option '%s'", c->name, shown(w));
			return usage_error(c);
		}
		if (!c->opts[k].value && eq) {
			gz_ui_error("%s takes no value", c->opts[k].name);
			return usage_error(c);
		}
		if (c->opts[k].group) {
			const struct gz_opt *o;

			for (o = c->opts; o < c->opts + GZ_OPTS_MAX && o->name; o++)
				if (o != &c->opts[k] && o->group == c->opts[k].group &&
				    (parsed.given & (1u << (o - c->opts)))) {
					gz_ui_error("%s and %s cannot be used together", o->name,
						    c->opts[k].name);
					return usage_error(c);
				}
		}
		parsed.given |= 1u << k;
		v[n++] = c->opts[k].name;
		if (!c->opts[k].value)
			continue;
		if (eq) {
			parsed.values[k] = eq + 1;
		} else if (i + 1 < argc && (argv[i + 1][0] != '-' || !argv[i + 1][1])) {
			parsed.values[k] = argv[++i];
		} else {
			gz_ui_error("%s needs a value: %s %s", c->opts[k].name, c->opts[k].name,
				    c->opts[k].value);
			return usage_error(c);
		}
		if (!*parsed.values[k]) {
			gz_ui_error("%s needs a value: %s %s", c->opts[k].name, c->opts[k].name,
				    c->opts[k].value);
			return usage_error(c);
		}
		v[n++] = parsed.values[k];
	}
	*outc = n;
	if (parsed.help)
		return GZ_EXIT_OK;
	if (parsed.nargs < (size_t)c->min_args) {
		gz_ui_error("git gitzen %s needs %s", c->name, c->opts[0].name);
		return usage_error(c);
	}
	return GZ_EXIT_OK;
}

/* -h or --help anywhere before "--" (even where a value is expected) */
static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	return 0;
}

/* `git gitzen help [<command>]` */
static int help_command(int argc, char **argv)
{
	const struct gz_cmd *c;

	if (argc < 3) {
		usage(stdout);
		return GZ_EXIT_OK;
	}
	c = find_cmd(argv[2]);
	if (!c || argc > 3) {
		gz_ui_error("'%s' is not a git gitzen command; see git gitzen -h",
			    shown(argv[c ? 3 : 2]));
		return GZ_EXIT_USAGE;
	}
	cmd_help(stdout, c);
	return GZ_EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct gz_cmd *c;
	const char **cargv = NULL;
	int rc, cargc = 0;

	/* before anything is opened: descriptors 0-2 open, as Git does */
	if (gz_stdfd_ensure())
		return GZ_EXIT_USAGE;
	gz_secret_harden();
	umask(077);
	if (argc < 2) {
		printf("git gitzen keeps one Azure DevOps PAT per organisation for Git.\n"
		       "Next: git gitzen configure, then git gitzen add <org>, then git gitzen status.\n"
		       "All commands: git gitzen -h\n");
		return GZ_EXIT_OK;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return GZ_EXIT_OK;
	}
	if (!strcmp(argv[1], "help"))
		return help_command(argc, argv);
	if (!strcmp(argv[1], "--version")) {
		printf("git-gitzen %s\n", GZ_VERSION);
		return GZ_EXIT_OK;
	}
	if (!strcmp(argv[1], "--list-cmds")) {
		list_commands();
		return GZ_EXIT_OK;
	}
	if (!strcmp(argv[1], "recheck")) {
		/* internal: the credential helper's erase runs it (not in the table,
		 * so not in --help, the man page or completion) */
		if (gz_gitrepo_init())
			return GZ_EXIT_USAGE;
		gz_trace_init("git-gitzen");
		rc = cmd_recheck(argc - 1, argv + 1);
		gz_trace_release();
		gz_gitrepo_shutdown();
		fflush(stdout);
		return rc;
	}
	c = find_cmd(argv[1]);
	if (!c) {
		gz_ui_error("'%s' is not a git gitzen command; see git gitzen -h", shown(argv[1]));
		return GZ_EXIT_USAGE;
	}
	if (wants_help(argc - 1, argv + 1)) {
		cmd_help(stdout, c);
		return GZ_EXIT_OK;
	}
	rc = parse(&cargv, &cargc, c, argc - 1, argv + 1);
	if (rc == GZ_EXIT_OK && parsed.help) {
		cmd_help(stdout, c);
		goto done;
	}
	if (rc)
		goto done;
	if (parsed.quiet)
		gz_ui_set_quiet();
	if (gz_gitrepo_init()) {
		gz_ui_error("%s", gz_error_last());
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	gz_trace_init("git-gitzen");
	rc = c->fn(cargc, cargv);
	gz_trace_release();
	gz_gitrepo_shutdown();
done:
	if (fflush(stdout) != 0 && rc == GZ_EXIT_OK) {
		gz_ui_error("cannot write the output");
		rc = GZ_EXIT_USAGE;
	}
	free(cargv);
	free(parsed.args);
	return rc;
}
