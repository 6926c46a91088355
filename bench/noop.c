/* SPDX-License-Identifier: MIT */
/*
 * noop: the least a credential helper can cost — a C process that reads
 * its standard input to the end, as Git's request is read, and exits. The
 * floor that bench/get.sh shows `git-credential-gitzen get` next to.
 */
#include <unistd.h>

int main(void)
{
	char buf[4096];

	while (read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}
