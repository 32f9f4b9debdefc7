/* SPDX-License-Identifier: MIT */
/*
 * The child's change of credentials: bounding set, groups, gid, uid, then the
 * capability sets the parent built (caps.h), and no_new_privs. libcap's calls used here
 * only make syscalls: no heap, no stdio.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#define BIT(c) (1ULL << (unsigned int) (c))

/*
 * One prctl per capability to drop: dropping one already out of the set succeeds. Only
 * without CAP_SETPCAP (EPERM) does it matter whether it was there at all.
 */
static int drop_bounding(uint64_t keep)
{
	cap_value_t last = cap_max_bits() - 1;

	for (cap_value_t v = 0; v <= last && v <= 63; v++)
		if (!(keep & BIT(v)) && cap_drop_bound(v) < 0 &&
		    !(errno == EPERM && cap_get_bound(v) == 0))
			return -errno;
	return 0;
}

static int op_creds(const struct setup_op *op, struct child_ctx *ctx)
{
	const struct setup_creds *iso = &op->u.creds;
	int r;

	/* The bounding set needs CAP_SETPCAP: before any change of user. */
	if (iso->caps_set)
		r = drop_bounding(iso->keep_caps);
	else
		r = iso->drop_sys_boot ? drop_bounding(~BIT(CAP_SYS_BOOT)) : 0;
	if (r < 0)
		return r;
	if (iso->has_user) {
		/* Keep the permitted set across setuid: cap_set_proc below trims it. */
		if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
			return -errno;
		/* EPERM: a user ns whose setgroups is "deny" has no groups to clear. */
		if (setgroups(0, NULL) < 0 && !(errno == EPERM && iso->tolerate_setgroups))
			return -errno;
		if (setresgid(iso->gid, iso->gid, iso->gid) < 0)
			return -errno;
		if (setresuid(iso->uid, iso->uid, iso->uid) < 0)
			return -errno;
	}
	if (iso->caps_set) {
		/*
		 * The kernel keeps the ambient set within permitted and inheritable: this
		 * capset alone clears what we inherited beyond ambient_caps (root's inheritable
		 * set is empty), and the loop raises exactly those. No reset: libcap's probes
		 * every capability for it, 43 calls.
		 */
		if (cap_set_proc((cap_t) iso->proc_caps) < 0)
			return -errno;
		for (cap_value_t v = 0; v <= 63; v++)
			if ((iso->ambient_caps & BIT(v)) && cap_set_ambient(v, CAP_SET) < 0)
				return -errno;
	}
	if (iso->has_user) {
		if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
			return -errno;
		/*
		 * A change of credentials clears the parent-death signal and may make us
		 * dumpable again: set both back. A launcher gone meanwhile shows as EPIPE on
		 * the exec record, which ends us.
		 */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 ||
		    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
			return -errno;
	}
	return 0;
}

static int op_no_new_privs(const struct setup_op *op, struct child_ctx *ctx)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? -errno : 0;
}

SETUP_KIND(creds, SETUP_CREDS, "creds", "set user and capabilities", op_creds);
SETUP_KIND(no_new_privs, SETUP_NO_NEW_PRIVS, "no-new-privs", "set no_new_privs", op_no_new_privs);
