/* SPDX-License-Identifier: MIT */
/*
 * resolve: finds gz# references in text and says which commit each is.
 */
#define _GNU_SOURCE
#include "../src/buf.h"
#include "../src/err.h"
#include "../src/http.h"
#include "../src/netcfg.h"
#include "../src/ref.h"
#include "../src/resolve.h"
#include "../src/store.h"
#include "cmds.h"
#include "trace.h"
#include "ui.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEXT_MAX (64u * 1024 * 1024)

/* Reads a whole file ("-": stdin) into b, which bounds it. */
static int read_text(struct gz_buf *b, const char *name)
{
	int fd = strcmp(name, "-") ? open(name, O_RDONLY | O_CLOEXEC) : 0, rc;

	gz_buf_reset(b);
	if (fd < 0) {
		gz_ui_error("cannot read %s: %s", gz_ui_esc(name), strerror(errno));
		return GZ_EXIT_USAGE;
	}
	rc = gz_buf_read_fd(b, fd);
	if (rc == GZ_EINVALID)
		gz_ui_error("%s is larger than %u MiB", gz_ui_esc(name), TEXT_MAX >> 20);
	else if (rc)
		gz_ui_error("cannot read %s: %s", gz_ui_esc(name), strerror(errno));
	if (fd)
		close(fd);
	return rc ? GZ_EXIT_USAGE : GZ_EXIT_OK;
}

static void json_field(const char *key, const char *val)
{
	printf(",\"%s\":", key);
	gz_ui_json_str(stdout, val);
}

static void print_json(const struct gz_resolve *r)
{
	size_t i;

	printf("{\"refs\":[");
	for (i = 0; i < r->n; i++) {
		const struct gz_resolved *it = &r->v[i];

		printf("%s{\"ref\":", i ? "," : "");
		gz_ui_json_str(stdout, it->ref->text);
		printf(",\"status\":\"%s\"", gz_rstatus_name(it->status));
		json_field("sha", it->sha[0] ? it->sha : NULL);
		json_field("source", it->source);
		json_field("org", it->org);
		json_field("project", it->project);
		json_field("repo", it->repo);
		json_field("subject", it->subject);
		json_field("author", it->author);
		json_field("date", it->date);
		json_field("url", it->url);
		json_field("message", it->message);
		if (it->status == GZ_RSTATUS_AMBIGUOUS)
			printf(",\"candidates\":%zu", it->candidates);
		putchar('}');
	}
	printf("]}\n");
}

static void print_table(const struct gz_resolve *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct gz_resolved *it = &r->v[i];
		char sha[13] = "-";

		if (it->sha[0])
			snprintf(sha, sizeof(sha), "%.12s", it->sha);
		printf("%-28s %-10s %-12s %-7s %s", gz_ui_esc(it->ref->text), gz_rstatus_name(it->status),
		       sha, it->source ? it->source : "-",
		       it->subject ? gz_ui_esc(it->subject) : gz_ui_esc(it->message));
		if (it->status == GZ_RSTATUS_RESOLVED && it->author)
			printf(" (%s, %s)", gz_ui_esc(it->author), it->date ? gz_ui_esc(it->date) : "?");
		putchar('\n');
	}
}

int cmd_resolve(int argc, const char *const *argv)
{
	struct gz_ref_list refs = GZ_REF_LIST_INIT;
	struct gz_resolve r = GZ_RESOLVE_INIT;
	struct gz_netcfg cfg = GZ_NETCFG_INIT;
	struct gz_store st = GZ_STORE_INIT;
	struct gz_buf text = GZ_BUF_INIT(TEXT_MAX);
	struct gz_http *h = NULL;
	size_t nfiles = gz_cmd_nargs(), i, unresolved = 0;
	int json = gz_cmd_flag("--json"), rc = GZ_EXIT_OK;

	(void)argc;
	(void)argv;
	r.repo_dir = gz_cmd_value("--repo");
	for (i = 0; i < (nfiles ? nfiles : 1); i++) {
		int src;

		/* no file: standard input */
		rc = read_text(&text, nfiles ? gz_cmd_arg(i) : "-");
		if (rc)
			goto done;
		src = gz_ref_scan(&refs, text.ptr, text.len);
		if (src) {
			gz_ui_error("%s", src == GZ_EINVALID ? "too many gz# references (over 100,000)" :
								"out of memory");
			rc = GZ_EXIT_USAGE;
			goto done;
		}
	}
	gz_buf_release(&text);
	gz_ref_list_dedup(&refs);
	gz_trace("resolve: %zu distinct references", refs.n);
	if (gz_store_init(&st)) {
		gz_ui_error("%s", gz_error_last());
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	rc = gz_ui_open_http(&h, &cfg);
	if (rc)
		goto done;
	r.http = h;
	r.store = &st;
	if (gz_resolve_run(&r, &refs)) {
		gz_ui_error("%s", gz_error_last());
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	gz_trace("resolve: %zu REST requests", r.requests);
	if (json)
		print_json(&r);
	else
		print_table(&r);
	for (i = 0; i < r.n; i++) {
		const struct gz_resolved *it = &r.v[i];

		if (it->status == GZ_RSTATUS_RESOLVED)
			continue;
		unresolved++;
		if (it->over_bound)
			continue; /* one warning for all of them, below */
		gz_ui_warn("%s: %s", gz_ui_esc(it->ref->text),
			gz_ui_esc(it->message ? it->message : gz_rstatus_name(it->status)));
	}
	if (r.over_bound)
		gz_ui_warn("%zu reference%s not looked up (unchecked): more than %zu remote "
			   "lookups needed (%s bounds the requests one text makes with your PAT); "
			   "raise it with: git config %s <n>",
			r.over_bound, r.over_bound == 1 ? "" : "s", r.max_lookups, GZ_RESOLVE_LOOKUPS_KEY,
			GZ_RESOLVE_LOOKUPS_KEY);
	for (i = 0; i < refs.nshort_kept; i++)
		gz_ui_warn("%s: fewer than 7 hex digits, so not a reference; write at least 7",
			gz_ui_esc(refs.short_text[i]));
	if (refs.nshort > refs.nshort_kept)
		gz_ui_warn("%zu more gz# with fewer than 7 hex digits",
			refs.nshort - refs.nshort_kept);
	rc = r.service_error ? GZ_EXIT_SERVICE : unresolved ? GZ_EXIT_NO : GZ_EXIT_OK;
done:
	gz_buf_release(&text);
	gz_resolve_release(&r);
	gz_ref_list_release(&refs);
	gz_http_free(h);
	gz_netcfg_release(&cfg);
	gz_store_release(&st);
	return rc;
}
