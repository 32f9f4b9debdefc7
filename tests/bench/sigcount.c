/* SPDX-License-Identifier: MIT */
/*
 * Signal benchmark payload, run under the init being measured: counts every SIGUSR1 it
 * receives; on SIGUSR2 prints "count=N" and exits with 42, the status the init must pass
 * on unchanged. Writes "R" on stdout once its signals are blocked (before that a signal
 * would kill it), and with "ack" one "a" per SIGUSR1 so that a sender can pace itself.
 * Usage: sigcount [ack]
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#define SIGCOUNT_EXIT 42

int main(int argc, char **argv)
{
	int ack = argc > 1 && strcmp(argv[1], "ack") == 0;
	struct signalfd_siginfo si[64];
	unsigned long count = 0;
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return 125;
	fd = signalfd(-1, &set, SFD_CLOEXEC);
	if (fd < 0)
		return 125;
	if (write(STDOUT_FILENO, "R", 1) != 1)
		return 125;
	for (;;) {
		ssize_t r = read(fd, si, sizeof(si));

		if (r <= 0)
			return 125;
		for (size_t i = 0; i < (size_t) r / sizeof(si[0]); i++) {
			if (si[i].ssi_signo == SIGUSR2) {
				char line[64];
				int len = snprintf(line, sizeof(line), "count=%lu\n", count);

				if (write(STDOUT_FILENO, line, (size_t) len) != len)
					return 125;
				return SIGCOUNT_EXIT;
			}
			count++;
			if (ack && write(STDOUT_FILENO, "a", 1) != 1)
				return 125;
		}
	}
}
