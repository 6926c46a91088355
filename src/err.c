/* SPDX-License-Identifier: MIT */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

static char last_error[1024];

void gz_error_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
}

const char *gz_error_last(void)
{
	return last_error;
}

void gz_error_clear(void)
{
	last_error[0] = '\0';
}
