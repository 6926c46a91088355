#ifndef GZ_ESC_H
#define GZ_ESC_H

#include <stddef.h>

/*
 * Escaping of untrusted text for messages. Control bytes (0x00-0x1f, 0x7f),
 * backslash, and C1-introducing bytes are written as \xHH (\n, \r, \t as
 * such), so an organisation, host, user or server message can never move
 * the cursor, change colours or fake a line of output.
 */

/* Writes the escaped form of s[0..len) into out (always NUL-terminated,
 * truncated with "..." if out is too small). Returns out. */
char *gz_esc_buf(char *out, size_t outsz, const char *s, size_t len);

/* Same for a NUL-terminated string; NULL prints as "(null)". */
char *gz_esc(char *out, size_t outsz, const char *s);

#endif
