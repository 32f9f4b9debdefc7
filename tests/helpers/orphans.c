/* SPDX-License-Identifier: MIT */
/*
 * Test helper: a storm of N orphans. Each middle child forks a grandchild and exits at
 * once; the grandchild waits (bounded) until it has been re-parented, then exits and so
 * becomes a zombie that only the reaper (PID 1 or the subreaper) can collect. Returns
 * when every grandchild has exited (EOF on a pipe they all hold) and prints N.
 * Usage: orphans N
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0, p[2];
	char c;

	if (n <= 0 || pipe(p) < 0) {
		fprintf(stderr, "usage: orphans N\n");
		return 2;
	}
	for (int i = 0; i < n; i++) {
		pid_t mid = fork();

		if (mid < 0) {
			perror("orphans: fork");
			return 125;
		}
		if (mid == 0) {
			pid_t me = getpid();

			if (fork() == 0) {
				struct timespec ms = {0, 1000000};

				close(p[0]);
				for (int t = 0; t < 10000 && getppid() == me; t++)
					nanosleep(&ms, NULL);
				_exit(0);
			}
			_exit(0);
		}
		while (waitpid(mid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	close(p[1]);
	while (read(p[0], &c, 1) != 0 && errno == EINTR)
		;
	printf("%d\n", n);
	return 0;
}
