/* SPDX-License-Identifier: MIT */
/*
 * doctor: the words for what src/doctor.c finds. Its output is meant to be
 * pasted to support: never a PAT, never a helper's arguments, the home
 * directory as "~", input escaped, and the user information of every URL
 * replaced by "<redacted>" (each line goes through gz_urlmatch_redact()).
 */
#define _GNU_SOURCE
#include "../src/advice.h"
#include "../src/doctor.h"
#include "../src/err.h"
#include "../src/helperval.h"
#include "../src/scope.h"
#include "../src/urlmatch.h"
#include "../src/when.h"
#include "cmds.h"
#include "ui.h"
#include "version.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_LEN 2048

/* One line: the severity word (coloured on a terminal), then the text,
 * user information in URLs redacted. */
static void say(enum gz_doctor_sev s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(enum gz_doctor_sev s, const char *fmt, ...)
{
	static const char *const word[] = { "ok", "warning", "error" };
	static const char *const color[] = { GZ_GREEN, GZ_YELLOW, GZ_RED };
	char line[LINE_MAX_LEN], shown[LINE_MAX_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("%s%-9s%s%s\n", gz_ui_color(stdout, color[s]), word[s], gz_ui_color(stdout, GZ_RESET),
	       gz_urlmatch_redact(shown, sizeof(shown), line));
}

/* A helper value as it may be shown: gz_helperval_shown(), escaped, home shortened. */
static const char *helper_shown(const char *value)
{
	char buf[1024];

	return gz_ui_esc(gz_ui_tilde(gz_helperval_shown(buf, sizeof(buf), value)));
}

static const char *local_hint(const char *origin)
{
	return !strcmp(origin, "local") ? " --local" : "";
}

/* The configuration finding for one URL family, worded into msg. */
static void config_text(char *msg, size_t n, const struct gz_doctor_finding *f)
{
	const struct gz_gitview *v = &f->view;
	const struct gz_gitview_verdict *j = &f->verdict;
	static const struct gz_gitview_helper none = { NULL, "no", 0 };
	const struct gz_gitview_helper *h = j->helper < v->n ? &v->helpers[j->helper] : &none;
	const char *url = gz_gitview_url(f->url);

	switch (j->problem) {
	case GZ_GITVIEW_INVALID:
		snprintf(msg, n, "%s (%s configuration) has no value and Git refuses it; "
			 "remove that line from the file", gz_ui_esc(v->invalid), v->invalid_origin);
		break;
	case GZ_GITVIEW_NOT_ASKED:
		snprintf(msg, n, "Git does not ask gitzen for %s%s%s%s; run: git gitzen configure", url,
			 v->n ? " (it asks " : "", v->n ? helper_shown(h->value) : "", v->n ? ")" : "");
		break;
	case GZ_GITVIEW_BEFORE:
		snprintf(msg, n, "helper %s (%s configuration) comes before gitzen for %s: it answers "
			 "first and receives the PATs; run: git gitzen configure%s",
			 helper_shown(h->value), h->origin, url, local_hint(h->origin));
		break;
	case GZ_GITVIEW_AFTER:
		snprintf(msg, n, "helper %s (%s configuration) comes after gitzen for %s and receives "
			 "its PATs whenever Git stores them; run: git gitzen configure%s",
			 helper_shown(h->value), h->origin, url, local_hint(h->origin));
		break;
	case GZ_GITVIEW_NOT_RUNNABLE:
		snprintf(msg, n, "the helper configured for %s, %s, cannot be run (%s); "
			 "run: git gitzen configure", url, gz_ui_esc(gz_ui_tilde(j->path)), strerror(j->err));
		break;
	case GZ_GITVIEW_NO_HTTP_PATH:
		snprintf(msg, n, "credential.%s.useHttpPath is %s: %s; run: git gitzen configure", url,
			 v->use_http_path ? "not set" : "false",
			 f->url == 0 ? "Git would not tell gitzen the organisation in the URL's path" :
				       "Git would send every visualstudio.com path to one cache entry");
		break;
	case GZ_GITVIEW_NO_RESET:
		snprintf(msg, n, "no empty helper value before gitzen for %s: a credential.helper "
			 "added before it would be asked first and receive the PATs; "
			 "run: git gitzen configure", url);
		break;
	case GZ_GITVIEW_OK:
		snprintf(msg, n, "%s: Git asks gitzen (%s, %s configuration) and no other helper; "
			 "useHttpPath true", url, helper_shown(h->value), h->origin);
		break;
	}
}

void gz_cmd_config_warnings(void)
{
	struct gz_doctor d = GZ_DOCTOR_INIT;
	char msg[LINE_MAX_LEN], shown[LINE_MAX_LEN];
	size_t i;

	if (gz_doctor_config(&d))
		gz_ui_warn("cannot check the result: %s", gz_ui_tilde(gz_error_last()));
	for (i = 0; i < d.n; i++) {
		const struct gz_doctor_finding *f = &d.v[i];

		if (f->code == GZ_DOCTOR_CONFIG_UNREADABLE) {
			snprintf(msg, sizeof(msg), "cannot check the result: %s", gz_ui_tilde(f->text));
		} else if (f->sev != GZ_DOCTOR_OK) {
			config_text(msg, sizeof(msg), f);
		} else {
			continue;
		}
		gz_ui_warn("%s", gz_urlmatch_redact(shown, sizeof(shown), msg));
	}
	gz_doctor_release(&d);
}

static void say_org(const struct gz_doctor_finding *f, int64_t now)
{
	const struct gz_entry *e = &f->entry;
	const char *org = f->org;
	char day[16], val[16] = "never", line[1024];

	if (e->validated)
		gz_when_date(val, sizeof(val), e->validated);
	if (f->status != GZ_ENTRY_OK) {
		/* what is the matter and the fix: the advice table's line */
		say(f->sev, "%s: %s", org,
		    gz_advice_line(line, sizeof(line), f->status, e, org, now, GZ_ADVICE_BARE));
	} else if (e->result == GZ_VSTATUS_UNREACHABLE) {
		say(f->sev, "%s: the last check could not reach Azure DevOps (%s); "
			    "run: git gitzen validate %s", org, val, org);
	} else {
		say(f->sev, "%s: PAT of %s, %s%s, all 5 scopes, checked %s", org,
		    e->user ? gz_ui_esc(e->user) : "(unknown user)", e->expires ? "expires " : "no expiry recorded",
		    e->expires ? gz_when_date(day, sizeof(day), e->expires) : "", val);
	}
}

/* gitzen.secretStore and the keyring (keyring.h's results) */
static void say_secretstore(const struct gz_doctor_finding *f)
{
	const char *set = f->text, *why = f->path ? gz_ui_tilde(f->path) : "";

	if (!strcmp(set, "file"))
		say(f->sev, "secret store: gitzen.secretStore is file: new PATs go to the entry files");
	else if (f->keyring == 0)
		say(f->sev, "secret store: gitzen.secretStore is %s; the keyring answers (Secret Service "
			    "on the session bus): new PATs go to the keyring", set);
	else if (!strcmp(set, "auto"))
		say(f->sev, "secret store: gitzen.secretStore is auto; no keyring answers (%s): new PATs "
			    "go to the entry files", why);
	else
		say(f->sev, "secret store: gitzen.secretStore is secretservice, but no keyring answers "
			    "(%s): new PATs cannot be stored; start the keyring, or set "
			    "gitzen.secretStore to file", why);
}

/* an entry whose PAT is in the keyring */
static void say_item(const struct gz_doctor_finding *f)
{
	const char *org = f->org, *why = f->text ? gz_ui_tilde(f->text) : "";

	if (f->keyring == 0)
		say(f->sev, "%s: the PAT is in the keyring (item \"gitzen PAT for %s (Azure DevOps)\")",
		    org, org);
	else if (f->keyring == GZ_ENOTFOUND)
		say(f->sev, "%s: the entry says its PAT is in the keyring, but the keyring has no gitzen "
			    "item for %s: Git gets no PAT; add it again: git gitzen add %s", org, org, org);
	else
		say(f->sev, "%s: the PAT is in the keyring, which cannot be checked now: %s", org, why);
}

static void say_finding(const struct gz_doctor_finding *f, int64_t now)
{
	/* text: a library message (escaped already) or a program's output (raw) */
	const char *path = f->path ? gz_ui_esc(gz_ui_tilde(f->path)) : "";
	const char *text = f->text ? gz_ui_tilde(f->text) : "";
	char msg[LINE_MAX_LEN];

	switch (f->code) {
	case GZ_DOCTOR_GIT_OK:
		say(f->sev, "git: version %s", text);
		break;
	case GZ_DOCTOR_GIT_MISSING:
		say(f->sev, "git: cannot run `git --version`; install Git 2.48.1 or later and put it on PATH");
		break;
	case GZ_DOCTOR_GIT_ODD:
		say(f->sev, "git: cannot read its version from \"%s\"; make sure it is Git 2.48.1 or later",
		    gz_ui_esc(text));
		break;
	case GZ_DOCTOR_GIT_CR_REFUSED:
		say(f->sev, "git: refuses a credential URL holding a carriage return (has the CVE-2024-52006 fix)");
		break;
	case GZ_DOCTOR_GIT_CR_PASSED:
		say(f->sev, "git: passes a carriage return from a crafted URL on to credential helpers "
			    "(CVE-2024-52006); upgrade to Git 2.48.1 or later, or a maintenance release "
			    "with the fix, and leave credential.protectProtocol on");
		break;
	case GZ_DOCTOR_GIT_CR_UNTESTED:
		say(f->sev, "git: cannot tell whether it refuses a carriage return in a credential URL "
			    "(`git credential fill` does not answer); make sure it has the CVE-2024-52006 "
			    "fix (Git 2.48.1 or later)");
		break;
	case GZ_DOCTOR_LFS_NONE:
		say(f->sev, "git lfs: not installed (nothing to check)");
		break;
	case GZ_DOCTOR_LFS_OK:
		say(f->sev, "git lfs: version %s", text);
		break;
	case GZ_DOCTOR_LFS_OLD:
		say(f->sev, "git lfs: version %s can be made to send credentials to another host by a "
			    "crafted URL (CVE-2024-53263); upgrade to Git LFS 3.6.1 or later", text);
		break;
	case GZ_DOCTOR_LFS_ODD:
		say(f->sev, "git lfs: cannot read its version from \"%s\"; make sure it is Git LFS 3.6.1 "
			    "or later", gz_ui_esc(text));
		break;
	case GZ_DOCTOR_HELPER_OK:
		say(f->sev, "helper: %s %s (%s)", gz_ui_esc(text),
		    f->on_path ? "on PATH" : "not on PATH, configured by its path", path);
		break;
	case GZ_DOCTOR_HELPER_MISSING:
		say(f->sev, "helper: git-credential-gitzen is not on PATH or in Git's exec path; install "
			    "it there, or run: git gitzen configure (which then uses its absolute path)");
		break;
	case GZ_DOCTOR_HELPER_UNSAFE:
		say(f->sev, "helper: not run: %s", text);
		break;
	case GZ_DOCTOR_HELPER_BROKEN:
		say(f->sev, "helper: %s does not run; reinstall gitzen%s", path,
		    f->on_path ? "" : ", then run: git gitzen configure");
		break;
	case GZ_DOCTOR_HELPER_VERSION:
		say(f->sev, "helper: %s is \"%s\", not %s like git-gitzen; install both from one build", path,
		    gz_ui_esc(text), GZ_VERSION);
		break;
	case GZ_DOCTOR_CONFIG:
		config_text(msg, sizeof(msg), f);
		say(f->sev, "config: %s", msg);
		break;
	case GZ_DOCTOR_CONFIG_UNREADABLE:
		say(f->sev, "config: cannot read Git's configuration: %s", text);
		break;
	case GZ_DOCTOR_STORE_OK:
		say(f->sev, "store: %s is private (owner only)", path);
		break;
	case GZ_DOCTOR_STORE_MISSING:
		say(f->sev, "store: %s does not exist yet: no PAT stored; run: git gitzen add <org>", path);
		break;
	case GZ_DOCTOR_STORE_BAD:
		say(f->sev, "store: %s", text);
		break;
	case GZ_DOCTOR_STORE_EMPTY:
		say(f->sev, "store: no PAT stored yet; run: git gitzen add <org>");
		break;
	case GZ_DOCTOR_ORG:
		say_org(f, now);
		break;
	case GZ_DOCTOR_SECRETSTORE:
		say_secretstore(f);
		break;
	case GZ_DOCTOR_SECRETSTORE_BAD:
		say(f->sev, "secret store: %s; new PATs cannot be stored until it is fixed", text);
		break;
	case GZ_DOCTOR_ORG_ITEM:
		say_item(f);
		break;
	case GZ_DOCTOR_ORG_BAD:
		say(f->sev, "%s: %s", gz_ui_esc(f->org),
		    f->text ? text : "entry vanished while checking; run doctor again");
		break;
	}
}

int cmd_doctor(int argc, const char *const *argv)
{
	struct gz_doctor d = GZ_DOCTOR_INIT;
	size_t i;
	int rc;

	if (argc > 1) {
		gz_ui_error("unexpected argument '%s'", gz_ui_esc(argv[1]));
		gz_cmd_usage(argv[0]);
		return GZ_EXIT_USAGE;
	}
	d.now = gz_when_now();
	rc = gz_doctor_run(&d);
	for (i = 0; i < d.n; i++)
		say_finding(&d.v[i], d.now);
	if (rc) {
		gz_ui_error("%s", gz_ui_tilde(gz_error_last()));
		gz_doctor_release(&d);
		return GZ_EXIT_USAGE;
	}
	if (d.errors)
		printf("%u error%s, %u warning%s: fix the errors above, then run git gitzen doctor "
		       "again.\n", d.errors, d.errors == 1 ? "" : "s", d.warnings,
		       d.warnings == 1 ? "" : "s");
	else if (d.warnings)
		printf("No errors; %u warning%s.\n", d.warnings, d.warnings == 1 ? "" : "s");
	else
		printf("Everything looks fine.\n");
	rc = d.errors ? GZ_EXIT_NO : GZ_EXIT_OK;
	gz_doctor_release(&d);
	return rc;
}
