/* SPDX-License-Identifier: MIT */
/*
 * Test helper: sti TEXT. Pushes TEXT into the input of the terminal on descriptor 0 with
 * TIOCSTI, one byte at a time (escapes: \n), and says "sti: pushed" or "sti: ERROR" on
 * stdout. Exits 0 when every byte went in, 1 when the kernel refused. Used to check that
 * a container cannot type into its caller's terminal.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

int main(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : "x";
	char c;

	for (; *s; s++) {
		c = *s;
		if (s[0] == '\\' && s[1] == 'n') {
			c = '\n';
			s++;
		}
		if (ioctl(0, TIOCSTI, &c) < 0) {
			printf("sti: %s\n", strerror(errno));
			return 1;
		}
	}
	printf("sti: pushed\n");
	return 0;
}
