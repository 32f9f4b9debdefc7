/* SPDX-License-Identifier: MIT */
/*
 * run.h: prepare once (descriptors, signals, the init's memfd), then start, watch and
 * restart the container until it ends. The only place that decides tether's exit status.
 */
#include "run.h"
#include "confine.h"
#include "control.h"
#include "detach.h"
#include "exit.h"
#include "cleanup.h"
#include "clock.h"
#include "fd.h"
#include "init_path.h"
#include "log.h"
#include "setup.h"
#include "proc.h"
#include "sig.h"
#include "spawner.h"
#include "trim.h"
#include "tty.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
/* after sys/wait.h, whose P_PIDFD enum its fallback macro would break */
#include "syscall.h"
#include <time.h>
#include <unistd.h>

#define BACKOFF_FIRST_MS 100
#define BACKOFF_MAX_MS   5000
#define STABLE_RUN_MS    10000 /* a run this long resets the restart count and back-off */
#define SETTLE_MS        100   /* a run this long is listed, sweeps, gives back its start's pages */

/* Every signal but the synchronous faults goes to the signalfd, from before the clone on. */
static int setup_signals(struct container *c)
{
	sigset_t mask;

	/* An inherited SIG_IGN for SIGCHLD would make the kernel reap init behind our back. */
	signal(SIGCHLD, SIG_DFL);
	c->sigs.ignored = sig_ignored_or_all();
	sigfillset(&mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig_is_fault(sig))
			sigdelset(&mask, sig);
	sigdelset(&mask, SIGABRT); /* abort() ends us with a core, as a fault does */
	if (sigprocmask(SIG_BLOCK, &mask, &c->sigs.mask) < 0)
		return -errno;
	/* SIGCHLD stays blocked and unread: the pidfd says when init ends, no read needed. */
	sigdelset(&mask, SIGCHLD);
	c->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	return c->sigfd < 0 ? -errno : 0;
}

static int check_fds(struct container *c)
{
	const struct run_config *cfg = c->cfg;

	for (unsigned int i = 0; i < cfg->preserve_fds; i++)
		if (fcntl((int) (3 + i), F_GETFD) < 0) {
			log_error(errno, "preserve descriptor %u", 3 + i);
			return -1;
		}
	if (cfg->status_fd >= 0 && fcntl(cfg->status_fd, F_GETFD) < 0) {
		log_error(errno, "status descriptor %d", cfg->status_fd);
		c->status.broken = true;
		return -1;
	}
	return 0;
}

static int prepare(struct container *c)
{
	const struct run_config *cfg = c->cfg;
	char path[PATH_MAX];
	const char *what;
	int r;

	/* Before any descriptor of ours exists: inherited ones never reach the container. */
	r = fd_close_from(3, true);
	if (r < 0)
		log_warning(r, "mark inherited descriptors close-on-exec");
	if (check_fds(c) < 0)
		return -1;
	/* The cgroup, made once by the process that watches the container (after -d). */
	if (confine_prepare(cfg))
		return -1;
	r = setup_signals(c);
	if (r < 0) {
		log_error(r, "set up signalfd");
		return -1;
	}
	r = loop_init(&c->loop);
	if (r == 0)
		r = loop_add(&c->loop, c->sigfd, LOOP_SIGNAL);
	if (r < 0) {
		log_error(r, "set up main loop");
		return -1;
	}
	if (tty_prepare(c) < 0)
		return -1;
	if (cfg->no_init)
		return 0;
	r = init_find(cfg->init_path, path, sizeof(path));
	if (r < 0) {
		log_error(r, "find tether-init (next to tether or in %s; or --init PATH)",
			  TETHER_LIBEXECDIR);
		return -1;
	}
	c->exec_fd = init_memfd(path, &what);
	if (c->exec_fd < 0) {
		log_error(c->exec_fd, "%s %s", what, path);
		return -1;
	}
	log_debug(0, "init %s sealed in memfd %d", path, c->exec_fd);
	return 0;
}

static void forward_pending(struct container *c)
{
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&c->pending, sig) == 1 && !tty_signal(c, sig))
			forward_signal(&c->fwd, c->pidfd, sig, c->cfg->halt_signal);
	sigemptyset(&c->pending);
}

static void on_signals(struct container *c)
{
	struct signalfd_siginfo ssi;
	char name[SIG_NAME_MAX], to[SIG_NAME_MAX];
	int r;

	while (read(c->sigfd, &ssi, sizeof(ssi)) == (ssize_t) sizeof(ssi)) {
		if (sig_is_own_pipe((int) ssi.ssi_signo, ssi.ssi_code, (int) ssi.ssi_pid) ||
		    tty_signal(c, (int) ssi.ssi_signo))
			continue;
		r = forward_signal(&c->fwd, c->pidfd, (int) ssi.ssi_signo, c->cfg->halt_signal);
		if (r < 0)
			log_warning(r, "forward %s to init",
				    sig_name((int) ssi.ssi_signo, name) ? name : "?");
		else if (r > 0)
			log_info(0, "%s: sent %s to init", sig_name((int) ssi.ssi_signo, name),
				 sig_name(r, to));
	}
}

/* Once per launcher: what waits until a run has lasted SETTLE_MS (control_settle). */
static bool is_settled(const struct container *c)
{
	return c->ctl.is_swept; /* set by control_settle, which also ends any deferral */
}

/* The start well over: listed, swept, and what it touched goes back. */
static void settle(struct container *c)
{
	control_settle(c);
	confine_settle(c->cfg);
	spawn_release();
	trim_memory();
}

static int settle_timeout(const struct container *c, long long settle_at)
{
	long long left = settle_at - clock_now_ms();

	if (is_settled(c))
		return -1;
	return left > 0 ? (int) left : 0;
}

/* The main loop while init runs: returns 0 with si filled when it has ended, or -errno. */
static int watch(struct container *c, siginfo_t *si)
{
	long long settle_at = clock_now_ms() + SETTLE_MS;
	uint32_t tag;
	int r;

	r = loop_add(&c->loop, c->pidfd, LOOP_PIDFD);
	if (r < 0)
		return r;
	logs_watch(c, true);
	forward_pending(c);
	for (;;) {
		r = loop_wait(&c->loop, settle_timeout(c, settle_at), &tag);
		if (r < 0)
			break;
		if (!is_settled(c) && clock_now_ms() >= settle_at)
			settle(c);
		if (r == 0)
			continue;
		if (tag == LOOP_SIGNAL) {
			on_signals(c);
		} else if (tag == LOOP_CONTROL) {
			control_dispatch(c);
		} else if (tag == LOOP_LOGS) {
			logs_pump(c);
		} else if (tag == LOOP_TTY) {
			tty_dispatch(c);
		} else if (tag == LOOP_PIDFD) {
			memset(si, 0, sizeof(*si));
			if (waitid((idtype_t) P_PIDFD, (id_t) c->pidfd, si, WEXITED | WNOHANG) <
			    0) {
				r = errno == EINTR ? 0 : -errno;
				if (r)
					break;
				continue;
			}
			if (si->si_pid == 0)
				continue; /* not ended after all */
			r = 0;
			break;
		}
	}
	loop_del(&c->loop, c->pidfd);
	logs_watch(c, false);
	tty_ended(c); /* the container's last words before its status */
	if (r == 0) {
		fd_close(c->pidfd);
		c->pidfd = -1;
	}
	return r;
}

/*
 * Back-off before a restart, watching signals: SIGINT or SIGTERM end the run (the
 * container is already down, so that is a completed halt). Returns -1 to go on, or the
 * exit status.
 */
static int backoff(struct container *c, unsigned int delay_ms)
{
	long long end = clock_now_ms() + delay_ms;
	struct signalfd_siginfo ssi;
	uint32_t tag;
	int r;

	for (long long left = delay_ms; left > 0; left = end - clock_now_ms()) {
		r = loop_wait(&c->loop, (int) left, &tag);
		if (r < 0)
			return -1;
		if (r == 1 && tag == LOOP_CONTROL)
			control_dispatch(c);
		if (r == 0 || tag != LOOP_SIGNAL)
			continue;
		while (read(c->sigfd, &ssi, sizeof(ssi)) == (ssize_t) sizeof(ssi))
			if (ssi.ssi_signo == SIGINT || ssi.ssi_signo == SIGTERM) {
				log_info(0, "restart cancelled by a signal");
				return ssi.ssi_signo == SIGINT ? PROC_EXIT_SIGNAL + SIGINT : 0;
			}
	}
	return -1;
}

static void report_end(const struct exit_outcome *o)
{
	char name[SIG_NAME_MAX];

	switch (o->kind) {
	case EXIT_KIND_EXITED:
		log_info(0, "container exited with %d", o->code);
		break;
	case EXIT_KIND_HALTED:
		if (o->app_code >= 0)
			log_info(0, "container halted (its application exited with %d)",
				 o->app_code);
		else
			log_info(0, "container halted");
		break;
	case EXIT_KIND_REBOOTED:
		log_info(0, "container rebooted");
		break;
	case EXIT_KIND_KILLED:
		log_error(0, "container killed by %s", sig_name(o->signal, name));
		break;
	}
}

/* Starts, watches and restarts; returns the exit status. */
static int supervise(struct container *c)
{
	const struct run_config *cfg = c->cfg;
	struct exit_outcome o;
	unsigned int delay = BACKOFF_FIRST_MS;
	long long started;
	siginfo_t si;
	int r;

	for (;;) {
		memset(&c->fwd, 0, sizeof(c->fwd));
		sigemptyset(&c->pending);
		struct container *guard cleanup_spawn = c; /* killed and reaped on a return */

		started = clock_now_ms();
		tty_before_start(c);
		r = spawn_start(c);
		if (r == 0)
			r = tty_started(c);
		if (r == 0)
			r = control_started(c);
		if (r) {
			status_abort(&c->status, r);
			return r;
		}
		r = watch(c, &si);
		if (r < 0) {
			log_error(r, "main loop");
			status_abort(&c->status, PROC_EXIT_SETUP);
			return PROC_EXIT_SETUP;
		}
		(void) steal_ptr(&guard);
		o = exit_classify(&si, c->fwd.halt_by_ctrl_c);
		o.app_code = c->app_status = spawn_app_status(c);
		o.oom_killed = confine_after_exit(cfg); /* leftovers killed; out of memory said */
		c->is_halted = o.kind == EXIT_KIND_HALTED;
		c->is_oom_killed = o.oom_killed;
		report_end(&o);
		if (o.kind != EXIT_KIND_REBOOTED || cfg->no_restart) {
			status_exit(&c->status, &o);
			return o.code;
		}
		if (clock_now_ms() - started >= STABLE_RUN_MS) {
			c->restarts = 0;
			delay = BACKOFF_FIRST_MS;
		}
		if (c->restarts >= cfg->max_restarts) {
			log_error(0,
				  "container rebooted %u times in a row: not restarting it "
				  "(--max-restarts %u)",
				  c->restarts + 1, cfg->max_restarts);
			status_exit(&c->status, &o);
			return o.code;
		}
		c->restarts++;
		status_restart(&c->status, c->restarts, delay);
		control_restarting(c);
		log_info(0, "restarting the container in %u ms (restart %u)", delay, c->restarts);
		r = backoff(c, delay);
		if (r >= 0) {
			/* Halted with no application running: its status is not the answer. */
			o.kind = EXIT_KIND_HALTED;
			o.code = r;
			o.app_code = c->app_status = -1;
			c->is_halted = true;
			status_exit(&c->status, &o);
			return r;
		}
		delay = delay * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : delay * 2;
	}
}

int run_container(struct run_config *cfg)
{
	struct container c;
	int r;

	memset(&c, 0, sizeof(c));
	c.cfg = cfg;
	c.sigfd = c.exec_fd = c.pidfd = c.exit_pipe = c.app_status = -1;
	c.loop.epfd = -1;
	c.logs.pipe_fd = c.logs.fd = -1;
	c.tty_sock = cfg->tty.sock = -1;
	c.tty = &cfg->tty;
	relay_init(&c.relay, -1, 1);
	control_init(&c.ctl);
	c.ctl.relay = &c.relay;
	if (cfg->detach) {
		r = detach_start(cfg, &c.ctl);
		if (r >= 0)
			return r;
	}
	c.status.fd = cfg->status_fd;
	if (prepare(&c) < 0) {
		r = PROC_EXIT_SETUP;
		status_abort(&c.status, r);
	} else {
		r = control_open(&c);
		if (r == 0)
			logs_open(&c);
		if (r == 0)
			r = supervise(&c);
		else
			status_abort(&c.status, r);
	}
	spawn_kill(&c);
	tty_close(&c);
	/* Before `wait` hears of the end: `logs -f` then has it all, --rm left nothing. */
	logs_drain(&c);
	logs_close(&c, c.ctl.is_generated || cfg->rm);
	confine_end(cfg);
	control_ended(&c, r);
	control_close(&c.ctl);
	fd_close(c.exec_fd);
	fd_close(c.exit_pipe);
	loop_close(&c.loop);
	fd_close(c.sigfd);
	return r;
}
