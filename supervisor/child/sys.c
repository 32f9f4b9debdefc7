/* SPDX-License-Identifier: MIT */
/*
 * The new namespaces' own setup in the child: mount propagation, a fresh /proc, lo up,
 * the hostname, a session, the descriptors that survive exec. No heap, no stdio.
 */
#include "config.h"
#include "fd.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

static int op_mount_private(const struct setup_op *op, struct child_ctx *ctx)
{
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ? -errno : 0;
}

static int op_mount_proc(const struct setup_op *op, struct child_ctx *ctx)
{
	/* On top of the host's /proc: that one (and its submounts) is hidden, not touched. */
	if (mount("proc", op->u.path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return -errno;
	return 0;
}

static int op_net_lo(const struct setup_op *op, struct child_ctx *ctx)
{
	struct ifreq ifr;
	int s, r = 0;

	/* An ioctl on any socket of the namespace: no dependency on iproute2 or netlink. */
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, op->u.path, IFNAMSIZ - 1);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
		r = -errno;
	} else {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
			r = -errno;
	}
	fd_close(s);
	return r;
}

static int op_hostname(const struct setup_op *op, struct child_ctx *ctx)
{
	return sethostname(op->u.path, strlen(op->u.path)) < 0 ? -errno : 0;
}

static int op_session(const struct setup_op *op, struct child_ctx *ctx)
{
	return setsid() < 0 ? -errno : 0;
}

static int op_fds(const struct setup_op *op, struct child_ctx *ctx)
{
	unsigned int keep_end = 3 + op->u.preserve_fds;

	/* The preserved ones were marked close-on-exec at start: hand them on. */
	for (unsigned int fd = 3; fd < keep_end; fd++)
		if (fcntl((int) fd, F_SETFD, 0) < 0)
			return -errno;
	/*
	 * Everything above is closed by exec itself: marking rather than closing keeps the
	 * sync socket (which reports an exec failure) and the init memfd until that moment.
	 */
	return fd_close_from(keep_end, true);
}

SETUP_KIND(mount_private, SETUP_MOUNT_PRIVATE, "mount-private", "make mounts private",
	   op_mount_private);
SETUP_KIND(mount_proc, SETUP_MOUNT_PROC, "mount-proc", "mount proc on", op_mount_proc);
SETUP_KIND(net_lo, SETUP_NET_LO, "net-lo", "bring up", op_net_lo);
SETUP_KIND(hostname, SETUP_HOSTNAME, "hostname", "sethostname", op_hostname);
SETUP_KIND(session, SETUP_SESSION, "session", "setsid", op_session);
SETUP_KIND(fds, SETUP_FDS, "fds", "close descriptors", op_fds);
