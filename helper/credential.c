/* SPDX-License-Identifier: MIT */
/*
 * git-credential-gitzen: the credential helper Git runs on every HTTPS
 * request to Azure DevOps. It links only the core library (no libcurl, no
 * libgit2), never touches the network and never prompts.
 */
#define _GNU_SOURCE
#include "../src/advice.h"
#include "../src/child.h"
#include "../src/cred.h"
#include "../src/erase.h"
#include "../src/err.h"
#include "../src/esc.h"
#include "../src/org.h"
#include "../src/secret.h"
#include "../src/secretstore.h"
#include "../src/stdfd.h"
#include "../src/store.h"
#include "version.h"
#include "../src/when.h"
#include "trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>



static const char usage[] =
	"usage: git credential-gitzen <get|store|erase>\n"
	"\n"
	"Git's credential helper for Azure DevOps PATs, one per organisation.\n"
	"Git runs it; you manage the PATs with `git gitzen` (see git gitzen --help).\n"
	"\n"
	"  get    print the organisation's PAT for dev.azure.com / {org}.visualstudio.com\n"
	"  store  remember a PAT Git used successfully (first use, rotation)\n"
	"  erase  mark the PAT Azure DevOps rejected (nothing is deleted)\n"
	"\n"
	"Environment: GITZEN_TRACE=1 (stderr) or =/path traces decisions, secrets redacted.\n"
	"State: ${XDG_CONFIG_HOME:-$HOME/.config}/gitzen/ (0700), one file per organisation.\n";

/* the stdio buffer that sees the PAT, wiped before exit */
static char out_buf[8192];

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("gitzen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A user name that can go into Git's protocol as is. */
static int printable(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return s != NULL;
}

static void do_get(struct gz_store *st, const struct gz_cred *c, const char *org, const char *how)
{
	struct gz_entry e;
	int64_t now = gz_when_now();
	enum gz_entry_status state;
	char line[1024];
	const char *user;
	int rc;

	rc = gz_store_load(&e, st, org);
	if (rc == GZ_ENOTFOUND) {
		gz_trace("get: no PAT stored for %s; nothing to answer", org);
		say("no PAT stored for %s; run: git gitzen add %s%s", org, org,
		    strcmp(how, "username") ? "" :
		    " (the organisation was taken from the URL's user name; git gitzen configure sets credential.useHttpPath so that Git sends the path)");
		return;
	}
	if (rc) {
		gz_trace("get: entry for %s not used: %s", org, gz_error_last());
		say("%s", gz_error_last());
		return;
	}
	state = gz_entry_status(&e, now);
	if (!gz_entry_usable(&e, now)) {
		gz_trace("get: PAT for %s is %s; not served", org, gz_entry_status_name(state));
		say("%s", gz_advice_line(line, sizeof(line), state, &e, org, now, GZ_ADVICE_NAMED));
		goto done;
	}
	if (state == GZ_ENTRY_EXPIRING)
		say("%s", gz_advice_line(line, sizeof(line), state, &e, org, now, GZ_ADVICE_NAMED));
	rc = gz_store_pat_get(st, &e);
	if (rc) {
		gz_trace("get: PAT for %s not read: %s", org, gz_error_last());
		say("%s", gz_error_last());
		goto done;
	}
	user = c->username && *c->username ? c->username :
	       printable(e.user)	    ? e.user :
					      "gitzen";
	printf("username=%s\npassword=%s\n", user, e.pat);
	if (e.expires)
		printf("password_expiry_utc=%lld\n", (long long)e.expires);
	fflush(stdout);
	gz_trace("get: served the PAT for %s (password redacted)%s", org,
		 e.expires ? ", with its expiry" : "");
done:
	gz_entry_release(&e);
}

static void do_store(struct gz_store *st, const struct gz_cred *c, const char *org)
{
	struct gz_store_put p = GZ_STORE_PUT_INIT;
	int64_t now = gz_when_now(), expiry = 0;
	char *pat;
	int rc;

	if (!gz_secret_is_pat(c->password)) {
		gz_trace("store: password is not PAT-shaped; not stored");
		return;
	}
	if (c->ephemeral) {
		gz_trace("store: ephemeral credential; not stored");
		return;
	}
	if (c->password_expiry_utc) {
		/* a value outside the times the store keeps is ignored, as Git ignores it */
		if (gz_when_parse_unix(&expiry, c->password_expiry_utc)) {
			gz_trace("store: password_expiry_utc not a time gitzen keeps; stored without an expiry");
			expiry = 0;
		} else if (expiry <= now) {
			gz_trace("store: password_expiry_utc is past; not stored");
			return;
		}
	}
	pat = strdup(c->password);
	if (!pat) {
		gz_trace("store: out of memory");
		return;
	}
	p.expires = expiry;
	/* a user name, not the organisation of an {org}@dev.azure.com URL */
	if (c->username && *c->username && printable(c->username) && strcasecmp(c->username, org))
		p.user = c->username;
	p.choose_where = gz_secretstore_choose;
	rc = gz_store_put(st, org, pat, &p);
	if (rc) {
		gz_trace("store: nothing stored for %s: %s", org, gz_error_last());
		/* silent, but for what the user must act on: a keyring that cannot
		 * take the PAT or give the old one, a setting gitzen cannot read */
		if (rc == GZ_EUNAVAIL || rc == GZ_ELOCKED || rc == GZ_EINVALID)
			say("the PAT for %s was not stored: %s", org, gz_error_last());
		return;
	}
	if (p.left_copy)
		gz_trace("store: the old keyring item for %s is still there: %s", org, gz_error_last());
	gz_trace("store: %s", p.took == GZ_ENTRY_TOOK_NEW	? "new PAT (unvalidated)" :
			      p.took == GZ_ENTRY_TOOK_ROTATED	? "replaced the PAT (unvalidated)" :
			      p.took == GZ_ENTRY_TOOK_ACCEPTED ? "PAT worked again; mark cleared or expiry recorded" :
								  "PAT unchanged; nothing written");
}

/* Azure DevOps answered 401 to this PAT: the companion re-checks it before
 * anything is marked (src/erase.h), and one line says what follows. */
static void do_erase(struct gz_store *st, const struct gz_cred *c, const char *org)
{
	struct gz_erase_outcome o;
	char companion[4096], msg[512];
	const char *path = companion;
	int rc;

	if (!c->password || !*c->password) {
		gz_trace("erase: no password in the request; nothing marked");
		return;
	}
	if (gz_child_sibling(companion, sizeof(companion), "git-gitzen")) {
		gz_trace("erase: %s; the re-check gets no answer", gz_error_last());
		path = NULL;
	}
	rc = gz_erase_recheck(&o, st, org, c->password, path);
	if (rc) {
		gz_trace("erase: no usable entry for %s: %s", org, gz_error_last());
		if (rc == GZ_EUNAVAIL || rc == GZ_ELOCKED)
			say("the PAT for %s was not re-checked or marked: %s", org, gz_error_last());
		return;
	}
	if (!o.acted) {
		gz_trace("erase: not the stored PAT for %s, or already marked; nothing to do", org);
		return;
	}
	gz_trace("erase: re-check of the PAT for %s: %s%s", org, gz_recheck_result_name(o.result),
		 o.reused ? " (a result a few seconds old, reused)" : "");
	say("%s", gz_recheck_message(msg, sizeof(msg), o.verdict.msg, org));
}

int main(int argc, char **argv)
{
	struct gz_cred c = GZ_CRED_INIT;
	struct gz_store st = GZ_STORE_INIT;
	char org[GZ_ORG_BUF];
	const char *action, *how = NULL;
	char e1[256], e2[256];
	int rc;

	/* before anything is opened: a closed stdout must not become the trace file */
	if (gz_stdfd_ensure())
		return 0; /* no /dev/null: answer nothing */
	gz_secret_harden();
	umask(077);
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("git-credential-gitzen %s\n", GZ_VERSION);
		return 0;
	}
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	/* Git puts the words of the helper's configuration before the action */
	action = argv[argc - 1];
	if (strcmp(action, "get") && strcmp(action, "store") && strcmp(action, "erase"))
		return 0; /* Git's protocol: unknown actions are ignored */

	setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
	gz_trace_init("git-credential-gitzen");
	if (gz_cred_read(&c, 0)) {
		gz_trace("%s: request ignored: %s", action, gz_error_last());
		goto done;
	}
	rc = gz_org_from_request(org, &how, c.protocol, c.host, c.path, c.username);
	if (rc == GZ_ENOTFOUND && !strcmp(action, "get")) {
		gz_trace("get: %s", gz_error_last());
		say("the request for %s names no organisation (no path, no {org}@ in the URL): run git gitzen configure, which sets credential.useHttpPath so that Git sends the path",
		    gz_esc(e2, sizeof(e2), c.host));
		goto done;
	}
	if (rc) {
		gz_trace("%s: protocol=%s host=%s not served: %s", action,
			 gz_esc(e1, sizeof(e1), c.protocol), gz_esc(e2, sizeof(e2), c.host),
			 gz_error_last());
		goto done;
	}
	gz_trace("%s: organisation %s (from %s)", action, org, how);
	if (gz_store_init(&st)) {
		/* store and erase are silent (docs/contract.md, "store"); get says why it has nothing */
		gz_trace("%s: %s", action, gz_error_last());
		if (!strcmp(action, "get"))
			say("%s", gz_error_last());
		goto done;
	}
	if (!strcmp(action, "get"))
		do_get(&st, &c, org, how);
	else if (!strcmp(action, "store"))
		do_store(&st, &c, org);
	else
		do_erase(&st, &c, org);
done:
	fflush(stdout);
	gz_secret_wipe(out_buf, sizeof(out_buf));
	gz_store_release(&st);
	gz_cred_release(&c);
	gz_trace_release();
	return 0;
}
