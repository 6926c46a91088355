/* SPDX-License-Identifier: MIT */
#ifndef GZ_WHEN_H
#define GZ_WHEN_H

#include <stddef.h>
#include <stdint.h>

/*
 * Times are UNIX seconds (int64_t, 0 = unknown), printed as UTC. The range
 * every module agrees on is [0, GZ_WHEN_MAX]: what the parsers here
 * accept, what the store reads and writes, what is printed as a date.
 */

#define GZ_WHEN_MAX INT64_C(253402300799) /* 9999-12-31T23:59:59Z */
#define GZ_WHEN_DAY 86400

/* 1 if 0 <= t <= GZ_WHEN_MAX. */
int gz_when_valid(int64_t t);

/* "2026-11-28T18:55:08Z" into out (>= 21 bytes); "?" outside the range. */
char *gz_when_iso(char *out, size_t outsz, int64_t t);

/* "2026-11-28" into out (>= 11 bytes); "?" outside the range. */
char *gz_when_date(char *out, size_t outsz, int64_t t);

/* Parses "YYYY-MM-DD" (as 00:00:00 UTC) or "YYYY-MM-DDTHH:MM:SSZ" strictly:
 * years 1970-9999, real calendar dates (2026-02-31 and 2025-02-29 are
 * refused, 2024-02-29 taken), hours 0-23, minutes and seconds 0-59.
 * Returns 0 or GZ_EINVALID (*out unchanged). */
int gz_when_parse(int64_t *out, const char *s);

/* Parses a decimal count of seconds (Git's password_expiry_utc) strictly:
 * digits only, within [0, GZ_WHEN_MAX]. 0 or GZ_EINVALID (*out
 * unchanged). */
int gz_when_parse_unix(int64_t *out, const char *s);

/* Whole days from now until t, rounded up (a PAT expiring in 1 s has 1 day
 * left); 0 when t <= now. The one days-left rule. */
long gz_when_days_left(int64_t t, int64_t now);

/* Current time; honours nothing but the clock. */
int64_t gz_when_now(void);

#endif
