/* SPDX-License-Identifier: MIT */
/*
 * The one wait point of tether-init: sigtimedwait, which waits and takes the signal in one call
 * (under a storm each signal costs that call and a kill), with a time-out for the grace
 * period and for a periodic reap. Signals are forwarded, SIGCHLD leads to a reap in a loop,
 * the halt and reboot signals and the end of the child lead to the graceful stop. Inside the
 * loop failures are warnings: PID 1 must not die while it has processes to look after.
 */
#include "init.h"
#include "fmt.h"
#include "log.h"
#include "proc.h"
#include "sig.h"

#include <errno.h>
#include <signal.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* sinit's lesson: reap again now and then, whatever the signals said. */
#define REAP_PERIOD_MS 10000
/* After SIGKILL, look again this often for processes forked meanwhile. */
#define KILL_PERIOD_MS 100

enum loop_phase {
	PHASE_RUNNING,
	PHASE_GRACE, /* stop signal sent, waiting up to the grace period */
	PHASE_KILL,  /* SIGKILL sent, reaping what is left */
};

enum loop_action {
	ACTION_EXIT,
	ACTION_HALT,
	ACTION_REBOOT,
};

struct loop {
	const struct init_config *cfg;
	sigset_t blocked; /* what sigtimedwait takes: every signal main() blocked */
	pid_t child;      /* 0 once reaped, or in pause mode */
	int child_code;   /* its exit code, once reaped */
	bool is_pid1;
	bool has_children;
	bool reap_due; /* a SIGCHLD was read, or the poll timed out */
	enum loop_phase phase;
	enum loop_action action;
	long long deadline_ms;
};

static long long now_ms(void)
{
	struct timespec ts;

	/*
	 * The raw call: musl's vDSO look-up costs more than the grace period ever will. On
	 * 32-bit architectures musl's timespec is the kernel's 64-bit one (clock_gettime64).
	 */
#ifdef SYS_clock_gettime64
	syscall(SYS_clock_gettime64, CLOCK_MONOTONIC, &ts);
#else
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
#endif
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* waitpid(-1) until nothing is left to reap; notes whether any child remains. */
static void reap(struct loop *l)
{
	int status;
	pid_t pid;

	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid < 0 && errno == EINTR)
			continue;
		l->has_children = pid >= 0 || errno != ECHILD;
		if (pid <= 0)
			return;
		if (pid == l->child) {
			l->child = 0;
			l->child_code = proc_exit_code(status);
			log_info(0, "child %d exited with status %d", (int) pid, l->child_code);
		} else if (l->cfg->warn_reap) {
			log_warning(0, "reaped zombie process %d", (int) pid);
		} else {
			log_debug(0, "reaped process %d", (int) pid);
		}
	}
}

/*
 * Every process of the container. As PID 1, kill(-1) reaches exactly the processes of our
 * pid namespace. Otherwise -1 would reach the host: only our descendants, found in /proc.
 * Returns false when it reached nobody.
 */
static bool signal_everyone(struct loop *l, int sig)
{
	char name[SIG_NAME_MAX];
	int r;

	log_debug(0, "sending %s to every process", sig_name(sig, name));
	if (l->is_pid1) {
		if (kill(-1, sig) == 0)
			return true;
		if (errno == ESRCH)
			return false;
		log_warning(errno, "kill -1 %s", name);
		return true;
	}
	r = kin_signal_all(sig);
	if (r < 0) {
		/* Without our own /proc: the child's group is the best we can reach. */
		log_warning(r, "find descendants in /proc");
		if (l->child > 0)
			kill(-l->child, sig);
	}
	return true;
}

/*
 * Halt and reboot give everyone --grace; the end of the child (or the stop signal in pause
 * mode) gives what is left --exit-grace, to fit in the engines' own stop time-out.
 */
static void stop_begin(struct loop *l, enum loop_action action)
{
	unsigned long long grace = action == ACTION_EXIT ? l->cfg->exit_grace_ms : l->cfg->grace_ms;

	if (action > l->action)
		l->action = action;
	if (l->phase != PHASE_RUNNING)
		return;
	l->phase = PHASE_GRACE;
	/*
	 * No child left: no descendant either, and the grace waits for nothing else. What
	 * joined the namespace from outside ends with us, by the kernel's SIGKILL. kill(-1)
	 * walks every process of the host, not of the namespace: 0.3 ms with 2500 of them.
	 */
	reap(l); /* a child may have come since the last reap: an orphan sends no SIGCHLD */
	if (!l->has_children)
		return;
	log_info(0, "stopping every process (grace %llu ms)", grace);
	l->deadline_ms = now_ms() + (long long) grace;
	/* A stopped process cannot act on the stop signal until it runs again. */
	if (signal_everyone(l, l->cfg->stop_sig) && l->cfg->stop_sig != SIGCONT &&
	    l->cfg->stop_sig != SIGKILL)
		signal_everyone(l, SIGCONT);
}

static void forward(struct loop *l, int sig)
{
	char name[SIG_NAME_MAX];
	int to = l->cfg->rewrite[sig];
	pid_t target = l->cfg->kill_group ? -l->child : l->child;

	if (to == 0 || l->child <= 0) {
		if (log_level() >= LOG_LEVEL_DEBUG)
			log_debug(0, "dropping %s", sig_name(sig, name));
		return;
	}
	if (log_level() >= LOG_LEVEL_DEBUG)
		log_debug(0, "forwarding %s to %d", sig_name(to, name), (int) target);
	if (kill(target, to) < 0 && errno != ESRCH)
		log_warning(errno, "forward %s to %d", sig_name(to, name), (int) target);
}

static void handle_signal(struct loop *l, int sig)
{
	const struct init_config *cfg = l->cfg;
	char name[SIG_NAME_MAX];

	if (sig == SIGCHLD) {
		l->reap_due = true;
		return;
	}
	if (log_level() >= LOG_LEVEL_DEBUG)
		log_debug(0, "received %s", sig_name(sig, name));
	if (sig == cfg->halt_sig)
		stop_begin(l, ACTION_HALT);
	else if (sig == cfg->reboot_sig)
		stop_begin(l, ACTION_REBOOT);
	else if (cfg->pause && (sig == cfg->stop_sig || sig == SIGTERM || sig == SIGINT))
		stop_begin(l, ACTION_EXIT);
	else
		forward(l, sig);
}

/*
 * Waits up to timeout_ms for one signal and handles it: sigtimedwait takes the wait and
 * the read in one call. Returns 1, 0 on time-out, or -errno.
 */
static int wait_signal(struct loop *l, int timeout)
{
	struct timespec ts = {timeout / 1000, (long) (timeout % 1000) * 1000000};
	siginfo_t si;
	int sig = sigtimedwait(&l->blocked, &si, &ts);

	if (sig < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	/* A SIGPIPE of our own writes (to a closed --exit-fd) is nobody's to forward. */
	if (sig_is_own_pipe(sig, si.si_code, si.si_pid))
		return 1;
	handle_signal(l, sig);
	return 1;
}

static int timeout_ms(const struct loop *l)
{
	long long left;

	if (l->phase == PHASE_RUNNING)
		return REAP_PERIOD_MS;
	left = l->deadline_ms - now_ms();
	return left < 0 ? 0 : left > 1000000 ? 1000000 : (int) left;
}

/* Returns true when the graceful stop is over: no child of ours is left. */
static bool stop_step(struct loop *l)
{
	if (!l->has_children)
		return true;
	if (now_ms() < l->deadline_ms)
		return false;
	if (l->phase == PHASE_GRACE)
		log_info(0, "grace period over: killing what is left");
	l->phase = PHASE_KILL;
	l->deadline_ms = now_ms() + KILL_PERIOD_MS;
	signal_everyone(l, SIGKILL);
	return false;
}

/*
 * --exit-fd: a launcher that sees only PID 1 die of SIGINT (halt) learns the application's
 * own status from this line. One write of a few bytes to a pipe is atomic; signals are
 * blocked, so no EINTR; a reader that went away (EPIPE) changes nothing.
 */
void init_report_exit(const struct init_config *cfg, int code)
{
	char line[16];
	size_t n;

	if (cfg->exit_fd < 0)
		return;
	n = fmt_buf(line, sizeof(line), "%d\n", code);
	if (write(cfg->exit_fd, line, n) < 0)
		log_info(errno, "write exit status to descriptor %d", cfg->exit_fd);
}

/*
 * The end. A machine's init powers off (halt, or the child's own end) or reboots.
 * For halt and reboot as PID 1 of a container, reboot(2): in a child pid namespace the kernel
 * ends PID 1 as killed by SIGINT (power off) or SIGHUP (restart), which is how the host
 * learns what was asked. When that fails (no CAP_SYS_BOOT, as under Docker) or we are not
 * PID 1, tether-init exits as when the child exits by itself: with the child's status
 * (mapped by -e), or 0 in pause mode. A child that stops cleanly on SIGTERM thus gives 0.
 */
static int finish(struct loop *l)
{
	const struct init_config *cfg = l->cfg;
	int code = cfg->pause ? 0 : l->child_code;

	if (code >= 0 && code < 256 && (cfg->exit_zero[code / 8] & (1U << (code % 8))))
		code = 0;
	init_report_exit(cfg, code);
	if (cfg->is_machine)
		init_machine_end(code, l->action == ACTION_REBOOT);
	if (l->action != ACTION_EXIT) {
		const char *what = l->action == ACTION_HALT ? "halt" : "reboot";

		if (!l->is_pid1) {
			log_info(0, "%s: exiting with status %d, not PID 1", what, code);
		} else {
			reboot(l->action == ACTION_HALT ? RB_POWER_OFF : RB_AUTOBOOT);
			log_info(errno, "%s: exiting with status %d, reboot(2) failed", what, code);
		}
	}
	return code;
}

int init_loop(const struct init_config *cfg, pid_t child)
{
	struct loop l = {
		.cfg = cfg,
		.child = child,
		.child_code = 0,
		.is_pid1 = cfg->is_pid1,
		.has_children = child > 0,
		.reap_due = true,
		.phase = PHASE_RUNNING,
		.action = ACTION_EXIT,
	};

	/*
	 * Read first and poll only when nothing is pending: under a storm of signals each one
	 * costs a read and a kill. Reaping waits for a SIGCHLD or a time-out, never a guess.
	 */
	init_signal_set(&l.blocked); /* what main() blocked: no need to ask the kernel */
	for (;;) {
		int n = wait_signal(&l, timeout_ms(&l));

		if (n < 0) {
			log_error(n, "wait for signals");
			return PROC_EXIT_SETUP;
		}
		if (n == 0)
			l.reap_due = true;
		if (l.reap_due) {
			l.reap_due = false;
			reap(&l);
		}
		if (l.phase == PHASE_RUNNING && !cfg->pause && l.child == 0)
			stop_begin(&l, ACTION_EXIT);
		if (l.phase != PHASE_RUNNING && stop_step(&l))
			return finish(&l);
	}
}
