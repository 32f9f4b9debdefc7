/* SPDX-License-Identifier: MIT */
/*
 * `tether exec NAME [--user U] [--cwd D] [--env K=V] [--] COMMAND [ARG...]`: a new
 * process inside every namespace of the running container. The init's pidfd comes from
 * its monitor over the control socket (SCM_RIGHTS), so no pid can be reused under us; we
 * setns() through it (one call for all namespaces), or through /proc/PID/ns files on
 * kernels that refuse a pidfd there. Only a child enters a new pid namespace, so we fork
 * after setns. An orphan goes to the reaper of its dead parent's pid namespace, so COMMAND
 * must have a parent inside the container: we fork a small waiter there (dies with us,
 * PR_SET_PDEATHSIG), which forks COMMAND; signals are forwarded down both steps and the
 * status comes back up. When we die, the waiter dies and the init adopts and reaps COMMAND.
 *
 * No host binary runs inside (CVE-2019-5736): we first execute ourselves again from a
 * sealed memfd copy and stay non-dumpable, so /proc/PID/exe of anything of ours that the
 * container can see is that copy, never the host's tether file. The waiter takes the
 * container's credentials before it forks COMMAND, through the very operations `tether
 * run`'s child runs (child.h: environment, directory, user and groups, capabilities,
 * no_new_privs, descriptors), so nothing inside holds the caller's privileges either.
 */
#include "caps.h"
#include "child.h"
#include "cleanup.h"
#include "exec_enter.h"
#include "client.h"
#include "commands.h"
#include "fd.h"
#include "identity.h"
#include "init_path.h"
#include "isolate.h"
#include "log.h"
#include "ns.h"
#include "proc.h"
#include "ptyfd.h"
#include "relay.h"
#include "setup.h"
#include "steps.h"
#include "sig.h"
#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
/* after sys/wait.h, whose P_PIDFD enum its fallback macro would break */
#include "syscall.h"

#define EXEC_ENV_MAX  64
#define ENV_BLOCK_MAX (4 << 20) /* the init's environment, as the monitor sends it */

extern char **environ;

enum { OPT_STATE_DIR = 256 };

struct exec_args {
	const char *dir, *name, *user, *cwd;
	char *env[EXEC_ENV_MAX];
	int n_env;
	char **command;
	bool is_tty, is_interactive; /* -t, -i: a pty from the container's /dev/ptmx */
	int master;                  /* its master, -1 */
	bool has_size;
	struct winsize ws;
};

static const char exec_usage[] =
	"usage: tether exec NAME [-i] [-t] [--user U[:G]] [--cwd DIR] [--env K=V]... [--] COMMAND "
	"[ARG...]\n"
	"Runs COMMAND in every namespace of NAME, under its root, with its capability\n"
	"limits and environment; exits with COMMAND's status. -t: a terminal of its own from\n"
	"the container's devpts; -i: with -t, stdin reaches it (-it: an interactive shell).\n";

static int parse(int argc, char **argv, struct exec_args *a)
{
	static const struct option opts[] = {
		{"state-dir", required_argument, NULL, OPT_STATE_DIR},
		{"user", required_argument, NULL, 'u'},
		{"cwd", required_argument, NULL, 'w'},
		{"env", required_argument, NULL, 'e'},
		{"tty", no_argument, NULL, 't'},
		{"interactive", no_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	memset(a, 0, sizeof(*a));
	a->master = -1;
	opterr = 0;
	optind = 1;
	for (;;) {
		int li = -1;

		c = getopt_long(argc, argv, "+:hu:w:e:ti", opts, &li);
		if (c != -1 && client_long_exact("exec", argv, opts, li))
			return PROC_EXIT_USAGE;
		if (c == -1) {
			/* NAME is the first word; COMMAND the first after it (or after --). */
			if (!a->name && optind < argc && strcmp(argv[optind - 1], "--") != 0) {
				a->name = argv[optind++];
				continue;
			}
			break;
		}
		switch (c) {
		case OPT_STATE_DIR:
			a->dir = optarg;
			break;
		case 'u':
			/* The same rule as `tether run --user`: never a number read half. */
			if (!identity_user_ok(optarg))
				return client_usage_error(
					"exec",
					"--user '%s': expected USER[:GROUP], each "
					"a name or a number from 0 to 4294967294",
					optarg);
			a->user = optarg;
			break;
		case 'w':
			if (optarg[0] != '/')
				return client_usage_error("exec", "--cwd '%s': must be absolute",
							  optarg);
			a->cwd = optarg;
			break;
		case 't':
			a->is_tty = true;
			break;
		case 'i':
			a->is_interactive = true;
			break;
		case 'e':
			if (!strchr(optarg, '=') || optarg[0] == '=')
				return client_usage_error("exec", "--env: expected K=V, not '%s'",
							  optarg);
			if (a->n_env == EXEC_ENV_MAX)
				return client_usage_error("exec", "%s", "too many --env");
			a->env[a->n_env++] = optarg;
			break;
		default:
			return client_option_other("exec", c, argv, exec_usage);
		}
	}
	if (!a->name)
		return client_usage_error("exec", "%s", "missing NAME");
	if (optind >= argc)
		return client_usage_error("exec", "%s", "missing COMMAND");
	a->command = argv + optind;
	return 0;
}

/*
 * The waiter, COMMAND's parent inside the container: tied to us by its death signal, and,
 * for the window before prctl (and after the change of user, which clears it until the
 * credentials step sets it again), by alive_fd (EOF: we are gone already). It takes the
 * container's credentials itself, then forks COMMAND, which only execs.
 */
__attribute__((noreturn)) static void waiter(const struct exec_args *a,
					     const struct run_config *cfg,
					     const struct child_signals *sigs, int sync_fd, int sfd,
					     int alive_fd)
{
	struct pollfd p = {.fd = alive_fd, .events = POLLIN};
	struct sync_chan chan;
	struct child_ctx ctx;
	pid_t pid;

	sync_chan_init(&chan, sync_fd);
	child_ctx_init(&ctx, &chan);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || poll(&p, 1, 0) != 0)
		_exit(PROC_EXIT_SETUP);
	child_run_ops(cfg, &ctx);
	if (poll(&p, 1, 0) != 0)
		_exit(PROC_EXIT_SETUP);
	pid = fork();
	if (pid < 0)
		_exit(PROC_EXIT_SETUP);
	if (pid == 0) {
		/* -t: its own session, the pty as its controlling terminal and its 0, 1, 2. */
		int r = a->master >= 0 ? pty_session(a->master, a->has_size ? &a->ws : NULL) : 0;

		if (r < 0) {
			sync_send(&chan, SYNC_ERROR, SETUP_TTY, -r, "-t");
			_exit(PROC_EXIT_SETUP);
		}
		child_exec(cfg, &ctx, -1, sigs);
	}
	fd_close(sync_fd);
	fd_close(a->master);
	_exit(exec_supervise(pid, sfd, NULL));
}

/* The init's environment from the monitor's memfd: NUL-separated strings. */
static char **read_env(int mfd)
{
	char *buf = malloc(ENV_BLOCK_MAX + 1), **env;
	size_t len = 0, n = 0;
	ssize_t k;

	if (!buf)
		return NULL;
	while (len < ENV_BLOCK_MAX &&
	       (k = pread(mfd, buf + len, ENV_BLOCK_MAX - len, (off_t) len)) > 0)
		len += (size_t) k;
	buf[len] = '\0';
	for (size_t i = 0; i < len; i++)
		n += buf[i] == '\0';
	env = calloc(n + 2 + EXEC_ENV_MAX, sizeof(*env));
	if (!env)
		return NULL;
	n = 0;
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1)
		if (strchr(buf + i, '='))
			env[n++] = buf + i;
	return env;
}

/* Adds or replaces "K=V" in the NULL-terminated env (room for it is there). */
static void env_set(char **env, char *kv)
{
	size_t klen = strcspn(kv, "="), i;

	for (i = 0; env[i]; i++)
		if (strncmp(env[i], kv, klen) == 0 && env[i][klen] == '=') {
			env[i] = kv;
			return;
		}
	env[i] = kv;
	env[i + 1] = NULL;
}

/*
 * The parent's half, before entering: whom COMMAND runs as (--user looked up in the
 * container's files, else the container's own user), its environment, directory and
 * capabilities, as setup operations for the waiter. 0, or the exit status after saying why.
 */
static int prepare(const struct exec_args *a, pid_t pid, const char *user, char **env, int root_fd,
		   struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;
	const struct ns_info *user_ns = ns_by_name("user");
	struct limits lim;
	char *home;
	unsigned int uid, gid;
	int r;

	memset(cfg, 0, sizeof(*cfg));
	cfg->pause_at = -1;
	cfg->status_fd = -1;
	cfg->exec_argv = a->command;
	exec_read_limits(pid, &lim);
	/* A container with a user ns of its own may deny setgroups: tolerated, as by `run`. */
	iso->userns = user_ns && ns_inode(pid, user_ns) != ns_inode(getpid(), user_ns);
	iso->user_arg = a->user;
	if (a->user) {
		r = identity_resolve_user(iso, a->user, root_fd, "");
		if (r)
			return r;
		if (asprintf(&home, "HOME=%s", iso->home ? iso->home : "/") < 0)
			return PROC_EXIT_SETUP;
		env_set(env, home);
	} else if (sscanf(user, "%u:%u", &uid, &gid) == 2) {
		iso->uid = uid;
		iso->gid = gid;
		iso->has_user = true;
	}
	for (int i = 0; i < a->n_env; i++)
		env_set(env, a->env[i]);
	iso->envp = env;
	iso->cwd = a->cwd ? a->cwd : "/";
	r = caps_prepare_exec(cfg, lim.cap_bnd, lim.cap_amb, lim.no_new_privs);
	if (r)
		return r;
	if (identity_add_ops(cfg) < 0 || caps_add_ops(cfg) < 0 || setup_add_fds(cfg) < 0)
		return PROC_EXIT_SETUP;
	/* Before setns(mnt): the cgroup path is the host's view. */
	r = exec_join_cgroup(&lim);
	if (r < 0)
		log_warning(r, "exec %s: join cgroup %s", a->name, lim.cgroup);
	return 0;
}

/* After the waiter ended: a step that failed says so on the sync socket. */
static void report(const struct exec_args *a, int fd)
{
	struct sync_chan chan;
	struct sync_msg msg;

	sync_chan_init(&chan, fd);
	while (sync_recv(&chan, &msg) > 0)
		if (msg.type == SYNC_ERROR) {
			log_error(msg.err, "exec %s: %s%s%s", a->name, setup_step_verb(msg.step),
				  msg.detail[0] ? " " : "", msg.detail);
			break;
		}
}

/* -t: a pty from the container's own /dev/ptmx, sized as our terminal. 0 or -errno. */
static int open_terminal(struct exec_args *a)
{
	int fds[2] = {0, 1};

	if (!a->is_tty)
		return 0;
	a->master = pty_open();
	if (a->master < 0)
		return a->master;
	a->has_size = pty_outer_size(fds, 2, &a->ws);
	return 0;
}

/* Prepares the child's config from the container, then joins its namespaces and root. */
static int enter(struct exec_args *a, int pidfd, pid_t pid, const char *user, char **env,
		 struct run_config *cfg)
{
	const char *what = "";
	char buf[64];
	int root_fd cleanup_close = -1;
	int r;

	snprintf(buf, sizeof(buf), "/proc/%d/root", (int) pid);
	root_fd = open(buf, O_PATH | O_DIRECTORY | O_CLOEXEC);
	/* Opened by pid: the pidfd says whether that pid was still the init afterwards. */
	if (root_fd < 0 || sys_pidfd_send_signal(pidfd, 0, NULL, 0) < 0) {
		log_error(0, "exec %s: not running", a->name);
		return CMD_EXIT_NOT_RUNNING;
	}
	r = prepare(a, pid, user, env, root_fd, cfg);
	if (r)
		return r;
	r = exec_enter_ns(pidfd, pid, &what);
	if (r < 0) {
		log_error(r, "exec %s: setns %s", a->name, what);
		return PROC_EXIT_SETUP;
	}
	if (fchdir(root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0) {
		log_error(errno, "exec %s: enter root", a->name);
		return PROC_EXIT_SETUP;
	}
	return 0;
}

static int run_in(struct exec_args *a, int pidfd, pid_t pid, const char *user, char **env)
{
	static struct run_config cfg;
	struct relay relay;
	struct child_signals sigs = {.ignored = sig_ignored_or_all()};
	sigset_t all;
	int sp[2], alive[2], sfd, r;
	pid_t child_pid;

	r = enter(a, pidfd, pid, user, env, &cfg);
	if (r)
		return r;
	r = open_terminal(a);
	if (r < 0) {
		log_error(r, "exec %s: open /dev/ptmx", a->name);
		return PROC_EXIT_SETUP;
	}
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &sigs.mask);
	sfd = signalfd(-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0 || sync_pair(sp) < 0 || pipe2(alive, O_CLOEXEC) < 0) {
		log_error(errno, "exec %s: set up", a->name);
		return PROC_EXIT_SETUP;
	}
	fflush(NULL);
	child_pid = fork();
	if (child_pid < 0) {
		log_error(errno, "exec %s: fork", a->name);
		return PROC_EXIT_SETUP;
	}
	if (child_pid == 0) {
		fd_close(sp[0]);
		fd_close(alive[1]);
		waiter(a, &cfg, &sigs, sp[1], sfd, alive[0]);
	}
	/* alive[1] stays open as long as we live: its EOF tells the waiter we are gone. */
	fd_close(alive[0]);
	fd_close(sp[1]);
	if (a->master >= 0) {
		relay_init(&relay, a->is_interactive ? 0 : -1, 1);
		r = relay_open(&relay);
		if (r == 0)
			r = relay_set_master(&relay, a->master, true);
		else
			fd_close(a->master);
		if (r < 0) {
			/* COMMAND runs on, unrelayed: our end of its terminal is gone (a hangup).
			 */
			log_error(r, "exec %s: relay the terminal", a->name);
			relay_close(&relay);
			a->master = -1;
		}
	}
	r = exec_supervise(child_pid, sfd, a->master >= 0 ? &relay : NULL);
	fcntl(sp[0], F_SETFL, O_NONBLOCK);
	report(a, sp[0]);
	fd_close(sp[0]);
	fd_close(sfd);
	fd_close(alive[1]);
	return r;
}

/* Asks the monitor: the init's pid and pidfd, its user, its environment. */
static int ask(struct client *cl, pid_t *pid, int *pidfd, char *user, size_t size, char ***env)
{
	char buf[128];
	int r, mfd = -1;

	r = client_send(cl, "exec");
	if (r < 0 && r != -EPIPE) {
		log_error(r, "exec %s: write control socket", cl->name);
		return PROC_EXIT_SETUP;
	}
	r = client_recv(cl, buf, sizeof(buf), pidfd, 10000);
	if (r <= 0) {
		log_error(0, "exec %s: no answer from the monitor", cl->name);
		return PROC_EXIT_SETUP;
	}
	if (strncmp(buf, "ok ", 3) != 0 || *pidfd < 0) {
		fd_close(*pidfd);
		return client_fail(cl, buf);
	}
	if (sscanf(buf + 3, "%d %31s", (int *) pid, user) != 2 || size < 32)
		return client_fail(cl, buf);
	r = client_recv(cl, buf, sizeof(buf), &mfd, 10000);
	if (r <= 0 || strcmp(buf, "env") != 0 || mfd < 0) {
		log_error(0, "exec %s: no environment from the monitor", cl->name);
		fd_close(mfd);
		return PROC_EXIT_SETUP;
	}
	*env = read_env(mfd);
	fd_close(mfd);
	if (!*env) {
		log_error(ENOMEM, "exec %s: read environment", cl->name);
		return PROC_EXIT_SETUP;
	}
	return 0;
}

int exec_main(int argc, char **argv)
{
	struct exec_args a;
	struct client cl;
	char user[32], **env = NULL;
	int r, pidfd = -1;
	pid_t pid;

	r = parse(argc, argv, &a);
	if (r)
		return r < 0 ? 0 : r;
	if (a.is_tty && a.is_interactive && !isatty(0)) {
		fprintf(stderr,
			"tether: exec %s: use standard input as a terminal: the input device "
			"is not a TTY (drop -i or -t)\n",
			a.name);
		return PROC_EXIT_SETUP;
	}
	r = exec_reexec_sealed(argc, argv);
	if (r)
		return r;
	/*
	 * Not dumpable from here to COMMAND's exec: nothing in the container may ptrace us
	 * or open our /proc files. No descriptor of the caller's goes in (CVE-2024-21626).
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 || sys_close_range(3, ~0U, 0) < 0) {
		log_error(errno, "exec: make undumpable and close inherited descriptors");
		return PROC_EXIT_SETUP;
	}
	r = client_init(&cl, "exec", a.dir);
	if (r)
		return r;
	cl.name = a.name;
	r = client_connect(&cl);
	if (r)
		return r;
	r = ask(&cl, &pid, &pidfd, user, sizeof(user), &env);
	client_close(&cl);
	if (r)
		return r;
	r = run_in(&a, pidfd, pid, user, env);
	/*
	 * We now live in the container's namespaces and root: /proc is the container's, where
	 * our own pid means nothing. End without atexit work (LeakSanitizer's check, under
	 * `make asan`, would search /proc for our threads and spin forever).
	 */
	fflush(stdout);
	fflush(stderr);
	_exit(r);
}
