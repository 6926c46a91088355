/* SPDX-License-Identifier: MIT */
/* The parsers of Azure DevOps answers: errors, connectionData, a commit,
 * commit lists (commitsbatch, range queries), a project list, and the HTML
 * check. The first byte picks the parser; the rest is the body. */
#include "fuzz.h"

#include "ado.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body;
	size_t len, i;

	if (size < 1)
		return 0;
	body = (const char *)data + 1;
	len = size - 1;
	switch (data[0] % 5) {
	case 0: {
		char *msg = NULL, *key = NULL;

		if (gz_ado_parse_error(&msg, &key, body, len) == 0)
			FUZZ_CHECK(msg || key);
		else
			FUZZ_CHECK(!msg && !key);
		free(msg);
		free(key);
		break;
	}
	case 1: {
		char *id = NULL, *name = NULL;

		if (gz_ado_parse_connection(&id, &name, body, len) == 0)
			FUZZ_CHECK(id && *id);
		else
			FUZZ_CHECK(!id && !name);
		free(id);
		free(name);
		break;
	}
	case 2: {
		struct gz_ado_commit c;

		if (gz_ado_parse_commit(&c, body, len) == 0)
			FUZZ_CHECK(strlen(c.sha) == 40);
		gz_ado_commit_release(&c);
		break;
	}
	case 3: {
		struct gz_ado_commits l;

		if (gz_ado_parse_commits(&l, body, len) == 0)
			for (i = 0; i < l.n; i++)
				FUZZ_CHECK(strlen(l.v[i].sha) == 40 &&
					   (!l.v[i].subject || !strpbrk(l.v[i].subject, "\r\n")));
		gz_ado_commits_release(&l);
		break;
	}
	default: {
		char *pid = NULL;

		/* the project list (Service Connections probe) */
		if (gz_ado_parse_first_project(&pid, body, len) == 0)
			FUZZ_CHECK(!pid || strlen(pid) == 36);
		else
			FUZZ_CHECK(!pid);
		free(pid);
		(void)gz_ado_is_html(NULL, body, len);
		(void)gz_ado_is_json(NULL);
		break;
	}
	}
	return 0;
}
