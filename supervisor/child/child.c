/* SPDX-License-Identifier: MIT */
/*
 * child.h: tether, inside the new namespaces, before exec. Never allocates, never uses
 * stdio, never returns: the launcher's heap and FILE locks are a copy we must not touch.
 */
#include "child.h"
#include "fd.h"
#include "hook.h"
#include "proc.h"
#include "sigreset.h"
#include "sync.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

extern char **environ;

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

/* The row of a step, from the table the linker gathered (SETUP_KIND). */
extern const struct setup_kind_info __start_tether_setup_kinds[], __stop_tether_setup_kinds[];

const struct setup_kind_info *setup_kind(int step)
{
	for (const struct setup_kind_info *k = __start_tether_setup_kinds;
	     k < __stop_tether_setup_kinds; k++)
		if (k->step == step)
			return k;
	return NULL;
}

SETUP_KIND(start, STEP_START, "start", "start container process", NULL);
SETUP_KIND(barrier, STEP_BARRIER, "configure", "configure container", NULL);
SETUP_KIND(exec, STEP_EXEC, "exec", "exec", NULL);

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

void child_ctx_init(struct child_ctx *ctx, struct sync_chan *chan)
{
	ctx->chan = chan;
	ctx->root_fd = -1;
	ctx->envp = environ;
}

void child_run_ops(const struct run_config *cfg, struct child_ctx *ctx)
{
	for (size_t i = 0; i < cfg->n_ops; i++) {
		const struct setup_op *op = &cfg->ops[i];
		const struct setup_kind_info *k = setup_kind((int) op->kind);
		int r;

		hook_pause(cfg, (int) op->kind);
		r = k && k->run ? k->run(op, ctx) : -EINVAL;
		if (r < 0)
			fail(ctx->chan, (int) op->kind, -r, op->arg, PROC_EXIT_SETUP);
	}
}

/* The init as the user named it: --init's path, or the one we found. */
static const char *init_name(const struct run_config *cfg)
{
	return cfg->init_path ? cfg->init_path : "tether-init";
}

void child_exec(const struct run_config *cfg, struct child_ctx *ctx, int exec_fd,
		const struct child_signals *sigs)
{
	struct sync_chan *chan = ctx->chan;
	int r;

	/*
	 * SIG_IGN survives exec (nohup's SIGHUP, a shell's SIGPIPE): the container starts
	 * clean, its init too (told by --keep-signals that there is nothing left to reset).
	 */
	sig_reset_mask(sigs->ignored);
	/*
	 * tether-init starts with every signal still blocked, so that one sent before it has
	 * its signalfd stays pending instead of being dropped (PID 1 ignores default-action
	 * signals); it gives its child the default mask. A bare COMMAND gets the launcher's
	 * original mask.
	 */
	if (exec_fd < 0)
		sigprocmask(SIG_SETMASK, &sigs->mask, NULL);
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

void child_run(const struct run_config *cfg, int sync_fd, int exec_fd,
	       const struct child_signals *sigs, int exit_fd, bool borrowed)
{
	struct sync_chan chan;
	struct sync_msg msg;
	struct child_ctx ctx;
	int r;

	sync_chan_init(&chan, sync_fd);
	child_ctx_init(&ctx, &chan);
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
	child_run_ops(cfg, &ctx);
	if (exit_fd >= 0) {
		r = place_exit_fd(cfg, &chan, &exec_fd, exit_fd);
		if (r < 0)
			fail(&chan, SETUP_FDS, -r, "--exit-fd", PROC_EXIT_SETUP);
	}
	hook_pause(cfg, STEP_EXEC);
	child_exec(cfg, &ctx, exec_fd, sigs);
}
