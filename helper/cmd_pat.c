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
#include "../src/expires.h"
#include "../src/org.h"
#include "../src/orgarg.h"
#include "../src/paste.h"
#include "../src/scope.h"
#include "../src/secret.h"
#include "../src/secretstore.h"
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

/* The organisation an argument names (a name or a URL); a URL with user
 * information is not repeated (it may hold a password). */
static int org_arg(char out[GZ_ORG_BUF], const char *arg)
{
	if (gz_orgarg_parse(out, arg)) {
		if (strchr(arg, '@'))
			gz_ui_error("the organisation argument: %s", gz_error_last());
		else
			gz_ui_error("'%s': %s", gz_ui_esc(arg), gz_error_last());
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
	case GZ_VSTATUS_MISSING:
	case GZ_VSTATUS_REJECTED:
	case GZ_VSTATUS_EXPIRED:
	case GZ_VSTATUS_NONE:
		break;
	}
	return GZ_EXIT_NO;
}

static void scope_label(char *out, size_t n, const struct gz_scope *s)
{
	snprintf(out, n, "%s \xe2\x80\x94 %s", s->name, s->level);
}

/* Spaces after a label to fill its column of the report (36 columns). */
#define LABEL_COLS 36
static int label_pad(const char *label)
{
	size_t w = gz_ui_width(label, strlen(label));

	return w < LABEL_COLS ? (int)(LABEL_COLS - w) : 0;
}

/* A line under a scope's row, in the label's column: why, or a note. */
#define NOTE_COL 12
static void print_note(FILE *fp, const char *text)
{
	fprintf(fp, "%*s", NOTE_COL - 1, "");
	gz_ui_wrap(fp, text, NOTE_COL - 1, NOTE_COL);
}

static void print_report(FILE *fp, const struct gz_report *r)
{
	const char *bold = gz_ui_color(fp, GZ_BOLD), *reset = gz_ui_color(fp, GZ_RESET);
	const char *red = gz_ui_color(fp, GZ_RED), *green = gz_ui_color(fp, GZ_GREEN);
	const struct gz_scope *p = gz_scope_push();
	char missing[512] = "", label[96], line[1024];
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
			/* 2 + 9 + 1 + 36 + 1 + 26: within 80 columns */
			fprintf(fp, "  %s%s%s%*s %s%*s %s\n", known ? (ok ? green : red) : "",
				known ? (ok ? "present" : "MISSING") : "unchecked", known ? reset : "",
				known ? 2 : 0, "", label, label_pad(label), "", s->id);
			print_note(fp, s->why);
			if (known && !ok) {
				nmissing++;
				snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
					 "%s%s", missing[0] ? ", " : "", label);
				if (r->read_only & (1u << i)) {
					snprintf(line, sizeof(line),
						 "(the PAT has only Read; Git-Zen needs %s)", s->level);
					print_note(fp, line);
				}
			}
		}
		/* information only: never makes add or validate fail */
		scope_label(label, sizeof(label), p);
		snprintf(label + strlen(label), sizeof(label) - strlen(label), " (to push)");
		fprintf(fp, "  %-9s %s%*s %s\n",
			r->push > 0 ? "present" : r->push == 0 ? "absent" : "unchecked", label,
			label_pad(label), "", p->id);
		print_note(fp, p->why);
		if (r->push == 0)
			print_note(fp, "to push, use a PAT with it");
	}
	switch (r->status) {
	case GZ_VSTATUS_OK:
		fprintf(fp, "%sok%s: all 5 scopes present\n", green, reset);
		break;
	case GZ_VSTATUS_MISSING:
		snprintf(line, sizeof(line), "missing %u scope%s", nmissing, nmissing == 1 ? "" : "s");
		fprintf(fp, "%s%s%s:", red, line, reset);
		gz_ui_wrap(fp, missing, strlen(line) + 1, 4);
		snprintf(line, sizeof(line),
			 "fix: in Azure DevOps (User settings > Personal access tokens) edit the PAT or create a new one with %s, then run: git gitzen add %s",
			 missing, r->org);
		gz_ui_wrap(fp, line, 0, 5);
		break;
	case GZ_VSTATUS_EXPIRED:
		fprintf(fp, "%sexpired%s:", red, reset);
		gz_ui_wrap(fp, gz_ui_esc(r->detail), 8, 4);
		snprintf(line, sizeof(line),
			 "fix: create a new PAT with the five scopes and run: git gitzen add %s", r->org);
		gz_ui_wrap(fp, line, 0, 5);
		break;
	case GZ_VSTATUS_REJECTED:
		fprintf(fp, "%srejected%s:", red, reset);
		gz_ui_wrap(fp, gz_ui_esc(r->detail), 9, 4);
		if (r->unknown_org)
			snprintf(line, sizeof(line),
				 "fix: check the organisation's name in its URL, https://dev.azure.com/<org>");
		else
			snprintf(line, sizeof(line),
				 "fix: create a new PAT for %s (Organization: %s) and run: git gitzen add %s",
				 r->org, r->org, r->org);
		gz_ui_wrap(fp, line, 0, 5);
		break;
	case GZ_VSTATUS_UNREACHABLE:
		fprintf(fp, "%sunreachable%s:", red, reset);
		gz_ui_wrap(fp, gz_ui_esc(r->detail), 12, 4);
		break;
	case GZ_VSTATUS_NONE: /* a report always has a result */
		break;
	}
}

/* What the one status rule says of org's entry after a validation. */
struct after {
	int64_t expires;           /* 0 = unknown */
	enum gz_entry_status state; /* GZ_ENTRY_NONE: no entry (any more) */
};

static void json_report(FILE *fp, const struct gz_report *r, const struct after *a)
{
	unsigned i, first = 1;
	char day[16];

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
	fprintf(fp, ",\"expires\":");
	gz_ui_json_str(fp, a->expires ? gz_when_date(day, sizeof(day), a->expires) : NULL);
	fprintf(fp, ",\"state\":");
	gz_ui_json_str(fp, a->state == GZ_ENTRY_NONE ? NULL : gz_entry_status_name(a->state));
	fputc('}', fp);
}

/* ---- add --------------------------------------------------------------- */

static int apply_report(struct gz_entry *e, const void *ctx)
{
	return gz_report_apply(e, ctx);
}

/* Stores pat (taken over) with the report (NULL: not validated). */
static int store_pat(struct gz_store *st, const char *org, char *pat, int64_t expires,
		     const struct gz_report *r, struct gz_store_put *pp)
{
	struct gz_store_put p = GZ_STORE_PUT_INIT;
	char day[16];
	int rc;

	p.expires = expires;
	if (r) {
		p.apply = apply_report;
		p.ctx = r;
	}
	p.choose_where = gz_secretstore_choose;
	rc = gz_store_put(st, org, pat, &p);
	*pp = p;
	if (rc) {
		if (rc == GZ_EUNAVAIL || rc == GZ_ELOCKED)
			gz_ui_error("nothing was stored: %s", gz_error_last());
		else
			gz_ui_error("%s", gz_error_last());
		return GZ_EXIT_USAGE;
	}
	if (p.left_copy)
		gz_ui_warn("the previous PAT's keyring item could not be deleted: %s", gz_error_last());
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
		gz_ui_info("Git does not use gitzen yet: after this, run `git gitzen configure`.");
}

/* Before the PAT is asked for: the state directory and org's entry can
 * take it (a paste is never wasted on a store that cannot be written). */
static int add_precheck(struct gz_store *st, const char *org)
{
	struct gz_entry e;
	int rc, lock = -1;

	rc = gz_store_check(st);
	if (rc && rc != GZ_ENOTFOUND)
		goto bad;
	rc = gz_store_load(&e, st, org);
	if (rc == 0)
		gz_entry_release(&e);
	else if (rc != GZ_ENOTFOUND)
		goto bad;
	if (gz_store_lock(&lock, st, org))
		goto bad;
	gz_store_unlock(lock);
	return GZ_EXIT_OK;
bad:
	gz_ui_error("%s; nothing was stored, and no PAT was asked for", gz_error_last());
	return GZ_EXIT_USAGE;
}

/* The value read is a PAT in shape, or what is wrong with it is said. */
static int add_paste_ok(const char *pat)
{
	char why[320];

	if (gz_paste_check(why, sizeof(why), pat) == GZ_PASTE_OK)
		return 1;
	gz_ui_error("%s", why);
	gz_ui_info("Nothing was stored.");
	return 0;
}

int cmd_add(int argc, const char *const *argv)
{
	struct gz_report r = GZ_REPORT_INIT;
	struct gz_netcfg cfg = GZ_NETCFG_INIT;
	struct gz_store st = GZ_STORE_INIT;
	struct gz_store_put put = GZ_STORE_PUT_INIT;
	struct gz_http *h = NULL;
	const char *when = gz_cmd_value("--expires");
	int no_validate = gz_cmd_flag("--no-validate"), force = gz_cmd_flag("--force");
	char org[GZ_ORG_BUF], prompt[128], day[16];
	int64_t expires = 0;
	char *pat = NULL;
	int rc, far = 0, validated = 0;

	(void)argc;
	(void)argv;
	if ((rc = org_arg(org, gz_cmd_arg(0))))
		return rc;
	if (when) {
		if (gz_expires_parse(&expires, &far, when, gz_when_now())) {
			gz_ui_error("--expires %s: %s", gz_paste_looks_secret(when) ? "(not shown)" :
				    gz_ui_esc(when), gz_error_last());
			return GZ_EXIT_USAGE;
		}
		if (far)
			gz_ui_warn("--expires %s is more than a year ahead; Azure DevOps allows one year at most by default: check the date",
				   when);
	}
	if (gz_store_init(&st)) {
		gz_ui_error("%s; nothing was stored", gz_error_last());
		return GZ_EXIT_USAGE;
	}
	if ((rc = add_precheck(&st, org)))
		goto done;
	first_run_hint();
	snprintf(prompt, sizeof(prompt), "PAT for %s (input hidden): ", org);
	pat = gz_ui_read_pat(gz_cmd_flag("--pat-stdin"), prompt);
	if (!pat || !add_paste_ok(pat)) {
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	if (!no_validate) {
		rc = gz_ui_open_http(&h, &cfg);
		if (rc)
			goto done;
		gz_ui_info("Checking the PAT with Azure DevOps (%s)...", org);
		if (gz_validate_run(&r, h, org, pat)) {
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
		if (rc && !force) {
			printf("Nothing was stored%s.\n",
			       r.status == GZ_VSTATUS_MISSING ? " (use --force to store it anyway)" :
								 " (use --force to store it unchecked)");
			goto done;
		}
	}
	rc = store_pat(&st, org, pat, expires, validated ? &r : NULL, &put);
	pat = NULL;
	if (rc)
		goto done;
	if (put.took == GZ_ENTRY_TOOK_ROTATED && !expires) {
		if (put.prev_expires)
			printf("Its expiry is unknown now (the previous PAT's, %s, no longer applies): give it with --expires YYYY-MM-DD.\n",
			       gz_when_date(day, sizeof(day), put.prev_expires));
		else
			printf("Its expiry is unknown: give it with --expires YYYY-MM-DD.\n");
	}
	if (no_validate)
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

static void missing_ids(char *out, size_t n, const struct gz_entry *e)
{
	unsigned i;

	out[0] = '\0';
	for (i = 0; i < GZ_SCOPE_COUNT; i++)
		if ((e->scopes_checked & ~e->scopes_present) & (1u << i))
			snprintf(out + strlen(out), n - strlen(out), "%s\"%s\"",
				 out[0] ? "," : "", gz_scope_get(i)->id);
}

/* The table fits in 80 columns: 18 + 1 + 22 + 1 + 14 + 1 + 10 + 1 + 10. */
#define LIST_ORG_W 18
#define LIST_USER_W 22

/* One row of list's table; a longer organisation name gets a line of its
 * own, a longer user name is cut (never inside a UTF-8 sequence). Then,
 * for a PAT that is not ok, what is the matter and the fix. */
static void list_row(const struct gz_entry *e, enum gz_entry_status state, const char *exp,
		     const char *val)
{
	char user[LIST_USER_W + 1], fix[256], miss[512], line[1024];
	const char *u = e->user ? gz_ui_esc(e->user) : "-";
	size_t len = strlen(u);

	if (len > LIST_USER_W) {
		len = LIST_USER_W - 3;
		while (len && ((unsigned char)u[len] & 0xc0) == 0x80)
			len--;
		snprintf(user, sizeof(user), "%.*s...", (int)len, u);
		u = user;
	}
	if (strlen(e->org) > LIST_ORG_W)
		printf("%s\n%-*s", e->org, LIST_ORG_W, "");
	else
		printf("%-*s", LIST_ORG_W, e->org);
	printf(" %-*s %-14s %-10s %s\n", LIST_USER_W, u, gz_entry_status_name(state), exp, val);
	if (state == GZ_ENTRY_OK)
		return;
	gz_advice_fix(fix, sizeof(fix), state, e->org);
	if (state == GZ_ENTRY_MISSING_SCOPES && gz_advice_missing(miss, sizeof(miss), e)[0])
		snprintf(line, sizeof(line), "%s \xe2\x80\x94 lacks %s: %s", gz_entry_status_name(state),
			 miss, fix);
	else
		snprintf(line, sizeof(line), "%s \xe2\x80\x94 %s", gz_entry_status_name(state), fix);
	fputc(' ', stdout); /* gz_ui_wrap puts the second space */
	gz_ui_wrap(stdout, line, 1, 4);
}

int cmd_list(int argc, const char *const *argv)
{
	struct gz_store st = GZ_STORE_INIT;
	char **orgs = NULL;
	size_t n = 0, i, shown = 0;
	int json, rc = GZ_EXIT_OK;
	int64_t now = gz_when_now();

	(void)argc;
	(void)argv;
	json = gz_cmd_flag("--json");
	if (gz_store_init(&st) || gz_store_list(&orgs, &n, &st)) {
		gz_ui_error("%s", gz_error_last());
		gz_store_release(&st);
		return GZ_EXIT_USAGE;
	}
	if (json)
		printf("{\"orgs\":[");
	else if (n)
		printf("%-*s %-*s %-14s %-10s %s\n", LIST_ORG_W, "ORG", LIST_USER_W, "USER",
		       "STATUS", "EXPIRES", "VALIDATED");
	else
		printf("No PATs stored yet. Add one with: git gitzen add <org>\n");
	for (i = 0; i < n; i++) {
		struct gz_entry e;
		char exp[16] = "-", val[16] = "-", miss[256], expj[32], valj[32];
		enum gz_entry_status state;
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
			missing_ids(miss, sizeof(miss), &e);
			snprintf(expj, sizeof(expj), "\"%s\"", exp);
			snprintf(valj, sizeof(valj), "\"%s\"", val);
			printf("%s{\"org\":\"%s\",\"user\":", shown++ ? "," : "", e.org);
			gz_ui_json_str(stdout, e.user);
			printf(",\"status\":\"%s\",\"expires\":%s,\"validated\":%s,\"missing\":[%s],\"push\":%s,\"store\":\"%s\"}",
			       gz_entry_status_name(state), e.expires ? expj : "null",
			       e.validated ? valj : "null", miss,
			       e.push > 0 ? "true" : e.push == 0 ? "false" : "null",
			       gz_pat_where_name(e.where));
		} else {
			list_row(&e, state, exp, val);
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
 * which mark ("rejected", "expired") recording it cleared, if any. A PAT
 * past its known expiry is reported expired, as list and get say. */
static int validate_one(struct gz_report *r, struct gz_http *h, struct gz_store *st,
			const char *org, const char **cleared, struct after *a)
{
	struct gz_entry e;
	char *pat, day[16], text[96];
	int rc;

	a->expires = 0;
	a->state = GZ_ENTRY_NONE;
	rc = gz_store_load(&e, st, org);
	if (rc == GZ_ENOTFOUND) {
		char line[2 * GZ_ORG_BUF + 64];

		gz_ui_error("%s", gz_advice_line(line, sizeof(line), GZ_ENTRY_NONE, NULL, org, 0,
						 GZ_ADVICE_NAMED));
		return GZ_EXIT_USAGE;
	}
	if (rc || (rc = gz_store_pat_get(st, &e))) {
		gz_ui_error("%s", gz_error_last());
		gz_entry_release(&e);
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
	if (gz_store_load(&e, st, org) == 0) {
		int64_t now = gz_when_now();

		a->expires = e.expires;
		a->state = gz_entry_status(&e, now);
		if (gz_entry_expired(&e, now) &&
		    (r->status == GZ_VSTATUS_OK || r->status == GZ_VSTATUS_MISSING)) {
			snprintf(text, sizeof(text), "the PAT expired on %s (its recorded expiry)",
				 gz_when_date(day, sizeof(day), e.expires));
			free(r->detail);
			r->detail = strdup(text);
			r->status = GZ_VSTATUS_EXPIRED;
		}
		gz_entry_release(&e);
	}
	return exit_for(r);
}

int cmd_validate(int argc, const char *const *argv)
{
	struct gz_netcfg cfg = GZ_NETCFG_INIT;
	struct gz_store st = GZ_STORE_INIT;
	struct gz_http *h = NULL;
	char **orgs = NULL;
	size_t n = 0, i, shown = 0;
	int json, all, rc = GZ_EXIT_OK, worst = 0;
	size_t k;

	(void)argc;
	(void)argv;
	if (gz_store_init(&st)) {
		gz_ui_error("%s", gz_error_last());
		return GZ_EXIT_USAGE;
	}
	json = gz_cmd_flag("--json");
	all = gz_cmd_flag("--all");
	orgs = calloc(gz_cmd_nargs() + 1, sizeof(*orgs));
	if (!orgs) {
		gz_ui_error("out of memory");
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	for (k = 0; k < gz_cmd_nargs(); k++) {
		char org[GZ_ORG_BUF];

		if ((rc = org_arg(org, gz_cmd_arg(k))))
			goto done;
		if (!(orgs[n++] = strdup(org))) {
			gz_ui_error("out of memory");
			rc = GZ_EXIT_USAGE;
			goto done;
		}
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
			gz_ui_error("no PATs stored yet; to add one, run: git gitzen add <org>");
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
		struct after a;
		int one = validate_one(&r, h, &st, orgs[i], &cleared, &a);

		if (one != GZ_EXIT_USAGE || r.org[0]) {
			if (json) {
				if (shown++)
					putchar(',');
				json_report(stdout, &r, &a);
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

/* Under the lock: the PAT's home first (a keyring item), then the entry.
 * A keyring that cannot be reached now stops it with nothing removed; an
 * item already gone does not. */
static int remove_pat(struct gz_store *st, const char *org)
{
	struct gz_entry e;
	int rc = gz_store_load(&e, st, org);

	if (rc == 0) {
		rc = gz_store_pat_clear(st, &e);
		gz_entry_release(&e);
		if (rc && rc != GZ_ENOTFOUND) {
			char why[512];

			snprintf(why, sizeof(why), "%s", gz_error_last());
			gz_error_set("nothing was removed: %s", why);
			return rc;
		}
	}
	/* a damaged or newer entry goes as it did before: its PAT's home is unknown */
	return gz_store_remove(st, org);
}

int cmd_remove(int argc, const char *const *argv)
{
	struct gz_store st = GZ_STORE_INIT;
	char org[GZ_ORG_BUF];
	int lock = -1, rc;

	(void)argc;
	(void)argv;
	rc = org_arg(org, gz_cmd_arg(0));
	if (rc)
		return rc;
	if (gz_store_init(&st) || gz_store_lock(&lock, &st, org)) {
		gz_ui_error("%s", gz_error_last());
		gz_store_release(&st);
		return GZ_EXIT_USAGE;
	}
	rc = remove_pat(&st, org);
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
