/* SPDX-License-Identifier: MIT */
#define _DEFAULT_SOURCE
#include "entry.h"
#include "err.h"
#include "scope.h"
#include "secret.h"
#include "when.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------- */

static const char *const vstatus_names[] = {
	[GZ_VSTATUS_OK] = "ok",
	[GZ_VSTATUS_MISSING] = "missing_scopes",
	[GZ_VSTATUS_REJECTED] = "rejected",
	[GZ_VSTATUS_EXPIRED] = "expired",
	[GZ_VSTATUS_UNREACHABLE] = "unreachable",
	[GZ_VSTATUS_NONE] = "",
};
_Static_assert(sizeof(vstatus_names) / sizeof(vstatus_names[0]) == GZ_VSTATUS_NONE + 1,
	       "a name for every gz_vstatus");

static const char *const status_names[] = {
	[GZ_ENTRY_OK] = "ok",
	[GZ_ENTRY_EXPIRING] = "expiring",
	[GZ_ENTRY_EXPIRED] = "expired",
	[GZ_ENTRY_REJECTED] = "rejected",
	[GZ_ENTRY_MISSING_SCOPES] = "missing-scopes",
	[GZ_ENTRY_UNVALIDATED] = "unvalidated",
	[GZ_ENTRY_NONE] = "none",
};
_Static_assert(sizeof(status_names) / sizeof(status_names[0]) == GZ_ENTRY_STATUS_COUNT,
	       "a name for every gz_entry_status");

static const char *const where_names[] = {
	[GZ_PAT_FILE] = "file",
	[GZ_PAT_SECRETSERVICE] = "secretservice",
};

const char *gz_vstatus_name(enum gz_vstatus s)
{
	return (unsigned)s <= GZ_VSTATUS_NONE ? vstatus_names[s] : "";
}

const char *gz_entry_status_name(enum gz_entry_status s)
{
	return (unsigned)s < GZ_ENTRY_STATUS_COUNT ? status_names[s] : "none";
}

const char *gz_pat_where_name(enum gz_pat_where w)
{
	return (unsigned)w <= GZ_PAT_SECRETSERVICE ? where_names[w] : "file";
}

/* name -> value over a table of names; -1 when none matches */
static int lookup(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (!strcmp(names[i], s))
			return (int)i;
	return -1;
}

/* ---- life ---------------------------------------------------------------- */

void gz_entry_init(struct gz_entry *e, const char *org)
{
	static const struct gz_entry init = GZ_ENTRY_INIT;

	*e = init;
	if (org)
		snprintf(e->org, sizeof(e->org), "%s", org);
}

void gz_entry_release(struct gz_entry *e)
{
	if (!e)
		return;
	gz_secret_free(e->pat);
	free(e->user);
	explicit_bzero(e, sizeof(*e));
	gz_entry_init(e, NULL);
}

/* ---- policy ---------------------------------------------------------------- */

int gz_entry_expired(const struct gz_entry *e, int64_t now)
{
	return e->expires && e->expires <= now;
}

enum gz_entry_status gz_entry_status(const struct gz_entry *e, int64_t now)
{
	if (e->rejected || e->result == GZ_VSTATUS_REJECTED)
		return GZ_ENTRY_REJECTED;
	if (gz_entry_expired(e, now) || e->result == GZ_VSTATUS_EXPIRED)
		return GZ_ENTRY_EXPIRED;
	if (e->result == GZ_VSTATUS_MISSING)
		return GZ_ENTRY_MISSING_SCOPES;
	if (e->expires && e->expires - now < GZ_EXPIRY_WARN_DAYS * GZ_WHEN_DAY)
		return GZ_ENTRY_EXPIRING;
	if (!e->validated)
		return GZ_ENTRY_UNVALIDATED;
	return GZ_ENTRY_OK;
}

int gz_entry_usable(const struct gz_entry *e, int64_t now)
{
	enum gz_entry_status s = gz_entry_status(e, now);

	return s != GZ_ENTRY_REJECTED && s != GZ_ENTRY_EXPIRED;
}

/* Moves the current PAT's record into the history and installs pat (taken
 * over) as a new, unvalidated PAT added at now. */
static void rotate(struct gz_entry *e, char *pat, int64_t now)
{
	struct gz_hist *h;

	if (e->pat || e->added) {
		if (e->nhist == GZ_ENTRY_HIST_MAX) {
			memmove(&e->hist[0], &e->hist[1], sizeof(e->hist[0]) * (GZ_ENTRY_HIST_MAX - 1));
			e->nhist--;
		}
		h = &e->hist[e->nhist++];
		h->added = e->added;
		h->replaced = now;
		h->validated = e->validated;
		h->result = e->rejected ? GZ_VSTATUS_REJECTED : e->result;
	}
	gz_secret_free(e->pat);
	e->pat = pat;
	free(e->user); /* whose PAT it is: the next validation says */
	e->user = NULL;
	e->added = now;
	e->validated = 0;
	e->rejected = 0;
	e->expires = 0;
	e->result = GZ_VSTATUS_NONE;
	e->scopes_checked = 0;
	e->scopes_present = 0;
	e->push = GZ_PUSH_UNKNOWN;
	e->rechecked = 0;
	e->recheck[0] = '\0';
}

/* Azure DevOps accepted the PAT again: clears the rejected mark and a
 * "rejected"/"expired" result. */
static void accept(struct gz_entry *e)
{
	e->rejected = 0;
	if (e->result == GZ_VSTATUS_REJECTED || e->result == GZ_VSTATUS_EXPIRED)
		e->result = GZ_VSTATUS_NONE;
}

static int expiry_usable(int64_t expires, int64_t now)
{
	return expires > now && gz_when_valid(expires);
}

enum gz_entry_took gz_entry_would_take(const struct gz_entry *e, const char *pat,
				       int64_t expires, int64_t now)
{
	if (!e->pat && !e->added)
		return GZ_ENTRY_TOOK_NEW;
	if (!e->pat || !gz_secret_equal(e->pat, pat))
		return GZ_ENTRY_TOOK_ROTATED;
	if (e->rejected || e->result == GZ_VSTATUS_REJECTED || e->result == GZ_VSTATUS_EXPIRED ||
	    (expiry_usable(expires, now) && e->expires != expires))
		return GZ_ENTRY_TOOK_ACCEPTED;
	return GZ_ENTRY_TOOK_UNCHANGED;
}

enum gz_entry_took gz_entry_take(struct gz_entry *e, char *pat, int64_t expires, int64_t now)
{
	enum gz_entry_took took = gz_entry_would_take(e, pat, expires, now);

	if (took == GZ_ENTRY_TOOK_NEW || took == GZ_ENTRY_TOOK_ROTATED) {
		rotate(e, pat, now);
	} else {
		gz_secret_free(pat);
		accept(e);
	}
	if (expiry_usable(expires, now))
		e->expires = expires;
	return took;
}

int gz_entry_mark(struct gz_entry *e, enum gz_entry_mark how, int64_t when)
{
	if (how == GZ_ENTRY_MARK_REJECTED) {
		if (e->rejected)
			return 0;
		e->rejected = when;
		return 1;
	}
	if (e->result == GZ_VSTATUS_EXPIRED)
		return 0;
	e->result = GZ_VSTATUS_EXPIRED;
	return 1;
}

int gz_entry_set_user(struct gz_entry *e, const char *user)
{
	size_t n;
	char *u = NULL;

	if (user) {
		n = strlen(user);
		if (n > GZ_ENTRY_USER_MAX) {
			n = GZ_ENTRY_USER_MAX;
			/* not inside a UTF-8 sequence: back up over continuation bytes */
			while (n && ((unsigned char)user[n] & 0xc0) == 0x80)
				n--;
		}
		u = strndup(user, n);
		if (!u)
			return GZ_ERROR;
	}
	free(e->user);
	e->user = u;
	return 0;
}

int gz_entry_apply(struct gz_entry *e, const struct gz_entry_result *r)
{
	if (r->status == GZ_VSTATUS_UNREACHABLE || r->status == GZ_VSTATUS_NONE)
		return 0;
	e->validated = r->when;
	e->result = r->status;
	if (r->status == GZ_VSTATUS_REJECTED && !r->unknown_org && !e->rejected)
		e->rejected = r->when;
	if (r->status != GZ_VSTATUS_OK && r->status != GZ_VSTATUS_MISSING)
		return 0;
	e->scopes_checked = r->checked;
	e->scopes_present = r->present;
	e->rejected = 0;
	if (r->push != GZ_PUSH_UNKNOWN)
		e->push = !!r->push;
	if (r->user && gz_entry_set_user(e, r->user))
		return GZ_ERROR;
	return 0;
}

/* ---- parsing --------------------------------------------------------------- */

/* A time in seconds: absent or null is 0; anything but a number in
 * [0, GZ_WHEN_MAX] is damage (*bad is set), never a cast of an
 * out-of-range double. */
static int64_t get_time(const cJSON *o, const char *key, int *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= (double)GZ_WHEN_MAX)) {
		*bad = 1;
		return 0;
	}
	return (int64_t)v->valuedouble;
}

/* A validation result by its stored name; unknown names are "never". */
static enum gz_vstatus get_result(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	int i = cJSON_IsString(v) ? lookup(vstatus_names, GZ_VSTATUS_NONE + 1, v->valuestring) : -1;

	return i < 0 ? GZ_VSTATUS_NONE : (enum gz_vstatus)i;
}

/* Fills e from the parsed JSON; returns a reason on failure. */
static const char *from_json(struct gz_entry *e, const cJSON *root, const char *org, int *newer)
{
	const cJSON *v, *h;
	unsigned i;
	int bad = 0, w;

	if (!cJSON_IsObject(root))
		return "not a JSON object";
	v = cJSON_GetObjectItemCaseSensitive(root, "version");
	/* compared as a double before any conversion: a huge number is no int */
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 1))
		return "no format version";
	if (v->valuedouble > GZ_ENTRY_VERSION) {
		*newer = 1;
		return "unsupported format version";
	}
	if (v->valuedouble != (double)(int)v->valuedouble)
		return "no format version";
	e->version = (int)v->valuedouble;
	v = cJSON_GetObjectItemCaseSensitive(root, "org");
	if (!cJSON_IsString(v) || strcmp(v->valuestring, org))
		return "organisation does not match the file name";
	snprintf(e->org, sizeof(e->org), "%s", org);
	v = cJSON_GetObjectItemCaseSensitive(root, "store");
	w = v ? (cJSON_IsString(v) ? lookup(where_names, 2, v->valuestring) : -1) : GZ_PAT_FILE;
	if (w < 0)
		return "unknown PAT store";
	e->where = (enum gz_pat_where)w;
	v = cJSON_GetObjectItemCaseSensitive(root, "pat");
	if (e->where == GZ_PAT_FILE) {
		if (!cJSON_IsString(v) || !gz_secret_is_pat(v->valuestring))
			return "no valid PAT";
		e->pat = strdup(v->valuestring);
		if (!e->pat)
			return "out of memory";
	} else if (v && !cJSON_IsNull(v)) {
		return "a PAT in the file of an entry whose PAT is elsewhere";
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "user");
	if (cJSON_IsString(v) && v->valuestring[0] && gz_entry_set_user(e, v->valuestring))
		return "out of memory";
	e->expires = get_time(root, "expires", &bad);
	e->added = get_time(root, "added", &bad);
	e->validated = get_time(root, "validated", &bad);
	e->rejected = get_time(root, "rejected", &bad);
	e->result = get_result(root, "status");
	v = cJSON_GetObjectItemCaseSensitive(root, "scopes");
	for (i = 0; cJSON_IsObject(v) && i < GZ_SCOPE_COUNT; i++) {
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(v, gz_scope_get(i)->id);

		if (cJSON_IsBool(b)) {
			e->scopes_checked |= 1u << i;
			if (cJSON_IsTrue(b))
				e->scopes_present |= 1u << i;
		}
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "push");
	e->push = cJSON_IsBool(v) ? cJSON_IsTrue(v) : GZ_PUSH_UNKNOWN;
	e->rechecked = get_time(root, "rechecked", &bad);
	v = cJSON_GetObjectItemCaseSensitive(root, "recheck");
	if (cJSON_IsString(v) && strlen(v->valuestring) < sizeof(e->recheck))
		strcpy(e->recheck, v->valuestring);
	v = cJSON_GetObjectItemCaseSensitive(root, "history");
	cJSON_ArrayForEach(h, v)
	{
		struct gz_hist *x;

		if (e->nhist == GZ_ENTRY_HIST_MAX || !cJSON_IsObject(h))
			break;
		x = &e->hist[e->nhist++];
		x->added = get_time(h, "added", &bad);
		x->replaced = get_time(h, "replaced", &bad);
		x->validated = get_time(h, "validated", &bad);
		x->result = get_result(h, "status");
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

int gz_entry_parse(struct gz_entry *e, const char *buf, size_t len, const char *org)
{
	const char *end = NULL, *why;
	cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	int newer = 0;

	gz_entry_init(e, NULL);
	/* only white space may follow the object */
	while (root && end && end < buf + len &&
	       (*end == ' ' || *end == '\n' || *end == '\t' || *end == '\r'))
		end++;
	if (root && end != buf + len) {
		wipe_json_pat(root);
		cJSON_Delete(root);
		root = NULL;
	}
	why = root ? from_json(e, root, org, &newer) : "not valid JSON";
	if (root) {
		wipe_json_pat(root);
		cJSON_Delete(root);
	}
	if (why) {
		gz_entry_release(e);
		gz_error_set("%s", why);
		return newer ? GZ_ENEWER : GZ_EINVALID;
	}
	return 0;
}

/* ---- printing ---------------------------------------------------------------- */

static int add_time(cJSON *o, const char *key, int64_t t)
{
	return cJSON_AddNumberToObject(o, key, gz_when_valid(t) ? (double)t : 0) != NULL;
}

/* The JSON of e, or NULL (out of memory). Every cJSON_Add* is checked: an
 * entry is whole or not made. */
static cJSON *to_json(const struct gz_entry *e)
{
	cJSON *root = cJSON_CreateObject(), *scopes, *hist;
	unsigned i;
	size_t k;
	int ok;

	if (!root)
		return NULL;
	ok = cJSON_AddNumberToObject(root, "version", e->where == GZ_PAT_FILE ? 1 : 2) &&
	     cJSON_AddStringToObject(root, "org", e->org) &&
	     (e->where == GZ_PAT_FILE ||
	      cJSON_AddStringToObject(root, "store", gz_pat_where_name(e->where)) != NULL) &&
	     (e->where == GZ_PAT_FILE ? cJSON_AddStringToObject(root, "pat", e->pat) != NULL :
					cJSON_AddNullToObject(root, "pat") != NULL) &&
	     (e->user ? cJSON_AddStringToObject(root, "user", e->user) != NULL :
			cJSON_AddNullToObject(root, "user") != NULL) &&
	     add_time(root, "expires", e->expires) && add_time(root, "added", e->added) &&
	     add_time(root, "validated", e->validated) && add_time(root, "rejected", e->rejected) &&
	     cJSON_AddStringToObject(root, "status", gz_vstatus_name(e->result)) &&
	     (e->push == GZ_PUSH_UNKNOWN ? cJSON_AddNullToObject(root, "push") != NULL :
					   cJSON_AddBoolToObject(root, "push", e->push) != NULL);
	if (ok && e->rechecked)
		ok = add_time(root, "rechecked", e->rechecked) &&
		     cJSON_AddStringToObject(root, "recheck", e->recheck) != NULL;
	scopes = ok ? cJSON_AddObjectToObject(root, "scopes") : NULL;
	ok = ok && scopes;
	for (i = 0; ok && i < GZ_SCOPE_COUNT; i++)
		if (e->scopes_checked & (1u << i))
			ok = cJSON_AddBoolToObject(scopes, gz_scope_get(i)->id,
						   !!(e->scopes_present & (1u << i))) != NULL;
	hist = ok ? cJSON_AddArrayToObject(root, "history") : NULL;
	ok = ok && hist;
	for (k = 0; ok && k < e->nhist && k < GZ_ENTRY_HIST_MAX; k++) {
		cJSON *h = cJSON_CreateObject();

		ok = h && add_time(h, "added", e->hist[k].added) &&
		     add_time(h, "replaced", e->hist[k].replaced) &&
		     add_time(h, "validated", e->hist[k].validated) &&
		     cJSON_AddStringToObject(h, "status", gz_vstatus_name(e->hist[k].result));
		if (h && (!ok || !cJSON_AddItemToArray(hist, h))) {
			cJSON_Delete(h);
			ok = 0;
		}
	}
	if (!ok) {
		wipe_json_pat(root);
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

int gz_entry_print(char *out, size_t *len, const struct gz_entry *e)
{
	cJSON *root;
	int rc = 0;

	*len = 0;
	if (e->where == GZ_PAT_FILE && !gz_secret_is_pat(e->pat)) {
		gz_error_set("refusing to store something that is not a PAT");
		return GZ_EINVALID;
	}
	root = to_json(e);
	if (!root) {
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	/* printed into the caller's buffer, so no reallocation leaves a copy of the PAT */
	if (!cJSON_PrintPreallocated(root, out, GZ_ENTRY_TEXT_MAX - 1, 1)) {
		gz_secret_wipe(out, GZ_ENTRY_TEXT_MAX);
		gz_error_set("the entry does not fit in %d bytes", GZ_ENTRY_TEXT_MAX);
		rc = GZ_ERROR;
	} else {
		*len = strlen(out);
		out[(*len)++] = '\n';
	}
	wipe_json_pat(root);
	cJSON_Delete(root);
	return rc;
}
