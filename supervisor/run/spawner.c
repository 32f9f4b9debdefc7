/* SPDX-License-Identifier: MIT */
/*
 * spawner.h: clone and the parent's half of the sync handshake (the seeds' lxc_spawn with
 * lxc_sync_barrier_child), driven by the main loop so that signals are seen meanwhile.
 */
#include "spawner.h"
#include "cgroup.h"
#include "child.h"
#include "clone.h"
#include "cleanup.h"
#include "fd.h"
#include "hook.h"
#include "userns.h"
#include "log.h"
#include "parse.h"
#include "ns.h"
#include "proc.h"
#include "steps.h"
#include "sig.h"
#include "sync.h"

#include <errno.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
/* after sys/wait.h, whose P_PIDFD enum its fallback macro would break */
#include "syscall.h"
#include <unistd.h>

void spawn_kill(struct container *c)
{
	siginfo_t si;

	if (c->pidfd < 0)
		return;
	sys_pidfd_send_signal(c->pidfd, SIGKILL, NULL, 0);
	while (waitid((idtype_t) P_PIDFD, (id_t) c->pidfd, &si, WEXITED) < 0 && errno == EINTR)
		;
	fd_close(c->pidfd);
	c->pidfd = -1;
}

void spawn_kill_ptr(struct container **c)
{
	if (*c)
		spawn_kill(*c);
}

/* Why the child is gone, after it closed the socket without a verdict. */
static int report_death(struct container *c, const char *when)
{
	char name[SIG_NAME_MAX];
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	while (waitid((idtype_t) P_PIDFD, (id_t) c->pidfd, &si, WEXITED) < 0 && errno == EINTR)
		;
	fd_close(c->pidfd);
	c->pidfd = -1;
	if (si.si_code == CLD_EXITED)
		log_error(0, "container setup: process exited with %d %s", si.si_status, when);
	else
		log_error(0, "container setup: process killed by %s %s",
			  sig_name(si.si_status, name) ? name : "a signal", when);
	return PROC_EXIT_SETUP;
}

static int report_error(struct container *c, const struct sync_msg *msg)
{
	const char *verb = setup_step_verb(msg->step);

	if (msg->detail[0])
		log_error(msg->err, "%s %s", verb, msg->detail);
	else
		log_error(msg->err, "%s", verb);
	status_exec(&c->status, msg->step, msg->err, msg->detail);
	if (msg->step == STEP_EXEC && c->cfg->no_init)
		return proc_exec_failure_code(msg->err);
	return PROC_EXIT_SETUP;
}

/* True when the child has said more than we read: a record or its EOF waits. */
static bool sync_pending(const struct sync_chan *chan)
{
	struct pollfd p = {.fd = chan->fd, .events = POLLIN};

	return poll(&p, 1, 0) > 0;
}

/*
 * The next record from the child, while the signalfd is watched. SIGINT or SIGTERM stop
 * the start-up (returns -EINTR, *sig set), but only once the child has nothing more to
 * say: its exec may already have happened, its program already run and been seen by
 * others, and then the signal waits in c->pending to halt it as it would a moment later
 * (handshake). So do other signals, until init runs. Returns as sync_recv.
 */
static int next_record(struct container *c, struct sync_chan *chan, struct sync_msg *msg, int *sig,
		       bool is_exec)
{
	struct signalfd_siginfo ssi;
	uint32_t tag;
	int r;

	for (;;) {
		if (*sig && !is_exec && !sync_pending(chan))
			return -EINTR;
		r = loop_wait(&c->loop, -1, &tag);
		if (r < 0)
			return r;
		if (r == 0)
			continue;
		if (tag == LOOP_SYNC)
			return sync_recv(chan, msg);
		if (tag == LOOP_CONTROL)
			control_dispatch(c);
		if (tag != LOOP_SIGNAL)
			continue;
		while (read(c->sigfd, &ssi, sizeof(ssi)) == (ssize_t) sizeof(ssi)) {
			if (ssi.ssi_signo == SIGINT || ssi.ssi_signo == SIGTERM) {
				/* a second one is not to wait for anything */
				if (*sig && !is_exec)
					return -EINTR;
				*sig = (int) ssi.ssi_signo;
			} else if (ssi.ssi_signo != SIGCHLD &&
				   !sig_is_own_pipe((int) ssi.ssi_signo, ssi.ssi_code,
						    (int) ssi.ssi_pid)) {
				sigaddset(&c->pending, (int) ssi.ssi_signo);
			}
		}
	}
}

/*
 * Runs the handshake on chan; returns 0 once the exec happened, else the exit status. A
 * borrowing child has exec'd or died when we resume: its records and EOF are all queued,
 * so they are read as they are, without the loop, and it waits for no reply. Signals stay
 * in the signalfd for the main loop.
 */
static int handshake(struct container *c, struct sync_chan *chan, bool borrowed)
{
	const struct run_config *cfg = c->cfg;
	struct sync_msg msg;
	int r, sig = 0;
	enum { WANT_READY, WANT_EXEC, WANT_EOF } want = WANT_READY;

	for (;;) {
		if (borrowed)
			r = sync_recv(chan, &msg);
		else
			r = next_record(c, chan, &msg, &sig, want == WANT_EOF);
		if (r == -EINTR) {
			char name[SIG_NAME_MAX];

			log_warning(0, "start-up interrupted by %s", sig_name(sig, name));
			return PROC_EXIT_SIGNAL + sig;
		}
		if (r < 0) {
			log_error(r, "read sync socket");
			return PROC_EXIT_SETUP;
		}
		/* EOF is success only after the last step: anything earlier is a death. */
		if (r == 0) {
			if (want == WANT_EOF) {
				if (sig)
					sigaddset(&c->pending, sig);
				return 0;
			}
			return report_death(c, want == WANT_READY ? "before it was ready"
								  : "during setup");
		}
		if (msg.type == SYNC_ERROR)
			return report_error(c, &msg);
		if (want == WANT_READY && msg.type == SYNC_READY && borrowed) {
			want = WANT_EXEC;
		} else if (want == WANT_READY && msg.type == SYNC_READY) {
			log_debug(0, "container process %d ready", (int) c->pid);
			hook_pause(cfg, STEP_BARRIER);
			/* Host-side configuration of the child goes here (uid maps, cgroups). */
			if (userns_configure(cfg, c->pid) < 0)
				return PROC_EXIT_SETUP;
			r = sync_send(chan, SYNC_CONFIGURED, STEP_BARRIER, 0, NULL);
			/* EPIPE: the child died; its record or EOF is read next. */
			if (r < 0 && r != -EPIPE) {
				log_error(r, "write sync socket");
				return PROC_EXIT_SETUP;
			}
			want = WANT_EXEC;
		} else if (want == WANT_EXEC && msg.type == SYNC_EXEC) {
			want = WANT_EOF;
		} else {
			log_error(0, "sync socket: unexpected record %u", msg.type);
			return PROC_EXIT_SETUP;
		}
	}
}

/*
 * The pipe of tether-init's --exit-fd: close-on-exec (the child places its write end),
 * the read end non-blocking, read once the init has died. Returns 0, or -1 after saying
 * why.
 */
static int open_exit_pipe(struct container *c, int *write_end)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0 || fcntl(p[0], F_SETFL, O_NONBLOCK) < 0) {
		log_error(errno, "create exit status pipe");
		return -1;
	}
	c->exit_pipe = p[0];
	*write_end = p[1];
	return 0;
}

int spawn_app_status(struct container *c)
{
	char buf[32];
	unsigned long long code;
	ssize_t n;

	if (c->exit_pipe < 0)
		return -1;
	do
		n = read(c->exit_pipe, buf, sizeof(buf) - 1);
	while (n < 0 && errno == EINTR);
	fd_close(c->exit_pipe);
	c->exit_pipe = -1;
	/* Nothing: the init died before its end (SIGKILL), or exec failed. */
	if (n <= 0 || buf[n - 1] != '\n')
		return -1;
	buf[n - 1] = '\0';
	if (parse_uint(buf, 255, &code) < 0) {
		log_warning(0, "ignoring exit status '%s' from init", buf);
		return -1;
	}
	return (int) code;
}

/*
 * The child borrows our memory (clone_vm_with_pidfd) unless it needs us before its exec:
 * id maps to write into a user namespace, or a test hook that pauses it.
 */
static bool can_borrow(const struct run_config *cfg)
{
	return !cfg->iso.userns && cfg->pause_at < 0;
}

struct child_args {
	const struct container *c;
	int parent_end, child_end, exit_w;
	/* A borrowing child's namespace inodes, which it reads before its exec (ns.h order), or
	 * NULL when nobody asks for them now. */
	long long *ns_ino;
};

/* The borrowing child's stack: only the few pages it touches become resident. */
static char child_stack[256 * 1024] __attribute__((aligned(4096)));

void spawn_release(void)
{
	madvise(child_stack, sizeof(child_stack), MADV_DONTNEED);
}

static __attribute__((noreturn)) void start_child(const struct child_args *a, bool borrowed)
{
	/* Our copies of the launcher's ends: the descriptor table is ours even when borrowing. */
	fd_close(a->parent_end);
	fd_close(a->c->exit_pipe);
	child_run(a->c->cfg, a->child_end, a->c->exec_fd, &a->c->sigs, a->exit_w, borrowed);
}

static int borrowing_child(void *arg)
{
	const struct child_args *a = arg;

	/*
	 * The launcher resumes only at our exec, after which the init may be gone at once and
	 * its /proc/PID/ns with it: we read them for the started event while we are certainly
	 * alive, into the memory we share. Before any mount: /proc is still the host's.
	 */
	for (size_t i = 0; a->ns_ino && i < ns_table_len; i++)
		a->ns_ino[i] = ns_inode(0, &ns_table[i]);
	start_child(a, true);
}

/*
 * Who asks for the namespace inodes at the start: the started event and the record of a
 * registered container (control_started). A late registration reads /proc/PID/ns itself,
 * of a container that has run 0.1 s; a short run reads none (8 lookups in /proc).
 */
static bool wants_ns_inodes(const struct container *c)
{
	return c->status.fd >= 0 || c->ctl.is_registered;
}

int spawn_start(struct container *c)
{
	struct container *guard cleanup_spawn = NULL;
	const struct run_config *cfg = c->cfg;
	struct sync_chan chan;
	struct child_args args;
	char nsbuf[128];
	long long *ns_ino = c->ns_ino;
	bool borrow = can_borrow(cfg), clone3, want_ino = borrow && wants_ns_inodes(c);
	int fds[2], exit_w = -1, cg_fd, r;
	bool *cg_placed;
	pid_t pid;

	c->app_status = -1;
	fd_close(c->exit_pipe);
	c->exit_pipe = -1;
	if (!cfg->no_init && open_exit_pipe(c, &exit_w) < 0)
		return PROC_EXIT_SETUP;
	r = sync_pair(fds);
	if (r < 0) {
		log_error(r, "create sync socket");
		fd_close(exit_w);
		return PROC_EXIT_SETUP;
	}
	_Static_assert(sizeof(c->ns_ino) / sizeof(c->ns_ino[0]) == NS_COUNT, "ns.h order");
	for (size_t i = 0; i < NS_COUNT; i++)
		ns_ino[i] = -ENOENT; /* a child dead before reading them: none reported */
	args = (struct child_args){c, fds[0], fds[1], exit_w, want_ino ? ns_ino : NULL};
	/* The container's cgroup (confine.h), entered at clone time where the kernel can. */
	cg_fd = cfg->conf.cg ? cfg->conf.cg->dir_fd : -1;
	cg_placed = cfg->conf.cg ? &cfg->conf.cg->placed : NULL;
	if (borrow) {
		pid = clone_vm_with_pidfd(cfg->clone_flags, cfg->force_clone2, &c->pidfd, &clone3,
					  child_stack, sizeof(child_stack), borrowing_child, &args,
					  cg_fd, cg_placed);
	} else {
		pid = clone_with_pidfd(cfg->clone_flags, cfg->force_clone2, &c->pidfd, &clone3,
				       cg_fd, cg_placed);
		if (pid == 0)
			start_child(&args, false);
	}
	/* The child's end is closed at once: its EOF must mean the child is gone. */
	fd_close(fds[1]);
	/* Ours too: the init (and nothing else once it execs COMMAND) holds the write end. */
	fd_close(exit_w);
	if (pid < 0) {
		fd_close(fds[0]);
		log_error(pid, "clone into new %s namespaces",
			  ns_flags_str(cfg->clone_flags, nsbuf, sizeof(nsbuf)));
		return PROC_EXIT_SETUP;
	}
	/* Killed and reaped on every return but the started one. */
	guard = c;
	c->pid = pid;
	log_info(0, "container process %d cloned (%s) into new %s namespaces", (int) pid,
		 clone3 ? "clone3" : "clone", ns_flags_str(cfg->clone_flags, nsbuf, sizeof(nsbuf)));
	/*
	 * A child of our own waits for SYNC_CONFIGURED before it can exec and exit: its
	 * /proc/PID/ns is there to read now. A borrowing one read its own before its exec.
	 */
	status_started(&c->status, pid, cfg->clone_flags, clone3, want_ino ? ns_ino : NULL);
	c->has_ns_ino = want_ino; /* else the state record reads /proc/PID/ns itself */

	sync_chan_init(&chan, fds[0]);
	r = borrow ? 0 : loop_add(&c->loop, fds[0], LOOP_SYNC);
	if (r < 0) {
		log_error(r, "watch sync socket");
		fd_close(fds[0]);
		return PROC_EXIT_SETUP;
	}
	r = handshake(c, &chan, borrow);
	if (!borrow)
		loop_del(&c->loop, fds[0]);
	fd_close(fds[0]);
	if (r == 0) {
		log_info(0, "container started: %s", cfg->exec_argv[0]);
		status_exec(&c->status, -1, 0, NULL);
		(void) steal_ptr(&guard);
	}
	return r;
}
