/* SPDX-License-Identifier: MIT */
/*
 * sysprobe CALL...: makes each raw system call (keyctl, bpf, unshare-user, clone-newns,
 * getpid) and prints "CALL ok" or "CALL errno N"; for the seccomp tests. `sysprobe forks`:
 * forks children that pause until fork fails, prints "forked N errno E", then pauses
 * itself (a fork bomb that survives its limit). Static: it runs in minimal roots.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long call(const char *name)
{
	long r;

	if (strcmp(name, "keyctl") == 0)
		return syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0);
	if (strcmp(name, "bpf") == 0)
		return syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, NULL, 0);
	if (strcmp(name, "unshare-user") == 0)
		return syscall(SYS_unshare, CLONE_NEWUSER);
	if (strcmp(name, "clone-newns") == 0) {
		r = syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);
		if (r == 0)
			_exit(0);
		if (r > 0)
			waitpid((pid_t) r, NULL, 0);
		return r < 0 ? -1 : 0;
	}
	if (strcmp(name, "getpid") == 0)
		return syscall(SYS_getpid);
	errno = EINVAL;
	return -1;
}

static int forks(void)
{
	unsigned int n = 0;
	pid_t pid;

	for (;;) {
		pid = fork();
		if (pid == 0) {
			pause();
			_exit(0);
		}
		if (pid < 0)
			break;
		n++;
	}
	printf("forked %u errno %d\n", n, errno);
	fflush(stdout);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "forks") == 0)
		return forks();
	for (int i = 1; i < argc; i++) {
		if (call(argv[i]) < 0)
			printf("%s errno %d\n", argv[i], errno);
		else
			printf("%s ok\n", argv[i]);
	}
	return 0;
}
