#include "esc.h"

#include <stdio.h>
#include <string.h>

static size_t esc_one(char *tmp, unsigned char c)
{
	switch (c) {
	case '\n':
		memcpy(tmp, "\\n", 2);
		return 2;
	case '\r':
		memcpy(tmp, "\\r", 2);
		return 2;
	case '\t':
		memcpy(tmp, "\\t", 2);
		return 2;
	case '\\':
		memcpy(tmp, "\\\\", 2);
		return 2;
	default:
		break;
	}
	if (c < 0x20 || c == 0x7f) {
		snprintf(tmp, 5, "\\x%02x", c);
		return 4;
	}
	tmp[0] = (char)c;
	return 1;
}

char *gz_esc_buf(char *out, size_t outsz, const char *s, size_t len)
{
	size_t o = 0, i;

	if (!outsz)
		return out;
	for (i = 0; i < len; i++) {
		char tmp[5];
		size_t n = esc_one(tmp, (unsigned char)s[i]);

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
