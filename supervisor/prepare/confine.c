/* SPDX-License-Identifier: MIT */
/* confine.h: glue between the shared launcher files and cgroup, devices, seccomp, rlimit. */
#include "confine.h"
#include "setup.h"
#include "usage.h"
#include "cgroup.h"
#include "devices.h"
#include "log.h"
#include "parse.h"
#include "proc.h"
#include "rlimit.h"
#include "seccomp_prog.h"

#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#define CPU_PERIOD_US 100000

/* One container per launcher: its cgroup lives here, the config points at it. */
static struct cgroup the_cgroup = {.dir_fd = -1, .procs_fd = -1};

__attribute__((format(printf, 1, 2))) static int usage(const char *fmt, ...)
{
	va_list ap;
	char raw[1024];

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	return client_usage_error("run", "%s", raw); /* escapes control characters */
}

/* 1024, 64k, 64m, 1g, 10b (docker's suffixes, either case): bytes, or -EINVAL. */
static long long parse_size(const char *s)
{
	unsigned long long n, mult = 1;
	char buf[32];
	size_t len = strlen(s);

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len + 1);
	switch (tolower((unsigned char) buf[len - 1])) {
	case 'b':
		break;
	case 'k':
		mult = 1ULL << 10;
		break;
	case 'm':
		mult = 1ULL << 20;
		break;
	case 'g':
		mult = 1ULL << 30;
		break;
	default:
		len++;
	}
	buf[len - 1] = '\0';
	if (parse_uint(buf, (1ULL << 62) / mult, &n) < 0 || n == 0)
		return -EINVAL;
	return (long long) (n * mult);
}

/* 0.5, 2, 1.25: microseconds per 100 ms period, at least 1 ms (the kernel's minimum). */
static long long parse_cpus(const char *s)
{
	unsigned long long whole = 0, frac = 0, scale = CPU_PERIOD_US;
	const char *p = s;

	if (!isdigit((unsigned char) *p) && *p != '.')
		return -EINVAL;
	for (; isdigit((unsigned char) *p); p++) {
		whole = whole * 10 + (unsigned long long) (*p - '0');
		if (whole > 4096)
			return -EINVAL;
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char) *p))
			return -EINVAL;
		for (; isdigit((unsigned char) *p); p++) {
			scale /= 10;
			frac += (unsigned long long) (*p - '0') * scale;
		}
	}
	if (*p)
		return -EINVAL;
	whole = whole * CPU_PERIOD_US + frac;
	return whole < 1000 ? -EINVAL : (long long) whole;
}

int confine_parse_opt(struct run_config *cfg, int c, const char *arg)
{
	struct confine_config *conf = &cfg->conf;
	unsigned long long n;
	const char *why;
	long long v;

	switch (c) {
	case OPT_CONF_MEMORY:
		conf->memory = parse_size(arg);
		if (conf->memory < 0)
			return usage("--memory: bad size '%s'", arg);
		break;
	case OPT_CONF_MEMORY_SWAP:
		conf->memory_swap = strcmp(arg, "-1") == 0 ? -1 : parse_size(arg);
		if (conf->memory_swap == -EINVAL)
			return usage("--memory-swap: bad size '%s'", arg);
		break;
	case OPT_CONF_PIDS_LIMIT:
		if (strcmp(arg, "-1") == 0)
			n = 0;
		else if (parse_uint(arg, 1ULL << 30, &n) < 0)
			return usage("--pids-limit: bad number '%s'", arg);
		conf->pids = (long long) n;
		break;
	case OPT_CONF_CPUS:
		v = parse_cpus(arg);
		if (v < 0)
			return usage("--cpus: bad number '%s' (0.01 to 4096)", arg);
		conf->cpu_quota_us = (uint64_t) v;
		break;
	case OPT_CONF_CPU_WEIGHT:
	case OPT_CONF_IO_WEIGHT:
		if (parse_uint(arg, 10000, &n) < 0 || n == 0)
			return usage("%s: bad weight '%s' (1 to 10000)",
				     c == OPT_CONF_CPU_WEIGHT ? "--cpu-weight" : "--io-weight",
				     arg);
		*(c == OPT_CONF_CPU_WEIGHT ? &conf->cpu_weight : &conf->io_weight) =
			(unsigned int) n;
		break;
	case OPT_CONF_CGROUP_PARENT:
		if (!*arg || strstr(arg, ".."))
			return usage("--cgroup-parent: bad path '%s'", arg);
		conf->cgroup_parent = arg;
		break;
	case OPT_CONF_SECURITY_OPT:
		if (strcmp(arg, "seccomp=unconfined") == 0)
			conf->seccomp = SECCOMP_MODE_UNCONFINED;
		else if (strcmp(arg, "seccomp=default") == 0)
			conf->seccomp = SECCOMP_MODE_DEFAULT;
		else
			return usage("--security-opt: unknown '%s' (seccomp=unconfined, "
				     "seccomp=default)",
				     arg);
		break;
	case OPT_CONF_NO_CGROUP:
		conf->no_cgroup = true;
		break;
	case OPT_CONF_ULIMIT:
		if (conf->n_ulimits >= ULIMITS_MAX)
			return usage("--ulimit: given more than %d times", ULIMITS_MAX);
		if (rlimit_parse(arg, &conf->ulimits[conf->n_ulimits], &why) < 0)
			return usage("--ulimit: %s: %s", arg, why);
		conf->n_ulimits++;
		break;
	}
	return 0;
}

/* A --device node joins the filter's allow-list with the access its mode gives. */
static int allow_device(const struct rootfs_device *d)
{
	struct device_rule rule = {
		.type = S_ISBLK(d->type) ? 'b' : 'c',
		.major = (int32_t) major(d->rdev),
		.minor = (int32_t) minor(d->rdev),
	};

	if (strchr(d->mode, 'r'))
		rule.access |= 2; /* BPF_DEVCG_ACC_READ */
	if (strchr(d->mode, 'w'))
		rule.access |= 4; /* BPF_DEVCG_ACC_WRITE */
	if (strchr(d->mode, 'm'))
		rule.access |= 1; /* BPF_DEVCG_ACC_MKNOD */
	return devices_allow(&rule);
}

int confine_finish(struct run_config *cfg)
{
	struct confine_config *conf = &cfg->conf;
	const struct isolate_config *iso = &cfg->iso;
	bool filter;

	if (conf->memory_swap && !conf->memory)
		return usage("%s", "--memory-swap needs --memory");
	if (conf->memory_swap > 0 && conf->memory_swap < conf->memory)
		return usage("%s", "--memory-swap is memory and swap together: at least --memory");
	if (conf->no_cgroup && (conf->memory || conf->pids || conf->cpu_quota_us ||
				conf->cpu_weight || conf->io_weight || conf->cgroup_parent))
		return usage("%s", "--no-cgroup cannot go with a limit or --cgroup-parent");
	conf->cg = conf->no_cgroup ? NULL : &the_cgroup;
	/* Like the default capability set: a container on its own files, or with a set. */
	conf->devices = iso->caps_set;
	for (size_t i = 0; i < iso->n_devices; i++)
		if (allow_device(&iso->devices[i]) < 0)
			return usage("%s", "--device: too many for the device filter");
	filter = conf->seccomp == SECCOMP_MODE_DEFAULT ||
		 (conf->seccomp == SECCOMP_MODE_AUTO && iso->caps_set);
	if (filter) {
		conf->seccomp_prog = seccomp_prog_build(iso->caps_set ? iso->keep_caps : ~0ULL);
		if (!conf->seccomp_prog)
			return PROC_EXIT_SETUP;
	}
	return 0;
}

int confine_add_ops(struct run_config *cfg)
{
	const struct confine_config *conf = &cfg->conf;
	struct setup_op *op;

	/* First: the fallback join of the cgroup, before anything runs in the child. */
	op = setup_insert(cfg, 0, SETUP_CGROUP, NULL);
	if (!op)
		return -E2BIG;
	if (conf->cg) {
		op->u.cgroup.procs_fd = &conf->cg->procs_fd;
		op->u.cgroup.placed = &conf->cg->placed;
	}
	/*
	 * The clone's cgroup namespace is rooted where the clone put us: after a join of our
	 * own, a new one, so that the container sees its cgroup as "/".
	 */
	if (conf->cg && (cfg->clone_flags & CLONE_NEWCGROUP)) {
		struct setup_op *ns = setup_insert(cfg, 1, SETUP_CGROUP_NS, NULL);

		if (!ns)
			return -E2BIG;
		ns->u.cgroup = cfg->ops[0].u.cgroup;
	}
	/*
	 * Before the capabilities go (raising a hard limit needs CAP_SYS_RESOURCE); one
	 * operation each, so that a failure names its limit.
	 */
	for (size_t i = 0; i < conf->n_ulimits; i++) {
		op = setup_insert(cfg, setup_index_of(cfg, SETUP_CREDS), SETUP_RLIMITS,
				  conf->ulimits[i].spec);
		if (!op)
			return -E2BIG;
		op->u.ulimit = &conf->ulimits[i];
	}
	/*
	 * Last before exec when no_new_privs is set; otherwise loading needs CAP_SYS_ADMIN,
	 * so just before the capabilities are dropped (the filter allows what is left).
	 */
	if (conf->seccomp_prog) {
		op = setup_insert(
			cfg, cfg->iso.no_new_privs ? cfg->n_ops : setup_index_of(cfg, SETUP_CREDS),
			SETUP_SECCOMP, NULL);
		if (!op)
			return -E2BIG;
		op->u.seccomp = conf->seccomp_prog;
	}
	return 0;
}

void confine_free(struct run_config *cfg)
{
	seccomp_prog_free(cfg->conf.seccomp_prog);
	cfg->conf.seccomp_prog = NULL;
}

int confine_prepare(const struct run_config *cfg)
{
	if (!cfg->conf.cg)
		return 0;
	return cgroup_create(&cfg->conf, cfg->conf.cg) ? PROC_EXIT_SETUP : 0;
}

void confine_settle(const struct run_config *cfg)
{
	cgroup_sweep_beside(cfg->conf.cg);
}

bool confine_after_exit(const struct run_config *cfg)
{
	static unsigned long long oom_seen;
	unsigned long long oom;

	if (!cfg->conf.cg || cfg->conf.cg->dir_fd < 0)
		return false;
	/* Whatever the init left (a shared pid namespace, a process that escaped it). */
	cgroup_empty(cfg->conf.cg);
	oom = cgroup_oom_kills(cfg->conf.cg);
	if (oom <= oom_seen)
		return false;
	log_error(0, "container: out of memory: %llu process%s killed (oom_killed, --memory)",
		  oom - oom_seen, oom - oom_seen > 1 ? "es" : "");
	oom_seen = oom;
	return true;
}

int confine_kill(const struct run_config *cfg)
{
	return cgroup_kill(cfg->conf.cg);
}

void confine_end(const struct run_config *cfg)
{
	cgroup_remove(cfg->conf.cg);
}
