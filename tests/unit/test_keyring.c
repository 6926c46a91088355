/* SPDX-License-Identifier: MIT */
/*
 * The keyring module without a keyring: what happens on a machine with no
 * session bus (headless, containers, WSL), and with a bus address that
 * leads nowhere. The real Secret Service is tested end to end
 * (tests/e2e/t-keyring-*.sh). These tests never reach the user's own bus:
 * main() clears the variables that would lead to it.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dlfcn.h>
#include <cmocka.h>

#include "err.h"
#include "keyring.h"

static long ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (long)(b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static int libsecret_loaded(void)
{
	void *h = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_NOLOAD);

	if (h)
		dlclose(h);
	return h != NULL;
}

static void keyring__no_session_bus_is_unavailable_at_once_without_loading_libsecret(void **state)
{
	struct timespec t0;
	char sentinel[] = "untouched", *pat = sentinel; /* must come back NULL */

	(void)state;
	assert_int_equal(gz_keyring_bus_present(), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(gz_keyring_get(&pat, "contoso", GZ_KEYRING_TIMEOUT_MS), GZ_EUNAVAIL);
	assert_null(pat);
	assert_non_null(strstr(gz_error_last(), "no session bus"));
	assert_int_equal(gz_keyring_put("contoso", "x", GZ_KEYRING_TIMEOUT_MS), GZ_EUNAVAIL);
	assert_int_equal(gz_keyring_delete("contoso", GZ_KEYRING_TIMEOUT_MS), GZ_EUNAVAIL);
	assert_int_equal(gz_keyring_check(NULL, GZ_KEYRING_TIMEOUT_MS), GZ_EUNAVAIL);
	assert_true(ms_since(&t0) < 100);
	assert_false(libsecret_loaded());
}

static void keyring__runtime_dir_without_a_bus_socket_is_no_bus(void **state)
{
	(void)state;
	setenv("XDG_RUNTIME_DIR", "/nonexistent-gitzen-runtime", 1);
	assert_int_equal(gz_keyring_bus_present(), 0);
	setenv("XDG_RUNTIME_DIR", "relative/dir", 1);
	assert_int_equal(gz_keyring_bus_present(), 0);
	unsetenv("XDG_RUNTIME_DIR");
}

static void keyring__a_bus_address_that_leads_nowhere_is_unavailable_within_the_bound(void **state)
{
	struct timespec t0;
	char *pat = NULL;

	(void)state;
	setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent-gitzen-test/bus", 1);
	assert_int_equal(gz_keyring_bus_present(), 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* libsecret is loaded now (every symbol found), and the bus is not there */
	assert_int_equal(gz_keyring_get(&pat, "contoso", GZ_KEYRING_TIMEOUT_MS), GZ_EUNAVAIL);
	assert_null(pat);
	assert_true(libsecret_loaded());
	assert_int_equal(gz_keyring_put("contoso", "x", GZ_KEYRING_TIMEOUT_MS), GZ_EUNAVAIL);
	assert_int_equal(gz_keyring_check("contoso", GZ_KEYRING_TIMEOUT_MS), GZ_EUNAVAIL);
	assert_true(ms_since(&t0) < 3 * GZ_KEYRING_TIMEOUT_MS);
	assert_non_null(strstr(gz_error_last(), "Secret Service"));
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keyring__no_session_bus_is_unavailable_at_once_without_loading_libsecret),
		cmocka_unit_test(keyring__runtime_dir_without_a_bus_socket_is_no_bus),
		cmocka_unit_test(keyring__a_bus_address_that_leads_nowhere_is_unavailable_within_the_bound),
	};

	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	unsetenv("XDG_RUNTIME_DIR");
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
