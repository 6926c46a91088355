/* SPDX-License-Identifier: MIT */
#ifndef GZ_EXPIRES_H
#define GZ_EXPIRES_H

#include <stdint.h>

/*
 * The expiry a user gives for a PAT (`git gitzen add --expires`). Azure
 * DevOps shows a PAT's expiry as a date; a date alone means the end of
 * that day in UTC (23:59:59), so a PAT that expires today is still
 * accepted today. "YYYY-MM-DDTHH:MM:SSZ" is taken as it is. Azure DevOps
 * allows a year at most by default: a later date is accepted, flagged.
 */

#define GZ_EXPIRES_FAR_DAYS 366

/* Parses s at time now into *out. Returns 0 (with *far 1 when more than
 * GZ_EXPIRES_FAR_DAYS ahead, else 0) or GZ_EINVALID: not a date, or
 * already past; the reason (without s) in gz_error_last(). */
int gz_expires_parse(int64_t *out, int *far, const char *s, int64_t now);

#endif
