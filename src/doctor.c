/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "doctor.h"
#include "err.h"
#include "helperval.h"
#include "keyring.h"
#include "secretstore.h"
#include "secret.h"
#include "spawn.h"
#include "version.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int oom(void)
{
	gz_error_set("out of memory");
	return GZ_ERROR;
}

/* A new finding at the end of d (zeroed, code and severity set), or NULL. */
static struct gz_doctor_finding *add(struct gz_doctor *d, enum gz_doctor_code code,
				     enum gz_doctor_sev sev)
{
	struct gz_doctor_finding *nv = realloc(d->v, (d->n + 1) * sizeof(*nv)), *f;

	if (!nv) {
		oom();
		return NULL;
	}
	d->v = nv;
	f = &d->v[d->n++];
	memset(f, 0, sizeof(*f));
	f->code = code;
	f->sev = sev;
	f->view.use_http_path = -1;
	if (sev == GZ_DOCTOR_ERROR)
		d->errors++;
	else if (sev == GZ_DOCTOR_WARN)
		d->warnings++;
	return f;
}

/* add() with text (may be NULL) and path (may be NULL) copied. */
static int add_text(struct gz_doctor *d, enum gz_doctor_code code, enum gz_doctor_sev sev,
		    const char *text, const char *path)
{
	struct gz_doctor_finding *f = add(d, code, sev);

	if (!f)
		return GZ_ERROR;
	if ((text && !(f->text = strdup(text))) || (path && !(f->path = strdup(path))))
		return oom();
	return 0;
}

/* ---- versions ------------------------------------------------------------------------ */

/* "x.y.z" at s into v[3]; 0 on success (missing parts are 0). */
static int parse_version(int v[3], const char *s)
{
	int k;

	for (k = 0; k < 3; k++)
		v[k] = 0;
	for (k = 0; k < 3; k++) {
		char *end;
		long x;

		if (*s < '0' || *s > '9')
			return k ? 0 : -1;
		x = strtol(s, &end, 10);
		if (x > 100000)
			return -1;
		v[k] = (int)x;
		s = end;
		if (*s != '.')
			return 0;
		s++;
	}
	return 0;
}

static int version_at_least(const int v[3], int a, int b, int c)
{
	if (v[0] != a)
		return v[0] > a;
	if (v[1] != b)
		return v[1] > b;
	return v[2] >= c;
}

/* Runs argv with no input; its first line into line. 0 when it exited 0. */
static int first_line(char *line, size_t n, char *const argv[])
{
	struct gz_spawn s;

	memset(&s, 0, sizeof(s));
	s.argv = argv;
	line[0] = '\0';
	if (gz_spawn_run(&s) || s.status != 0)
		return -1;
	gz_spawn_first_line(line, n, &s);
	return 0;
}

static int check_git(struct gz_doctor *d)
{
	char line[256], ver[32], a0[] = "git", a1[] = "--version";
	char *const argv[] = { a0, a1, NULL };
	int v[3];

	if (first_line(line, sizeof(line), argv))
		return add_text(d, GZ_DOCTOR_GIT_MISSING, GZ_DOCTOR_ERROR, NULL, NULL);
	if (strncmp(line, "git version ", 12) || parse_version(v, line + 12))
		return add_text(d, GZ_DOCTOR_GIT_ODD, GZ_DOCTOR_WARN, line, NULL);
	snprintf(ver, sizeof(ver), "%d.%d.%d", v[0], v[1], v[2]);
	return add_text(d, GZ_DOCTOR_GIT_OK, GZ_DOCTOR_OK, ver, NULL);
}

/* ---- Git's own carriage-return check (CVE-2024-52006) -------------------------------- */

/* Away from the user's configuration, repositories and prompts; the
 * command line (-c) of whoever ran us still counts, as for Git itself. */
static const char *const cr_env_set[] = {
	"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_TERMINAL_PROMPT=0",
	"GIT_CEILING_DIRECTORIES=/", NULL
};
static const char *const cr_env_unset[] = {
	"GIT_DIR", "GIT_WORK_TREE", "GIT_CONFIG_SYSTEM", "GIT_ASKPASS", "SSH_ASKPASS",
	"GIT_TRACE", "GIT_TRACE2", "GIT_TRACE_CURL", "GITZEN_TRACE", NULL
};

/* `git credential fill` of url= input, with a helper that answers any
 * request: 1 when Git handed back the helper's password, 0 when it did
 * not, -1 when Git could not be run. */
static int fill_answers(const char *git, const char *input)
{
	char a0[PATH_MAX], a1[] = "-c", a2[] = "credential.helper=", a3[] = "-c",
	     a4[] = "credential.helper=!f() { echo password=gitzen-doctor-probe; }; f",
	     a5[] = "credential", a6[] = "fill";
	char *const argv[] = { a0, a1, a2, a3, a4, a5, a6, NULL };
	struct gz_spawn s;

	if ((size_t)snprintf(a0, sizeof(a0), "%s", git) >= sizeof(a0))
		return -1;
	memset(&s, 0, sizeof(s));
	s.argv = argv;
	s.input = input;
	s.env_set = cr_env_set;
	s.env_unset = cr_env_unset;
	s.cwd = "/";
	if (gz_spawn_run(&s))
		return -1;
	return s.status == 0 && strstr(s.out, "\npassword=gitzen-doctor-probe\n") != NULL;
}

/* The carriage-return check alone, with git_program as Git. */
static int gz_doctor_git_cr(struct gz_doctor *d, const char *git)
{
	/* the same request but for a carriage return (%0d) in the user name */
	static const char control[] = "url=https://probe@gitzen-doctor.invalid/\n\n";
	static const char crafted[] =
		"url=https://probe%0dhost=gitzen-doctor.invalid@gitzen-doctor.invalid/\n\n";
	int c = fill_answers(git, control);

	if (c != 1)
		return add_text(d, GZ_DOCTOR_GIT_CR_UNTESTED, GZ_DOCTOR_WARN, NULL, NULL);
	if (fill_answers(git, crafted) == 1)
		return add_text(d, GZ_DOCTOR_GIT_CR_PASSED, GZ_DOCTOR_WARN, NULL, NULL);
	return add_text(d, GZ_DOCTOR_GIT_CR_REFUSED, GZ_DOCTOR_OK, NULL, NULL);
}

static int check_lfs(struct gz_doctor *d)
{
	char line[256], ver[32], a0[] = "git", a1[] = "lfs", a2[] = "version";
	char *const argv[] = { a0, a1, a2, NULL };
	int v[3];

	if (first_line(line, sizeof(line), argv))
		return add_text(d, GZ_DOCTOR_LFS_NONE, GZ_DOCTOR_OK, NULL, NULL);
	if (strncmp(line, "git-lfs/", 8) || parse_version(v, line + 8))
		return add_text(d, GZ_DOCTOR_LFS_ODD, GZ_DOCTOR_WARN, line, NULL);
	snprintf(ver, sizeof(ver), "%d.%d.%d", v[0], v[1], v[2]);
	if (version_at_least(v, 3, 6, 1))
		return add_text(d, GZ_DOCTOR_LFS_OK, GZ_DOCTOR_OK, ver, NULL);
	return add_text(d, GZ_DOCTOR_LFS_OLD, GZ_DOCTOR_WARN, ver, NULL);
}

/* ---- the helper ---------------------------------------------------------------------- */

/* The path of the helper the configuration runs by path, or NULL. */
static char *configured_path(void)
{
	char *path = NULL;
	unsigned i;
	size_t k;

	for (i = 0; i < GZ_GITVIEW_NURLS && !path; i++) {
		struct gz_gitview v = GZ_GITVIEW_INIT;

		if (gz_gitview_load(&v, i) == 0)
			for (k = 0; k < v.n && !path; k++)
				if (v.helpers[k].ours && gz_helperval_path(&path, v.helpers[k].value))
					path = NULL;
		gz_gitview_release(&v);
	}
	return path;
}

static int check_helper(struct gz_doctor *d)
{
	char line[256], want[64], version_opt[] = "--version";
	char *path = configured_path(), *exec_path = NULL;
	int rc, on_path = 0;
	struct gz_doctor_finding *f;

	if (!path) {
		gz_helperval_exec_path(&exec_path);
		on_path = gz_helperval_find(&path, exec_path) == 0;
		free(exec_path);
		if (!on_path) {
			rc = add_text(d, GZ_DOCTOR_HELPER_MISSING, GZ_DOCTOR_ERROR, NULL, NULL);
			goto done;
		}
	}
	if (gz_helperval_check(path)) { /* not run: someone else may have changed it */
		rc = add_text(d, GZ_DOCTOR_HELPER_UNSAFE, GZ_DOCTOR_ERROR, gz_error_last(), path);
		goto done;
	}
	snprintf(want, sizeof(want), GZ_HELPERVAL_PROG " %s", GZ_VERSION);
	if (first_line(line, sizeof(line), (char *const[]){ path, version_opt, NULL }))
		rc = add_text(d, GZ_DOCTOR_HELPER_BROKEN, GZ_DOCTOR_ERROR, NULL, path);
	else if (strcmp(line, want))
		rc = add_text(d, GZ_DOCTOR_HELPER_VERSION, GZ_DOCTOR_WARN, line, path);
	else
		rc = add_text(d, GZ_DOCTOR_HELPER_OK, GZ_DOCTOR_OK, line, path);
	if (!rc && (f = &d->v[d->n - 1]))
		f->on_path = on_path;
done:
	free(path);
	return rc;
}

/* ---- configuration ------------------------------------------------------------------- */

static enum gz_doctor_sev config_sev(const struct gz_gitview_verdict *j, unsigned url)
{
	switch (j->problem) {
	case GZ_GITVIEW_OK:
		return GZ_DOCTOR_OK;
	case GZ_GITVIEW_NO_RESET:
		return GZ_DOCTOR_WARN;
	case GZ_GITVIEW_NO_HTTP_PATH: /* without the path, dev.azure.com has no organisation */
		return url == 0 ? GZ_DOCTOR_ERROR : GZ_DOCTOR_WARN;
	case GZ_GITVIEW_INVALID:
	case GZ_GITVIEW_NOT_ASKED:
	case GZ_GITVIEW_BEFORE:
	case GZ_GITVIEW_AFTER:
	case GZ_GITVIEW_NOT_RUNNABLE:
		break;
	}
	return GZ_DOCTOR_ERROR;
}

int gz_doctor_config(struct gz_doctor *d)
{
	unsigned i;

	for (i = 0; i < GZ_GITVIEW_NURLS; i++) {
		struct gz_gitview v = GZ_GITVIEW_INIT;
		struct gz_gitview_verdict j = GZ_GITVIEW_VERDICT_INIT;
		struct gz_doctor_finding *f;

		if (gz_gitview_load(&v, i) || gz_gitview_judge(&j, &v)) {
			gz_gitview_release(&v);
			if (add_text(d, GZ_DOCTOR_CONFIG_UNREADABLE, GZ_DOCTOR_ERROR, gz_error_last(), NULL))
				return GZ_ERROR;
			d->v[d->n - 1].url = i;
			continue;
		}
		f = add(d, GZ_DOCTOR_CONFIG, config_sev(&j, i));
		if (!f) {
			gz_gitview_release(&v);
			gz_gitview_verdict_release(&j);
			return GZ_ERROR;
		}
		f->url = i;
		f->view = v;
		f->verdict = j;
	}
	return 0;
}

/* ---- the store ----------------------------------------------------------------------- */

static enum gz_doctor_sev org_sev(const struct gz_entry *e, enum gz_entry_status st)
{
	if (st == GZ_ENTRY_REJECTED || st == GZ_ENTRY_EXPIRED || st == GZ_ENTRY_MISSING_SCOPES)
		return GZ_DOCTOR_ERROR;
	if (st != GZ_ENTRY_OK || e->result == GZ_VSTATUS_UNREACHABLE)
		return GZ_DOCTOR_WARN;
	return GZ_DOCTOR_OK;
}

/* An entry whose PAT is in the keyring: is the item there? Missing is an
 * error (get cannot serve it; add repairs it); a keyring that is locked or
 * does not answer now is a warning. */
static int check_item(struct gz_doctor *d, const char *org)
{
	int k = gz_keyring_check(org, GZ_KEYRING_TIMEOUT_MS);
	struct gz_doctor_finding *f;

	f = add(d, GZ_DOCTOR_ORG_ITEM,
		k == 0 ? GZ_DOCTOR_OK : k == GZ_ENOTFOUND || k == GZ_ERROR ? GZ_DOCTOR_ERROR : GZ_DOCTOR_WARN);
	if (!f)
		return GZ_ERROR;
	snprintf(f->org, sizeof(f->org), "%s", org);
	f->keyring = k;
	if (k && !(f->text = strdup(gz_error_last())))
		return oom();
	return 0;
}

/* gitzen.secretStore, and whether the keyring answers (not asked for file). */
static int check_secretstore(struct gz_doctor *d)
{
	struct gz_doctor_finding *f;
	enum gz_secretstore set;
	int k = 1;

	if (gz_secretstore_from_git(&set))
		return add_text(d, GZ_DOCTOR_SECRETSTORE_BAD, GZ_DOCTOR_ERROR, gz_error_last(), NULL);
	if (set != GZ_SECRETSTORE_FILE)
		k = gz_keyring_check(NULL, GZ_KEYRING_TIMEOUT_MS);
	f = add(d, GZ_DOCTOR_SECRETSTORE,
		set == GZ_SECRETSTORE_SECRETSERVICE && k ? GZ_DOCTOR_ERROR : GZ_DOCTOR_OK);
	if (!f)
		return GZ_ERROR;
	f->keyring = k;
	if (!(f->text = strdup(gz_secretstore_name(set))) ||
	    (k < 0 && !(f->path = strdup(gz_error_last()))))
		return oom();
	return 0;
}

static int check_org(struct gz_doctor *d, struct gz_store *st, const char *org)
{
	struct gz_doctor_finding *f;
	struct gz_entry e;
	enum gz_entry_status state;
	int rc = gz_store_load(&e, st, org);

	if (rc) {
		if (add_text(d, GZ_DOCTOR_ORG_BAD, GZ_DOCTOR_ERROR,
			     rc == GZ_ENOTFOUND ? NULL : gz_error_last(), NULL))
			return GZ_ERROR;
		snprintf(d->v[d->n - 1].org, sizeof(d->v[0].org), "%s", org);
		return 0;
	}
	gz_secret_free(e.pat); /* not needed here: gone at once */
	e.pat = NULL;
	state = gz_entry_status(&e, d->now);
	f = add(d, GZ_DOCTOR_ORG, org_sev(&e, state));
	if (!f) {
		gz_entry_release(&e);
		return GZ_ERROR;
	}
	snprintf(f->org, sizeof(f->org), "%s", e.org);
	f->entry = e;
	f->status = state;
	f->state = gz_entry_status_name(state);
	if (e.where == GZ_PAT_SECRETSERVICE)
		return check_item(d, org);
	return 0;
}

static int check_store(struct gz_doctor *d)
{
	struct gz_store st = GZ_STORE_INIT;
	char **orgs = NULL;
	size_t n = 0, i;
	int rc;

	if (gz_store_init(&st)) {
		rc = add_text(d, GZ_DOCTOR_STORE_BAD, GZ_DOCTOR_ERROR, gz_error_last(), NULL);
		goto done;
	}
	rc = gz_store_check(&st);
	if (rc == GZ_ENOTFOUND) {
		rc = add_text(d, GZ_DOCTOR_STORE_MISSING, GZ_DOCTOR_WARN, NULL, st.dir);
		if (!rc)
			rc = check_secretstore(d);
		goto done;
	}
	if (rc) {
		rc = add_text(d, GZ_DOCTOR_STORE_BAD, GZ_DOCTOR_ERROR, gz_error_last(), NULL);
		goto done;
	}
	rc = add_text(d, GZ_DOCTOR_STORE_OK, GZ_DOCTOR_OK, NULL, st.dir);
	if (!rc)
		rc = check_secretstore(d);
	if (rc)
		goto done;
	if (gz_store_list(&orgs, &n, &st)) {
		rc = add_text(d, GZ_DOCTOR_STORE_BAD, GZ_DOCTOR_ERROR, gz_error_last(), NULL);
		goto done;
	}
	if (!n)
		rc = add_text(d, GZ_DOCTOR_STORE_EMPTY, GZ_DOCTOR_WARN, NULL, NULL);
	for (i = 0; !rc && i < n; i++)
		rc = check_org(d, &st, orgs[i]);
done:
	gz_store_list_free(orgs, n);
	gz_store_release(&st);
	return rc;
}

int gz_doctor_run(struct gz_doctor *d)
{
	int rc = check_git(d);

	if (!rc && d->v[d->n - 1].code != GZ_DOCTOR_GIT_MISSING)
		rc = gz_doctor_git_cr(d, "git");
	if (!rc)
		rc = check_lfs(d);
	if (!rc)
		rc = check_helper(d);
	if (!rc)
		rc = gz_doctor_config(d);
	if (!rc)
		rc = check_store(d);
	return rc;
}

void gz_doctor_release(struct gz_doctor *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		struct gz_doctor_finding *f = &d->v[i];

		free(f->text);
		free(f->path);
		gz_gitview_release(&f->view);
		gz_gitview_verdict_release(&f->verdict);
		if (f->code == GZ_DOCTOR_ORG)
			gz_entry_release(&f->entry);
	}
	free(d->v);
	d->v = NULL;
	d->n = 0;
	d->errors = d->warnings = 0;
}
