/* SPDX-License-Identifier: MIT */
/* devices.h: the cgroup device filter as raw BPF instructions, loaded with bpf(2). */
#include "devices.h"
#include "cgroup.h"
#include "confine_config.h"
#include "fd.h"
#include "log.h"

#include <errno.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RULE_INSNS 9 /* the most instructions one rule takes */
#define INSNS_MAX  (8 + (16 + DEVICES_EXTRA_MAX) * RULE_INSNS)

static const struct device_rule standard[] = {
	{'a', -1, -1, BPF_DEVCG_ACC_MKNOD}, /* mknod only: use needs a rule below */
	{'c', 1, 3, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE},    /* null */
	{'c', 1, 5, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE},    /* zero */
	{'c', 1, 7, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE},    /* full */
	{'c', 1, 8, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE},    /* random */
	{'c', 1, 9, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE},    /* urandom */
	{'c', 5, 0, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE},    /* tty */
	{'c', 5, 1, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE},    /* console */
	{'c', 5, 2, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE},    /* ptmx */
	{'c', 136, -1, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE}, /* pts/N */
	{'c', 10, 200, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE}, /* net/tun */
};

static struct device_rule extra[DEVICES_EXTRA_MAX];
static size_t n_extra;

int devices_allow(const struct device_rule *rule)
{
	if (n_extra >= DEVICES_EXTRA_MAX)
		return -E2BIG;
	extra[n_extra++] = *rule;
	return 0;
}

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i)})
#define MOV_IMM(d, i)    INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV_REG(d, s)    INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define AND_IMM(d, i)    INSN(BPF_ALU64 | BPF_AND | BPF_K, d, 0, 0, i)
#define RSH_IMM(d, i)    INSN(BPF_ALU64 | BPF_RSH | BPF_K, d, 0, 0, i)
#define LDX_W(d, s, o)   INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define JNE_IMM(d, i, o) INSN(BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define EXIT()           INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/*
 * r2 = type (BPF_DEVCG_DEV_*), r3 = access requested, r4 = major, r5 = minor. Each rule:
 * a run of checks that jump past the rule on a mismatch, then "return 1". After the last
 * rule, "return 0": deny.
 */
static size_t emit_rule(struct bpf_insn *p, const struct device_rule *r)
{
	struct bpf_insn body[RULE_INSNS];
	size_t n = 0, skip;

	if (r->type != 'a')
		body[n++] =
			JNE_IMM(2, r->type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK, 0);
	/* Allowed only when no bit outside the rule's access is asked for. */
	body[n++] = MOV_REG(6, 3);
	body[n++] = AND_IMM(6, (int32_t) ~r->access);
	body[n++] = JNE_IMM(6, 0, 0);
	if (r->major >= 0)
		body[n++] = JNE_IMM(4, r->major, 0);
	if (r->minor >= 0)
		body[n++] = JNE_IMM(5, r->minor, 0);
	body[n++] = MOV_IMM(0, 1);
	body[n++] = EXIT();
	/* Each conditional jump lands just past this rule's exit. */
	for (size_t i = 0; i < n; i++) {
		skip = n - i - 1;
		if (body[i].code == (BPF_JMP | BPF_JNE | BPF_K))
			body[i].off = (int16_t) skip;
	}
	memcpy(p, body, n * sizeof(*body));
	return n;
}

static size_t build(struct bpf_insn *p)
{
	size_t n = 0;

	p[n++] = LDX_W(2, 1, offsetof(struct bpf_cgroup_dev_ctx, access_type));
	p[n++] = MOV_REG(3, 2);
	p[n++] = AND_IMM(2, 0xffff);
	p[n++] = RSH_IMM(3, 16);
	p[n++] = LDX_W(4, 1, offsetof(struct bpf_cgroup_dev_ctx, major));
	p[n++] = LDX_W(5, 1, offsetof(struct bpf_cgroup_dev_ctx, minor));
	for (size_t i = 0; i < sizeof(standard) / sizeof(standard[0]); i++)
		n += emit_rule(p + n, &standard[i]);
	for (size_t i = 0; i < n_extra; i++)
		n += emit_rule(p + n, &extra[i]);
	p[n++] = MOV_IMM(0, 0);
	p[n++] = EXIT();
	return n;
}

int devices_attach(const struct confine_config *conf, const struct cgroup *cg)
{
	static struct bpf_insn insns[INSNS_MAX];
	union bpf_attr attr;
	int prog, r;

	if (!conf->devices)
		return 0;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t) (uintptr_t) insns;
	attr.insn_cnt = (uint32_t) build(insns);
	attr.license = (uint64_t) (uintptr_t) "MIT";
	prog = (int) syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (prog < 0) {
		r = -errno;
		/* No BPF for us (an unprivileged launcher): the nodev mounts stay the guard. */
		if (r == -EPERM) {
			log_debug(r, "load device filter: the container has none");
			return 0;
		}
		log_error(r, "load device filter for %s", cg->path);
		return -1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t) cg->dir_fd;
	attr.attach_bpf_fd = (uint32_t) prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	r = syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof(attr)) < 0 ? -errno : 0;
	/* The cgroup holds the program from here; it goes with the cgroup. */
	fd_close(prog);
	if (r < 0) {
		log_error(r, "attach device filter to %s", cg->path);
		return -1;
	}
	return 0;
}
