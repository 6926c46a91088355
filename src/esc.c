/* SPDX-License-Identifier: MIT */
#include "esc.h"

#include <stdio.h>
#include <string.h>

size_t gz_esc_utf8(unsigned *cp, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, i;
	unsigned c;

	if (!len)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4;
		c = u[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int gz_esc_is_control(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       /* bidirectional marks, embeddings, overrides and isolates */
	       cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* The escaped form of the character at s into tmp; returns how many input
 * bytes it took (*outn: bytes written). */
static size_t esc_one(char *tmp, size_t *outn, const char *s, size_t len)
{
	unsigned char c = (unsigned char)s[0];
	unsigned cp = 0;
	size_t n;

	switch (c) {
	case '\n':
		memcpy(tmp, "\\n", 2);
		*outn = 2;
		return 1;
	case '\r':
		memcpy(tmp, "\\r", 2);
		*outn = 2;
		return 1;
	case '\t':
		memcpy(tmp, "\\t", 2);
		*outn = 2;
		return 1;
	case '\\':
		memcpy(tmp, "\\\\", 2);
		*outn = 2;
		return 1;
	default:
		break;
	}
	n = gz_esc_utf8(&cp, s, len);
	if (n == 0 || gz_esc_is_control(cp)) {
		/* a control, a C1 control or a bidi control (as its UTF-8 bytes),
		 * or a stray byte */
		size_t k, take = n ? n : 1;

		for (k = 0; k < take; k++)
			snprintf(tmp + 4 * k, 5, "\\x%02x", (unsigned char)s[k]);
		*outn = 4 * take;
		return take;
	}
	memcpy(tmp, s, n);
	*outn = n;
	return n;
}

/* Writes the escaped form of s[0..len) into out (always NUL-terminated,
 * truncated with "..." if out is too small). Returns out. */
static char *gz_esc_buf(char *out, size_t outsz, const char *s, size_t len)
{
	size_t o = 0, i = 0;

	if (!outsz)
		return out;
	while (i < len) {
		char tmp[16];
		size_t n, took = esc_one(tmp, &n, s + i, len - i);

		/* keep room for "..." and the NUL */
		if (o + n + 4 > outsz) {
			if (outsz >= 4) {
				memcpy(out + (o < outsz - 4 ? o : outsz - 4), "...", 3);
				o = (o < outsz - 4 ? o : outsz - 4) + 3;
			}
			break;
		}
		memcpy(out + o, tmp, n);
		o += n;
		i += took;
	}
	out[o < outsz ? o : outsz - 1] = '\0';
	return out;
}

char *gz_esc(char *out, size_t outsz, const char *s)
{
	if (!s)
		s = "(null)";
	return gz_esc_buf(out, outsz, s, strlen(s));
}

int gz_esc_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
