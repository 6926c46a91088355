#ifndef GZ_ESC_H
#define GZ_ESC_H

#include <stddef.h>

/*
 * Escaping of untrusted text for messages. Control bytes (0x00-0x1f, 0x7f),
 * C1 controls (U+0080-U+009F, which terminals also obey), bytes that are
 * not valid UTF-8, and backslash are written as \xHH (\n, \r, \t as such);
 * valid UTF-8 text passes. So an organisation, host, user or server message
 * can never move the cursor, change colours or fake a line of output.
 */

/* Writes the escaped form of s[0..len) into out (always NUL-terminated,
 * truncated with "..." if out is too small). Returns out. */
char *gz_esc_buf(char *out, size_t outsz, const char *s, size_t len);

/* Same for a NUL-terminated string; NULL prints as "(null)". */
char *gz_esc(char *out, size_t outsz, const char *s);

/* Length (1-4) of the valid UTF-8 sequence at s[0..len), with its code
 * point in *cp; 0 when the bytes there are not valid UTF-8 (overlong forms,
 * surrogates and values past U+10FFFF included). */
size_t gz_esc_utf8(unsigned *cp, const char *s, size_t len);

#endif
