/* SPDX-License-Identifier: MIT */
/*
 * `tether ps NAME`: the processes of a running container, from the host's /proc: those
 * in the container's pid namespace (`tether exec` ones included) and the init's
 * descendants (nested pid namespaces). Each with its pid inside, from the NSpid line at
 * the container's level, and on the host. Reads only; the init's pidfd, taken first, says
 * whether the pid still was the init's by the end of the walk.
 */
#include "client.h"
#include "commands.h"
#include "fd.h"
#include "log.h"
#include "ns.h"
#include "proc.h"
#include "state.h"
#include "syscall.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PS_NSPID_MAX 32
#define PS_CMD_MAX   256

enum { OPT_STATE_DIR = 256 };

static const char ps_usage[] = "usage: tether ps NAME [--state-dir DIR]\n"
			       "The processes of NAME: the pid inside the container, the pid\n"
			       "on the host, the parent inside and the command line.\n";

struct proc_info {
	pid_t pid, ppid;
	pid_t nspid[PS_NSPID_MAX]; /* as the NSpid line: ours first, the innermost last */
	int n_nspid;
	uid_t uid;
	bool is_in;
};

static int read_status(pid_t pid, struct proc_info *p)
{
	char path[64], *line = NULL;
	size_t cap = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int) pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	while (getline(&line, &cap, f) > 0) {
		if (strncmp(line, "PPid:", 5) == 0) {
			p->ppid = (pid_t) atoi(line + 5);
		} else if (strncmp(line, "Uid:", 4) == 0) {
			p->uid = (uid_t) strtoul(line + 4, NULL, 10);
		} else if (strncmp(line, "NSpid:", 6) == 0) {
			char *s = line + 6, *end;

			while (p->n_nspid < PS_NSPID_MAX) {
				long v = strtol(s, &end, 10);

				if (end == s)
					break;
				p->nspid[p->n_nspid++] = (pid_t) v;
				s = end;
			}
		}
	}
	free(line);
	fclose(f);
	return p->n_nspid > 0 ? 0 : -ENOENT;
}

/* Every process of the host, read once. */
static int read_all(struct proc_info **out, size_t *n_out)
{
	DIR *d = opendir("/proc");
	struct proc_info *v = NULL, *nv;
	size_t n = 0, cap = 0;
	struct dirent *e;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char) e->d_name[0]))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = nv;
		}
		if (read_status((pid_t) atoi(e->d_name), &v[n]) == 0)
			n++;
	}
	closedir(d);
	*out = v;
	*n_out = n;
	return 0;
}

static struct proc_info *find(struct proc_info *v, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].pid == pid)
			return &v[i];
	return NULL;
}

static void command_line(pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t len = -1;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int) pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		len = read(fd, buf, size - 1);
		fd_close(fd);
	}
	if (len <= 0) {
		/* A zombie or a kernel thread: its name, as ps shows it. */
		snprintf(path, sizeof(path), "/proc/%d/comm", (int) pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		len = fd >= 0 ? read(fd, buf + 1, size - 3) : -1;
		fd_close(fd);
		if (len <= 0) {
			snprintf(buf, size, "?");
			return;
		}
		if (buf[len] == '\n')
			len--;
		buf[0] = '[';
		buf[len + 1] = ']';
		buf[len + 2] = '\0';
		return;
	}
	for (ssize_t i = 0; i < len; i++)
		if (buf[i] == '\0' || buf[i] == '\n')
			buf[i] = ' ';
	while (len > 0 && buf[len - 1] == ' ')
		len--;
	buf[len] = '\0';
}

static pid_t inner_pid(const struct proc_info *p, int level)
{
	return p && p->is_in && level < p->n_nspid ? p->nspid[level] : 0;
}

static int cmp_inner(const void *a, const void *b, void *arg)
{
	int level = *(const int *) arg;
	pid_t x = inner_pid(*(const struct proc_info *const *) a, level);
	pid_t y = inner_pid(*(const struct proc_info *const *) b, level);

	return (x > y) - (x < y);
}

/* Marks what is inside; returns the init's entry, or NULL when it is gone. */
static struct proc_info *mark(struct proc_info *v, size_t n, pid_t init, long long pidns)
{
	struct proc_info *top = find(v, n, init);
	const struct ns_info *ns = ns_by_name("pid");

	if (!top)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		struct proc_info *p = &v[i];

		/* Descendants, however deep their own namespaces go. */
		for (int depth = 0; p && depth < 4096; depth++, p = find(v, n, p->ppid))
			if (p->pid == init) {
				v[i].is_in = true;
				break;
			}
		if (!v[i].is_in && pidns > 0 && ns_inode(v[i].pid, ns) == pidns)
			v[i].is_in = true; /* entered later: tether exec */
	}
	return top;
}

static int show(const struct state_rec *rec)
{
	struct proc_info *v = NULL, *top, **list;
	size_t n = 0, n_in = 0;
	long long pidns = -1;
	char cmd[PS_CMD_MAX];
	int level, r, pidfd;

	pidfd = sys_pidfd_open(rec->pid, 0);
	if (pidfd < 0)
		return pidfd;
	for (size_t i = 0; i < rec->n_ns; i++)
		if (strcmp(rec->ns[i].name, "pid") == 0 && rec->ns[i].is_new)
			pidns = rec->ns[i].inode;
	r = read_all(&v, &n);
	top = r == 0 ? mark(v, n, rec->pid, pidns) : NULL;
	/* Still the init we were told of: its pid was not reused while we looked. */
	if (r == 0 && (!top || poll(&(struct pollfd){.fd = pidfd, .events = POLLIN}, 1, 0) != 0))
		r = -ESRCH;
	fd_close(pidfd);
	list = r == 0 ? calloc(n + 1, sizeof(*list)) : NULL;
	if (r == 0 && !list)
		r = -ENOMEM;
	if (r < 0) {
		free(v);
		return r;
	}
	level = top->n_nspid - 1;
	for (size_t i = 0; i < n; i++)
		if (v[i].is_in)
			list[n_in++] = &v[i];
	qsort_r(list, n_in, sizeof(*list), cmp_inner, &level);
	printf("%-8s %-8s %-8s %-6s %s\n", "PID", "HOST_PID", "PPID", "UID", "COMMAND");
	for (size_t i = 0; i < n_in; i++) {
		const struct proc_info *p = list[i];

		command_line(p->pid, cmd, sizeof(cmd));
		printf("%-8d %-8d %-8d %-6u %s\n", (int) inner_pid(p, level), (int) p->pid,
		       (int) inner_pid(find(v, n, p->ppid), level), (unsigned int) p->uid, cmd);
	}
	free(list);
	free(v);
	return 0;
}

int ps_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"state-dir", required_argument, NULL, OPT_STATE_DIR},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *dir_opt = NULL, *name = NULL;
	struct state_rec rec;
	struct client cl;
	int c, r;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "-:h", opts, NULL)) != -1) {
		if (c == 1 && !name) {
			name = optarg;
		} else if (c == 1) {
			return client_usage_error("ps", "unexpected argument '%s'", optarg);
		} else if (c == OPT_STATE_DIR) {
			dir_opt = optarg;
		} else {
			r = client_option_other("ps", c, argv, ps_usage);
			return r < 0 ? 0 : r;
		}
	}
	if (!name)
		return client_usage_error("ps", "%s", "missing NAME");
	r = client_init(&cl, "ps", dir_opt);
	if (r)
		return r;
	r = state_name_ok(name) ? state_read(cl.dir, name, &rec) : -ENOENT;
	if (r == -ENOENT) {
		log_error(0, "ps %s: no such container", name);
		return CMD_EXIT_NOT_RUNNING;
	}
	if (r < 0) {
		log_error(r, "ps %s: read state", name);
		return PROC_EXIT_SETUP;
	}
	state_rec_free(&rec);
	if (!rec.is_live || rec.pid <= 0 || strcmp(rec.state, "running") != 0) {
		log_error(0, "ps %s: not running", name);
		return CMD_EXIT_NOT_RUNNING;
	}
	r = show(&rec);
	if (r == -ESRCH) {
		log_error(0, "ps %s: not running", name);
		return CMD_EXIT_NOT_RUNNING;
	}
	if (r < 0) {
		log_error(r, "ps %s: read /proc", name);
		return PROC_EXIT_SETUP;
	}
	return 0;
}
