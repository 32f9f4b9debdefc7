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
 */
#include "client.h"
#include "commands.h"
#include "fd.h"
#include "passwd.h"
#include "ns.h"
#include "proc.h"
#include "sig.h"

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
#include <grp.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
/* after sys/wait.h, whose P_PIDFD enum its fallback macro would break */
#include "syscall.h"

#define EXEC_ENV_MAX 64

enum { OPT_STATE_DIR = 256 };

struct exec_args {
	const char *dir, *name, *user, *cwd;
	char *env[EXEC_ENV_MAX];
	int n_env;
	char **command;
};

/* What the init lives with, to hand the same limits to COMMAND. */
struct limits {
	uint64_t cap_bnd, cap_eff, cap_prm, cap_inh;
	bool no_new_privs;
	char cgroup[512]; /* the init's cgroup v2 path, "" when the same as ours */
};

static const char exec_usage[] =
	"usage: tether exec NAME [--user U[:G]] [--cwd DIR] [--env K=V]... [--] COMMAND [ARG...]\n"
	"Runs COMMAND in every namespace of NAME, under its root, with its\n"
	"capability limits; exits with COMMAND's status.\n";

static int parse(int argc, char **argv, struct exec_args *a)
{
	static const struct option opts[] = {
		{"state-dir", required_argument, NULL, OPT_STATE_DIR},
		{"user", required_argument, NULL, 'u'},
		{"cwd", required_argument, NULL, 'w'},
		{"env", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	memset(a, 0, sizeof(*a));
	opterr = 0;
	optind = 1;
	for (;;) {
		int li = -1;

		c = getopt_long(argc, argv, "+:hu:w:e:", opts, &li);
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
			a->user = optarg;
			break;
		case 'w':
			a->cwd = optarg;
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

static void read_limits(pid_t pid, struct limits *lim)
{
	char path[64], line[600], self[512] = "";
	FILE *f;

	memset(lim, 0, sizeof(*lim));
	lim->cap_bnd = lim->cap_eff = lim->cap_prm = ~0ULL;
	snprintf(path, sizeof(path), "/proc/%d/status", (int) pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long v;
		int n;

		if (sscanf(line, "CapBnd: %llx", &v) == 1)
			lim->cap_bnd = v;
		else if (sscanf(line, "CapEff: %llx", &v) == 1)
			lim->cap_eff = v;
		else if (sscanf(line, "CapPrm: %llx", &v) == 1)
			lim->cap_prm = v;
		else if (sscanf(line, "CapInh: %llx", &v) == 1)
			lim->cap_inh = v;
		else if (sscanf(line, "NoNewPrivs: %d", &n) == 1)
			lim->no_new_privs = n != 0;
	}
	if (f)
		fclose(f);
	/* cgroup v2 only ("0::/path"); ours first, to join theirs only when it differs. */
	for (int i = 0; i < 2; i++) {
		char *dst = i == 0 ? self : lim->cgroup;

		snprintf(path, sizeof(path), i == 0 ? "/proc/self/cgroup" : "/proc/%d/cgroup",
			 (int) pid);
		f = fopen(path, "re");
		while (f && fgets(line, sizeof(line), f))
			if (strncmp(line, "0::", 3) == 0)
				snprintf(dst, 512, "%.*s", (int) strcspn(line + 3, "\n"), line + 3);
		if (f)
			fclose(f);
	}
	if (strcmp(self, lim->cgroup) == 0)
		lim->cgroup[0] = '\0';
}

/* The cgroup v2 mount point, from our mountinfo. */
static int cgroup2_root(char *buf, size_t size)
{
	char line[1024], mnt[512], *sep;
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int r = -ENOENT;

	while (f && fgets(line, sizeof(line), f)) {
		sep = strstr(line, " - cgroup2 ");
		if (sep && sscanf(line, "%*s %*s %*s %*s %511s", mnt) == 1) {
			snprintf(buf, size, "%s", mnt);
			r = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	return r;
}

/* Moves us (and so the child to come) into the init's cgroup. Before setns(mnt). */
static int join_cgroup(const struct limits *lim)
{
	char root[512], path[1200];
	int fd, r = 0;

	if (!lim->cgroup[0])
		return 0;
	if (cgroup2_root(root, sizeof(root)) < 0)
		return 0; /* no cgroup v2 here: nothing to join */
	snprintf(path, sizeof(path), "%s%s/cgroup.procs", root, lim->cgroup);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "0", 1) != 1)
		r = -errno;
	fd_close(fd);
	return r;
}

/* setns through the pidfd; or, refused, through each /proc/PID/ns file (user first). */
static int enter(int pidfd, pid_t pid, const char **what)
{
	int fds[16], n = 0, flags = 0, r = 0;
	size_t order[16], k = 0;

	for (size_t i = 0; i < ns_table_len; i++)
		if (strcmp(ns_table[i].name, "user") == 0)
			order[k++] = i;
	for (size_t i = 0; i < ns_table_len; i++)
		if (strcmp(ns_table[i].name, "user") != 0)
			order[k++] = i;
	for (size_t j = 0; j < k && n < 16; j++) {
		const struct ns_info *ns = &ns_table[order[j]];
		long long theirs = ns_inode(pid, ns), ours = ns_inode(getpid(), ns);
		char path[64];

		if (theirs < 0 || theirs == ours)
			continue;
		flags |= (int) ns->flag;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int) pid, ns->proc_name);
		fds[n] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[n] < 0) {
			r = -errno;
			*what = ns->name;
			break;
		}
		n++;
	}
	if (r == 0 && flags && setns(pidfd, flags) < 0) {
		r = -errno;
		*what = "namespaces through the pidfd";
		if (r == -EINVAL) {
			r = 0;
			for (int i = 0; i < n && r == 0; i++)
				if (setns(fds[i], 0) < 0) {
					r = -errno;
					*what = "namespace";
				}
		}
	}
	for (int i = 0; i < n; i++)
		fd_close(fds[i]);
	return r;
}

static int set_user(const char *spec, const char **what)
{
	char buf[256], *colon;
	uid_t uid;
	gid_t gid;
	struct passwd_entry pw;

	snprintf(buf, sizeof(buf), "%s", spec);
	colon = strchr(buf, ':');
	if (colon)
		*colon++ = '\0';
	/* Names come from the container's /etc/passwd: we are under its root already. */
	if (passwd_lookup(NULL, "/etc/passwd", buf, false, false, &pw)) {
		uid = (uid_t) pw.id;
		gid = (gid_t) pw.gid;
	} else {
		char *end;

		errno = 0;
		uid = (uid_t) strtoul(buf, &end, 10);
		if (!buf[0] || *end || errno) {
			*what = "find user";
			return -ENOENT;
		}
		gid = (gid_t) uid;
	}
	if (colon) {
		struct passwd_entry gr;
		char *end;

		if (passwd_lookup(NULL, "/etc/group", colon, false, false, &gr)) {
			gid = (gid_t) gr.id;
		} else {
			gid = (gid_t) strtoul(colon, &end, 10);
			if (!colon[0] || *end) {
				*what = "find group";
				return -ENOENT;
			}
		}
	}
	*what = "set user";
	if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
		return -errno;
	return 0;
}

/* Before the change of user: dropping from the bounding set needs CAP_SETPCAP. */
static int drop_bounding(const struct limits *lim)
{
	for (int cap = 0; cap < 64; cap++)
		if (!(lim->cap_bnd & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 &&
		    errno != EINVAL)
			return -errno;
	return 0;
}

/* After it: root keeps the init's sets; another user has none left by setresuid. */
static int apply_caps(const struct limits *lim, bool is_root)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];

	if (is_root) {
		for (int i = 0; i < 2; i++) {
			data[i].effective = (uint32_t) (lim->cap_eff >> (32 * i));
			data[i].permitted = (uint32_t) (lim->cap_prm >> (32 * i));
			data[i].inheritable = (uint32_t) (lim->cap_inh >> (32 * i));
		}
		if (syscall(SYS_capset, &hdr, data) < 0)
			return -errno;
	}
	if (lim->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	return 0;
}

/* In the child, inside the container: never returns. Reports failure on err_fd. */
__attribute__((noreturn)) static void child(const struct exec_args *a, const struct limits *lim,
					    const sigset_t *mask, int err_fd)
{
	const char *what = "exec";
	int r = 0;

	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	for (int i = 0; i < a->n_env && r == 0; i++)
		if (putenv(a->env[i]) != 0) {
			r = -errno;
			what = "set environment";
		}
	if (r == 0) {
		r = drop_bounding(lim);
		if (r < 0)
			what = "apply capability limits";
	}
	if (r == 0 && a->user)
		r = set_user(a->user, &what);
	if (r == 0) {
		r = apply_caps(lim, geteuid() == 0);
		if (r < 0)
			what = "apply capability limits";
	}
	if (r == 0) {
		execvp(a->command[0], a->command);
		r = -errno;
		what = "exec";
	}
	{
		char msg[320];
		int n = snprintf(msg, sizeof(msg), "%d %s", -r, what);

		if (write(err_fd, msg, (size_t) n) < 0) {
		}
	}
	_exit(r == -ENOENT && strcmp(what, "exec") == 0 ? PROC_EXIT_NOTFOUND : PROC_EXIT_NOEXEC);
}

/* Forwards every signal to the child until it ends; returns its exit status. */
static int supervise(pid_t pid, int sfd)
{
	int pidfd = sys_pidfd_open(pid, 0), status;
	struct pollfd p[2] = {{.fd = sfd, .events = POLLIN}, {.fd = pidfd, .events = POLLIN}};
	struct signalfd_siginfo ssi;

	while (pidfd >= 0) {
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents & POLLIN)
			while (read(sfd, &ssi, sizeof(ssi)) == (ssize_t) sizeof(ssi))
				if (ssi.ssi_signo != SIGCHLD &&
				    !sig_is_own_pipe((int) ssi.ssi_signo, ssi.ssi_code,
						     (int) ssi.ssi_pid))
					sys_pidfd_send_signal(pidfd, (int) ssi.ssi_signo, NULL, 0);
		if (p[1].revents)
			break;
	}
	fd_close(pidfd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return PROC_EXIT_SETUP;
	return proc_exit_code(status);
}

/*
 * The waiter, COMMAND's parent inside the container: tied to us by its death signal, and,
 * for the window before prctl, by alive_fd (EOF: we are gone already).
 */
__attribute__((noreturn)) static void waiter(const struct exec_args *a, const struct limits *lim,
					     const sigset_t *mask, int err_fd, int sfd,
					     int alive_fd)
{
	struct pollfd p = {.fd = alive_fd, .events = POLLIN};
	pid_t pid;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || poll(&p, 1, 0) != 0)
		_exit(PROC_EXIT_SETUP);
	pid = fork();
	if (pid < 0)
		_exit(PROC_EXIT_SETUP);
	if (pid == 0) {
		fd_close(sfd);
		fd_close(alive_fd);
		child(a, lim, mask, err_fd);
	}
	fd_close(err_fd);
	_exit(supervise(pid, sfd));
}

static int run_in(const struct exec_args *a, int pidfd, pid_t pid)
{
	struct limits lim;
	sigset_t all, orig;
	const char *what = "";
	char buf[320];
	int root_fd, p[2], alive[2], sfd, r;
	pid_t child_pid;
	ssize_t n;

	read_limits(pid, &lim);
	snprintf(buf, sizeof(buf), "/proc/%d/root", (int) pid);
	root_fd = open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* Opened by pid: the pidfd says whether that pid was still the init afterwards. */
	if (root_fd < 0 || sys_pidfd_send_signal(pidfd, 0, NULL, 0) < 0) {
		fprintf(stderr, "tether: exec %s: not running\n", a->name);
		fd_close(root_fd);
		return CMD_EXIT_NOT_RUNNING;
	}
	r = join_cgroup(&lim);
	if (r < 0)
		fprintf(stderr, "tether: exec %s: join cgroup %s: %s\n", a->name, lim.cgroup,
			strerror(-r));
	r = enter(pidfd, pid, &what);
	if (r < 0) {
		fprintf(stderr, "tether: exec %s: setns %s: %s\n", a->name, what, strerror(-r));
		fd_close(root_fd);
		return PROC_EXIT_SETUP;
	}
	if (fchdir(root_fd) < 0 || chroot(".") < 0 || chdir(a->cwd ? a->cwd : "/") < 0) {
		r = errno;
		fprintf(stderr, "tether: exec %s: enter root%s%s: %s\n", a->name,
			a->cwd ? " and " : "", a->cwd ? a->cwd : "", strerror(r));
		fd_close(root_fd);
		return PROC_EXIT_SETUP;
	}
	fd_close(root_fd);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &orig);
	sfd = signalfd(-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0 || pipe2(p, O_CLOEXEC) < 0 || pipe2(alive, O_CLOEXEC) < 0) {
		fprintf(stderr, "tether: exec %s: set up: %s\n", a->name, strerror(errno));
		return PROC_EXIT_SETUP;
	}
	fflush(NULL);
	child_pid = fork();
	if (child_pid < 0) {
		fprintf(stderr, "tether: exec %s: fork: %s\n", a->name, strerror(errno));
		return PROC_EXIT_SETUP;
	}
	if (child_pid == 0) {
		fd_close(p[0]);
		fd_close(alive[1]);
		waiter(a, &lim, &orig, p[1], sfd, alive[0]);
	}
	/* alive[1] stays open as long as we live: its EOF tells the waiter we are gone. */
	fd_close(alive[0]);
	fd_close(p[1]);
	r = supervise(child_pid, sfd);
	n = read(p[0], buf, sizeof(buf) - 1);
	if (n > 0) {
		char *sp;

		buf[n] = '\0';
		sp = strchr(buf, ' ');
		fprintf(stderr, "tether: exec %s: %s %s: %s\n", a->name, sp ? sp + 1 : "exec",
			a->command[0], strerror(atoi(buf)));
	}
	fd_close(p[0]);
	fd_close(sfd);
	fd_close(alive[1]);
	return r;
}

int exec_main(int argc, char **argv)
{
	struct exec_args a;
	struct client cl;
	char buf[128];
	int r, pidfd = -1;
	pid_t pid;

	r = parse(argc, argv, &a);
	if (r)
		return r < 0 ? 0 : r;
	r = client_init(&cl, "exec", a.dir);
	if (r)
		return r;
	cl.name = a.name;
	r = client_connect(&cl);
	if (r)
		return r;
	r = client_send(&cl, "pidfd");
	if (r < 0 && r != -EPIPE) {
		fprintf(stderr, "tether: exec %s: write control socket: %s\n", cl.name,
			strerror(-r));
		client_close(&cl);
		return PROC_EXIT_SETUP;
	}
	r = client_recv(&cl, buf, sizeof(buf), &pidfd, 10000);
	client_close(&cl);
	if (r <= 0) {
		fprintf(stderr, "tether: exec %s: no answer from the monitor\n", cl.name);
		return PROC_EXIT_SETUP;
	}
	if (strncmp(buf, "ok ", 3) != 0 || pidfd < 0) {
		fd_close(pidfd);
		return client_fail(&cl, buf);
	}
	pid = (pid_t) atoi(buf + 3);
	r = run_in(&a, pidfd, pid);
	/*
	 * We now live in the container's namespaces and root: /proc is the container's, where
	 * our own pid means nothing. End without atexit work (LeakSanitizer's check, under
	 * `make asan`, would search /proc for our threads and spin forever).
	 */
	fflush(stdout);
	fflush(stderr);
	_exit(r);
}
