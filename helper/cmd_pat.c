/* SPDX-License-Identifier: MIT */
/*
 * add, list, validate, remove: the per-organisation PATs.
 */
#define _GNU_SOURCE
#include "../src/advice.h"
#include "../src/err.h"
#include "../src/gitview.h"
#include "../src/http.h"
#include "../src/netcfg.h"
#include "../src/org.h"
#include "../src/scope.h"
#include "../src/secret.h"
#include "../src/store.h"
#include "../src/validate.h"
#include "../src/when.h"
#include "cmds.h"
#include "trace.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- shared ---------------------------------------------------------- */

static int org_arg(char out[GZ_ORG_BUF], const char *arg)
{
	if (gz_org_normalise(out, arg)) {
		gz_ui_error("'%s' is not an Azure DevOps organisation name (1-50 letters, digits and '-')",
			    gz_ui_esc(arg));
		return GZ_EXIT_USAGE;
	}
	return GZ_EXIT_OK;
}

static int exit_for(const struct gz_report *r)
{
	switch (r->status) {
	case GZ_VSTATUS_OK:
		return GZ_EXIT_OK;
	case GZ_VSTATUS_UNREACHABLE:
		return GZ_EXIT_SERVICE;
	default:
		return GZ_EXIT_NO;
	}
}

static void scope_label(char *out, size_t n, const struct gz_scope *s)
{
	snprintf(out, n, "%s \xe2\x80\x94 %s", s->name, s->level);
}

static void print_report(FILE *fp, const struct gz_report *r)
{
	const char *bold = gz_ui_color(fp, GZ_BOLD), *reset = gz_ui_color(fp, GZ_RESET);
	const char *red = gz_ui_color(fp, GZ_RED), *green = gz_ui_color(fp, GZ_GREEN);
	char missing[512] = "", label[96];
	unsigned i, nmissing = 0;

	fprintf(fp, "%s%s%s", bold, r->org, reset);
	if (r->user)
		fprintf(fp, ": PAT of %s", gz_ui_esc(r->user));
	fputc('\n', fp);
	if (r->status == GZ_VSTATUS_OK || r->status == GZ_VSTATUS_MISSING ||
	    (r->status == GZ_VSTATUS_UNREACHABLE && r->checked)) {
		for (i = 0; i < GZ_SCOPE_COUNT; i++) {
			const struct gz_scope *s = gz_scope_get(i);
			int known = !!(r->checked & (1u << i)), ok = !!(r->present & (1u << i));

			scope_label(label, sizeof(label), s);
			fprintf(fp, "  %s%-9s%s %-36s %-27s %s\n", known ? (ok ? green : red) : "",
				known ? (ok ? "present" : "MISSING") : "unchecked", known ? reset : "",
				label, s->id, s->why);
			if (known && !ok) {
				nmissing++;
				snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
					 "%s%s", missing[0] ? ", " : "", label);
				if (r->read_only & (1u << i))
					fprintf(fp, "            (the PAT has %s \xe2\x80\x94 Read only; Git-Zen needs %s)\n",
						s->name, s->level);
			}
		}
		/* information only: never makes add or validate fail */
		fprintf(fp, "  %-9s %-36s %-27s %s\n",
			r->push > 0 ? "present" : r->push == 0 ? "absent" : "unchecked",
			"Code \xe2\x80\x94 Read & write (to push)", "vso.code_write",
			r->push == 0 ? "not required by Git-Zen; git push needs it: use a PAT with Code (Read & write) to push" :
				       "not required by Git-Zen; git push needs it");
	}
	switch (r->status) {
	case GZ_VSTATUS_OK:
		fprintf(fp, "%sok%s: all 5 scopes present\n", green, reset);
		break;
	case GZ_VSTATUS_MISSING:
		fprintf(fp, "%smissing %u scope%s%s: %s\n", red, nmissing, nmissing == 1 ? "" : "s",
			reset, missing);
		fprintf(fp, "fix: in Azure DevOps (User settings > Personal access tokens) edit the PAT or create a new one with %s, then run: git gitzen add %s\n",
			missing, r->org);
		break;
	case GZ_VSTATUS_EXPIRED:
		fprintf(fp, "%sexpired%s: %s\nfix: create a new PAT with the five scopes and run: git gitzen add %s\n",
			red, reset, gz_ui_esc(r->detail), r->org);
		break;
	case GZ_VSTATUS_REJECTED:
		fprintf(fp, "%srejected%s: %s\n", red, reset, gz_ui_esc(r->detail));
		if (r->unknown_org)
			fprintf(fp, "fix: check the organisation's name in its URL, https://dev.azure.com/<org>\n");
		else
			fprintf(fp, "fix: create a new PAT for %s (Organization: %s) and run: git gitzen add %s\n",
				r->org, r->org, r->org);
		break;
	case GZ_VSTATUS_UNREACHABLE:
		fprintf(fp, "%sunreachable%s: %s\n", red, reset, gz_ui_esc(r->detail));
		break;
	case GZ_VSTATUS_NONE: /* a report always has a result */
		break;
	}
}

static void json_report(FILE *fp, const struct gz_report *r)
{
	unsigned i, first = 1;

	fprintf(fp, "{\"org\":");
	gz_ui_json_str(fp, r->org);
	fprintf(fp, ",\"user\":");
	gz_ui_json_str(fp, r->user);
	fprintf(fp, ",\"status\":\"%s\",\"scopes\":[", gz_vstatus_name(r->status));
	for (i = 0; i < GZ_SCOPE_COUNT; i++) {
		const struct gz_scope *s = gz_scope_get(i);
		int known = !!(r->checked & (1u << i));

		fprintf(fp, "%s{\"id\":\"%s\",\"name\":", i ? "," : "", s->id);
		gz_ui_json_str(fp, s->name);
		fprintf(fp, ",\"level\":");
		gz_ui_json_str(fp, s->level);
		fprintf(fp, ",\"present\":%s,\"why\":",
			known ? ((r->present & (1u << i)) ? "true" : "false") : "null");
		gz_ui_json_str(fp, s->why);
		fputc('}', fp);
	}
	fprintf(fp, "],\"missing\":[");
	for (i = 0; i < GZ_SCOPE_COUNT; i++)
		if ((r->checked & ~r->present) & (1u << i)) {
			fprintf(fp, "%s\"%s\"", first ? "" : ",", gz_scope_get(i)->id);
			first = 0;
		}
	fprintf(fp, "],\"push\":%s,\"message\":",
		r->push > 0 ? "true" : r->push == 0 ? "false" : "null");
	gz_ui_json_str(fp, r->detail);
	fputc('}', fp);
}

/* ---- add --------------------------------------------------------------- */

struct add_opts {
	const char *org;
	const char *expires;
	int pat_stdin, no_validate, force;
};

static int parse_add(struct add_opts *o, int argc, char **argv)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--pat-stdin"))
			o->pat_stdin = 1;
		else if (!strcmp(argv[i], "--no-validate"))
			o->no_validate = 1;
		else if (!strcmp(argv[i], "--force"))
			o->force = 1;
		else if (!strcmp(argv[i], "--expires") && i + 1 < argc)
			o->expires = argv[++i];
		else if (!strncmp(argv[i], "--expires=", 10))
			o->expires = argv[i] + 10;
		else if (argv[i][0] == '-' || o->org) {
			gz_ui_error("unexpected argument '%s'", gz_ui_esc(argv[i]));
			gz_cmd_usage("add");
			return GZ_EXIT_USAGE;
		} else
			o->org = argv[i];
	}
	if (!o->org) {
		gz_cmd_usage("add");
		return GZ_EXIT_USAGE;
	}
	return GZ_EXIT_OK;
}

static int apply_report(struct gz_entry *e, void *ctx)
{
	return gz_report_apply(e, ctx);
}

/* Stores pat (taken over) with the report (NULL: not validated). */
static int store_pat(struct gz_store *st, const char *org, char *pat, int64_t expires,
		     const struct gz_report *r)
{
	struct gz_store_put p = GZ_STORE_PUT_INIT;
	char day[16];
	int rc;

	p.expires = expires;
	if (r) {
		p.apply = apply_report;
		p.ctx = (void *)r;
	}
	rc = gz_store_put(st, org, pat, &p);
	if (rc) {
		gz_ui_error("%s", gz_error_last());
		return GZ_EXIT_USAGE;
	}
	if (p.took == GZ_ENTRY_TOOK_ROTATED)
		printf("Stored the new PAT for %s; the previous one (added %s) is kept in the history.\n",
		       org, gz_when_date(day, sizeof(day), p.prev_added));
	else
		printf("Stored the PAT for %s.\n", org);
	return GZ_EXIT_OK;
}

/* 1 when Git asks git-credential-gitzen first for dev.azure.com */
static int git_uses_gitzen(void)
{
	struct gz_gitview v = GZ_GITVIEW_INIT;
	int ours = 0;

	if (gz_gitview_load(&v, 0) == 0 && v.n)
		ours = v.helpers[0].ours;
	gz_gitview_release(&v);
	return ours;
}

static void first_run_hint(void)
{
	if (!git_uses_gitzen())
		fprintf(stderr, "Git does not ask gitzen for dev.azure.com yet: after this, run `git gitzen configure`.\n");
}

/* Progress while the probes come back, on a terminal only. */
static void on_scope(void *ctx, unsigned scope, int present)
{
	const struct gz_scope *s = gz_scope_get(scope);
	char label[96];

	(void)ctx;
	scope_label(label, sizeof(label), s);
	fprintf(stderr, "  %s%s%s %s\n", gz_ui_color(stderr, present ? GZ_GREEN : GZ_RED),
		present ? "present" : "MISSING", gz_ui_color(stderr, GZ_RESET), label);
}

int cmd_add(int argc, char **argv)
{
	struct gz_report r = GZ_REPORT_INIT;
	struct gz_netcfg cfg = GZ_NETCFG_INIT;
	struct gz_store st = GZ_STORE_INIT;
	struct gz_http *h = NULL;
	struct add_opts o;
	char org[GZ_ORG_BUF], prompt[128];
	int64_t expires = 0;
	char *pat = NULL;
	int rc, validated = 0;

	rc = parse_add(&o, argc, argv);
	if (rc || (rc = org_arg(org, o.org)))
		return rc;
	if (o.expires) {
		if (gz_when_parse(&expires, o.expires)) {
			gz_ui_error("--expires '%s' is not a date (YYYY-MM-DD)", gz_ui_esc(o.expires));
			return GZ_EXIT_USAGE;
		}
		if (expires <= gz_when_now()) {
			gz_ui_error("--expires %s is in the past: that PAT has expired", o.expires);
			return GZ_EXIT_USAGE;
		}
	}
	if (gz_store_init(&st)) {
		gz_ui_error("%s", gz_error_last());
		return GZ_EXIT_USAGE;
	}
	first_run_hint();
	snprintf(prompt, sizeof(prompt), "PAT for %s (input hidden): ", org);
	pat = gz_ui_read_pat(o.pat_stdin, prompt);
	if (!pat) {
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	if (!gz_secret_is_pat(pat)) {
		gz_ui_error("that is not an Azure DevOps PAT (expected 52 or 84 letters and digits, no spaces); nothing was stored");
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	if (!o.no_validate) {
		rc = gz_ui_open_http(&h, &cfg);
		if (rc)
			goto done;
		fprintf(stderr, "Checking the PAT with Azure DevOps (%s)...\n", org);
		if (gz_validate_run_progress(&r, h, org, pat, isatty(2) ? on_scope : NULL, NULL)) {
			gz_ui_error("%s", gz_error_last());
			rc = GZ_EXIT_USAGE;
			goto done;
		}
		validated = 1;
		print_report(stdout, &r);
		rc = exit_for(&r);
		if (r.status == GZ_VSTATUS_REJECTED || r.status == GZ_VSTATUS_EXPIRED) {
			printf("Nothing was stored.\n");
			goto done;
		}
		if (rc && !o.force) {
			printf("Nothing was stored%s.\n",
			       r.status == GZ_VSTATUS_MISSING ? " (use --force to store it anyway)" :
								 " (use --force to store it unchecked)");
			goto done;
		}
	}
	rc = store_pat(&st, org, pat, expires, validated ? &r : NULL);
	pat = NULL;
	if (!rc && o.no_validate)
		printf("Not checked (--no-validate): run `git gitzen validate %s` to check its scopes.\n", org);
done:
	gz_secret_free(pat);
	gz_report_release(&r);
	gz_http_free(h);
	gz_netcfg_release(&cfg);
	gz_store_release(&st);
	return rc;
}

/* ---- list ------------------------------------------------------------- */

static void missing_ids(char *out, size_t n, const struct gz_entry *e, int json)
{
	unsigned i;

	out[0] = '\0';
	for (i = 0; i < GZ_SCOPE_COUNT; i++)
		if ((e->scopes_checked & ~e->scopes_present) & (1u << i))
			snprintf(out + strlen(out), n - strlen(out), json ? "%s\"%s\"" : "%s%s",
				 out[0] ? "," : "", gz_scope_get(i)->id);
}

int cmd_list(int argc, char **argv)
{
	struct gz_store st = GZ_STORE_INIT;
	char **orgs = NULL;
	size_t n = 0, i, shown = 0;
	int json = 0, rc = GZ_EXIT_OK, k;
	int64_t now = gz_when_now();

	for (k = 1; k < argc; k++) {
		if (!strcmp(argv[k], "--json")) {
			json = 1;
		} else {
			gz_ui_error("unexpected argument '%s'", gz_ui_esc(argv[k]));
			gz_cmd_usage("list");
			return GZ_EXIT_USAGE;
		}
	}
	if (gz_store_init(&st) || gz_store_list(&orgs, &n, &st)) {
		gz_ui_error("%s", gz_error_last());
		gz_store_release(&st);
		return GZ_EXIT_USAGE;
	}
	if (json)
		printf("{\"orgs\":[");
	else if (n)
		printf("%-20s %-28s %-15s %-11s %-11s %s\n", "ORG", "USER", "STATUS", "EXPIRES",
		       "VALIDATED", "MISSING");
	else
		printf("No PATs stored yet. Add one with: git gitzen add <org>\n");
	for (i = 0; i < n; i++) {
		struct gz_entry e;
		char exp[16] = "-", val[16] = "-", miss[256], expj[32], valj[32];
		enum gz_entry_status state;
		char fix[256];

		if (gz_store_load(&e, &st, orgs[i])) {
			gz_ui_error("%s", gz_error_last());
			rc = GZ_EXIT_USAGE;
			continue;
		}
		state = gz_entry_status(&e, now);
		if (e.expires)
			gz_when_date(exp, sizeof(exp), e.expires);
		if (e.validated)
			gz_when_date(val, sizeof(val), e.validated);
		if (json) {
			missing_ids(miss, sizeof(miss), &e, 1);
			snprintf(expj, sizeof(expj), "\"%s\"", exp);
			snprintf(valj, sizeof(valj), "\"%s\"", val);
			printf("%s{\"org\":\"%s\",\"user\":", shown++ ? "," : "", e.org);
			gz_ui_json_str(stdout, e.user);
			printf(",\"status\":\"%s\",\"expires\":%s,\"validated\":%s,\"missing\":[%s],\"push\":%s}",
			       gz_entry_status_name(state), e.expires ? expj : "null",
			       e.validated ? valj : "null", miss,
			       e.push > 0 ? "true" : e.push == 0 ? "false" : "null");
		} else {
			missing_ids(miss, sizeof(miss), &e, 0);
			printf("%-20s %-28s %-15s %-11s %-11s %s\n", e.org,
			       e.user ? gz_ui_esc(e.user) : "-", gz_entry_status_name(state), exp, val,
			       miss[0] ? miss : "-");
			if (state != GZ_ENTRY_OK)
				printf("  %s \xe2\x80\x94 %s\n", gz_entry_status_name(state),
				       gz_advice_fix(fix, sizeof(fix), state, e.org));
		}
		gz_entry_release(&e);
	}
	if (json)
		printf("]}\n");
	gz_store_list_free(orgs, n);
	gz_store_release(&st);
	return rc;
}

/* ---- validate ----------------------------------------------------------- */

/* Validates one stored organisation and records the result; *cleared says
 * which mark ("rejected", "expired") recording it cleared, if any. */
static int validate_one(struct gz_report *r, struct gz_http *h, struct gz_store *st,
			const char *org, const char **cleared)
{
	struct gz_entry e;
	char *pat;
	int rc;

	rc = gz_store_load(&e, st, org);
	if (rc == GZ_ENOTFOUND) {
		gz_ui_error("no PAT is stored for %s; add one with: git gitzen add %s", org, org);
		return GZ_EXIT_USAGE;
	}
	if (rc) {
		gz_ui_error("%s", gz_error_last());
		return GZ_EXIT_USAGE;
	}
	pat = e.pat;
	e.pat = NULL;
	gz_entry_release(&e);
	if (gz_validate_run(r, h, org, pat)) {
		gz_secret_free(pat);
		gz_ui_error("%s", gz_error_last());
		return GZ_EXIT_USAGE;
	}
	rc = gz_validate_record(st, r, pat, cleared);
	gz_secret_free(pat);
	if (rc && rc != GZ_ENOTFOUND) {
		gz_ui_error("the result could not be recorded: %s", gz_error_last());
		return GZ_EXIT_USAGE;
	}
	return exit_for(r);
}

int cmd_validate(int argc, char **argv)
{
	struct gz_netcfg cfg = GZ_NETCFG_INIT;
	struct gz_store st = GZ_STORE_INIT;
	struct gz_http *h = NULL;
	char **orgs = NULL;
	size_t n = 0, i, shown = 0;
	int json = 0, all = 0, rc = GZ_EXIT_OK, k, worst = 0;

	if (gz_store_init(&st)) {
		gz_ui_error("%s", gz_error_last());
		return GZ_EXIT_USAGE;
	}
	orgs = calloc((size_t)argc, sizeof(*orgs));
	for (k = 1; orgs && k < argc; k++) {
		char org[GZ_ORG_BUF];

		if (!strcmp(argv[k], "--json")) {
			json = 1;
		} else if (!strcmp(argv[k], "--all")) {
			all = 1;
		} else if (argv[k][0] == '-') {
			gz_ui_error("unexpected argument '%s'", gz_ui_esc(argv[k]));
			gz_cmd_usage("validate");
			rc = GZ_EXIT_USAGE;
			goto done;
		} else if ((rc = org_arg(org, argv[k]))) {
			goto done;
		} else if (!(orgs[n++] = strdup(org))) {
			gz_ui_error("out of memory");
			rc = GZ_EXIT_USAGE;
			goto done;
		}
	}
	if (!orgs) {
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	if (all || !n) {
		gz_store_list_free(orgs, n);
		if (gz_store_list(&orgs, &n, &st)) {
			gz_ui_error("%s", gz_error_last());
			orgs = NULL;
			n = 0;
			rc = GZ_EXIT_USAGE;
			goto done;
		}
		if (!n) {
			gz_ui_error("no PATs stored yet; add one with: git gitzen add <org>");
			rc = GZ_EXIT_USAGE;
			goto done;
		}
	}
	rc = gz_ui_open_http(&h, &cfg);
	if (rc)
		goto done;
	if (json)
		printf("{\"orgs\":[");
	for (i = 0; i < n; i++) {
		struct gz_report r = GZ_REPORT_INIT;
		const char *cleared = NULL;
		int one = validate_one(&r, h, &st, orgs[i], &cleared);

		if (one != GZ_EXIT_USAGE || r.org[0]) {
			if (json) {
				if (shown++)
					putchar(',');
				json_report(stdout, &r);
			} else {
				print_report(stdout, &r);
			}
			if (cleared)
				fprintf(json ? stderr : stdout,
					"%s: the %s mark is cleared: Azure DevOps accepts the PAT again, and Git uses it again\n",
					r.org, cleared);
		}
		/* 2 (local) > 3 (service) > 1 (the check said no) */
		if (one == GZ_EXIT_USAGE || (one == GZ_EXIT_SERVICE && worst != GZ_EXIT_USAGE) ||
		    (one == GZ_EXIT_NO && !worst))
			worst = one;
		gz_report_release(&r);
	}
	if (json)
		printf("]}\n");
	rc = worst;
done:
	gz_store_list_free(orgs, n);
	gz_http_free(h);
	gz_netcfg_release(&cfg);
	gz_store_release(&st);
	return rc;
}

/* ---- remove ------------------------------------------------------------- */

int cmd_remove(int argc, char **argv)
{
	struct gz_store st = GZ_STORE_INIT;
	char org[GZ_ORG_BUF];
	int lock = -1, rc;

	if (argc != 2 || argv[1][0] == '-') {
		gz_cmd_usage("remove");
		return GZ_EXIT_USAGE;
	}
	rc = org_arg(org, argv[1]);
	if (rc)
		return rc;
	if (gz_store_init(&st) || gz_store_lock(&lock, &st, org)) {
		gz_ui_error("%s", gz_error_last());
		gz_store_release(&st);
		return GZ_EXIT_USAGE;
	}
	rc = gz_store_remove(&st, org);
	if (rc == GZ_ENOTFOUND)
		gz_ui_error("no PAT is stored for %s", org);
	else if (rc)
		gz_ui_error("%s", gz_error_last());
	else
		printf("Removed the PAT for %s. Revoke it in Azure DevOps too if it is no longer needed.\n",
		       org);
	gz_store_unlock(lock);
	gz_store_release(&st);
	return rc ? GZ_EXIT_USAGE : GZ_EXIT_OK;
}
