/* SPDX-License-Identifier: MIT */
/*
 * Signal benchmark driver: starts COMMAND (e.g. `unshare -fp INIT -- sigcount`), waits for
 * its "R", finds the pid namespace's init as the first child of COMMAND, then sends it
 * COUNT SIGUSR1 and one SIGUSR2, and reads back what the payload counted and how COMMAND
 * exited. Storm mode sends as fast as kill(2) goes (the kernel merges pending signals, so
 * fewer may arrive); paced mode (-p) waits for each acknowledgement, up to one second.
 * Every wait is bounded; on time-out the namespace's init is killed with SIGKILL.
 * Usage: sigstorm [-p] COUNT -- COMMAND [ARG...]
 * Prints: "sent=N received=N send_ms=T total_ms=T exit=S"
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"

#define WAIT_MS 2000

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Reads into buf (NUL-terminated) until it holds stop, EOF, or ms milliseconds pass. */
static int read_until(int fd, char *buf, size_t size, const char *stop, int ms)
{
	size_t len = strlen(buf);
	double end = now_ms() + ms;

	while (!strstr(buf, stop) && len + 1 < size) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int left = (int) (end - now_ms());
		ssize_t r;

		if (left <= 0 || poll(&p, 1, left) <= 0)
			return -1;
		r = read(fd, buf + len, size - len - 1);
		if (r <= 0)
			return -1;
		len += (size_t) r;
		buf[len] = '\0';
	}
	return strstr(buf, stop) ? 0 : -1;
}

/* The pid namespace's init: the first child of the command (unshare -f forks it). */
static pid_t find_init(pid_t cmd)
{
	char path[64], buf[64];
	ssize_t r;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", cmd, cmd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r <= 0)
		return -1;
	buf[r] = '\0';
	return (pid_t) atoi(buf);
}

static int wait_bounded(pid_t pid, pid_t init, int ms)
{
	double end = now_ms() + ms;
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return proc_exit_code(status);
		if (r < 0)
			return -1;
		if (now_ms() > end) {
			if (init > 0)
				kill(init, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		usleep(1000);
	}
}

int main(int argc, char **argv)
{
	int paced = 0, out[2], code, opt;
	unsigned long count, sent = 0, received = 0;
	char buf[256] = "";
	double t0, t1, t2;
	pid_t cmd, init;

	while ((opt = getopt(argc, argv, "+p")) != -1) {
		if (opt != 'p')
			return 2;
		paced = 1;
	}
	if (argc - optind < 2) {
		fprintf(stderr, "usage: sigstorm [-p] COUNT -- COMMAND [ARG...]\n");
		return 2;
	}
	count = strtoul(argv[optind++], NULL, 10);
	if (strcmp(argv[optind], "--") == 0)
		optind++;
	if (pipe2(out, O_CLOEXEC) < 0)
		return 1;
	cmd = fork();
	if (cmd < 0)
		return 1;
	if (cmd == 0) {
		dup2(out[1], STDOUT_FILENO);
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	close(out[1]);
	if (read_until(out[0], buf, sizeof(buf), "R", WAIT_MS) < 0 ||
	    (init = find_init(cmd)) <= 0) {
		fprintf(stderr, "sigstorm: start %s: no ready payload\n", argv[optind]);
		wait_bounded(cmd, -1, 0);
		return 1;
	}

	t0 = now_ms();
	for (; sent < count; sent++) {
		if (kill(init, SIGUSR1) < 0)
			break;
		if (paced) {
			buf[0] = '\0';
			if (read_until(out[0], buf, sizeof(buf), "a", 1000) < 0) {
				sent++;
				break;
			}
		}
	}
	t1 = now_ms();
	kill(init, SIGUSR2);
	buf[0] = '\0';
	if (read_until(out[0], buf, sizeof(buf), "\n", WAIT_MS) == 0 && strstr(buf, "count="))
		received = strtoul(strstr(buf, "count=") + 6, NULL, 10);
	code = wait_bounded(cmd, init, WAIT_MS);
	t2 = now_ms();
	printf("sent=%lu received=%lu send_ms=%.1f total_ms=%.1f exit=%d\n", sent, received,
	       t1 - t0, t2 - t0, code);
	return 0;
}
