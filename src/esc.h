/* SPDX-License-Identifier: MIT */
#ifndef GZ_ESC_H
#define GZ_ESC_H

#include <stddef.h>

/*
 * Escaping of untrusted text for messages. Control bytes (0x00-0x1f, 0x7f),
 * C1 controls (U+0080-U+009F, which terminals also obey), the bidirectional
 * controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069, which
 * reorder what is displayed), bytes that are not valid UTF-8, and backslash
 * are written as \xHH per byte (\n, \r, \t as such); valid UTF-8 text
 * passes. So an organisation, host, user, commit subject or server message
 * can never move the cursor, change colours, reorder the text around it or
 * fake a line of output.
 */

/* 1 for a code point that escaping never lets through as it is: a C0 or
 * C1 control, DEL, or a bidirectional control (the list above). JSON
 * writers use it too, so text and JSON agree. */
int gz_esc_is_control(unsigned cp);

/* Writes the escaped form of s into out (always NUL-terminated, truncated
 * with "..." if out is too small); NULL prints as "(null)". Returns out. */
char *gz_esc(char *out, size_t outsz, const char *s);

/* Length (1-4) of the valid UTF-8 sequence at s[0..len), with its code
 * point in *cp; 0 when the bytes there are not valid UTF-8 (overlong forms,
 * surrogates and values past U+10FFFF included). */
size_t gz_esc_utf8(unsigned *cp, const char *s, size_t len);

/* The value (0-15) of the hexadecimal digit c (either case), -1 for any
 * other byte: for %XX in URLs and for commit ids. */
int gz_esc_hexval(unsigned char c);

#endif
