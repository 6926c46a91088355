/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "err.h"
#include "scope.h"
#include "store.h"

#define PAT1 "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"
#define PAT2 "bbcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"

struct fixture {
	char root[64];
	struct gz_store st;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	strcpy(f->root, "/tmp/gz-store-XXXXXX");
	assert_non_null(mkdtemp(f->root));
	setenv("XDG_CONFIG_HOME", f->root, 1);
	umask(077);
	assert_int_equal(gz_store_init(&f->st), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->root);
	assert_int_equal(system(cmd), 0);
	gz_store_release(&f->st);
	free(f);
	return 0;
}

static void put(struct fixture *f, const char *org, const char *pat)
{
	struct gz_entry e;
	int fd;

	gz_entry_init(&e, org);
	e.pat = strdup(pat);
	e.user = strdup("alice");
	e.added = 1000;
	e.expires = 2000000000;
	assert_int_equal(gz_store_lock(&fd, &f->st, org), 0);
	assert_int_equal(gz_store_save(&f->st, &e), 0);
	gz_store_unlock(fd);
	gz_entry_release(&e);
}

static char *file_of(struct fixture *f, const char *org)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s.json", f->st.dir, org) > 0);
	return p;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	chmod(path, 0600);
}

static void store__missing_directory_means_no_entry(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;

	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_ENOTFOUND);
}

static void store__saved_entry_loads_back_with_private_modes(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;
	struct stat st;
	char *p = file_of(f, "contoso");

	put(f, "contoso", PAT1);
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), 0);
	assert_string_equal(e.pat, PAT1);
	assert_string_equal(e.user, "alice");
	assert_int_equal(e.expires, 2000000000);
	assert_int_equal(e.added, 1000);
	gz_entry_release(&e);
	assert_int_equal(stat(f->st.dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(p);
}

static void store__scopes_and_history_survive_a_round_trip(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;
	int fd;

	put(f, "contoso", PAT1);
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), 0);
	e.validated = 1500;
	e.result = GZ_VSTATUS_MISSING;
	e.scopes_checked = GZ_SCOPE_ALL;
	e.scopes_present = GZ_SCOPE_ALL & ~(1u << GZ_SCOPE_CODE);
	assert_int_equal(gz_entry_take(&e, strdup(PAT2), 0, 3000), GZ_ENTRY_TOOK_ROTATED);
	e.validated = 3001;
	e.scopes_checked = GZ_SCOPE_ALL;
	e.scopes_present = GZ_SCOPE_ALL & ~(1u << GZ_SCOPE_IDENTITY);
	assert_int_equal(gz_store_lock(&fd, &f->st, "contoso"), 0);
	assert_int_equal(gz_store_save(&f->st, &e), 0);
	gz_store_unlock(fd);
	gz_entry_release(&e);

	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), 0);
	assert_string_equal(e.pat, PAT2);
	assert_int_equal(e.added, 3000);
	assert_int_equal(e.scopes_checked, GZ_SCOPE_ALL);
	assert_int_equal(e.scopes_present, GZ_SCOPE_ALL & ~(1u << GZ_SCOPE_IDENTITY));
	assert_int_equal(e.nhist, 1);
	assert_int_equal(e.hist[0].added, 1000);
	assert_int_equal(e.hist[0].replaced, 3000);
	assert_int_equal(e.hist[0].validated, 1500);
	assert_int_equal(e.hist[0].result, GZ_VSTATUS_MISSING);
	assert_string_equal(gz_vstatus_name(e.hist[0].result), "missing_scopes");
	gz_entry_release(&e);
}

static void store__group_readable_file_is_refused(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;
	char *p = file_of(f, "contoso");

	put(f, "contoso", PAT1);
	chmod(p, 0640);
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_EUNSAFE);
	assert_non_null(strstr(gz_error_last(), "chmod 600"));
	assert_null(strstr(gz_error_last(), PAT1));
	free(p);
}

static void store__world_accessible_directory_is_refused(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;

	put(f, "contoso", PAT1);
	chmod(f->st.dir, 0755);
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_EUNSAFE);
	assert_non_null(strstr(gz_error_last(), "chmod 700"));
	chmod(f->st.dir, 0700);
}

static void store__symlinked_entry_is_refused(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;
	char *p = file_of(f, "contoso"), *q = file_of(f, "fabrikam");

	put(f, "contoso", PAT1);
	assert_int_equal(symlink(p, q), 0);
	assert_int_equal(gz_store_load(&e, &f->st, "fabrikam"), GZ_EUNSAFE);
	assert_non_null(strstr(gz_error_last(), "symbolic link"));
	free(p);
	free(q);
}

static void store__damaged_entry_is_reported_and_kept(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;
	char *p = file_of(f, "contoso");
	struct stat st;

	put(f, "contoso", PAT1);
	write_file(p, "{\"version\":1,\"org\":\"contoso\",\"pat\":");
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_EINVALID);
	assert_non_null(strstr(gz_error_last(), "git gitzen add contoso"));
	assert_int_equal(stat(p, &st), 0);
	assert_true(st.st_size > 0);
	free(p);
}

static void store__wrong_types_are_damage_not_a_crash(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;
	char *p = file_of(f, "contoso");

	put(f, "contoso", PAT1);
	write_file(p, "{\"version\":1,\"org\":\"contoso\",\"pat\":42,\"history\":7,\"scopes\":[]}");
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_EINVALID);
	write_file(p, "[1,2,3]");
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_EINVALID);
	free(p);
}

static void store__out_of_range_times_are_damage(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;
	char *p = file_of(f, "contoso");

	put(f, "contoso", PAT1);
	write_file(p, "{\"version\":1,\"org\":\"contoso\",\"pat\":\"" PAT1 "\",\"expires\":1e999}");
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_EINVALID);
	write_file(p, "{\"version\":1,\"org\":\"contoso\",\"pat\":\"" PAT1 "\",\"history\":[{\"added\":-1e300}]}");
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_EINVALID);
	write_file(p, "{\"version\":1,\"org\":\"contoso\",\"pat\":\"" PAT1 "\",\"expires\":\"soon\"}");
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_EINVALID);
	free(p);
}

static void store__newer_format_asks_for_an_upgrade(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;
	char *p = file_of(f, "contoso");

	put(f, "contoso", PAT1);
	write_file(p, "{\"version\":3,\"org\":\"contoso\",\"pat\":\"" PAT1 "\"}");
	assert_int_equal(GZ_ENTRY_VERSION + 1, 3);
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_ENEWER);
	assert_non_null(strstr(gz_error_last(), "upgrade gitzen"));
	free(p);
}

static void store__entry_of_another_org_is_refused(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;
	char *p = file_of(f, "fabrikam");

	put(f, "contoso", PAT1);
	write_file(p, "{\"version\":1,\"org\":\"contoso\",\"pat\":\"" PAT1 "\"}");
	assert_int_equal(gz_store_load(&e, &f->st, "fabrikam"), GZ_EINVALID);
	free(p);
}

static void store__oversized_file_is_refused(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;
	char *p = file_of(f, "contoso");
	FILE *fp;
	int i;

	put(f, "contoso", PAT1);
	fp = fopen(p, "w");
	assert_non_null(fp);
	for (i = 0; i < 200000; i++)
		fputs("          ", fp);
	fclose(fp);
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_EINVALID);
	assert_non_null(strstr(gz_error_last(), "too large"));
	free(p);
}

static void store__list_is_sorted_and_skips_other_files(void **state)
{
	struct fixture *f = *state;
	char **orgs;
	size_t n;
	char *junk;

	put(f, "fabrikam", PAT1);
	put(f, "contoso", PAT2);
	assert_true(asprintf(&junk, "%s/notes.txt", f->st.dir) > 0);
	write_file(junk, "x");
	assert_int_equal(gz_store_list(&orgs, &n, &f->st), 0);
	assert_int_equal(n, 2);
	assert_string_equal(orgs[0], "contoso");
	assert_string_equal(orgs[1], "fabrikam");
	gz_store_list_free(orgs, n);
	free(junk);
}

static void store__remove_deletes_only_that_org(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;
	int fd;

	put(f, "fabrikam", PAT1);
	put(f, "contoso", PAT2);
	assert_int_equal(gz_store_lock(&fd, &f->st, "contoso"), 0);
	assert_int_equal(gz_store_remove(&f->st, "contoso"), 0);
	assert_int_equal(gz_store_remove(&f->st, "contoso"), GZ_ENOTFOUND);
	gz_store_unlock(fd);
	assert_int_equal(gz_store_load(&e, &f->st, "contoso"), GZ_ENOTFOUND);
	assert_int_equal(gz_store_load(&e, &f->st, "fabrikam"), 0);
	gz_entry_release(&e);
}

static void store__save_refuses_a_non_pat(void **state)
{
	struct fixture *f = *state;
	struct gz_entry e;

	gz_entry_init(&e, "contoso");
	e.pat = strdup("not-a-pat");
	assert_int_equal(gz_store_save(&f->st, &e), GZ_EINVALID);
	gz_entry_release(&e);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(store__missing_directory_means_no_entry),
		T(store__saved_entry_loads_back_with_private_modes),
		T(store__scopes_and_history_survive_a_round_trip),
		T(store__group_readable_file_is_refused),
		T(store__world_accessible_directory_is_refused),
		T(store__symlinked_entry_is_refused),
		T(store__damaged_entry_is_reported_and_kept),
		T(store__wrong_types_are_damage_not_a_crash),
		T(store__out_of_range_times_are_damage),
		T(store__newer_format_asks_for_an_upgrade),
		T(store__entry_of_another_org_is_refused),
		T(store__oversized_file_is_refused),
		T(store__list_is_sorted_and_skips_other_files),
		T(store__remove_deletes_only_that_org),
		T(store__save_refuses_a_non_pat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
