/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "secretstore.h"
#include "err.h"
#include "esc.h"
#include "keyring.h"

#include "spawn.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const names[] = { "auto", "secretservice", "file" };

const char *gz_secretstore_name(enum gz_secretstore s)
{
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "auto";
}

int gz_secretstore_parse(enum gz_secretstore *out, const char *value)
{
	char shown[64];
	unsigned i;

	for (i = 0; value && i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcasecmp(value, names[i])) {
			*out = (enum gz_secretstore)i;
			return 0;
		}
	}
	gz_error_set("gitzen.secretStore is \"%s\"; it must be auto, secretservice or file",
		     gz_esc(shown, sizeof(shown), value));
	return GZ_EINVALID;
}

int gz_secretstore_from_git(enum gz_secretstore *out)
{
	char a0[] = "git", a1[] = "config", a2[] = "--get", a3[] = "gitzen.secretStore";
	char *argv[] = { a0, a1, a2, a3, NULL };
	struct gz_spawn sp = { 0 };
	char value[256], why[256];

	*out = GZ_SECRETSTORE_AUTO;
	sp.argv = argv;
	if (gz_spawn_run(&sp)) {
		snprintf(why, sizeof(why), "%s", gz_error_last());
		gz_error_set("cannot read gitzen.secretStore: %s", why);
		return GZ_ERROR;
	}
	/* git config --get: 0 with the value, 1 when the key is not set */
	if (sp.status == 1)
		return 0;
	if (sp.status) {
		gz_error_set("cannot read gitzen.secretStore: git config failed");
		return GZ_ERROR;
	}
	return gz_secretstore_parse(out, gz_spawn_first_line(value, sizeof(value), &sp));
}

int gz_secretstore_choose(enum gz_pat_where *where, int *fallback, void *ctx)
{
	enum gz_secretstore set;
	int rc = gz_secretstore_from_git(&set);

	(void)ctx;
	*fallback = 0;
	if (rc)
		return rc;
	switch (set) {
	case GZ_SECRETSTORE_FILE:
		*where = GZ_PAT_FILE;
		break;
	case GZ_SECRETSTORE_SECRETSERVICE:
		*where = GZ_PAT_SECRETSERVICE;
		break;
	case GZ_SECRETSTORE_AUTO:
		*where = gz_keyring_check(NULL, GZ_KEYRING_TIMEOUT_MS) == 0 ? GZ_PAT_SECRETSERVICE :
									  GZ_PAT_FILE;
		*fallback = 1;
		break;
	}
	return 0;
}
