/* SPDX-License-Identifier: MIT */
/*
 * resolve: what a run leaves behind in the process. It turns off libgit2's
 * strict hash verification while it reads (a process-wide option with no
 * getter), so the test sees the option through its effect: an object whose
 * bytes are another object's is refused when verification is on.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "err.h"
#include "ref.h"
#include "resolve.h"
#include "tmphome.h"

#include <git2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static char repo_dir[300];
static git_oid blob_a; /* its loose object holds blob b's bytes */

static void loose_path(char *out, size_t n, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(out, n, "%s/.git/objects/%.2s/%s", repo_dir, hex, hex + 2);
}

static int group_setup(void **state)
{
	git_repository *r = NULL;
	git_oid blob_b;
	char pa[600], pb[600], text[4096];
	FILE *in, *out;
	size_t len;

	if (tmphome_setup(state))
		return -1;
	snprintf(repo_dir, sizeof(repo_dir), "%s/repo", tmp);
	if (git_repository_init(&r, repo_dir, 0) < 0 ||
	    git_blob_create_from_buffer(&blob_a, r, "a\n", 2) < 0 ||
	    git_blob_create_from_buffer(&blob_b, r, "b\n", 2) < 0)
		return -1;
	git_repository_free(r);
	loose_path(pa, sizeof(pa), &blob_a);
	loose_path(pb, sizeof(pb), &blob_b);
	in = fopen(pb, "rb");
	if (!in)
		return -1;
	len = fread(text, 1, sizeof(text), in);
	fclose(in);
	if (chmod(pa, 0644) < 0 || !(out = fopen(pa, "wb")))
		return -1;
	if (fwrite(text, 1, len, out) != len || fclose(out))
		return -1;
	return 0;
}

/* 0 when the blob named a reads back, a libgit2 error code otherwise. */
static int read_blob_a(void)
{
	git_repository *r = NULL;
	git_odb *odb = NULL;
	git_odb_object *o = NULL;
	int rc;

	assert_int_equal(git_repository_open(&r, repo_dir), 0);
	assert_int_equal(git_repository_odb(&odb, r), 0);
	rc = git_odb_read(&o, odb, &blob_a);
	git_odb_object_free(o);
	git_odb_free(odb);
	git_repository_free(r);
	return rc;
}

static void strict_hash_verification_is_on_again_after_a_run(void **state)
{
	struct gz_ref_list refs = GZ_REF_LIST_INIT;
	struct gz_resolve r = GZ_RESOLVE_INIT;

	(void)state;
	/* the fixture's premise: libgit2's default refuses the swapped object */
	assert_int_not_equal(read_blob_a(), 0);
	r.repo_dir = repo_dir;
	assert_int_equal(gz_resolve_run(&r, &refs), 0);
	gz_resolve_release(&r);
	assert_int_not_equal(read_blob_a(), 0);
}

static void strict_hash_verification_is_on_again_after_a_failed_run(void **state)
{
	struct gz_ref_list refs = GZ_REF_LIST_INIT;
	struct gz_resolve r = GZ_RESOLVE_INIT;
	char missing[400];

	(void)state;
	snprintf(missing, sizeof(missing), "%s/not-a-repository", tmp);
	r.repo_dir = missing;
	assert_int_equal(gz_resolve_run(&r, &refs), GZ_EINVALID);
	gz_resolve_release(&r);
	assert_int_not_equal(read_blob_a(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strict_hash_verification_is_on_again_after_a_run),
		cmocka_unit_test(strict_hash_verification_is_on_again_after_a_failed_run),
	};

	return cmocka_run_group_tests(tests, group_setup, tmphome_teardown);
}
