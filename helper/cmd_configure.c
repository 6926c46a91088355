/*
 * configure, unconfigure, doctor: Git's side of the setup, and a check of
 * everything gitzen depends on. doctor makes no network call, and its
 * output is meant to be pasted to support: never a PAT, never a helper's
 * arguments, home-directory paths as "~/...", input escaped.
 */
#define _GNU_SOURCE
#include "../src/err.h"
#include "../src/gitcfg.h"
#include "../src/scope.h"
#include "../src/store.h"
#include "../src/when.h"
#include "cmds.h"
#include "ui.h"
#include "version.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>


/* ---- shared ------------------------------------------------------------ */

/*
 * s with every occurrence of $HOME (as a whole path prefix) written "~",
 * into a rotating static buffer. Used on paths and on library messages,
 * which name files in full.
 */
static int path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '/' || c == '.' || c == '-' || c == '_';
}

static const char *tilde(const char *s)
{
	static char slots[4][1024];
	static unsigned next;
	char *out = slots[next++ % 4];
	const char *home = getenv("HOME"), *start = s;
	size_t hl = home ? strlen(home) : 0, o = 0;

	while (hl > 1 && home[hl - 1] == '/')
		hl--;
	if (!s)
		s = start = "";
	while (*s && o + 1 < sizeof(slots[0])) {
		if (hl > 1 && home[0] == '/' && !strncmp(s, home, hl) &&
		    (s == start || !path_char(s[-1])) && (s[hl] == '/' || !path_char(s[hl]))) {
			out[o++] = '~';
			s += hl;
			continue;
		}
		out[o++] = *s++;
	}
	out[o] = '\0';
	return out;
}

/* The library's last message, home paths shortened (it is escaped already). */
static const char *last_error(void)
{
	return tilde(gz_error_last());
}

/*
 * Runs argv (looked up in PATH) with no input and stderr discarded, and
 * keeps the first line of its output in out. 0 when it ran and exited 0.
 */
static int run_line(char *out, size_t outsz, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	char buf[4096];
	size_t len = 0;
	pid_t pid;
	int pfd[2], status = 0, rc = -1, err;

	out[0] = '\0';
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (err) {
		close(pfd[0]);
		return -1;
	}
	for (;;) {
		ssize_t n = read(pfd[0], buf + len, sizeof(buf) - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == sizeof(buf) - 1) {
			/* drain the rest so the child is not stuck on a full pipe */
			char sink[512];

			while (read(pfd[0], sink, sizeof(sink)) > 0)
				;
			break;
		}
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	buf[len] = '\0';
	len = strcspn(buf, "\r\n");
	if (len >= outsz)
		len = outsz - 1;
	memcpy(out, buf, len);
	out[len] = '\0';
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		rc = 0;
	return rc;
}

/* Git's exec path (`git --exec-path`), or NULL. */
static char *git_exec_path(void)
{
	char line[1024];
	char *argv[] = { (char *)"git", (char *)"--exec-path", NULL };

	if (run_line(line, sizeof(line), argv) || line[0] != '/')
		return NULL;
	return strdup(line);
}

/* The directory of the running program, or NULL. */
static char *self_dir(void)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return strdup(buf[0] ? buf : "/");
}

static int parse_level(enum gz_gitcfg_level *level, int argc, char **argv)
{
	int i, seen = 0;

	*level = GZ_GITCFG_GLOBAL;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--global"))
			*level = GZ_GITCFG_GLOBAL;
		else if (!strcmp(argv[i], "--system"))
			*level = GZ_GITCFG_SYSTEM;
		else if (!strcmp(argv[i], "--local"))
			*level = GZ_GITCFG_LOCAL;
		else {
			gz_ui_error("unexpected argument '%s'", gz_ui_esc(argv[i]));
			gz_cmd_usage(argv[0]);
			return GZ_EXIT_USAGE;
		}
		if (seen++) {
			gz_ui_error("give one of --global, --system, --local");
			gz_cmd_usage(argv[0]);
			return GZ_EXIT_USAGE;
		}
	}
	return GZ_EXIT_OK;
}

/* A helper value as it may be shown: its first word only (a helper's
 * arguments or a shell snippet can hold a secret), home shortened. */
static const char *helper_shown(const char *value)
{
	static char slots[4][128];
	static unsigned next;
	char *out = slots[next++ % 4];

	if (gz_gitcfg_is_ours(value))
		return gz_ui_esc(tilde(value)); /* ours: nothing secret in it */
	if (value[0] == '!')
		return "a shell command (!...)";
	snprintf(out, sizeof(slots[0]), "%.*s", (int)strcspn(value, " \t"), value);
	return gz_ui_esc(tilde(out));
}

/* The path an absolute helper value runs, into out; 0 if it is not one. */
static int helper_path(char *out, size_t n, const char *value)
{
	size_t len = strlen(value);

	if (value[0] == '/')
		return snprintf(out, n, "%s", value) < (int)n;
	if (!strncmp(value, "!'/", 3) && len > 4 && value[len - 1] == '\'' &&
	    !memchr(value + 3, '\'', len - 4))
		return snprintf(out, n, "%.*s", (int)(len - 3), value + 2) < (int)n;
	return 0; /* quoted paths with a ' in them are not checked */
}

enum sev { SEV_OK, SEV_WARN, SEV_ERR };

/*
 * Judges Git's helper list for one of our URLs (i): what is wrong and what
 * to do, into msg. The configure suggested is at the level of the entry at
 * fault, so that ours comes after it.
 */
static enum sev judge_view(char *msg, size_t n, const struct gz_gitcfg_view *v, unsigned i)
{
	const char *url = gz_gitcfg_url(i);
	char path[1024];
	size_t k, first = v->n, after = v->n;

	for (k = 0; k < v->n; k++)
		if (v->helpers[k].ours) {
			first = k;
			break;
		}
	for (k = first; k < v->n; k++)
		if (!v->helpers[k].ours) {
			after = k;
			break;
		}
	if (v->invalid) {
		snprintf(msg, n, "%s (%s configuration) has no value and Git refuses it; "
			 "remove that line from the file",
			 gz_ui_esc(v->invalid), v->invalid_origin);
		return SEV_ERR;
	}
	if (first == v->n) {
		snprintf(msg, n, "Git does not ask gitzen for %s%s%s%s; run: git gitzen configure", url,
			 v->n ? " (it asks " : "", v->n ? helper_shown(v->helpers[0].value) : "",
			 v->n ? ")" : "");
		return SEV_ERR;
	}
	if (first > 0) {
		snprintf(msg, n, "helper %s (%s configuration) comes before gitzen for %s: it answers "
			 "first and receives the PATs; run: git gitzen configure%s",
			 helper_shown(v->helpers[0].value), v->helpers[0].origin, url,
			 !strcmp(v->helpers[0].origin, "local") ? " --local" : "");
		return SEV_ERR;
	}
	if (after < v->n) {
		snprintf(msg, n, "helper %s (%s configuration) comes after gitzen for %s and receives "
			 "its PATs whenever Git stores them; run: git gitzen configure%s",
			 helper_shown(v->helpers[after].value), v->helpers[after].origin, url,
			 !strcmp(v->helpers[after].origin, "local") ? " --local" : "");
		return SEV_ERR;
	}
	if (helper_path(path, sizeof(path), v->helpers[first].value) && access(path, X_OK) != 0) {
		snprintf(msg, n, "the helper configured for %s, %s, cannot be run (%s); "
			 "run: git gitzen configure",
			 url, gz_ui_esc(tilde(path)), strerror(errno));
		return SEV_ERR;
	}
	if (v->use_http_path != 1) {
		snprintf(msg, n, "credential.%s.useHttpPath is %s: %s; run: git gitzen configure", url,
			 v->use_http_path ? "not set" : "false",
			 i == 0 ? "Git would not tell gitzen the organisation in the URL's path" :
				  "Git would send every visualstudio.com path to one cache entry");
		return i == 0 ? SEV_ERR : SEV_WARN;
	}
	if (!v->reset) {
		snprintf(msg, n, "no empty helper value before gitzen for %s: a credential.helper "
			 "added before it would be asked first and receive the PATs; "
			 "run: git gitzen configure", url);
		return SEV_WARN;
	}
	snprintf(msg, n, "%s: Git asks gitzen (%s, %s configuration) and no other helper; "
		 "useHttpPath true", url, helper_shown(v->helpers[first].value),
		 v->helpers[first].origin);
	return SEV_OK;
}

/* ---- configure / unconfigure -------------------------------------------- */

/* After configure: problems that other levels or files still cause. */
static void warn_other_levels(void)
{
	unsigned i;

	for (i = 0; i < GZ_GITCFG_NURLS; i++) {
		struct gz_gitcfg_view v = GZ_GITCFG_VIEW_INIT;
		char msg[1024];

		if (gz_gitcfg_view(&v, gz_gitcfg_url(i)))
			gz_ui_warn("cannot check the result: %s", last_error());
		else if (judge_view(msg, sizeof(msg), &v, i) != SEV_OK)
			gz_ui_warn("%s", msg);
		gz_gitcfg_view_release(&v);
	}
}

int cmd_configure(int argc, char **argv)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;
	enum gz_gitcfg_level level;
	char *exec_path = NULL, *dir = NULL, *helper = NULL;
	unsigned i, any = 0;
	int rc;

	rc = parse_level(&level, argc, argv);
	if (rc)
		return rc;
	exec_path = git_exec_path();
	dir = self_dir();
	if (gz_gitcfg_helper_value(&helper, exec_path, dir)) {
		gz_ui_error("%s", last_error());
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	if (gz_gitcfg_configure(&r, level, helper)) {
		gz_ui_error("%s", last_error());
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	for (i = 0; i < GZ_GITCFG_NURLS; i++)
		any |= r.changed[i];
	if (!any) {
		printf("Already configured in %s; nothing changed.\n", gz_ui_esc(tilde(r.file)));
	} else {
		printf("Configured Git in %s:\n", gz_ui_esc(tilde(r.file)));
		for (i = 0; i < GZ_GITCFG_NURLS; i++) {
			const char *url = gz_gitcfg_url(i);

			if (r.changed[i] & GZ_GITCFG_MOVED)
				printf("  [credential \"%s\"] moved to the end of the file, after a helper "
				       "that would otherwise also get its PATs\n", url);
			if (r.changed[i] & GZ_GITCFG_HELPER)
				printf("  credential.%s.helper = \"\" (clears helpers configured before), "
				       "then %s\n", url, helper_shown(helper));
			if (r.changed[i] & GZ_GITCFG_HTTPPATH)
				printf("  credential.%s.useHttpPath = true\n", url);
			if (!r.changed[i])
				printf("  credential.%s: already set\n", url);
			if (r.others[i])
				printf("  (%zu other helper%s in that section no longer answer%s for Azure "
				       "DevOps; remove %s if unused)\n",
				       r.others[i], r.others[i] == 1 ? "" : "s",
				       r.others[i] == 1 ? "s" : "", r.others[i] == 1 ? "it" : "them");
		}
		printf("Git now asks git-credential-gitzen for dev.azure.com and *.visualstudio.com.\n"
		       "Next: git gitzen add <org>\n");
	}
	warn_other_levels();
	rc = GZ_EXIT_OK;
done:
	gz_gitcfg_result_release(&r);
	free(helper);
	free(dir);
	free(exec_path);
	return rc;
}

int cmd_unconfigure(int argc, char **argv)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;
	enum gz_gitcfg_level level;
	unsigned i, any = 0;
	int rc;

	rc = parse_level(&level, argc, argv);
	if (rc)
		return rc;
	if (gz_gitcfg_unconfigure(&r, level)) {
		gz_ui_error("%s", last_error());
		gz_gitcfg_result_release(&r);
		return GZ_EXIT_USAGE;
	}
	for (i = 0; i < GZ_GITCFG_NURLS; i++)
		any |= r.changed[i];
	if (!any) {
		printf("gitzen is not configured in %s; nothing changed.\n", gz_ui_esc(tilde(r.file)));
	} else {
		printf("Removed from %s:\n", gz_ui_esc(tilde(r.file)));
		for (i = 0; i < GZ_GITCFG_NURLS; i++) {
			const char *url = gz_gitcfg_url(i);

			if (r.changed[i] & GZ_GITCFG_HELPER)
				printf("  credential.%s.helper (gitzen and the empty line before it)\n", url);
			if (r.changed[i] & GZ_GITCFG_HTTPPATH)
				printf("  credential.%s.useHttpPath\n", url);
		}
		printf("Your PATs stay stored (git gitzen remove <org> deletes one); "
		       "git gitzen doctor shows what Git asks now.\n");
	}
	gz_gitcfg_result_release(&r);
	return GZ_EXIT_OK;
}

/* ---- doctor --------------------------------------------------------------- */

struct doctor {
	unsigned errors, warnings;
};

static void report(struct doctor *d, enum sev s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void report(struct doctor *d, enum sev s, const char *fmt, ...)
{
	static const char *const word[] = { "ok", "warning", "error" };
	static const char *const color[] = { GZ_GREEN, GZ_YELLOW, GZ_RED };
	va_list ap;

	if (s == SEV_ERR)
		d->errors++;
	else if (s == SEV_WARN)
		d->warnings++;
	printf("%s%-9s%s", gz_ui_color(stdout, color[s]), word[s], gz_ui_color(stdout, GZ_RESET));
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

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

/* Git releases with the CVE-2024-52006 fix (Git's announcement of 2025-01-14):
 * 2.48.1 and later, and these maintenance releases. */
static const int git_fixed[][3] = {
	{ 2, 40, 4 }, { 2, 41, 3 }, { 2, 42, 4 }, { 2, 43, 6 },
	{ 2, 44, 3 }, { 2, 45, 3 }, { 2, 46, 3 }, { 2, 47, 2 },
};

static void check_git(struct doctor *d)
{
	char line[256];
	char *argv[] = { (char *)"git", (char *)"--version", NULL };
	int v[3], fixed = 0;
	size_t k;

	if (run_line(line, sizeof(line), argv)) {
		report(d, SEV_ERR, "git: cannot run `git --version`; install Git 2.48.1 or later and put "
				   "it on PATH");
		return;
	}
	if (strncmp(line, "git version ", 12) || parse_version(v, line + 12)) {
		report(d, SEV_WARN, "git: cannot read its version from \"%s\"; make sure it is Git "
				    "2.48.1 or later", gz_ui_esc(line));
		return;
	}
	fixed = version_at_least(v, 2, 48, 1);
	for (k = 0; k < sizeof(git_fixed) / sizeof(git_fixed[0]); k++)
		if (v[0] == git_fixed[k][0] && v[1] == git_fixed[k][1] && v[2] >= git_fixed[k][2])
			fixed = 1;
	if (fixed) {
		report(d, SEV_OK, "git: version %d.%d.%d (has the CVE-2024-52006 fix)", v[0], v[1], v[2]);
		return;
	}
	report(d, SEV_WARN,
	       "git: version %d.%d.%d may pass a carriage return from a crafted URL to credential helpers "
	       "(CVE-2024-52006); upgrade to Git 2.48.1 or later, or to a maintenance release with "
	       "the fix (2.40.4, 2.41.3, 2.42.4, 2.43.6, 2.44.3, 2.45.3, 2.46.3, 2.47.2); if your "
	       "distribution backported the fix (Debian 12: 1:2.39.5-0+deb12u2), this does not apply",
	       v[0], v[1], v[2]);
}

static void check_lfs(struct doctor *d)
{
	char line[256];
	char *argv[] = { (char *)"git", (char *)"lfs", (char *)"version", NULL };
	int v[3];

	if (run_line(line, sizeof(line), argv)) {
		report(d, SEV_OK, "git lfs: not installed (nothing to check)");
		return;
	}
	if (strncmp(line, "git-lfs/", 8) || parse_version(v, line + 8)) {
		report(d, SEV_WARN, "git lfs: cannot read its version from \"%s\"; make sure it is Git "
				    "LFS 3.6.1 or later", gz_ui_esc(line));
		return;
	}
	if (version_at_least(v, 3, 6, 1))
		report(d, SEV_OK, "git lfs: version %d.%d.%d", v[0], v[1], v[2]);
	else
		report(d, SEV_WARN, "git lfs: version %d.%d.%d can be made to send credentials to another host "
				    "by a crafted URL (CVE-2024-53263); upgrade to Git LFS 3.6.1 or later",
		       v[0], v[1], v[2]);
}

/* The path of the helper the configuration runs by path (for a helper not
 * on PATH), into out; 0 when there is none. */
static int configured_path(char *out, size_t n)
{
	unsigned i;
	size_t k;
	int found = 0;

	for (i = 0; i < GZ_GITCFG_NURLS && !found; i++) {
		struct gz_gitcfg_view v = GZ_GITCFG_VIEW_INIT;

		if (gz_gitcfg_view(&v, gz_gitcfg_url(i)) == 0)
			for (k = 0; k < v.n && !found; k++)
				found = v.helpers[k].ours && helper_path(out, n, v.helpers[k].value);
		gz_gitcfg_view_release(&v);
	}
	return found;
}

static void check_helper(struct doctor *d, const char *exec_path)
{
	char line[256], want[64], conf[1024];
	char *path = NULL;
	char *argv[3];
	int on_path = 1;

	if (gz_gitcfg_find_helper(&path, exec_path)) {
		on_path = 0;
		if (!configured_path(conf, sizeof(conf)) || !(path = strdup(conf))) {
			report(d, SEV_ERR, "helper: git-credential-gitzen is not on PATH or in Git's exec "
					   "path; install it there, or run: git gitzen configure (which then "
					   "uses its absolute path)");
			return;
		}
	}
	argv[0] = path;
	argv[1] = (char *)"--version";
	argv[2] = NULL;
	snprintf(want, sizeof(want), "git-credential-gitzen %s", GZ_VERSION);
	if (run_line(line, sizeof(line), argv))
		report(d, SEV_ERR, "helper: %s does not run; reinstall gitzen%s",
		       gz_ui_esc(tilde(path)), on_path ? "" : ", then run: git gitzen configure");
	else if (strcmp(line, want))
		report(d, SEV_WARN, "helper: %s is \"%s\", not %s like git-gitzen; install both from "
				    "one build", gz_ui_esc(tilde(path)), gz_ui_esc(line), GZ_VERSION);
	else
		report(d, SEV_OK, "helper: %s %s (%s)", want,
		       on_path ? "on PATH" : "not on PATH, configured by its path", gz_ui_esc(tilde(path)));
	free(path);
}

static void check_config(struct doctor *d)
{
	unsigned i;

	for (i = 0; i < GZ_GITCFG_NURLS; i++) {
		struct gz_gitcfg_view v = GZ_GITCFG_VIEW_INIT;
		char msg[1024];
		enum sev s;

		if (gz_gitcfg_view(&v, gz_gitcfg_url(i))) {
			report(d, SEV_ERR, "config: cannot read Git's configuration: %s", last_error());
		} else {
			s = judge_view(msg, sizeof(msg), &v, i);
			report(d, s, "config: %s", msg);
		}
		gz_gitcfg_view_release(&v);
	}
}

static void missing_names(char *out, size_t n, const struct gz_entry *e)
{
	unsigned i;

	out[0] = '\0';
	for (i = 0; i < GZ_SCOPE_COUNT; i++)
		if ((e->scopes_checked & ~e->scopes_present) & (1u << i)) {
			const struct gz_scope *s = gz_scope_get(i);

			snprintf(out + strlen(out), n - strlen(out), "%s%s (%s, %s)", out[0] ? ", " : "",
				 s->name, s->level, s->id);
		}
}

static void check_org(struct doctor *d, struct gz_store *st, const char *org, int64_t now)
{
	struct gz_entry e;
	char day[16], val[16] = "never", missing[512];
	const char *state;
	int rc = gz_store_load(&e, st, org);

	if (rc) {
		report(d, SEV_ERR, "%s: %s", gz_ui_esc(org),
		       rc == GZ_ENOTFOUND ? "entry vanished while checking; run doctor again" :
					    last_error());
		return;
	}
	state = gz_entry_state(&e, now);
	if (e.validated)
		gz_when_date(val, sizeof(val), e.validated);
	if (!strcmp(state, "rejected")) {
		report(d, SEV_ERR, "%s: the PAT was rejected by Azure DevOps%s%s; create a new PAT and "
				   "run: git gitzen add %s",
		       e.org, e.rejected ? " on " : "",
		       e.rejected ? gz_when_date(day, sizeof(day), e.rejected) : "", e.org);
	} else if (!strcmp(state, "expired")) {
		report(d, SEV_ERR, "%s: the PAT expired%s%s; create a new PAT and run: git gitzen add %s",
		       e.org, e.expires && e.expires <= now ? " on " : "",
		       e.expires && e.expires <= now ? gz_when_date(day, sizeof(day), e.expires) : "",
		       e.org);
	} else if (!strcmp(state, "missing-scopes")) {
		missing_names(missing, sizeof(missing), &e);
		report(d, SEV_ERR, "%s: the PAT lacks %s; edit the PAT in Azure DevOps (User settings > "
				   "Personal access tokens) or create one with them, then run: "
				   "git gitzen add %s",
		       e.org, missing[0] ? missing : "scopes Git-Zen needs", e.org);
	} else if (!strcmp(state, "expiring")) {
		long days = (long)((e.expires - now + 86399) / 86400);

		report(d, SEV_WARN, "%s: the PAT expires in %ld day%s (%s); rotate it: git gitzen add %s",
		       e.org, days, days == 1 ? "" : "s", gz_when_date(day, sizeof(day), e.expires),
		       e.org);
	} else if (!strcmp(state, "unvalidated")) {
		report(d, SEV_WARN, "%s: the PAT was never checked against Azure DevOps; "
				    "run: git gitzen validate %s", e.org, e.org);
	} else if (!strcmp(e.status, "unreachable")) {
		report(d, SEV_WARN, "%s: the last check could not reach Azure DevOps (%s); "
				    "run: git gitzen validate %s", e.org, val, e.org);
	} else {
		report(d, SEV_OK, "%s: PAT of %s, %s%s, all 5 scopes, checked %s", e.org,
		       e.user ? gz_ui_esc(e.user) : "(unknown user)",
		       e.expires ? "expires " : "no expiry recorded",
		       e.expires ? gz_when_date(day, sizeof(day), e.expires) : "", val);
	}
	gz_entry_release(&e);
}

static void check_store(struct doctor *d)
{
	struct gz_store st = GZ_STORE_INIT;
	char **orgs = NULL;
	size_t n = 0, i;
	int64_t now = gz_when_now();
	int rc;

	if (gz_store_init(&st)) {
		report(d, SEV_ERR, "store: %s", last_error());
		return;
	}
	rc = gz_store_check(&st);
	if (rc == GZ_ENOTFOUND) {
		report(d, SEV_WARN, "store: %s does not exist yet: no PAT stored; "
				    "run: git gitzen add <org>", gz_ui_esc(tilde(st.dir)));
		goto done;
	}
	if (rc) {
		report(d, SEV_ERR, "store: %s", last_error());
		goto done;
	}
	report(d, SEV_OK, "store: %s is private (owner only)", gz_ui_esc(tilde(st.dir)));
	if (gz_store_list(&orgs, &n, &st)) {
		report(d, SEV_ERR, "store: %s", last_error());
		goto done;
	}
	if (!n)
		report(d, SEV_WARN, "store: no PAT stored yet; run: git gitzen add <org>");
	for (i = 0; i < n; i++)
		check_org(d, &st, orgs[i], now);
done:
	gz_store_list_free(orgs, n);
	gz_store_release(&st);
}

int cmd_doctor(int argc, char **argv)
{
	struct doctor d = { 0, 0 };
	char *exec_path;

	if (argc > 1) {
		gz_ui_error("unexpected argument '%s'", gz_ui_esc(argv[1]));
		gz_cmd_usage(argv[0]);
		return GZ_EXIT_USAGE;
	}
	exec_path = git_exec_path();
	check_git(&d);
	check_lfs(&d);
	check_helper(&d, exec_path);
	check_config(&d);
	check_store(&d);
	free(exec_path);
	if (d.errors)
		printf("%u error%s, %u warning%s: fix the errors above, then run git gitzen doctor "
		       "again.\n", d.errors, d.errors == 1 ? "" : "s", d.warnings,
		       d.warnings == 1 ? "" : "s");
	else if (d.warnings)
		printf("No errors; %u warning%s.\n", d.warnings, d.warnings == 1 ? "" : "s");
	else
		printf("Everything looks fine.\n");
	return d.errors ? GZ_EXIT_NO : GZ_EXIT_OK;
}
