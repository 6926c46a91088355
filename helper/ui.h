/* SPDX-License-Identifier: MIT */
#ifndef GZ_UI_H
#define GZ_UI_H

#include <stdio.h>

/*
 * What the companion's commands share for talking to the user: exit
 * codes, one-line messages on stderr, escaping of anything derived from
 * input, colour only on a terminal (never with NO_COLOR, and as Git's
 * color.ui says), and reading a PAT without echo.
 */

enum {
	GZ_EXIT_OK = 0,      /* success */
	GZ_EXIT_NO = 1,      /* the check said no: missing scope, rejected PAT, unresolved ref */
	GZ_EXIT_USAGE = 2,   /* usage or local error */
	GZ_EXIT_SERVICE = 3  /* Azure DevOps could not be reached or answered with an error */
};

/* "error: ..." / "warning: ..." / "hint: ..." on stderr, one line each;
 * gz_ui_info prints the line as it is (progress, advice). With --quiet
 * only errors are printed. */
void gz_ui_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void gz_ui_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void gz_ui_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void gz_ui_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --quiet: from now on nothing but errors; standard output goes to
 * /dev/null (the exit status says the rest). gz_ui_quiet() says if so. */
void gz_ui_set_quiet(void);
int gz_ui_quiet(void);

/* Escaped copy of untrusted text in a rotating static buffer (8 slots):
 * safe to use several times in one printf. */
const char *gz_ui_esc(const char *s);

/* s with every occurrence of $HOME (as a whole path prefix) written "~",
 * in a rotating static buffer (4 slots). For paths and library messages,
 * which name files in full. */
const char *gz_ui_tilde(const char *s);

/* Terminal output fits in GZ_UI_WIDTH columns: gz_ui_wrap writes text
 * from column col on (col > 0: after a space), wrapped at word boundaries
 * with continuation lines indented to indent, and ends the line. A command
 * in backticks is not broken. */
#define GZ_UI_WIDTH 80
void gz_ui_wrap(FILE *fp, const char *text, size_t col, size_t indent);

/* Columns of the first n bytes of s (a UTF-8 sequence is one column). */
size_t gz_ui_width(const char *s, size_t n);

/* JSON string literal (with quotes) of s, or null, to fp. */
void gz_ui_json_str(FILE *fp, const char *s);

/* Colour: returns the escape sequence when fp is a colour terminal, else "". */
const char *gz_ui_color(FILE *fp, const char *sgr);
#define GZ_GREEN "32"
#define GZ_RED "31"
#define GZ_YELLOW "33"
#define GZ_BOLD "1"
#define GZ_RESET "0"

/* Reads a PAT: from stdin when from_stdin, else from the terminal without
 * echo, prompting with prompt. Returns a malloc'd secret (gz_secret_free)
 * or NULL with a message already printed. */
char *gz_ui_read_pat(int from_stdin, const char *prompt);

/* Opens the connection pool with Git's network settings (cfg is loaded
 * here and must outlive *h); warns when TLS verification is off and tells
 * the user whenever a request is retried. Returns GZ_EXIT_*. */
struct gz_http;
struct gz_netcfg;
int gz_ui_open_http(struct gz_http **h, struct gz_netcfg *cfg);

#endif
