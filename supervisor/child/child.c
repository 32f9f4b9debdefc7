/* SPDX-License-Identifier: MIT */
/*
 * child.h: tether, inside the new namespaces, before exec. Never allocates, never uses
 * stdio, never returns: the launcher's heap and FILE locks are a copy we must not touch.
 */
#include "child.h"
#include "creds.h"
#include "cwd.h"
#include "limit_ops.h"
#include "mounts.h"
#include "fd.h"
#include "hook.h"
#include "proc.h"
#include "ptyfd.h"
#include "sigreset.h"
#include "sync.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

extern char **environ;

static int op_mount_private(const struct setup_op *op)
{
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ? -errno : 0;
}

static int op_mount_proc(const struct setup_op *op)
{
	/* On top of the host's /proc: that one (and its submounts) is hidden, not touched. */
	if (mount("proc", op->arg, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return -errno;
	return 0;
}

static int op_net_lo(const struct setup_op *op)
{
	struct ifreq ifr;
	int s, r = 0;

	/* An ioctl on any socket of the namespace: no dependency on iproute2 or netlink. */
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, op->arg, IFNAMSIZ - 1);
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

static int op_hostname(const struct setup_op *op)
{
	return sethostname(op->arg, strlen(op->arg)) < 0 ? -errno : 0;
}

static int op_session(const struct setup_op *op)
{
	return setsid() < 0 ? -errno : 0;
}

static int op_fds(const struct setup_op *op, const struct run_config *cfg)
{
	unsigned int keep_end = 3 + cfg->preserve_fds;

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

/*
 * tether-init's --exit-fd: the pipe's write end at 3 + preserve_fds, the number its argv
 * names. SETUP_FDS has marked everything from there close-on-exec; dup2 clears the flag
 * on the copy. What holds that number now is a copy of a launcher descriptor, closed at
 * exec anyway, unless it is one we still need (the sync socket, the init's memfd): those
 * move out of the way first.
 */
static int place_exit_fd(const struct run_config *cfg, struct sync_chan *chan, int *exec_fd,
			 int exit_fd)
{
	int target = (int) (3 + cfg->preserve_fds), fd;

	if (chan->fd == target || *exec_fd == target) {
		fd = fcntl(target, F_DUPFD_CLOEXEC, target + 1);
		if (fd < 0)
			return -errno;
		if (chan->fd == target)
			chan->fd = fd;
		else
			*exec_fd = fd;
	}
	if (exit_fd == target)
		return fcntl(target, F_SETFD, 0) < 0 ? -errno : 0;
	return dup2(exit_fd, target) < 0 ? -errno : 0;
}

static int run_op(const struct setup_op *op, struct child_ctx *ctx)
{
	const struct run_config *cfg = ctx->cfg;

	switch (op->kind) {
	case SETUP_MOUNT_PRIVATE:
		return op_mount_private(op);
	case SETUP_MOUNT_PROC:
		return op_mount_proc(op);
	case SETUP_NET_LO:
		return op_net_lo(op);
	case SETUP_HOSTNAME:
		return op_hostname(op);
	case SETUP_SESSION:
		return op_session(op);
	case SETUP_FDS:
		return op_fds(op, cfg);
	case SETUP_TTY_DEVPTS:
	case SETUP_TTY:
		return pty_run_op(op, ctx);
	case SETUP_ROOTFS_BIND:
	case SETUP_ROOTFS_PROC:
	case SETUP_ROOTFS_DEV:
	case SETUP_ROOTFS_DEVICE:
	case SETUP_ROOTFS_SYS:
	case SETUP_ROOTFS_MOUNT:
	case SETUP_ROOTFS_PIVOT:
	case SETUP_ROOTFS_READONLY:
		return rootfs_run_op(op, ctx);
	case SETUP_ENV:
	case SETUP_CWD:
		return identity_run_op(op, ctx);
	case SETUP_CREDS:
	case SETUP_NO_NEW_PRIVS:
		return caps_run_op(op, ctx);
	case SETUP_CGROUP:
	case SETUP_RLIMITS:
	case SETUP_SECCOMP:
		return confine_run_op(op, ctx);
	case SETUP_KIND_COUNT:
		break;
	}
	return -EINVAL;
}

__attribute__((noreturn)) static void fail(struct sync_chan *chan, int step, int err,
					   const char *detail, int code)
{
	sync_send(chan, SYNC_ERROR, step, err, detail);
	_exit(code);
}

/* PATH of envp (not getenv: environ stays the launcher's), NULL when there is none. */
static const char *env_path(char *const *envp)
{
	for (; *envp; envp++)
		if (strncmp(*envp, "PATH=", 5) == 0)
			return *envp + 5;
	return NULL;
}

/* execvp without the heap: PATH from envp, candidates built on the stack. */
static int exec_path(char *const argv[], char *const envp[])
{
	const char *name = argv[0], *path = env_path(envp), *p;
	char buf[PATH_MAX];
	bool seen_eacces = false;
	size_t nlen = strlen(name);

	if (!*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		execve(name, argv, envp);
		return -errno;
	}
	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (p = path;; p++) {
		const char *end = strchrnul(p, ':');
		size_t dlen = (size_t) (end - p);

		if (dlen + 1 + nlen + 1 <= sizeof(buf)) {
			memcpy(buf, dlen ? p : ".", dlen ? dlen : 1);
			dlen = dlen ? dlen : 1;
			buf[dlen] = '/';
			memcpy(buf + dlen + 1, name, nlen + 1);
			execve(buf, argv, envp);
			switch (errno) {
			case EACCES:
				seen_eacces = true;
				break;
			case ENOENT:
			case ENOTDIR:
			case ESTALE:
			case ENODEV:
			case ETIMEDOUT:
				break;
			default:
				return -errno;
			}
		}
		p = end;
		if (!*end)
			break;
	}
	return seen_eacces ? -EACCES : -ENOENT;
}

void child_ctx_init(struct child_ctx *ctx, const struct run_config *cfg, struct sync_chan *chan)
{
	ctx->cfg = cfg;
	ctx->chan = chan;
	ctx->root_fd = -1;
	ctx->envp = environ;
}

void child_run_ops(struct child_ctx *ctx)
{
	const struct run_config *cfg = ctx->cfg;

	for (size_t i = 0; i < cfg->n_ops; i++) {
		const struct setup_op *op = &cfg->ops[i];
		int r;

		hook_pause(cfg, (int) op->kind);
		r = run_op(op, ctx);
		if (r < 0)
			fail(ctx->chan, (int) op->kind, -r, op->arg, PROC_EXIT_SETUP);
	}
}

/* The init as the user named it: --init's path, or the one we found. */
static const char *init_name(const struct run_config *cfg)
{
	return cfg->init_path ? cfg->init_path : "tether-init";
}

void child_exec(struct child_ctx *ctx, int exec_fd, const sigset_t *orig_mask)
{
	const struct run_config *cfg = ctx->cfg;
	struct sync_chan *chan = ctx->chan;
	int r;

	/*
	 * SIG_IGN survives exec (nohup's SIGHUP, a shell's SIGPIPE): the container starts
	 * clean. tether-init does it itself, for its child.
	 */
	if (exec_fd < 0)
		sig_reset_ignored();
	/*
	 * tether-init starts with every signal still blocked, so that one sent before it has
	 * its signalfd stays pending instead of being dropped (PID 1 ignores default-action
	 * signals); it gives its child the default mask. A bare COMMAND gets the launcher's
	 * original mask.
	 */
	if (exec_fd < 0)
		sigprocmask(SIG_SETMASK, orig_mask, NULL);
	if (sync_send(chan, SYNC_EXEC, STEP_EXEC, 0, NULL) < 0)
		_exit(PROC_EXIT_SETUP);
	if (exec_fd >= 0) {
		char magic[2];

		/*
		 * A script's interpreter opens it again as /dev/fd/N (execveat(2)): a
		 * close-on-exec memfd would be gone by then, and the exec fail with ENOENT.
		 */
		if (pread(exec_fd, magic, sizeof(magic), 0) == (ssize_t) sizeof(magic) &&
		    magic[0] == '#' && magic[1] == '!' && fcntl(exec_fd, F_SETFD, 0) < 0)
			fail(chan, STEP_EXEC, errno, init_name(cfg), PROC_EXIT_SETUP);
		syscall(SYS_execveat, exec_fd, "", cfg->exec_argv, ctx->envp, AT_EMPTY_PATH);
		fail(chan, STEP_EXEC, errno, init_name(cfg), PROC_EXIT_SETUP);
	}
	r = exec_path(cfg->exec_argv, ctx->envp);
	fail(chan, STEP_EXEC, -r, cfg->exec_argv[0], proc_exec_failure_code(r));
}

void child_run(const struct run_config *cfg, int sync_fd, int exec_fd, const sigset_t *orig_mask,
	       int exit_fd, bool borrowed)
{
	struct sync_chan chan;
	struct sync_msg msg;
	struct child_ctx ctx;
	int r;

	sync_chan_init(&chan, sync_fd);
	child_ctx_init(&ctx, cfg, &chan);
	hook_pause(cfg, STEP_START);
	/*
	 * Tethered from here: the launcher's death kills us. That alone leaves a window (it
	 * may have died before the prctl), and getppid() cannot close it: with CLONE_NEWPID
	 * our parent is outside our pid namespace and getppid() is 0 whoever it is. So the
	 * check is the socket: the launcher's end is held by the launcher alone (we closed our
	 * copy), the kernel closes it in exit_files() before exit_notify() sends death
	 * signals, so either the signal comes or the read below sees EOF, and we leave.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		fail(&chan, STEP_START, errno, "PR_SET_PDEATHSIG", PROC_EXIT_SETUP);
	if (sync_send(&chan, SYNC_READY, STEP_START, 0, NULL) < 0)
		_exit(PROC_EXIT_SETUP);
	/*
	 * A borrowing child cannot wait: the launcher resumes only at our exec. It has
	 * nothing to do for us, and READY's send failing with EPIPE is the liveness check.
	 */
	if (!borrowed) {
		r = sync_recv(&chan, &msg);
		if (r <= 0 || msg.type != SYNC_CONFIGURED)
			_exit(PROC_EXIT_SETUP); /* the launcher is gone, or talks nonsense */
	}
	/*
	 * Not dumpable until exec resets it: no process of the container (once there is one)
	 * can ptrace us or open our /proc files, where the launcher's descriptors still are.
	 * Only after the barrier: the parent may need our /proc files to configure us. The
	 * flag belongs to the address space: a borrowing child's launcher restores its own.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		fail(&chan, STEP_BARRIER, errno, "PR_SET_DUMPABLE", PROC_EXIT_SETUP);
	child_run_ops(&ctx);
	if (exit_fd >= 0) {
		r = place_exit_fd(cfg, &chan, &exec_fd, exit_fd);
		if (r < 0)
			fail(&chan, SETUP_FDS, -r, "--exit-fd", PROC_EXIT_SETUP);
	}
	hook_pause(cfg, STEP_EXEC);
	child_exec(&ctx, exec_fd, orig_mask);
}
