/* SPDX-License-Identifier: MIT */
/*
 * seccomp_prog.h: the calls docker's default profile refuses, as a deny list over an allowing
 * default (its allow list holds every other call of the x86 and arm ABIs; a call newer
 * than this list is allowed, which the profile would refuse with ENOSYS).
 */
#include "seccomp_prog.h"
#include "fd.h"
#include "log.h"

#include <errno.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ANY_CAP (-1) /* denied whatever the capabilities */

static const struct {
	const char *name;
	int cap, cap2; /* allowed with either (ANY_CAP: never) */
} denied[] = {
	/* Never, whatever the capabilities (docker's profile has no rule allowing them). */
	{"kexec_load", ANY_CAP, ANY_CAP},
	{"kexec_file_load", ANY_CAP, ANY_CAP},
	{"keyctl", ANY_CAP, ANY_CAP},
	{"add_key", ANY_CAP, ANY_CAP},
	{"request_key", ANY_CAP, ANY_CAP},
	{"userfaultfd", ANY_CAP, ANY_CAP},
	{"swapon", ANY_CAP, ANY_CAP},
	{"swapoff", ANY_CAP, ANY_CAP},
	{"pivot_root", ANY_CAP, ANY_CAP},
	{"nfsservctl", ANY_CAP, ANY_CAP},
	{"uselib", ANY_CAP, ANY_CAP},
	{"ustat", ANY_CAP, ANY_CAP},
	{"sysfs", ANY_CAP, ANY_CAP},
	{"_sysctl", ANY_CAP, ANY_CAP},
	{"create_module", ANY_CAP, ANY_CAP},
	{"get_kernel_syms", ANY_CAP, ANY_CAP},
	{"query_module", ANY_CAP, ANY_CAP},
	{"vm86", ANY_CAP, ANY_CAP},
	{"vm86old", ANY_CAP, ANY_CAP},
	/* Unless the capability was added. */
	{"bpf", CAP_SYS_ADMIN, CAP_BPF},
	{"perf_event_open", CAP_SYS_ADMIN, CAP_PERFMON},
	{"fanotify_init", CAP_SYS_ADMIN, ANY_CAP},
	{"fsconfig", CAP_SYS_ADMIN, ANY_CAP},
	{"fsmount", CAP_SYS_ADMIN, ANY_CAP},
	{"fsopen", CAP_SYS_ADMIN, ANY_CAP},
	{"fspick", CAP_SYS_ADMIN, ANY_CAP},
	{"lookup_dcookie", CAP_SYS_ADMIN, ANY_CAP},
	{"mount", CAP_SYS_ADMIN, ANY_CAP},
	{"mount_setattr", CAP_SYS_ADMIN, ANY_CAP},
	{"move_mount", CAP_SYS_ADMIN, ANY_CAP},
	{"open_tree", CAP_SYS_ADMIN, ANY_CAP},
	{"name_to_handle_at", CAP_SYS_ADMIN, ANY_CAP},
	{"quotactl", CAP_SYS_ADMIN, ANY_CAP},
	{"quotactl_fd", CAP_SYS_ADMIN, ANY_CAP},
	{"setdomainname", CAP_SYS_ADMIN, ANY_CAP},
	{"sethostname", CAP_SYS_ADMIN, ANY_CAP},
	{"setns", CAP_SYS_ADMIN, ANY_CAP},
	{"umount", CAP_SYS_ADMIN, ANY_CAP},
	{"umount2", CAP_SYS_ADMIN, ANY_CAP},
	{"syslog", CAP_SYS_ADMIN, CAP_SYSLOG},
	{"reboot", CAP_SYS_BOOT, ANY_CAP},
	{"init_module", CAP_SYS_MODULE, ANY_CAP},
	{"finit_module", CAP_SYS_MODULE, ANY_CAP},
	{"delete_module", CAP_SYS_MODULE, ANY_CAP},
	{"acct", CAP_SYS_PACCT, ANY_CAP},
	{"kcmp", CAP_SYS_PTRACE, ANY_CAP},
	{"pidfd_getfd", CAP_SYS_PTRACE, ANY_CAP},
	{"process_madvise", CAP_SYS_PTRACE, ANY_CAP},
	{"iopl", CAP_SYS_RAWIO, ANY_CAP},
	{"ioperm", CAP_SYS_RAWIO, ANY_CAP},
	{"settimeofday", CAP_SYS_TIME, ANY_CAP},
	{"stime", CAP_SYS_TIME, ANY_CAP},
	{"clock_settime", CAP_SYS_TIME, ANY_CAP},
	{"clock_adjtime", CAP_SYS_TIME, ANY_CAP},
	{"vhangup", CAP_SYS_TTY_CONFIG, ANY_CAP},
	{"get_mempolicy", CAP_SYS_NICE, ANY_CAP},
	{"set_mempolicy", CAP_SYS_NICE, ANY_CAP},
	{"mbind", CAP_SYS_NICE, ANY_CAP},
	{"move_pages", CAP_SYS_NICE, ANY_CAP},
	{"open_by_handle_at", CAP_DAC_READ_SEARCH, ANY_CAP},
};

/* The namespace flags clone and unshare may not carry without CAP_SYS_ADMIN. */
static const uint64_t ns_flags[] = {
	CLONE_NEWNS,  CLONE_NEWUTS, CLONE_NEWIPC,    CLONE_NEWUSER,
	CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP,
};

static bool has(uint64_t caps, int cap)
{
	return cap != ANY_CAP && (caps >> cap) & 1;
}

static int add_rules(scmp_filter_ctx ctx, uint64_t caps)
{
	const uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	int nr, r;

	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		if (has(caps, denied[i].cap) || has(caps, denied[i].cap2))
			continue;
		nr = seccomp_syscall_resolve_name(denied[i].name);
		if (nr == __NR_SCMP_ERROR)
			continue; /* unknown to this libseccomp */
		r = seccomp_rule_add(ctx, eperm, nr, 0);
		if (r < 0 && r != -EDOM)
			return r;
	}
	if (has(caps, CAP_SYS_ADMIN))
		return 0;
	/* clone3's flags sit in memory the filter cannot read: ENOSYS sends libc to clone. */
	r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	for (size_t i = 0; r == 0 && i < sizeof(ns_flags) / sizeof(ns_flags[0]); i++) {
		r = seccomp_rule_add(ctx, eperm, SCMP_SYS(clone), 1,
				     SCMP_A0(SCMP_CMP_MASKED_EQ, ns_flags[i], ns_flags[i]));
		if (r == 0)
			r = seccomp_rule_add(ctx, eperm, SCMP_SYS(unshare), 1,
					     SCMP_A0(SCMP_CMP_MASKED_EQ, ns_flags[i], ns_flags[i]));
	}
	return r;
}

/* The exported program, read back from a memfd into one allocation. */
static struct sock_fprog *export(scmp_filter_ctx ctx)
{
	struct sock_fprog *prog = NULL;
	struct stat st;
	int fd = memfd_create("seccomp", MFD_CLOEXEC), r;

	if (fd < 0)
		return NULL;
	r = seccomp_export_bpf(ctx, fd);
	if (r == 0 && fstat(fd, &st) == 0 && st.st_size > 0 &&
	    st.st_size % (off_t) sizeof(struct sock_filter) == 0) {
		prog = malloc(sizeof(*prog) + (size_t) st.st_size);
		if (prog) {
			prog->len =
				(unsigned short) (st.st_size / (off_t) sizeof(struct sock_filter));
			prog->filter = (struct sock_filter *) (prog + 1);
			if (pread(fd, prog->filter, (size_t) st.st_size, 0) != st.st_size) {
				free(prog);
				prog = NULL;
			}
		}
	}
	fd_close(fd);
	return prog;
}

void *seccomp_prog_build(uint64_t caps)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	struct sock_fprog *prog = NULL;
	int r = -ENOMEM;

	if (!ctx)
		goto out;
	/* The same rules for 32-bit programs (int 0x80) as for native ones, as docker does. */
	if (seccomp_arch_native() == SCMP_ARCH_X86_64) {
		r = seccomp_arch_add(ctx, SCMP_ARCH_X86);
		if (r == 0)
			r = seccomp_arch_add(ctx, SCMP_ARCH_X32);
		if (r < 0 && r != -EEXIST)
			goto out;
	}
	r = add_rules(ctx, caps);
	if (r < 0)
		goto out;
	prog = export(ctx);
	r = prog ? 0 : -ENOMEM;
out:
	if (r < 0)
		log_error(r, "build the seccomp filter");
	seccomp_release(ctx);
	return prog;
}

void seccomp_prog_free(void *prog)
{
	free(prog);
}
