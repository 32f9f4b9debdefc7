/* SPDX-License-Identifier: MIT */
/*
 * Test helper for `tether run --no-init`: a PID 1 that halts or reboots its pid namespace
 * with reboot(2), as tether-init does, so that the launcher's exit table can be tested.
 *   run_pid1 halt | reboot        reboot(RB_POWER_OFF) / reboot(RB_AUTOBOOT) at once
 *   run_pid1 count FILE N         appends "PID PIDNS" to FILE; reboots while FILE
 *                                 has fewer than N lines, then exits 0
 *   run_pid1 record FILE [nohalt] appends each signal's name to FILE (after a first line
 *                                 "ready"); SIGPWR halts unless nohalt
 */
#include "fmt.h"
#include "sig.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

static void append(const char *file, const char *line)
{
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, line, strlen(line)) < 0)
		_exit(125);
	close(fd);
}

static int count_lines(const char *file)
{
	char buf[4096];
	int fd = open(file, O_RDONLY | O_CLOEXEC), n = 0;
	ssize_t r;

	if (fd < 0)
		return 0;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < r; i++)
			n += buf[i] == '\n';
	close(fd);
	return n;
}

static int do_reboot(int how)
{
	reboot(how);
	return 125; /* not PID 1 of a pid namespace, or no CAP_SYS_BOOT */
}

static int record(const char *file, int halt_on_pwr)
{
	sigset_t all;
	char line[SIG_NAME_MAX + 2];
	int sig;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	append(file, "ready\n");
	for (;;) {
		if (sigwait(&all, &sig) != 0)
			return 125;
		/* SIGCHLD too: this process has no child, so any SIGCHLD was forwarded */
		if (!sig_name(sig, line))
			continue;
		strcat(line, "\n");
		append(file, line);
		if (sig == SIGPWR && halt_on_pwr)
			return do_reboot(RB_POWER_OFF);
	}
}

int main(int argc, char **argv)
{
	char ns[64], line[80];
	ssize_t n;

	if (argc == 2 && strcmp(argv[1], "halt") == 0)
		return do_reboot(RB_POWER_OFF);
	if (argc == 2 && strcmp(argv[1], "reboot") == 0)
		return do_reboot(RB_AUTOBOOT);
	if (argc == 4 && strcmp(argv[1], "count") == 0) {
		n = readlink("/proc/self/ns/pid", ns, sizeof(ns) - 1);
		ns[n > 0 ? n : 0] = '\0';
		fmt_buf(line, sizeof(line), "%d %s\n", (int) getpid(), ns);
		append(argv[2], line);
		if (count_lines(argv[2]) < atoi(argv[3]))
			return do_reboot(RB_AUTOBOOT);
		return 0;
	}
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "record") == 0)
		return record(argv[2], argc == 3);
	return 2;
}
