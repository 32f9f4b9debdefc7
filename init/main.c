/* SPDX-License-Identifier: MIT */
/*
 * tether-init's start-up: block signals first (nothing sent before the child's exec is
 * lost), tell a machine's init (pid1.c), parse, become a subreaper or mount what PID 1
 * lacks, close inherited descriptors, spawn, and hand over to the loop. Errors before the child
 * exists exit 125 (2 for usage, 126/127 for exec); after that only the loop decides.
 */
#include "init.h"
#include "fd.h"
#include "fmt.h"
#include "log.h"
#include "parse.h"
#include "proc.h"
#include "sigreset.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/*
 * Signals 1..64 as the kernel counts them. musl's sigfillset and sigaddset leave out 32-34
 * (its internal signals), but 34 is SIGRTMIN to glibc programs and must be forwarded too.
 * Fault signals stay unblocked (blocking them turns a crash into a hang); SIGTTIN and SIGTTOU
 * are ignored instead, as tini does, so that writing to a terminal never stops us.
 */
void init_signal_set(sigset_t *set)
{
	unsigned long *w = (unsigned long *) set;
	const unsigned int bits = 8 * sizeof(unsigned long);

	memset(set, 0, sizeof(*set));
	for (int sig = 1; sig <= SIG_RTMAX; sig++)
		if (!sig_is_fault(sig) && sig != SIGTTIN && sig != SIGTTOU)
			w[(sig - 1) / bits] |= 1UL << ((sig - 1) % bits);
}

/*
 * Default dispositions for everything the child must start with; an inherited SIG_IGN for
 * SIGCHLD would even turn off zombies and so waitpid. We were just exec'd, so nothing is
 * caught: only the ignored signals need resetting, through rt_sigaction itself (32-34 too).
 * --keep-signals: the caller's choice (nohup), or a launcher that reset them already and
 * spares us the read of /proc; SIGCHLD is ours all the same.
 */
static void signals_reset(bool keep)
{
	if (keep)
		sys_sigaction_simple(SIGCHLD, SIG_DFL);
	else
		sig_reset_mask(sig_ignored_or_all());
	sys_sigaction_simple(SIGTTIN, SIG_IGN);
	sys_sigaction_simple(SIGTTOU, SIG_IGN);
}

static void close_logged(int fd, void *arg)
{
	char path[32], target[256];
	ssize_t n;

	if (fd == *(int *) arg)
		return;
	fmt_buf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	log_info(0, "closing inherited fd %d (%s)", fd, target);
	fd_close(fd);
}

/*
 * Descriptors above 2, but the LISTEN_FDS ones of socket activation (3 .. 3+N-1) and
 * keep (--exit-fd, or -1).
 */
static void close_inherited(int keep)
{
	unsigned long long listen = 0;
	const char *v = getenv("LISTEN_FDS");
	unsigned int first;

	if (v && parse_uint(v, 65536, &listen) < 0) {
		log_warning(0, "ignoring LISTEN_FDS='%s'", v);
		listen = 0;
	}
	first = 3 + (unsigned int) listen;
	if (log_level() >= LOG_LEVEL_INFO)
		fd_for_each(first, close_logged, &keep);
	if (keep >= (int) first) {
		/* Those below keep: close_range, or one by one on kernels without it. */
		if (keep > (int) first && sys_close_range(first, (unsigned int) keep - 1, 0) < 0)
			for (int fd = (int) first; fd < keep; fd++)
				fd_close(fd);
		first = (unsigned int) keep + 1;
	}
	int r = fd_close_from(first, false);

	if (r < 0)
		log_warning(r, "close inherited descriptors");
}

static int run(struct init_config *cfg, int argc, char **argv, bool is_pid1, bool is_machine)
{
	pid_t child;
	int r;

	r = init_parse(cfg, argc, argv);
	if (r != INIT_PARSE_RUN)
		return r == INIT_PARSE_DONE ? 0 : PROC_EXIT_USAGE;
	cfg->is_machine = is_machine;
	cfg->is_pid1 = is_pid1;
	/* Ctrl-Alt-Del comes as SIGINT to a machine's init: its reboot signal by default. */
	if (cfg->reboot_sig < 0)
		cfg->reboot_sig = is_machine ? SIGINT : 0;
	log_set_level(cfg->level);
	signals_reset(cfg->keep_signals);

	if (cfg->pdeath_sig && prctl(PR_SET_PDEATHSIG, cfg->pdeath_sig) < 0) {
		log_error(errno, "set parent-death signal");
		return PROC_EXIT_SETUP;
	}
	if (is_pid1) {
		if (!cfg->no_mount)
			init_mount(is_machine);
	} else if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		log_warning(errno, "become child subreaper");
	}
	/* Close-on-exec: the status line is ours to write, COMMAND never holds the pipe. */
	if (cfg->exit_fd >= 0 && (r = sys_set_cloexec(cfg->exit_fd)) < 0) {
		log_error(r, "exit descriptor %d", cfg->exit_fd);
		return PROC_EXIT_SETUP;
	}
	if (!cfg->keep_fds)
		close_inherited(cfg->exit_fd);
	if (cfg->pause) {
		child = 0;
		log_info(0, "pausing");
	} else {
		child = init_spawn(cfg);
		if (child < 0) {
			log_error(child, "exec %s", cfg->argv[0]);
			init_report_exit(cfg, proc_exec_failure_code(child));
			return proc_exec_failure_code(child);
		}
		log_info(0, "started %s as pid %d", cfg->argv[0], (int) child);
	}
	return init_loop(cfg, child);
}

int main(int argc, char **argv)
{
	struct init_config cfg;
	sigset_t all;
	bool is_machine, is_pid1;
	int code;

	init_signal_set(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	log_init(INIT_PROGRAM, LOG_LEVEL_WARNING);
	is_pid1 = getpid() == 1;
	is_machine = init_is_machine(is_pid1);
	code = run(&cfg, argc, argv, is_pid1, is_machine);
	/* Whatever ended the run, a machine's init must not exit: the kernel would panic. */
	if (is_machine)
		init_machine_end(code, false);
	return code;
}
