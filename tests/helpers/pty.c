/* SPDX-License-Identifier: MIT */
/*
 * Test helper: pty [-t SECONDS] [-s ROWSxCOLS] [--on TEXT --send BYTES|--resize ROWSxCOLS]...
 *            -- COMMAND [ARG...]
 * Runs COMMAND in a new session on a new pseudo-terminal (its controlling terminal, of
 * size -s, else 0x0), copies the terminal's output to stdout and, for each --on pair in
 * turn, types BYTES (escapes: \xHH, \n, \r, \\) into the terminal, or resizes it (the
 * kernel sends SIGWINCH to its foreground group), once TEXT has appeared in the output
 * since the previous pair. Exits with COMMAND's status (128+N for signal N), 124 on
 * time-out (default 20 s; COMMAND's session is then killed). Never waits unbounded.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_PAIRS 16
#define WINDOW    4096

struct pair {
	const char *on;
	char send[256];
	size_t send_len;
	struct winsize size; /* ws_row 0: send, else resize */
};

static int parse_size(const char *s, struct winsize *ws)
{
	unsigned int rows, cols;

	if (sscanf(s, "%ux%u", &rows, &cols) != 2 || !rows || !cols)
		return -1;
	memset(ws, 0, sizeof(*ws));
	ws->ws_row = (unsigned short) rows;
	ws->ws_col = (unsigned short) cols;
	return 0;
}

static size_t unescape(const char *s, char *out, size_t size)
{
	size_t n = 0;

	while (*s && n < size) {
		if (s[0] == '\\' && s[1] == 'x' && s[2] && s[3]) {
			char hex[3] = {s[2], s[3], 0};

			out[n++] = (char) strtol(hex, NULL, 16);
			s += 4;
		} else if (s[0] == '\\' && s[1]) {
			out[n++] = s[1] == 'n' ? '\n' : s[1] == 'r' ? '\r' : s[1];
			s += 2;
		} else {
			out[n++] = *s++;
		}
	}
	return n;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void usage(void)
{
	fputs("usage: pty [-t SECONDS] [-s RxC] [--on TEXT --send BYTES|--resize RxC]... -- "
	      "COMMAND [ARG...]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct pair pairs[MAX_PAIRS];
	struct winsize size = {0};
	size_t npairs = 0, next = 0, seen = 0;
	char window[WINDOW + 1];
	long long deadline;
	int timeout_s = 20, master, status, i;
	pid_t pid;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
			timeout_s = atoi(argv[++i]);
		} else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
			if (parse_size(argv[++i], &size) < 0)
				usage();
		} else if (strcmp(argv[i], "--on") == 0 && i + 3 < argc && npairs < MAX_PAIRS &&
			   strcmp(argv[i + 2], "--resize") == 0) {
			pairs[npairs].on = argv[i + 1];
			if (parse_size(argv[i + 3], &pairs[npairs].size) < 0)
				usage();
			npairs++;
			i += 3;
		} else if (strcmp(argv[i], "--on") == 0 && i + 3 < argc && npairs < MAX_PAIRS &&
			   strcmp(argv[i + 2], "--send") == 0) {
			memset(&pairs[npairs].size, 0, sizeof(pairs[npairs].size));
			pairs[npairs].on = argv[i + 1];
			pairs[npairs].send_len = unescape(argv[i + 3], pairs[npairs].send,
							  sizeof(pairs[npairs].send));
			npairs++;
			i += 3;
		} else {
			usage();
		}
	}
	if (i >= argc)
		usage();

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
		perror("pty: open pseudo-terminal");
		return 125;
	}
	if (size.ws_row && ioctl(master, TIOCSWINSZ, &size) < 0) {
		perror("pty: set size");
		return 125;
	}
	pid = fork();
	if (pid < 0) {
		perror("pty: fork");
		return 125;
	}
	if (pid == 0) {
		int slave;

		setsid();
		slave = open(ptsname(master), O_RDWR);
		if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) {
			perror("pty: open terminal");
			_exit(125);
		}
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
		execvp(argv[i], argv + i);
		perror("pty: exec");
		_exit(127);
	}

	deadline = now_ms() + (long long) timeout_s * 1000;
	for (;;) {
		struct pollfd p = {master, POLLIN, 0};
		long long left = deadline - now_ms();
		char buf[1024];
		ssize_t n;

		if (left <= 0) {
			fputs("pty: time-out\n", stderr);
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return 124;
		}
		if (poll(&p, 1, (int) left) < 0 && errno != EINTR)
			break;
		if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(master, buf, sizeof(buf));
		if (n <= 0)
			break; /* EIO: every holder of the terminal has closed it */
		fwrite(buf, 1, (size_t) n, stdout);
		fflush(stdout);
		for (ssize_t k = 0; k < n; k++) {
			if (seen == WINDOW) {
				memmove(window, window + WINDOW / 2, WINDOW / 2);
				seen = WINDOW / 2;
			}
			window[seen++] = buf[k];
		}
		window[seen] = '\0';
		while (next < npairs && strstr(window, pairs[next].on)) {
			if (pairs[next].size.ws_row) {
				if (ioctl(master, TIOCSWINSZ, &pairs[next].size) < 0)
					perror("pty: resize terminal");
			} else if (write(master, pairs[next].send, pairs[next].send_len) < 0) {
				perror("pty: write terminal");
			}
			next++;
			seen = 0; /* the next TEXT must come after this one */
			window[0] = '\0';
		}
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return 125;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
