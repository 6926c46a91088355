/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "ado.h"
#include "err.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static cJSON *parse(const char *body, size_t len)
{
	if (!body)
		return NULL;
	if (len >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3)) {
		body += 3;
		len -= 3;
	}
	return cJSON_ParseWithLength(body, len);
}

static const char *str_item(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

int gz_ado_is_json(const char *ctype)
{
	return ctype && !strncasecmp(ctype, "application/json", 16);
}

int gz_ado_is_html(const char *ctype, const char *body, size_t len)
{
	size_t i = 0;

	if (ctype && !strncasecmp(ctype, "text/html", 9))
		return 1;
	if (!body)
		return 0;
	while (i < len && isspace((unsigned char)body[i]))
		i++;
	return len - i >= 5 && (!strncasecmp(body + i, "<!doc", 5) || !strncasecmp(body + i, "<html", 5));
}

int gz_ado_is_rejection(long status, const char *ctype, const char *body, size_t len)
{
	return status == 401 || status == 302 || status == 203 ||
	       (status > 0 && status < 400 && gz_ado_is_html(ctype, body, len));
}

int gz_ado_parse_error(char **message, char **type_key, const char *body, size_t len)
{
	cJSON *root = parse(body, len);
	int rc = 0;

	*message = *type_key = NULL;
	if (!cJSON_IsObject(root)) {
		rc = GZ_EINVALID;
		goto done;
	}
	*message = dup_or_null(str_item(root, "message"));
	*type_key = dup_or_null(str_item(root, "typeKey"));
	if (!*message && !*type_key)
		rc = GZ_EINVALID;
done:
	cJSON_Delete(root);
	if (rc)
		gz_error_set("not an Azure DevOps error object");
	return rc;
}

int gz_ado_parse_connection(char **id, char **name, const char *body, size_t len)
{
	cJSON *root = parse(body, len);
	const cJSON *user, *props, *acct;
	const char *v;
	int rc = GZ_EINVALID;

	*id = *name = NULL;
	user = cJSON_GetObjectItemCaseSensitive(root, "authenticatedUser");
	v = str_item(user, "id");
	if (!cJSON_IsObject(user) || !v || !*v)
		goto done;
	*id = strdup(v);
	props = cJSON_GetObjectItemCaseSensitive(user, "properties");
	acct = cJSON_GetObjectItemCaseSensitive(props, "Account");
	v = str_item(acct, "$value");
	if (!v || !*v)
		v = str_item(user, "providerDisplayName");
	*name = dup_or_null(v);
	rc = *id ? 0 : GZ_ERROR;
done:
	cJSON_Delete(root);
	if (rc) {
		free(*id);
		free(*name);
		*id = *name = NULL;
		gz_error_set("unexpected connectionData answer");
	}
	return rc;
}

static int is_guid(const char *s)
{
	size_t i;

	if (!s || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23) ? s[i] != '-' :
								 !isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int gz_ado_parse_first_project(char **id, const char *body, size_t len)
{
	cJSON *root = parse(body, len);
	const cJSON *value = cJSON_GetObjectItemCaseSensitive(root, "value");
	const char *v;
	int rc = 0;

	*id = NULL;
	if (!cJSON_IsArray(value)) {
		rc = GZ_EINVALID;
		goto done;
	}
	if (!cJSON_GetArraySize(value))
		goto done;
	v = str_item(cJSON_GetArrayItem(value, 0), "id");
	if (!is_guid(v)) {
		rc = GZ_EINVALID;
		goto done;
	}
	if (!(*id = strdup(v)))
		rc = GZ_ERROR;
done:
	cJSON_Delete(root);
	if (rc)
		gz_error_set("unexpected project list answer");
	return rc;
}

static int is_sha(const char *s)
{
	size_t i;

	if (!s || strlen(s) != 40)
		return 0;
	for (i = 0; i < 40; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int from_object(struct gz_ado_commit *c, const cJSON *o)
{
	const cJSON *author = cJSON_GetObjectItemCaseSensitive(o, "author");
	const char *sha = str_item(o, "commitId"), *comment = str_item(o, "comment");
	const char *name = str_item(author, "name"), *email = str_item(author, "email");
	const char *date = str_item(author, "date");
	size_t i;

	memset(c, 0, sizeof(*c));
	if (!is_sha(sha))
		return GZ_EINVALID;
	for (i = 0; i < 40; i++)
		c->sha[i] = (char)tolower((unsigned char)sha[i]);
	if (name || email) {
		if (asprintf(&c->author, "%s <%s>", name ? name : "", email ? email : "") < 0)
			c->author = NULL;
	}
	c->date = dup_or_null(date);
	if (comment)
		c->subject = strndup(comment, strcspn(comment, "\r\n"));
	return 0;
}

int gz_ado_parse_commit(struct gz_ado_commit *c, const char *body, size_t len)
{
	cJSON *root = parse(body, len);
	int rc = cJSON_IsObject(root) ? from_object(c, root) : GZ_EINVALID;

	if (rc) {
		memset(c, 0, sizeof(*c));
		gz_error_set("unexpected commit answer");
	}
	cJSON_Delete(root);
	return rc;
}

int gz_ado_parse_commits(struct gz_ado_commits *out, const char *body, size_t len)
{
	cJSON *root = parse(body, len);
	const cJSON *value = cJSON_GetObjectItemCaseSensitive(root, "value"), *it;
	int n = cJSON_GetArraySize(value), rc = 0;

	out->v = NULL;
	out->n = 0;
	if (!cJSON_IsArray(value)) {
		gz_error_set("unexpected commit list answer");
		rc = GZ_EINVALID;
		goto done;
	}
	out->v = calloc((size_t)n + 1, sizeof(*out->v));
	if (!out->v) {
		gz_error_set("out of memory");
		rc = GZ_ERROR;
		goto done;
	}
	cJSON_ArrayForEach(it, value)
	{
		if (cJSON_IsObject(it) && !from_object(&out->v[out->n], it))
			out->n++;
	}
done:
	cJSON_Delete(root);
	return rc;
}

void gz_ado_commit_release(struct gz_ado_commit *c)
{
	if (!c)
		return;
	free(c->author);
	free(c->date);
	free(c->subject);
	memset(c, 0, sizeof(*c));
}

void gz_ado_commits_release(struct gz_ado_commits *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		gz_ado_commit_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
