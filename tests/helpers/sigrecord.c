/* SPDX-License-Identifier: MIT */
/*
 * Test helper: records every signal it receives, one name a line ("SIGUSR1"), in FILE,
 * after a first line "ready". Exits 0 on any of the EXIT signals (default SIGTERM), after
 * recording it. Signals are blocked and read with sigwaitinfo, so none is missed.
 * Usage: sigrecord FILE [EXIT_SIG...]
 */
#include "sig.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void put(int fd, const char *s)
{
	size_t n = strlen(s);

	if (write(fd, s, n) != (ssize_t) n)
		_exit(125);
}

int main(int argc, char **argv)
{
	sigset_t all;
	char name[SIG_NAME_MAX];
	int fd, sig;

	if (argc < 2) {
		fprintf(stderr, "usage: sigrecord FILE [EXIT_SIG...]\n");
		return 2;
	}
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	fd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return 125;
	put(fd, "ready\n");
	for (;;) {
		sig = sigwaitinfo(&all, NULL);
		if (sig < 0)
			continue;
		put(fd, sig_name(sig, name));
		put(fd, "\n");
		if (argc == 2 && sig == SIGTERM)
			return 0;
		for (int i = 2; i < argc; i++)
			if (sig_from_name(argv[i]) == sig)
				return 0;
	}
}
