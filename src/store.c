#define _GNU_SOURCE
#include "store.h"
#include "err.h"
#include "esc.h"
#include "fileio.h"
#include "scope.h"
#include "secret.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int gz_store_init(struct gz_store *s)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;

	s->dir = NULL;
	if (xdg && xdg[0] == '/') {
		n = asprintf(&s->dir, "%s/gitzen", xdg);
	} else {
		if (!home || home[0] != '/') {
			struct passwd *pw = getpwuid(geteuid());

			home = pw ? pw->pw_dir : NULL;
		}
		if (!home || home[0] != '/') {
			gz_error_set("cannot find the home directory (set HOME)");
			return GZ_ERROR;
		}
		n = asprintf(&s->dir, "%s/.config/gitzen", home);
	}
	if (n < 0) {
		s->dir = NULL;
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	return 0;
}

void gz_store_release(struct gz_store *s)
{
	if (!s)
		return;
	free(s->dir);
	s->dir = NULL;
}

static char *entry_path(const struct gz_store *s, const char *org, const char *suffix)
{
	char *p;

	if (asprintf(&p, "%s/%s%s", s->dir, org, suffix) < 0) {
		gz_error_set("out of memory");
		return NULL;
	}
	return p;
}

/* The common safety rule for the directory and its files. */
static int check_stat(const struct stat *st, const char *path, int want_dir)
{
	char e[512];

	if (want_dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode)) {
		gz_error_set("%s is not a %s; move it aside", gz_esc(e, sizeof(e), path),
			     want_dir ? "directory" : "regular file");
		return GZ_EUNSAFE;
	}
	if (st->st_uid != geteuid()) {
		gz_error_set("%s is owned by uid %u, not by you; gitzen will not use it: move it aside, or run: chown %u %s",
			     gz_esc(e, sizeof(e), path), (unsigned)st->st_uid, (unsigned)geteuid(), e);
		return GZ_EUNSAFE;
	}
	if (st->st_mode & 077) {
		gz_error_set("%s is accessible by group or others (mode %04o); run: chmod %s %s",
			     gz_esc(e, sizeof(e), path), (unsigned)(st->st_mode & 07777),
			     want_dir ? "700" : "600", e);
		return GZ_EUNSAFE;
	}
	return 0;
}

/* Opens the state directory and checks the directory it opened (not the
 * path, which could be swapped between a check and a use): every later
 * access goes through *dfd with openat() and friends. */
static int open_dir(int *dfd, const struct gz_store *s)
{
	struct stat st;
	char e[512];
	int rc;

	*dfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*dfd < 0) {
		if (errno == ENOENT)
			return GZ_ENOTFOUND;
		if (errno == ELOOP || errno == ENOTDIR) {
			gz_error_set("%s is %s; gitzen does not follow it: replace it with a directory",
				     gz_esc(e, sizeof(e), s->dir),
				     errno == ELOOP ? "a symbolic link" : "not a directory");
			return GZ_EUNSAFE;
		}
		gz_error_set("cannot read %s: %s", gz_esc(e, sizeof(e), s->dir), strerror(errno));
		return GZ_ERROR;
	}
	rc = fstat(*dfd, &st) < 0 ? GZ_ERROR : check_stat(&st, s->dir, 1);
	if (rc) {
		if (rc == GZ_ERROR)
			gz_error_set("cannot stat %s: %s", gz_esc(e, sizeof(e), s->dir), strerror(errno));
		close(*dfd);
		*dfd = -1;
	}
	return rc;
}

int gz_store_check(struct gz_store *s)
{
	int dfd, rc = open_dir(&dfd, s);

	if (!rc)
		close(dfd);
	return rc;
}

/* A time in seconds: absent is 0; anything but a number in [0, 2^53] is
 * damage (*bad is set), never a cast of an out-of-range double. */
static int64_t get_int(const cJSON *o, const char *key, int *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 9007199254740992.0)) {
		*bad = 1;
		return 0;
	}
	return (int64_t)v->valuedouble;
}

static void get_status(char out[GZ_STATUS_BUF], const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	out[0] = '\0';
	if (cJSON_IsString(v) && strlen(v->valuestring) < GZ_STATUS_BUF)
		strcpy(out, v->valuestring);
}

/* Fills e from the parsed JSON; returns a reason on failure. */
static const char *from_json(struct gz_entry *e, cJSON *root, const char *org)
{
	const cJSON *v, *h;
	unsigned i;
	int bad = 0;

	if (!cJSON_IsObject(root))
		return "not a JSON object";
	v = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!cJSON_IsNumber(v))
		return "no format version";
	if (v->valuedouble != GZ_STORE_VERSION)
		return "unsupported format version";
	v = cJSON_GetObjectItemCaseSensitive(root, "org");
	if (!cJSON_IsString(v) || strcmp(v->valuestring, org))
		return "organisation does not match the file name";
	strcpy(e->org, org);
	v = cJSON_GetObjectItemCaseSensitive(root, "pat");
	if (!cJSON_IsString(v) || !gz_secret_is_pat(v->valuestring))
		return "no valid PAT";
	e->pat = strdup(v->valuestring);
	v = cJSON_GetObjectItemCaseSensitive(root, "user");
	if (cJSON_IsString(v) && v->valuestring[0])
		e->user = strdup(v->valuestring);
	if (!e->pat || (cJSON_IsString(v) && v->valuestring[0] && !e->user))
		return "out of memory";
	e->expires = get_int(root, "expires", &bad);
	e->added = get_int(root, "added", &bad);
	e->validated = get_int(root, "validated", &bad);
	e->rejected = get_int(root, "rejected", &bad);
	get_status(e->status, root, "status");
	v = cJSON_GetObjectItemCaseSensitive(root, "push");
	e->push = cJSON_IsBool(v) ? cJSON_IsTrue(v) : -1;
	e->rechecked = get_int(root, "rechecked", &bad);
	get_status(e->recheck, root, "recheck");
	v = cJSON_GetObjectItemCaseSensitive(root, "scopes");
	for (i = 0; cJSON_IsObject(v) && i < GZ_SCOPE_COUNT; i++) {
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(v, gz_scope_get(i)->id);

		if (cJSON_IsBool(b)) {
			e->scopes_checked |= 1u << i;
			if (cJSON_IsTrue(b))
				e->scopes_present |= 1u << i;
		}
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "history");
	cJSON_ArrayForEach(h, v)
	{
		struct gz_hist *x;

		if (e->nhist == GZ_HIST_MAX || !cJSON_IsObject(h))
			break;
		x = &e->hist[e->nhist++];
		x->added = get_int(h, "added", &bad);
		x->replaced = get_int(h, "replaced", &bad);
		x->validated = get_int(h, "validated", &bad);
		get_status(x->status, h, "status");
	}
	return bad ? "a time that is not a number of seconds" : NULL;
}

/* Every "pat" member (a damaged file may repeat the key) */
static void wipe_json_pat(cJSON *root)
{
	cJSON *v;

	cJSON_ArrayForEach(v, root)
	{
		if (v->string && !strcmp(v->string, "pat") && cJSON_IsString(v))
			explicit_bzero(v->valuestring, strlen(v->valuestring));
	}
}

int gz_store_parse(struct gz_entry *e, const char *buf, size_t len, const char *org)
{
	const char *end = NULL, *why;
	cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);

	memset(e, 0, sizeof(*e));
	/* only white space may follow the object */
	while (root && end && end < buf + len && (*end == ' ' || *end == '\n' || *end == '\t' || *end == '\r'))
		end++;
	if (root && end != buf + len) {
		wipe_json_pat(root);
		cJSON_Delete(root);
		root = NULL;
	}
	why = root ? from_json(e, root, org) : "not valid JSON";
	if (root) {
		wipe_json_pat(root);
		cJSON_Delete(root);
	}
	if (why) {
		gz_entry_release(e);
		gz_error_set("%s", why);
		return GZ_EINVALID;
	}
	return 0;
}

int gz_store_load(struct gz_entry *e, struct gz_store *s, const char *org)
{
	char *path = NULL, *buf = NULL;
	size_t len = 0;
	struct stat st;
	char esc[512], name[GZ_ORG_BUF + 8];
	int fd = -1, dfd = -1, rc;

	memset(e, 0, sizeof(*e));
	rc = open_dir(&dfd, s);
	if (rc)
		goto done;
	path = entry_path(s, org, ".json");
	if (!path) {
		rc = GZ_ERROR;
		goto done;
	}
	snprintf(name, sizeof(name), "%s.json", org);
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT) {
			rc = GZ_ENOTFOUND;
		} else if (errno == ELOOP) {
			gz_error_set("%s is a symbolic link; gitzen does not follow it: replace it with the file itself",
				     gz_esc(esc, sizeof(esc), path));
			rc = GZ_EUNSAFE;
		} else {
			gz_error_set("cannot open %s: %s", gz_esc(esc, sizeof(esc), path),
				     strerror(errno));
			rc = GZ_ERROR;
		}
		goto done;
	}
	if (fstat(fd, &st) < 0) {
		gz_error_set("cannot stat %s: %s", gz_esc(esc, sizeof(esc), path), strerror(errno));
		rc = GZ_ERROR;
		goto done;
	}
	rc = check_stat(&st, path, 0);
	if (rc)
		goto done;
	rc = gz_fileio_read_fd(&buf, &len, fd, GZ_STORE_FILE_MAX);
	if (rc == GZ_EINVALID)
		gz_error_set("%s is too large to be a gitzen entry; move it aside and add the PAT again",
			     gz_esc(esc, sizeof(esc), path));
	else if (rc)
		gz_error_set("cannot read %s: %s", gz_esc(esc, sizeof(esc), path), strerror(errno));
	if (rc)
		goto done;
	rc = gz_store_parse(e, buf, len, org);
	if (rc == GZ_EINVALID) {
		char why[256];

		snprintf(why, sizeof(why), "%s", gz_error_last());
		if (!strcmp(why, "unsupported format version"))
			gz_error_set("%s was written by a newer gitzen (unsupported format version); upgrade gitzen",
				     gz_esc(esc, sizeof(esc), path));
		else
			gz_error_set("%s is damaged (%s); move it aside and run: git gitzen add %s",
				     gz_esc(esc, sizeof(esc), path), why, org);
	}
done:
	if (buf) {
		gz_secret_wipe(buf, len);
		free(buf);
	}
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	free(path);
	if (rc)
		gz_entry_release(e);
	return rc;
}

/* mkdir -p for the parents, mkdir 0700 for the last component */
static int make_dirs(const char *dir)
{
	char *p = strdup(dir), *q;
	char e[512];
	int rc = 0;

	if (!p) {
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	for (q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			gz_error_set("cannot create %s: %s", gz_esc(e, sizeof(e), p), strerror(errno));
			rc = GZ_ERROR;
			goto done;
		}
		*q = '/';
	}
	if (mkdir(p, 0700) < 0 && errno != EEXIST) {
		gz_error_set("cannot create %s: %s", gz_esc(e, sizeof(e), p), strerror(errno));
		rc = GZ_ERROR;
	}
done:
	free(p);
	return rc;
}

/* Temporary files of a writer that was killed between creating and
 * renaming one. Only the lock holder writes org's temporary files, so under
 * the lock any that exist are stale; they hold a PAT, so they go. */
static void remove_stale_temps(int dfd, const char *org)
{
	char target[GZ_ORG_BUF + 8];
	struct dirent *de;
	int fd = dup(dfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	snprintf(target, sizeof(target), "%s.json", org);
	while ((de = readdir(d)))
		if (gz_fileio_is_temp_of(de->d_name, target))
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
}

int gz_store_lock(int *fd, struct gz_store *s, const char *org)
{
	char *path = NULL;
	char e[512], name[GZ_ORG_BUF + 8];
	int rc, dfd = -1;

	*fd = -1;
	rc = open_dir(&dfd, s);
	if (rc == GZ_ENOTFOUND) {
		rc = make_dirs(s->dir);
		if (!rc)
			rc = open_dir(&dfd, s);
	}
	if (rc)
		return rc;
	path = entry_path(s, org, ".lock");
	if (!path) {
		close(dfd);
		return GZ_ERROR;
	}
	snprintf(name, sizeof(name), "%s.lock", org);
	*fd = openat(dfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	close(dfd);
	if (*fd < 0) {
		gz_error_set("cannot open %s: %s", gz_esc(e, sizeof(e), path), strerror(errno));
		rc = GZ_ERROR;
		goto done;
	}
	while (flock(*fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		gz_error_set("cannot lock %s: %s", gz_esc(e, sizeof(e), path), strerror(errno));
		close(*fd);
		*fd = -1;
		rc = GZ_ERROR;
		goto done;
	}
done:
	free(path);
	return rc;
}

void gz_store_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* closing releases the flock */
}

static cJSON *to_json(const struct gz_entry *e)
{
	cJSON *root = cJSON_CreateObject(), *scopes, *hist;
	unsigned i;
	size_t k;

	if (!root)
		return NULL;
	cJSON_AddNumberToObject(root, "version", GZ_STORE_VERSION);
	cJSON_AddStringToObject(root, "org", e->org);
	cJSON_AddStringToObject(root, "pat", e->pat);
	if (e->user)
		cJSON_AddStringToObject(root, "user", e->user);
	else
		cJSON_AddNullToObject(root, "user");
	cJSON_AddNumberToObject(root, "expires", (double)e->expires);
	cJSON_AddNumberToObject(root, "added", (double)e->added);
	cJSON_AddNumberToObject(root, "validated", (double)e->validated);
	cJSON_AddNumberToObject(root, "rejected", (double)e->rejected);
	cJSON_AddStringToObject(root, "status", e->status);
	if (e->push >= 0)
		cJSON_AddBoolToObject(root, "push", e->push > 0);
	else
		cJSON_AddNullToObject(root, "push");
	if (e->rechecked) {
		cJSON_AddNumberToObject(root, "rechecked", (double)e->rechecked);
		cJSON_AddStringToObject(root, "recheck", e->recheck);
	}
	scopes = cJSON_AddObjectToObject(root, "scopes");
	for (i = 0; scopes && i < GZ_SCOPE_COUNT; i++)
		if (e->scopes_checked & (1u << i))
			cJSON_AddBoolToObject(scopes, gz_scope_get(i)->id,
					      !!(e->scopes_present & (1u << i)));
	hist = cJSON_AddArrayToObject(root, "history");
	for (k = 0; hist && k < e->nhist; k++) {
		cJSON *h = cJSON_CreateObject();

		if (!h)
			break;
		cJSON_AddNumberToObject(h, "added", (double)e->hist[k].added);
		cJSON_AddNumberToObject(h, "replaced", (double)e->hist[k].replaced);
		cJSON_AddNumberToObject(h, "validated", (double)e->hist[k].validated);
		cJSON_AddStringToObject(h, "status", e->hist[k].status);
		cJSON_AddItemToArray(hist, h);
	}
	return root;
}

int gz_store_save(struct gz_store *s, const struct gz_entry *e)
{
	char *path = NULL, *text = NULL;
	char name[GZ_ORG_BUF + 8], esc[512];
	enum gz_fileio_step step;
	cJSON *root = NULL;
	int dfd = -1, rc = GZ_ERROR;
	size_t len;

	if (!gz_secret_is_pat(e->pat)) {
		gz_error_set("refusing to store something that is not a PAT");
		return GZ_EINVALID;
	}
	root = to_json(e);
	/* printed into a buffer we own, so no reallocation leaves a copy of the PAT */
	text = root ? malloc(GZ_STORE_FILE_MAX) : NULL;
	if (text && !cJSON_PrintPreallocated(root, text, GZ_STORE_FILE_MAX - 1, 1)) {
		gz_secret_wipe(text, GZ_STORE_FILE_MAX);
		free(text);
		text = NULL;
	}
	path = entry_path(s, e->org, ".json");
	if (!root || !text || !path) {
		gz_error_set("out of memory");
		goto done;
	}
	len = strlen(text);
	text[len++] = '\n';
	rc = open_dir(&dfd, s);
	if (rc)
		goto done;
	remove_stale_temps(dfd, e->org);
	snprintf(name, sizeof(name), "%s.json", e->org);
	rc = gz_fileio_replace_at(dfd, name, text, len, 0600, &step);
	if (rc) {
		gz_esc(esc, sizeof(esc), step == GZ_FILEIO_CREATE || step == GZ_FILEIO_SYNCDIR ? s->dir : path);
		if (step == GZ_FILEIO_CREATE)
			gz_error_set("cannot create a file in %s: %s", esc, strerror(errno));
		else if (step == GZ_FILEIO_WRITE)
			gz_error_set("cannot write a new %s: %s", esc, strerror(errno));
		else if (step == GZ_FILEIO_RENAME)
			gz_error_set("cannot replace %s: %s", esc, strerror(errno));
		else
			gz_error_set("the new entry is in %s but may not survive a crash (cannot sync the directory: %s)",
				     esc, strerror(errno));
	}
done:
	if (dfd >= 0)
		close(dfd);
	if (text) {
		gz_secret_wipe(text, GZ_STORE_FILE_MAX);
		free(text);
	}
	if (root) {
		wipe_json_pat(root);
		cJSON_Delete(root);
	}
	free(path);
	return rc;
}

int gz_store_remove(struct gz_store *s, const char *org)
{
	char *path = entry_path(s, org, ".json");
	char esc[512], name[GZ_ORG_BUF + 8];
	int rc, dfd = -1;

	if (!path)
		return GZ_ERROR;
	rc = open_dir(&dfd, s);
	if (rc)
		goto done;
	remove_stale_temps(dfd, org);
	snprintf(name, sizeof(name), "%s.json", org);
	if (unlinkat(dfd, name, 0) < 0) {
		if (errno == ENOENT) {
			rc = GZ_ENOTFOUND;
		} else {
			gz_error_set("cannot remove %s: %s", gz_esc(esc, sizeof(esc), path),
				     strerror(errno));
			rc = GZ_ERROR;
		}
	} else if (fsync(dfd) < 0) {
		gz_error_set("cannot sync %s: %s", gz_esc(esc, sizeof(esc), s->dir), strerror(errno));
		rc = GZ_ERROR;
	}
done:
	if (dfd >= 0)
		close(dfd);
	free(path);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int gz_store_list(char ***orgs, size_t *n, struct gz_store *s)
{
	DIR *d;
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0, k = 0;
	char esc[512];
	int rc, dfd;

	*orgs = NULL;
	*n = 0;
	rc = open_dir(&dfd, s);
	if (rc == GZ_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		gz_error_set("cannot read %s: %s", gz_esc(esc, sizeof(esc), s->dir), strerror(errno));
		return GZ_ERROR;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len <= 5 || strcmp(de->d_name + len - 5, ".json") ||
		    !gz_org_valid(de->d_name, len - 5))
			continue;
		if (k == cap) {
			char **nv = realloc(v, (cap = cap ? cap * 2 : 16) * sizeof(*v));

			if (!nv)
				goto oom;
			v = nv;
		}
		v[k] = strndup(de->d_name, len - 5);
		if (!v[k])
			goto oom;
		k++;
	}
	closedir(d);
	if (k)
		qsort(v, k, sizeof(*v), cmp_str);
	*orgs = v;
	*n = k;
	return 0;
oom:
	closedir(d);
	gz_store_list_free(v, k);
	gz_error_set("out of memory");
	return GZ_ERROR;
}

void gz_store_list_free(char **orgs, size_t n)
{
	size_t i;

	for (i = 0; orgs && i < n; i++)
		free(orgs[i]);
	free(orgs);
}

void gz_entry_rotate(struct gz_entry *e, char *pat, int64_t now)
{
	struct gz_hist *h;

	if (e->pat) {
		if (e->nhist == GZ_HIST_MAX) {
			memmove(&e->hist[0], &e->hist[1], sizeof(e->hist[0]) * (GZ_HIST_MAX - 1));
			e->nhist--;
		}
		h = &e->hist[e->nhist++];
		h->added = e->added;
		h->replaced = now;
		h->validated = e->validated;
		snprintf(h->status, sizeof(h->status), "%s", e->rejected ? "rejected" : e->status);
		gz_secret_free(e->pat);
	}
	e->pat = pat;
	free(e->user); /* whose PAT it is: the next validation says */
	e->user = NULL;
	e->added = now;
	e->validated = 0;
	e->rejected = 0;
	e->expires = 0;
	e->push = -1;
	e->rechecked = 0;
	e->recheck[0] = '\0';
	e->status[0] = '\0';
	e->scopes_checked = 0;
	e->scopes_present = 0;
}

void gz_entry_accepted(struct gz_entry *e)
{
	e->rejected = 0;
	if (!strcmp(e->status, "rejected") || !strcmp(e->status, "expired"))
		e->status[0] = '\0';
}

const char *gz_entry_state(const struct gz_entry *e, int64_t now)
{
	if (e->rejected || !strcmp(e->status, "rejected"))
		return "rejected";
	if ((e->expires && e->expires <= now) || !strcmp(e->status, "expired"))
		return "expired";
	if (!strcmp(e->status, "missing_scopes"))
		return "missing-scopes";
	if (e->expires && e->expires - now < GZ_EXPIRY_WARN_DAYS * 86400)
		return "expiring";
	if (!e->validated)
		return "unvalidated";
	return "ok";
}

void gz_entry_release(struct gz_entry *e)
{
	if (!e)
		return;
	gz_secret_free(e->pat);
	free(e->user);
	memset(e, 0, sizeof(*e));
}
