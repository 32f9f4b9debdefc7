/* SPDX-License-Identifier: MIT */
/*
 * Test helper: run_noclone3 ERRNO COMMAND [ARG...] runs COMMAND under a seccomp filter
 * that fails clone3 with ERRNO (e.g. 1 for EPERM, as some Docker profiles do, or 38 for
 * ENOSYS, as an old kernel), so that tether's fallback to clone(2) is tested for real.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The UAPI bits of linux/filter.h and linux/seccomp.h (musl-gcc has no kernel headers). */
struct sock_filter {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};
struct sock_fprog {
	unsigned short len;
	struct sock_filter *filter;
};
struct seccomp_data {
	int nr;
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t args[6];
};
#define BPF_STMT(code, k)                   \
	{                                   \
		(uint16_t)(code), 0, 0, (k) \
	}
#define BPF_JUMP(code, k, jt, jf)                 \
	{                                         \
		(uint16_t)(code), (jt), (jf), (k) \
	}
#define BPF_LD              0x00
#define BPF_W               0x00
#define BPF_ABS             0x20
#define BPF_JMP             0x05
#define BPF_JEQ             0x10
#define BPF_K               0x00
#define BPF_RET             0x06
#define SECCOMP_MODE_FILTER 2
#define SECCOMP_RET_ERRNO   0x00050000U
#define SECCOMP_RET_ALLOW   0x7fff0000U
#define SECCOMP_RET_DATA    0x0000ffffU

#ifndef __NR_clone3
#define __NR_clone3 435
#endif

int main(int argc, char **argv)
{
	unsigned int err;

	if (argc < 3)
		return 2;
	err = (unsigned int) atoi(argv[1]);
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof(filter) / sizeof(filter[0]), filter};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		perror("run_noclone3: seccomp");
		return 125;
	}
	execvp(argv[2], argv + 2);
	perror("run_noclone3: exec");
	return 127;
}
