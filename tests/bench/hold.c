/* SPDX-License-Identifier: MIT */
/*
 * Footprint benchmark payload: says "R" on stdout once it runs, then sleeps until a
 * signal ends it, so that the memory of the init or launcher around it can be read while
 * the container is up. Never exits by itself.
 */
#include <unistd.h>

int main(void)
{
	if (write(STDOUT_FILENO, "R\n", 2) != 2)
		return 125;
	for (;;)
		pause();
}
