/* SPDX-License-Identifier: MIT */
#include "stdfd.h"

#include <fcntl.h>
#include <unistd.h>

int gz_stdfd_ensure(void)
{
	int fd = open("/dev/null", O_RDWR | O_NOCTTY);

	/* open and dup take the lowest free descriptor: at most three rounds */
	while (fd >= 0 && fd <= 2)
		fd = dup(fd);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}
