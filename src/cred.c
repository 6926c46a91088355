/* SPDX-License-Identifier: MIT */
#define _DEFAULT_SOURCE
#include "cred.h"
#include "err.h"
#include "fileio.h"
#include "secret.h"

#include <stdlib.h>
#include <string.h>

static const char *const single_keys[] = {
	"protocol", "host", "path", "username", "password", "password_expiry_utc",
	"oauth_refresh_token", "authtype", "credential", "ephemeral", "continue", NULL
};

static int is_single(const char *key, size_t klen)
{
	const char *const *k;

	for (k = single_keys; *k; k++)
		if (strlen(*k) == klen && !memcmp(*k, key, klen))
			return 1;
	return 0;
}

/* Each single-valued key seen; index into single_keys. */
struct seen {
	unsigned char n[16];
};

static int key_index(const char *key, size_t klen)
{
	int i;

	for (i = 0; single_keys[i]; i++)
		if (strlen(single_keys[i]) == klen && !memcmp(single_keys[i], key, klen))
			return i;
	return -1;
}

static char **slot_for(struct gz_cred *c, const char *key, size_t klen)
{
#define SLOT(name)                                                    \
	if (klen == sizeof(#name) - 1 && !memcmp(key, #name, klen)) \
	return &c->name
	SLOT(protocol);
	SLOT(host);
	SLOT(path);
	SLOT(username);
	SLOT(password);
	SLOT(password_expiry_utc);
#undef SLOT
	return NULL;
}

static int parse_line(struct gz_cred *c, struct seen *seen, const char *line, size_t len)
{
	const char *eq = memchr(line, '=', len);
	size_t klen, vlen, i;
	const char *val;
	char **slot;
	int ki;

	if (!eq || eq == line) {
		gz_error_set("request line without a key");
		return GZ_EINVALID;
	}
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)line[i];

		if (ch < 0x20 || ch == 0x7f) {
			gz_error_set("control character in request");
			return GZ_EINVALID;
		}
	}
	klen = (size_t)(eq - line);
	val = eq + 1;
	vlen = len - klen - 1;
	if (klen == 3 && !memcmp(line, "url", 3)) {
		gz_error_set("url= in request");
		return GZ_EINVALID;
	}
	if (!is_single(line, klen))
		return 0; /* unknown or multi-valued ([]) key: ignored */
	ki = key_index(line, klen);
	if (seen->n[ki]++) {
		gz_error_set("repeated key in request");
		return GZ_EINVALID;
	}
	if (klen == 9 && !memcmp(line, "ephemeral", 9)) {
		c->ephemeral = (vlen == 1 && val[0] == '1') ||
			       (vlen == 4 && !memcmp(val, "true", 4));
		return 0;
	}
	slot = slot_for(c, line, klen);
	if (!slot)
		return 0;
	/* the value is not NUL-terminated in the request buffer */
	*slot = malloc(vlen + 1);
	if (*slot) {
		memcpy(*slot, val, vlen);
		(*slot)[vlen] = '\0';
	}
	if (!*slot) {
		gz_error_set("out of memory");
		return GZ_ERROR;
	}
	return 0;
}

int gz_cred_parse(struct gz_cred *c, const char *buf, size_t len)
{
	struct seen seen;
	size_t pos = 0;
	int rc = 0;

	memset(&seen, 0, sizeof(seen));
	if (len > GZ_CRED_TOTAL_MAX) {
		gz_error_set("request too large");
		return GZ_EINVALID;
	}
	while (pos < len) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t raw = nl ? (size_t)(nl - line) + 1 : len - pos;
		size_t l = nl ? (size_t)(nl - line) : len - pos;

		if (raw > GZ_CRED_LINE_MAX) {
			gz_error_set("request line too long");
			rc = GZ_EINVALID;
			goto done;
		}
		/* one CR is allowed, right before the LF */
		if (nl && l > 0 && line[l - 1] == '\r')
			l--;
		pos += raw;
		if (l == 0) {
			if (raw == 1 || (nl && raw == 2))
				break; /* blank line ends the request */
		}
		rc = parse_line(c, &seen, line, l);
		if (rc)
			goto done;
	}
	if (!c->protocol || !*c->protocol || !c->host || !*c->host) {
		gz_error_set("request without protocol or host");
		rc = GZ_EINVALID;
	}
done:
	if (rc)
		gz_cred_release(c);
	return rc;
}

int gz_cred_read(struct gz_cred *c, int fd)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = gz_fileio_read_fd(&buf, &len, fd, GZ_CRED_TOTAL_MAX);

	if (rc == GZ_EINVALID)
		gz_error_set("request too large");
	else if (rc)
		gz_error_set("cannot read the request");
	else
		rc = gz_cred_parse(c, buf, len);
	if (buf) {
		explicit_bzero(buf, len);
		free(buf);
	}
	return rc;
}

void gz_cred_release(struct gz_cred *c)
{
	if (!c)
		return;
	free(c->protocol);
	free(c->host);
	free(c->path);
	free(c->username);
	gz_secret_free(c->password);
	free(c->password_expiry_utc);
	memset(c, 0, sizeof(*c));
}
