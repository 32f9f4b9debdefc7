/* SPDX-License-Identifier: MIT */
/*
 * Reaping benchmark payload: makes N processes, orphans them all at once (their parent
 * exits, so the pid namespace's init inherits them), lets them exit together, then times
 * how long the init takes to reap them. A zombie still answers kill(pid, 0): a process is
 * reaped when that fails with ESRCH. Never waits longer than the time limit.
 * Usage: orphans N [LIMIT_MS]; prints "orphans=N reap_ms=T left=Z" and exits 0 when Z is 0.
 * As PID 1 (no init at all) it reaps them itself: the floor of the table.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ORPHANS_MAX 30000

static pid_t pids[ORPHANS_MAX];

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int fail(const char *op, const char *obj)
{
	fprintf(stderr, "orphans: %s %s: %s\n", op, obj, strerror(errno));
	return 1;
}

/*
 * The orphans share the spawner's memory (CLONE_VM) and run on small stacks of their own:
 * creating 10,000 full copies would take far longer than reaping them, and what an init
 * does for a zombie is the same either way. They make raw system calls only, no libc state.
 */
#define ORPHAN_STACK 16384

struct orphan_arg {
	int release;
};

static int orphan(void *p)
{
	struct orphan_arg *a = p;
	char c;

	while (syscall(SYS_read, a->release, &c, 1) < 0 && errno == EINTR)
		;
	syscall(SYS_exit, 0);
	return 0;
}

/* Makes n children that block until the release pipe reaches EOF, sends their pids up. */
static void spawn(int n, int release[2], int report)
{
	static struct orphan_arg arg;
	char *stacks;

	/* The children must not hold the write end, or EOF would never come. */
	close(release[1]);
	arg.release = release[0];
	stacks = mmap(NULL, (size_t) n * ORPHAN_STACK, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (stacks == MAP_FAILED)
		_exit(1);
	for (int i = 0; i < n; i++) {
		pid_t pid = clone(orphan, stacks + (size_t) (i + 1) * ORPHAN_STACK,
				  CLONE_VM | SIGCHLD, &arg);

		if (pid < 0 || write(report, &pid, sizeof(pid)) != sizeof(pid))
			_exit(1);
	}
	_exit(0);
}

static int read_full(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t r = read(fd, p, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t) r;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;
	double limit = argc > 2 ? atof(argv[2]) : 30000;
	int release[2], report[2], left, status;
	double t0, t1;
	pid_t spawner;

	if (n <= 0 || n > ORPHANS_MAX) {
		fprintf(stderr, "usage: orphans N [LIMIT_MS] (N at most %d)\n", ORPHANS_MAX);
		return 2;
	}
	if (pipe(release) < 0 || pipe(report) < 0)
		return fail("create", "pipe");
	spawner = fork();
	if (spawner < 0)
		return fail("fork", "spawner");
	if (spawner == 0) {
		close(report[0]);
		spawn(n, release, report[1]);
	}
	close(release[0]);
	close(report[1]);
	if (read_full(report[0], pids, sizeof(pids[0]) * (size_t) n) < 0) {
		fprintf(stderr, "orphans: spawner made fewer than %d processes\n", n);
		return 1;
	}
	if (waitpid(spawner, &status, 0) < 0)
		return fail("wait", "spawner");

	/* Every orphan now belongs to the init: release them all at once. */
	t0 = now_ms();
	close(release[1]);
	left = n;
	if (getpid() == 1) {
		while (left > 0 && wait(NULL) > 0)
			left--;
	} else {
		const struct timespec step = {.tv_nsec = 100000};

		while (left > 0 && now_ms() - t0 < limit) {
			int kept = 0;

			for (int i = 0; i < left; i++)
				if (kill(pids[i], 0) == 0 || errno != ESRCH)
					pids[kept++] = pids[i];
			left = kept;
			if (left > 0)
				nanosleep(&step, NULL);
		}
	}
	t1 = now_ms();
	printf("orphans=%d reap_ms=%.1f left=%d\n", n, t1 - t0, left);
	return left == 0 ? 0 : 1;
}
