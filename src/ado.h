/* SPDX-License-Identifier: MIT */
#ifndef GZ_ADO_H
#define GZ_ADO_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parsers for Azure DevOps answers (pure: no I/O, fuzzed). Bodies may start
 * with a UTF-8 byte-order mark; JSON nesting is bounded by cJSON's limit;
 * key order is never relied on. All out strings are malloc'd and owned by
 * the caller; on failure they are left NULL.
 */

/* 1 if the content type is JSON ("application/json..."). */
int gz_ado_is_json(const char *ctype);

/* 1 if the answer is a sign-in page: HTML content type or body. */
int gz_ado_is_html(const char *ctype, const char *body, size_t len);

/* 1 if an answer means "this credential was not accepted": 401, a 302 to
 * a sign-in page, its 203, or an HTML page instead of JSON. An HTML error
 * page with a 4xx/5xx status (a gateway's 502, say) is a failure of the
 * service, not a rejection. */
int gz_ado_is_rejection(long status, const char *ctype, const char *body, size_t len);

/* The error's message and typeKey ({"message":…,"typeKey":…}); either may
 * be NULL in the body. GZ_EINVALID when the body is not such an object. */
int gz_ado_parse_error(char **message, char **type_key, const char *body, size_t len);

/* connectionData: authenticatedUser.id and the user's name (the account's
 * unique name when given, else providerDisplayName). */
int gz_ado_parse_connection(char **id, char **name, const char *body, size_t len);

/* The id of the first project of a list ({"count":N,"value":[{"id":…},…]}),
 * in *id (NULL when the list is empty). GZ_EINVALID when the body is not
 * such a list or the id is not a GUID. */
int gz_ado_parse_first_project(char **id, const char *body, size_t len);

/* A commit as the REST API returns it (single, or an entry of a list). */
struct gz_ado_commit {
	char sha[41];
	char *author;  /* "Name <email>" */
	char *date;    /* author date as sent (ISO 8601) */
	char *subject; /* first line of the comment */
};

struct gz_ado_commits {
	struct gz_ado_commit *v;
	size_t n;
};

/* One commit object. */
int gz_ado_parse_commit(struct gz_ado_commit *c, const char *body, size_t len);

/* {"count":N,"value":[commit…]} (commitsbatch, commits?searchCriteria…).
 * Entries without a valid 40-hex commitId are skipped. */
int gz_ado_parse_commits(struct gz_ado_commits *out, const char *body, size_t len);

void gz_ado_commit_release(struct gz_ado_commit *c);
void gz_ado_commits_release(struct gz_ado_commits *l);

#endif
