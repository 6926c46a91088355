/* SPDX-License-Identifier: MIT */
#ifndef GZ_KEYRING_H
#define GZ_KEYRING_H

#include <stddef.h>

/*
 * The desktop keyring: an organisation's PAT kept by the freedesktop
 * Secret Service (GNOME Keyring, KeePassXC, KWallet) on the session bus.
 *
 * libsecret (Debian libsecret-1-0) is loaded at run time with dlopen(),
 * the first time a keyring function is called, and never before: a
 * program that only reads file entries costs what it did without this
 * module, and neither program links libsecret or glib.
 *
 * One item per organisation, in the default collection:
 *   label       "gitzen PAT for <org> (Azure DevOps)"
 *   attributes  xdg:schema = "gitzen.PAT", application = "gitzen",
 *               org = <org> (normalised: lower case)
 *
 * Every operation is bounded by timeout_ms, as a whole (loading the
 * library, connecting to the bus, each D-Bus call): the calls are made
 * with libsecret's asynchronous API on a private GMainContext with a
 * timeout source, and a call still running at the deadline is cancelled.
 * When the item or the collection is locked and there is a graphical
 * session (DISPLAY or WAYLAND_DISPLAY), the keyring's own unlock prompt is
 * shown and a person gets GZ_KEYRING_PROMPT_MS to answer it; otherwise a
 * locked keyring is GZ_ELOCKED at once.
 *
 * Results: 0; GZ_ENOTFOUND (no item); GZ_EUNAVAIL (no session bus, no
 * Secret Service on it, libsecret not installed, or no answer in time);
 * GZ_ELOCKED; GZ_ERROR (the service refused). The detail, one line that
 * never holds a secret, is in gz_error_last(). Nothing here deletes or
 * changes anything but the one item named.
 *
 * Secrets: what the service returns is copied into memory the caller
 * frees with gz_secret_free(); libsecret's own copy is released with
 * secret_value_unref(), which wipes it.
 */

#define GZ_KEYRING_TIMEOUT_MS 1500  /* a bound per operation: `get` is done within 2 s */
#define GZ_KEYRING_PROMPT_MS 60000 /* what a person gets to unlock it */

/* Whether a session bus can be reached at all, without loading anything:
 * DBUS_SESSION_BUS_ADDRESS is set, or $XDG_RUNTIME_DIR/bus is a socket.
 * 1 or 0. */
int gz_keyring_bus_present(void);

/* Reads org's PAT into *pat (the caller frees it with gz_secret_free). */
int gz_keyring_get(char **pat, const char *org, int timeout_ms);

/* Stores pat as org's PAT, replacing the item that was there. */
int gz_keyring_put(const char *org, const char *pat, int timeout_ms);

/* Deletes org's item. 0, or GZ_ENOTFOUND when there was none. */
int gz_keyring_delete(const char *org, int timeout_ms);

/* Whether org's item is there, without reading the secret: 0 (there and
 * unlocked), GZ_ELOCKED (there, locked), GZ_ENOTFOUND, GZ_EUNAVAIL. With
 * org NULL: whether the Secret Service answers (0) at all. Never prompts. */
int gz_keyring_check(const char *org, int timeout_ms);

#endif
