/* SPDX-License-Identifier: MIT */
/*
 * caps.h: the default set, and why it is applied only sometimes.
 *
 * With --rootfs, --user or any --cap-add/--cap-drop, the container is an application
 * container and gets Podman's default set (below), plus CAP_SYS_BOOT when it has its own
 * pid namespace, where reboot(2) only ends the container. Without any of them, `tether run`
 * is a launcher on the host's own files, like unshare(1) or bwrap as root: root keeps
 * every capability, less CAP_SYS_BOOT when the pid namespace is the host's.
 *
 * Root keeps the set in its bounding, permitted and effective sets (exec gives root the
 * bounding set anyway); its inheritable and ambient sets stay empty (CVE-2022-27650). A
 * non-root user gets only what --cap-add named, in every set including ambient: that is
 * the only way it survives exec without file capabilities.
 */
#include "caps.h"
#include "setup.h"
#include "usage.h"
#include "log.h"
#include "proc.h"

#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

/*
 * Podman's default set: docker's without MKNOD (a node made inside is a host device),
 * NET_RAW (AF_PACKET sees the host's traffic when the network namespace is shared) and
 * AUDIT_WRITE.
 */
static const cap_value_t default_caps[] = {
	CAP_CHOWN,  CAP_DAC_OVERRIDE, CAP_FOWNER,  CAP_FSETID,           CAP_KILL,       CAP_SETGID,
	CAP_SETUID, CAP_SETPCAP,      CAP_SETFCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT,
};

#define BIT(c) (1ULL << (unsigned int) (c))

static uint64_t all_caps(void)
{
	cap_value_t last = cap_max_bits() - 1;

	if (last < 0 || last > 63)
		last = CAP_LAST_CAP;
	return last == 63 ? ~0ULL : (BIT(last + 1) - 1);
}

/* "CAP_SYS_ADMIN", "cap_sys_admin" or "sys_admin"; "ALL" gives -2. */
static int cap_by_name(const char *name)
{
	char buf[64];
	cap_value_t v;

	if (strcasecmp(name, "ALL") == 0)
		return -2;
	if (strncasecmp(name, "cap_", 4) != 0) {
		if (snprintf(buf, sizeof(buf), "cap_%s", name) >= (int) sizeof(buf))
			return -1;
	} else if (snprintf(buf, sizeof(buf), "%s", name) >= (int) sizeof(buf)) {
		return -1;
	}
	for (char *p = buf; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char) (*p - 'A' + 'a');
	if (cap_from_name(buf, &v) < 0 || v < 0 || v > 63 || !CAP_IS_SUPPORTED(v))
		return -1;
	return v;
}

static int resolve_list(const char *const *names, size_t n, const char *opt, uint64_t *set)
{
	*set = 0;
	for (size_t i = 0; i < n; i++) {
		int v = cap_by_name(names[i]);

		if (v == -1) {
			return client_usage_error("run", "%s '%s': unknown capability", opt,
						  names[i]);
		}
		*set |= v == -2 ? all_caps() : BIT(v);
	}
	return 0;
}

static cap_t build_cap(uint64_t pe, uint64_t inh)
{
	cap_t c = cap_init();

	if (!c)
		return NULL;
	for (cap_value_t v = 0; v < 64; v++) {
		cap_value_t one[1] = {v};

		if ((pe & BIT(v)) && (cap_set_flag(c, CAP_PERMITTED, 1, one, CAP_SET) < 0 ||
				      cap_set_flag(c, CAP_EFFECTIVE, 1, one, CAP_SET) < 0))
			goto fail;
		if ((inh & BIT(v)) && cap_set_flag(c, CAP_INHERITABLE, 1, one, CAP_SET) < 0)
			goto fail;
	}
	return c;
fail:
	cap_free(c);
	return NULL;
}

int caps_prepare(struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;
	bool new_pid = cfg->clone_flags & CLONE_NEWPID;
	uint64_t add, drop, set;
	bool non_root;
	int r;

	r = resolve_list(iso->cap_add, iso->n_cap_add, "--cap-add", &add);
	if (!r)
		r = resolve_list(iso->cap_drop, iso->n_cap_drop, "--cap-drop", &drop);
	if (r)
		return r;
	iso->caps_set = iso->rootfs || iso->has_user || iso->n_cap_add || iso->n_cap_drop;
	iso->drop_sys_boot = !new_pid;
	if (!iso->caps_set) {
		iso->no_new_privs = iso->no_new_privs_arg;
		return 0;
	}
	set = 0;
	for (size_t i = 0; i < sizeof(default_caps) / sizeof(default_caps[0]); i++)
		set |= BIT(default_caps[i]);
	if (new_pid)
		set |= BIT(CAP_SYS_BOOT);
	/* Drops first, then adds: "--cap-drop ALL --cap-add NET_ADMIN" keeps NET_ADMIN. */
	set = (set & ~drop) | add;
	if (!new_pid && (add & BIT(CAP_SYS_BOOT))) {
		return client_usage_error(
			"run", "%s",
			"--cap-add SYS_BOOT: needs a new pid namespace (drop --share "
			"pid)");
	}
	set &= all_caps();
	iso->keep_caps = set;
	non_root = iso->has_user && iso->uid != 0;
	iso->ambient_caps = non_root ? (add & set) : 0;
	iso->no_new_privs = iso->no_new_privs_arg || iso->n_cap_drop || non_root;
	/* root: permitted = effective = the set; a non-root user: what --cap-add named. */
	iso->proc_caps =
		non_root ? build_cap(iso->ambient_caps, iso->ambient_caps) : build_cap(set, 0);
	if (!iso->proc_caps) {
		log_error(errno, "build capability set");
		return PROC_EXIT_SETUP;
	}
	return 0;
}

int caps_prepare_exec(struct run_config *cfg, uint64_t bounding, uint64_t ambient,
		      bool no_new_privs)
{
	struct isolate_config *iso = &cfg->iso;
	bool non_root = iso->has_user && iso->uid != 0;

	iso->caps_set = true;
	iso->keep_caps = bounding;
	/* As `run` gives them: root the bounding set, another user the container's ambient. */
	iso->ambient_caps = non_root ? (ambient & bounding) : 0;
	iso->no_new_privs = no_new_privs || non_root;
	iso->proc_caps =
		non_root ? build_cap(iso->ambient_caps, iso->ambient_caps) : build_cap(bounding, 0);
	if (!iso->proc_caps) {
		log_error(errno, "build capability set");
		return PROC_EXIT_SETUP;
	}
	return 0;
}

void caps_free(struct run_config *cfg)
{
	if (cfg->iso.proc_caps)
		cap_free(cfg->iso.proc_caps);
	cfg->iso.proc_caps = NULL;
}

int caps_add_ops(struct run_config *cfg)
{
	const struct isolate_config *iso = &cfg->iso;
	struct setup_op *op;

	if (iso->caps_set || iso->drop_sys_boot || iso->has_user) {
		op = setup_add(cfg, SETUP_CREDS, iso->user_arg);
		if (!op)
			return -E2BIG;
		op->u.creds = (struct setup_creds){
			.has_user = iso->has_user,
			.tolerate_setgroups = iso->userns,
			.uid = iso->uid,
			.gid = iso->gid,
			.caps_set = iso->caps_set,
			.drop_sys_boot = iso->drop_sys_boot,
			.keep_caps = iso->keep_caps,
			.ambient_caps = iso->ambient_caps,
			.proc_caps = iso->proc_caps,
		};
	}
	if (iso->no_new_privs && !setup_add(cfg, SETUP_NO_NEW_PRIVS, NULL))
		return -E2BIG;
	return 0;
}
