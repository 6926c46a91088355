/* SPDX-License-Identifier: MIT */
/*
 * configure, unconfigure: Git's side of the setup (src/gitcfg.c edits the
 * file; the helper value comes from src/helperval.c). After configure,
 * what other levels or files still get wrong is said as warnings, in
 * doctor's words (cmd_doctor.c).
 */
#define _GNU_SOURCE
#include "../src/err.h"
#include "../src/gitcfg.h"
#include "../src/helperval.h"
#include "cmds.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The library's last message, home paths shortened (it is escaped already). */
static const char *last_error(void)
{
	return gz_ui_tilde(gz_error_last());
}

static int parse_level(enum gz_gitcfg_level *level, int argc, const char *const *argv)
{
	int i, seen = 0;

	*level = GZ_GITCFG_GLOBAL;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--global"))
			*level = GZ_GITCFG_GLOBAL;
		else if (!strcmp(argv[i], "--system"))
			*level = GZ_GITCFG_SYSTEM;
		else if (!strcmp(argv[i], "--local"))
			*level = GZ_GITCFG_LOCAL;
		else {
			gz_ui_error("unexpected argument '%s'", gz_ui_esc(argv[i]));
			gz_cmd_usage(argv[0]);
			return GZ_EXIT_USAGE;
		}
		if (seen++) {
			gz_ui_error("give one of --global, --system, --local");
			gz_cmd_usage(argv[0]);
			return GZ_EXIT_USAGE;
		}
	}
	return GZ_EXIT_OK;
}

int cmd_configure(int argc, const char *const *argv)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;
	enum gz_gitcfg_level level;
	char *exec_path = NULL, *dir = NULL, *helper = NULL;
	unsigned i, any = 0;
	int rc;

	rc = parse_level(&level, argc, argv);
	if (rc)
		return rc;
	gz_helperval_exec_path(&exec_path); /* none: PATH alone */
	gz_helperval_self_dir(&dir);
	if (gz_helperval_value(&helper, exec_path, dir)) {
		gz_ui_error("%s", last_error());
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	if (gz_gitcfg_configure(&r, level, helper)) {
		gz_ui_error("%s", last_error());
		rc = GZ_EXIT_USAGE;
		goto done;
	}
	for (i = 0; i < GZ_GITCFG_NURLS; i++)
		any |= r.changed[i];
	if (!any) {
		printf("Already configured in %s; nothing changed.\n", gz_ui_esc(gz_ui_tilde(r.file)));
	} else {
		printf("Configured Git in %s:\n", gz_ui_esc(gz_ui_tilde(r.file)));
		for (i = 0; i < GZ_GITCFG_NURLS; i++) {
			const char *url = gz_gitview_url(i);

			if (r.changed[i] & GZ_GITCFG_MOVED)
				printf("  [credential \"%s\"] moved to the end of the file, after a helper "
				       "that would otherwise also get its PATs\n", url);
			if (r.changed[i] & GZ_GITCFG_HELPER)
				printf("  credential.%s.helper = \"\" (clears helpers configured before), "
				       "then %s\n", url, gz_ui_esc(gz_ui_tilde(helper)));
			if (r.changed[i] & GZ_GITCFG_HTTPPATH)
				printf("  credential.%s.useHttpPath = true\n", url);
			if (!r.changed[i])
				printf("  credential.%s: already set\n", url);
			if (r.others[i])
				printf("  (%zu other helper%s in that section no longer answer%s for Azure "
				       "DevOps; remove %s if unused)\n",
				       r.others[i], r.others[i] == 1 ? "" : "s",
				       r.others[i] == 1 ? "s" : "", r.others[i] == 1 ? "it" : "them");
		}
		printf("Git now asks git-credential-gitzen for dev.azure.com and *.visualstudio.com.\n"
		       "Next: git gitzen add <org>\n");
	}
	gz_cmd_config_warnings();
	rc = GZ_EXIT_OK;
done:
	gz_gitcfg_result_release(&r);
	free(helper);
	free(dir);
	free(exec_path);
	return rc;
}

int cmd_unconfigure(int argc, const char *const *argv)
{
	struct gz_gitcfg_result r = GZ_GITCFG_RESULT_INIT;
	enum gz_gitcfg_level level;
	unsigned i, any = 0;
	int rc;

	rc = parse_level(&level, argc, argv);
	if (rc)
		return rc;
	if (gz_gitcfg_unconfigure(&r, level)) {
		gz_ui_error("%s", last_error());
		gz_gitcfg_result_release(&r);
		return GZ_EXIT_USAGE;
	}
	for (i = 0; i < GZ_GITCFG_NURLS; i++)
		any |= r.changed[i];
	if (!any) {
		printf("gitzen is not configured in %s; nothing changed.\n", gz_ui_esc(gz_ui_tilde(r.file)));
	} else {
		printf("Removed from %s:\n", gz_ui_esc(gz_ui_tilde(r.file)));
		for (i = 0; i < GZ_GITCFG_NURLS; i++) {
			const char *url = gz_gitview_url(i);

			if (r.changed[i] & GZ_GITCFG_HELPER)
				printf("  credential.%s.helper (gitzen and the empty line before it)\n", url);
			if (r.changed[i] & GZ_GITCFG_HTTPPATH)
				printf("  credential.%s.useHttpPath\n", url);
		}
		printf("Your PATs stay stored (git gitzen remove <org> deletes one); "
		       "git gitzen doctor shows what Git asks now.\n");
	}
	gz_gitcfg_result_release(&r);
	return GZ_EXIT_OK;
}
