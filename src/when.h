#ifndef GZ_WHEN_H
#define GZ_WHEN_H

#include <stddef.h>
#include <stdint.h>

/* Times are UNIX seconds (int64_t, 0 = unknown), printed as UTC. */

/* "2026-11-28T18:55:08Z" into out (>= 21 bytes). */
char *gz_when_iso(char *out, size_t outsz, int64_t t);

/* "2026-11-28" into out (>= 11 bytes). */
char *gz_when_date(char *out, size_t outsz, int64_t t);

/* Parses "YYYY-MM-DD" (as 00:00:00 UTC) or "YYYY-MM-DDTHH:MM:SSZ" strictly.
 * Returns 0 or GZ_EINVALID. */
int gz_when_parse(int64_t *out, const char *s);

/* Parses a decimal count of seconds (Git's password_expiry_utc) strictly. */
int gz_when_parse_unix(int64_t *out, const char *s);

/* Current time; honours nothing but the clock. */
int64_t gz_when_now(void);

#endif
