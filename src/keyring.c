/* SPDX-License-Identifier: MIT */
/*
 * The Secret Service through libsecret, loaded with dlopen() on first use.
 *
 * libsecret's headers give the types and, through __typeof__, the exact
 * signature of every function taken with dlsym(); nothing is linked. glib,
 * gobject and gio come in as libsecret's own dependencies and are looked
 * up through the same handle.
 *
 * Each operation runs on one private GMainContext (pushed as the thread's
 * default for the duration, so libsecret's and GDBus's callbacks are
 * dispatched there), against one deadline: wait() iterates the context
 * until the call completes or a timeout source fires, and a call still
 * running then is cancelled and drained.
 */
#define _GNU_SOURCE
#include "keyring.h"
#include "err.h"
#include "esc.h"
#include "secret.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

/* for secret-paths.h: the D-Bus path calls, in libsecret since 0.7 */
#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>

#define SO_NAME "libsecret-1.so.0"
#define DRAIN_MS 200 /* how long a cancelled call gets to report back */

#define FN(name) __typeof__(name) *name
static struct {
	int tried;
	void *so;
	FN(g_main_context_new);
	FN(g_main_context_push_thread_default);
	FN(g_main_context_pop_thread_default);
	FN(g_main_context_iteration);
	FN(g_timeout_source_new);
	FN(g_source_set_callback);
	FN(g_source_attach);
	FN(g_source_destroy);
	FN(g_source_unref);
	FN(g_cancellable_new);
	FN(g_cancellable_cancel);
	FN(g_object_ref);
	FN(g_object_unref);
	FN(g_error_free);
	FN(g_list_free_full);
	FN(g_hash_table_unref);
	FN(g_strfreev);
	FN(g_io_error_quark);
	FN(g_bus_get);
	FN(g_bus_get_finish);
	FN(g_dbus_connection_set_exit_on_close);
	FN(secret_error_get_quark);
	FN(secret_attributes_build);
	FN(secret_service_get);
	FN(secret_service_get_finish);
	FN(secret_service_search);
	FN(secret_service_search_finish);
	FN(secret_service_search_for_dbus_paths);
	FN(secret_service_search_for_dbus_paths_finish);
	FN(secret_service_get_secret_for_dbus_path);
	FN(secret_service_get_secret_for_dbus_path_finish);
	FN(secret_service_unlock);
	FN(secret_service_unlock_finish);
	FN(secret_collection_for_alias);
	FN(secret_collection_for_alias_finish);
	FN(secret_collection_get_locked);
	FN(secret_item_get_locked);
	FN(secret_item_get_secret);
	FN(secret_value_get_text);
	FN(secret_value_unref);
	FN(secret_password_store);
	FN(secret_password_store_finish);
	FN(secret_password_clear);
	FN(secret_password_clear_finish);
} ls;
#undef FN

static const SecretSchema schema = {
	"gitzen.PAT",
	SECRET_SCHEMA_NONE,
	{ { "application", SECRET_SCHEMA_ATTRIBUTE_STRING },
	  { "org", SECRET_SCHEMA_ATTRIBUTE_STRING },
	  { NULL, SECRET_SCHEMA_ATTRIBUTE_STRING } },
	0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

int gz_keyring_bus_present(void)
{
	const char *a = getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *r = getenv("XDG_RUNTIME_DIR");
	char path[4096];
	struct stat st;

	if (a && *a)
		return 1;
	if (!r || *r != '/' || strlen(r) + sizeof("/bus") > sizeof(path))
		return 0;
	strcpy(path, r);
	strcat(path, "/bus");
	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

static int load(void)
{
	if (ls.tried)
		goto done;
	ls.tried = 1;
	ls.so = dlopen(SO_NAME, RTLD_LAZY | RTLD_LOCAL);
	if (!ls.so)
		goto done;
#define SYM(name)                                                     \
	do {                                                          \
		*(void **)&ls.name = dlsym(ls.so, #name);             \
		if (!ls.name)                                         \
			goto missing;                                 \
	} while (0)
	SYM(g_main_context_new);
	SYM(g_main_context_push_thread_default);
	SYM(g_main_context_pop_thread_default);
	SYM(g_main_context_iteration);
	SYM(g_timeout_source_new);
	SYM(g_source_set_callback);
	SYM(g_source_attach);
	SYM(g_source_destroy);
	SYM(g_source_unref);
	SYM(g_cancellable_new);
	SYM(g_cancellable_cancel);
	SYM(g_object_ref);
	SYM(g_object_unref);
	SYM(g_error_free);
	SYM(g_list_free_full);
	SYM(g_hash_table_unref);
	SYM(g_strfreev);
	SYM(g_io_error_quark);
	SYM(g_bus_get);
	SYM(g_bus_get_finish);
	SYM(g_dbus_connection_set_exit_on_close);
	SYM(secret_error_get_quark);
	SYM(secret_attributes_build);
	SYM(secret_service_get);
	SYM(secret_service_get_finish);
	SYM(secret_service_search);
	SYM(secret_service_search_finish);
	SYM(secret_service_search_for_dbus_paths);
	SYM(secret_service_search_for_dbus_paths_finish);
	SYM(secret_service_get_secret_for_dbus_path);
	SYM(secret_service_get_secret_for_dbus_path_finish);
	SYM(secret_service_unlock);
	SYM(secret_service_unlock_finish);
	SYM(secret_collection_for_alias);
	SYM(secret_collection_for_alias_finish);
	SYM(secret_collection_get_locked);
	SYM(secret_item_get_locked);
	SYM(secret_item_get_secret);
	SYM(secret_value_get_text);
	SYM(secret_value_unref);
	SYM(secret_password_store);
	SYM(secret_password_store_finish);
	SYM(secret_password_clear);
	SYM(secret_password_clear_finish);
#undef SYM
	goto done;
missing:
	/* a libsecret too old or not what it claims: not used at all */
	dlclose(ls.so);
	ls.so = NULL;
done:
	if (!ls.so) {
		gz_error_set("the keyring cannot be used: libsecret (Debian package libsecret-1-0) is not installed or not usable");
		return GZ_EUNAVAIL;
	}
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One operation: its context, cancellable, bus, service and deadline. */
struct op {
	GMainContext *ctx;
	GCancellable *cancel;
	GDBusConnection *bus;
	SecretService *service;
	long deadline;
};

/* One asynchronous call. Heap-allocated: a call that neither completes
 * nor reports its cancellation in time is abandoned, never freed while
 * libsecret may still write into it. */
struct call {
	GAsyncResult *res;
	int expired;
};

/* g_object_ref is also a macro in glib's header: called through the
 * parenthesised pointer */
static gpointer ref(gpointer o)
{
	return (ls.g_object_ref)(o);
}

static void on_done(GObject *source, GAsyncResult *res, gpointer data)
{
	struct call *c = data;

	(void)source;
	c->res = ref(res);
}

static gboolean on_expired(gpointer data)
{
	struct call *c = data;

	c->expired = 1;
	return G_SOURCE_REMOVE;
}

static void call_free(struct call *c)
{
	if (!c)
		return;
	if (c->res)
		ls.g_object_unref(c->res);
	free(c);
}

static int locked(void)
{
	gz_error_set("the keyring is locked; unlock it, or set gitzen.secretStore to file");
	return GZ_ELOCKED;
}

static void set_timeout_error(void)
{
	gz_error_set("the keyring did not answer in time; nothing was changed");
}

/* Iterates the context until c completes or ms have passed. */
static void iterate(struct op *op, struct call *c, long ms)
{
	GSource *t = ls.g_timeout_source_new((guint)(ms < 1 ? 1 : ms));

	c->expired = 0;
	ls.g_source_set_callback(t, on_expired, c, NULL);
	ls.g_source_attach(t, op->ctx);
	while (!c->res && !c->expired)
		ls.g_main_context_iteration(op->ctx, TRUE);
	ls.g_source_destroy(t);
	ls.g_source_unref(t);
}

/* Runs the context until c completes or until `until` (monotonic ms).
 * 0 with c->res set, or GZ_EUNAVAIL: the call was cancelled, and c then
 * belongs to the drain and must not be used. */
static int wait_until(struct op *op, struct call *c, long until)
{
	iterate(op, c, until - now_ms());
	if (c->res)
		return 0;
	/* cancel, and let the call report back for a short bounded while */
	ls.g_cancellable_cancel(op->cancel);
	iterate(op, c, DRAIN_MS);
	if (c->res)
		call_free(c);
	/* else: abandoned, see struct call */
	set_timeout_error();
	return GZ_EUNAVAIL;
}

static int wait_call(struct op *op, struct call *c)
{
	return wait_until(op, c, op->deadline);
}

/* A new call, or NULL with the error set. */
static struct call *call_new(void)
{
	struct call *c = calloc(1, sizeof(struct call));

	if (!c)
		gz_error_set("out of memory");
	return c;
}

/* Maps a GError to a result, with one line in gz_error_last(). */
static int from_error(GError *err, const char *what)
{
	char msg[256];
	int rc;

	if (!err) {
		gz_error_set("the keyring failed to %s", what);
		return GZ_ERROR;
	}
	gz_esc(msg, sizeof(msg), err->message);
	if (err->domain == ls.secret_error_get_quark() && err->code == SECRET_ERROR_IS_LOCKED) {
		rc = locked();
	} else if (err->domain == ls.secret_error_get_quark()) {
		gz_error_set("the keyring refused to %s: %s", what, msg);
		rc = GZ_ERROR;
	} else if (err->domain == ls.g_io_error_quark() && err->code == G_IO_ERROR_CANCELLED) {
		set_timeout_error();
		rc = GZ_EUNAVAIL;
	} else {
		/* no bus, no Secret Service on it, the service went away */
		gz_error_set("no Secret Service answers on the session bus (%s)", msg);
		rc = GZ_EUNAVAIL;
	}
	ls.g_error_free(err);
	return rc;
}

static void op_end(struct op *op)
{
	if (op->service)
		ls.g_object_unref(op->service);
	if (op->bus)
		ls.g_object_unref(op->bus);
	if (op->cancel)
		ls.g_object_unref(op->cancel);
	if (op->ctx) {
		ls.g_main_context_pop_thread_default(op->ctx);
		/* the context is kept: an abandoned call may still refer to it */
	}
	memset(op, 0, sizeof(*op));
}

/* Loads libsecret, connects to the bus and gets the service. */
static int op_begin(struct op *op, int timeout_ms)
{
	static GMainContext *ctx; /* one for the process, see op_end */
	struct call *c;
	GError *err = NULL;
	int rc;

	memset(op, 0, sizeof(*op));
	op->deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 1);
	if (!gz_keyring_bus_present()) {
		gz_error_set("no Secret Service: there is no session bus (no DBUS_SESSION_BUS_ADDRESS, no $XDG_RUNTIME_DIR/bus)");
		return GZ_EUNAVAIL;
	}
	rc = load();
	if (rc)
		return rc;
	if (!ctx)
		ctx = ls.g_main_context_new();
	op->ctx = ctx;
	ls.g_main_context_push_thread_default(op->ctx);
	op->cancel = ls.g_cancellable_new();

	/* the session bus first, to keep a lost bus from ending the process;
	 * held for the whole operation: GIO keeps only a weak reference to the
	 * shared connection, which would be closed on the last unref, and
	 * libsecret would then open a second one, exit-on-close again */
	if (!(c = call_new())) {
		rc = GZ_ERROR;
		goto fail;
	}
	ls.g_bus_get(G_BUS_TYPE_SESSION, op->cancel, on_done, c);
	if ((rc = wait_call(op, c)))
		goto fail;
	op->bus = ls.g_bus_get_finish(c->res, &err);
	call_free(c);
	if (!op->bus) {
		rc = from_error(err, "connect");
		goto fail;
	}
	ls.g_dbus_connection_set_exit_on_close(op->bus, FALSE);

	if (!(c = call_new())) {
		rc = GZ_ERROR;
		goto fail;
	}
	ls.secret_service_get(SECRET_SERVICE_NONE, op->cancel, on_done, c);
	if ((rc = wait_call(op, c)))
		goto fail;
	op->service = ls.secret_service_get_finish(c->res, &err);
	call_free(c);
	if (!op->service) {
		rc = from_error(err, "open a session");
		goto fail;
	}
	return 0;
fail:
	op_end(op);
	return rc;
}

static int prompt_possible(void)
{
	const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");

	return (x && *x) || (w && *w);
}

/* Asks the service to unlock objects (items or a collection), showing its
 * prompt: bounded by GZ_KEYRING_PROMPT_MS, the time a person gets. 0 when
 * unlocked. Without a graphical session there is nobody to prompt. */
static int unlock(struct op *op, GList *objects)
{
	struct call *c;
	GError *err = NULL;
	int rc, n;

	if (!prompt_possible()) 
		return locked();
	if (!(c = call_new()))
		return GZ_ERROR;
	ls.secret_service_unlock(op->service, objects, op->cancel, on_done, c);
	if ((rc = wait_until(op, c, now_ms() + GZ_KEYRING_PROMPT_MS)))
		return rc;
	n = ls.secret_service_unlock_finish(op->service, c->res, NULL, &err);
	call_free(c);
	if (err)
		return from_error(err, "unlock");
	if (n < 1) 
		return locked();
	/* a person answered: the remaining calls get their own bound */
	op->deadline = now_ms() + GZ_KEYRING_TIMEOUT_MS;
	return 0;
}

/* The default collection, where gz_keyring_put stores (*coll NULL when
 * the service has none). */
static int default_collection(SecretCollection **coll, struct op *op)
{
	struct call *c;
	GError *err = NULL;
	int rc;

	*coll = NULL;
	if (!(c = call_new()))
		return GZ_ERROR;
	ls.secret_collection_for_alias(op->service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
				       op->cancel, on_done, c);
	if ((rc = wait_call(op, c)))
		return rc;
	*coll = ls.secret_collection_for_alias_finish(c->res, &err);
	call_free(c);
	return err ? from_error(err, "find the default collection") : 0;
}

/* A locked collection shows none of its items (gnome-keyring has not even
 * read them): an empty search means "locked", not "missing", when the
 * default collection is locked. Then it is unlocked where a person can be
 * asked (0: search again), else GZ_ELOCKED. GZ_ENOTFOUND when it is not
 * locked; with prompt 0 it is never unlocked. */
static int unlock_default(struct op *op, int prompt)
{
	SecretCollection *coll;
	GList one = { NULL, NULL, NULL };
	int rc;

	if ((rc = default_collection(&coll, op)))
		return rc;
	if (!coll || !ls.secret_collection_get_locked(coll)) {
		rc = GZ_ENOTFOUND;
	} else if (!prompt) {
		rc = locked();
	} else {
		one.data = coll;
		rc = unlock(op, &one);
	}
	if (coll)
		ls.g_object_unref(coll);
	return rc;
}

/* The attributes of org's items (all of gitzen's without org), or NULL
 * with the error set. */
static GHashTable *attributes(const char *org)
{
	GHashTable *attrs;

	attrs = org ? ls.secret_attributes_build(&schema, "application", "gitzen", "org", org, NULL) :
		      ls.secret_attributes_build(&schema, "application", "gitzen", NULL);
	if (!attrs)
		gz_error_set("out of memory");
	return attrs;
}

/* A search's attributes and call, or NULL with the error set. */
static struct call *search_call(GHashTable **attrs, const char *org)
{
	struct call *c;

	if (!(*attrs = attributes(org)))
		return NULL;
	if (!(c = call_new())) {
		ls.g_hash_table_unref(*attrs);
		*attrs = NULL;
	}
	return c;
}

/* Searches for org's items: *items (a GList of SecretItem, possibly
 * empty). */
static int search(GList **items, struct op *op, const char *org, int load_secrets)
{
	struct call *c;
	GHashTable *attrs;
	GError *err = NULL;
	int rc;

	*items = NULL;
	if (!(c = search_call(&attrs, org)))
		return GZ_ERROR;
	ls.secret_service_search(op->service, &schema, attrs,
				 SECRET_SEARCH_ALL | (load_secrets ? SECRET_SEARCH_LOAD_SECRETS : 0),
				 op->cancel, on_done, c);
	ls.g_hash_table_unref(attrs);
	if ((rc = wait_call(op, c)))
		return rc;
	*items = ls.secret_service_search_finish(op->service, c->res, &err);
	call_free(c);
	if (err) {
		ls.g_list_free_full(*items, ls.g_object_unref);
		*items = NULL;
		return from_error(err, "search");
	}
	return 0;
}

/* The first unlocked item of items, else NULL. */
static SecretItem *first_unlocked(GList *items)
{
	for (; items; items = items->next)
		if (!ls.secret_item_get_locked(items->data))
			return items->data;
	return NULL;
}

static int not_found(const char *org)
{
	gz_error_set("the keyring has no gitzen item for %s", org);
	return GZ_ENOTFOUND;
}

/* The D-Bus path of org's first unlocked item: *path (NULL when there is
 * none: no item, or only locked ones), for g_strfreev. A search without
 * SecretItem objects, each of which costs its own D-Bus round trips. */
static int search_unlocked(char ***path, struct op *op, const char *org)
{
	struct call *c;
	GHashTable *attrs;
	GError *err = NULL;
	char **unlocked = NULL;
	int rc;

	*path = NULL;
	if (!(c = search_call(&attrs, org)))
		return GZ_ERROR;
	ls.secret_service_search_for_dbus_paths(op->service, &schema, attrs, op->cancel, on_done, c);
	ls.g_hash_table_unref(attrs);
	if ((rc = wait_call(op, c)))
		return rc;
	if (!ls.secret_service_search_for_dbus_paths_finish(op->service, c->res, &unlocked, NULL, &err))
		rc = from_error(err, "search");
	else if (unlocked && *unlocked)
		*path = unlocked;
	else
		ls.g_strfreev(unlocked);
	call_free(c);
	return rc;
}

/* The secret of the item at path: *v, for secret_value_unref. Opens the
 * transfer session (encrypted, as libsecret negotiates it) on first use. */
static int secret_at(SecretValue **v, struct op *op, const char *path)
{
	struct call *c;
	GError *err = NULL;
	int rc;

	*v = NULL;
	if (!(c = call_new()))
		return GZ_ERROR;
	ls.secret_service_get_secret_for_dbus_path(op->service, path, op->cancel, on_done, c);
	if ((rc = wait_call(op, c)))
		return rc;
	*v = ls.secret_service_get_secret_for_dbus_path_finish(op->service, c->res, &err);
	call_free(c);
	return err ? from_error(err, "read the PAT") : 0;
}

/* The PAT in v: *pat, our own copy; v is unreffed (libsecret wipes its
 * copy). */
static int take_text(char **pat, SecretValue *v, const char *org)
{
	const char *text = ls.secret_value_get_text(v);
	int rc = 0;

	if (!text || !*text) {
		gz_error_set("the keyring's item for %s holds no text", org);
		rc = GZ_ERROR;
	} else if (!(*pat = strdup(text))) {
		gz_error_set("out of memory");
		rc = GZ_ERROR;
	}
	ls.secret_value_unref(v);
	return rc;
}

int gz_keyring_get(char **pat, const char *org, int timeout_ms)
{
	struct op op;
	GList *items = NULL;
	SecretItem *it;
	SecretValue *v;
	char **path;
	int rc;

	*pat = NULL;
	if ((rc = op_begin(&op, timeout_ms)))
		return rc;
	/* the common case, an unlocked item: its secret by its path, two
	 * D-Bus calls (and the session) */
	if ((rc = search_unlocked(&path, &op, org)))
		goto out;
	if (path) {
		rc = secret_at(&v, &op, *path);
		ls.g_strfreev(path);
		if (rc || v) {
			rc = rc ? rc : take_text(pat, v, org);
			goto out;
		}
		/* no secret: locked since the search */
	}
	/* none unlocked: missing, or locked (then unlocked where a person can
	 * be asked), through SecretItem objects */
	if ((rc = search(&items, &op, org, 1)))
		goto out;
	if (!items) {
		if ((rc = unlock_default(&op, 1)) == 0)
			rc = search(&items, &op, org, 1);
		if (rc == GZ_ENOTFOUND || (!rc && !items))
			rc = not_found(org);
		if (rc)
			goto out;
	} else if (!first_unlocked(items)) {
		if ((rc = unlock(&op, items)))
			goto out;
		ls.g_list_free_full(items, ls.g_object_unref);
		if ((rc = search(&items, &op, org, 1)))
			goto out;
	}
	it = first_unlocked(items);
	v = it ? ls.secret_item_get_secret(it) : NULL;
	if (!it || !v) {
		rc = it ? GZ_ERROR : GZ_ELOCKED;
		gz_error_set(it ? "the keyring returned no secret for %s" :
				  "the keyring is locked; unlock it, or set gitzen.secretStore to file",
			     org);
		goto out;
	}
	rc = take_text(pat, v, org);
out:
	ls.g_list_free_full(items, ls.g_object_unref);
	op_end(&op);
	return rc;
}

static int store_once(struct op *op, const char *org, const char *pat, const char *label)
{
	struct call *c;
	GError *err = NULL;
	int rc;

	if (!(c = call_new()))
		return GZ_ERROR;
	ls.secret_password_store(&schema, SECRET_COLLECTION_DEFAULT, label, pat, op->cancel,
				 on_done, c, "application", "gitzen", "org", org, NULL);
	if ((rc = wait_call(op, c)))
		return rc;
	if (!ls.secret_password_store_finish(c->res, &err))
		rc = from_error(err, "store the PAT");
	call_free(c);
	return rc;
}

int gz_keyring_put(const char *org, const char *pat, int timeout_ms)
{
	char label[128];
	struct op op;
	int rc;

	snprintf(label, sizeof(label), "gitzen PAT for %s (Azure DevOps)", org);
	if ((rc = op_begin(&op, timeout_ms)))
		return rc;
	rc = store_once(&op, org, pat, label);
	if (rc == GZ_ELOCKED) {
		int u = unlock_default(&op, 1);

		if (u == 0)
			rc = store_once(&op, org, pat, label);
		else if (u != GZ_ENOTFOUND)
			rc = u;
		else
			rc = locked();
	}
	op_end(&op);
	return rc;
}

int gz_keyring_delete(const char *org, int timeout_ms)
{
	struct op op;
	struct call *c;
	GList *items = NULL, *i;
	GError *err = NULL;
	int rc;

	if ((rc = op_begin(&op, timeout_ms)))
		return rc;
	if ((rc = search(&items, &op, org, 0)))
		goto out;
	if (!items && (rc = unlock_default(&op, 1)) == 0)
		rc = search(&items, &op, org, 0);
	if (rc == GZ_ENOTFOUND || (!rc && !items))
		rc = not_found(org);
	if (rc)
		goto out;
	for (i = items; i; i = i->next)
		if (ls.secret_item_get_locked(i->data))
			break;
	/* a locked item cannot be deleted: unlock first, or say so */
	if (i && (rc = unlock(&op, items)))
		goto out;
	if (!(c = call_new())) {
		rc = GZ_ERROR;
		goto out;
	}
	ls.secret_password_clear(&schema, op.cancel, on_done, c, "application", "gitzen", "org",
				 org, NULL);
	if ((rc = wait_call(&op, c)))
		goto out;
	if (!ls.secret_password_clear_finish(c->res, &err))
		rc = err ? from_error(err, "delete the PAT") : not_found(org);
	call_free(c);
out:
	ls.g_list_free_full(items, ls.g_object_unref);
	op_end(&op);
	return rc;
}

int gz_keyring_check(const char *org, int timeout_ms)
{
	struct op op;
	GList *items = NULL;
	int rc;

	if ((rc = op_begin(&op, timeout_ms)))
		return rc;
	if ((rc = search(&items, &op, org, 0)))
		goto out;
	if (!org)
		goto out;
	if (!items && (rc = unlock_default(&op, 0)) == GZ_ENOTFOUND)
		rc = not_found(org);
	else if (items && !first_unlocked(items)) {
		rc = locked();
	}
out:
	ls.g_list_free_full(items, ls.g_object_unref);
	op_end(&op);
	return rc;
}
