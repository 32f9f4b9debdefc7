/* SPDX-License-Identifier: MIT */
/*
 * control.h: the state entry and the control socket of one named container. Runs in the
 * launcher's main loop: every socket is non-blocking, and a client that misbehaves is
 * dropped, never waited for. A failure here is a warning: the container keeps running.
 */
#include "control.h"
#include "confine.h"
#include "detach.h"
#include "entry.h"
#include "fd.h"
#include "fdpass.h"
#include "log.h"
#include "ns.h"
#include "parse.h"
#include "proc.h"
#include "relay.h"
#include "run.h"
#include "sig.h"
#include "syscall.h"
#include "tty.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

void control_init(struct control *ctl)
{
	memset(ctl, 0, sizeof(*ctl));
	ctl->lock_fd = ctl->listen_fd = ctl->ep = ctl->ready_fd = ctl->saved_err = -1;
	ctl->out_pipe = -1;
	ctl->attached = -1;
	for (int i = 0; i < CONTROL_CLIENTS_MAX; i++)
		ctl->clients[i] = -1;
	ctl->rec.exit_status = -1;
	ctl->rec.app_exit_status = -1;
}

static void save(struct control *ctl, const char *state)
{
	int r;

	if (!ctl->is_registered)
		return;
	if (state)
		snprintf(ctl->rec.state, sizeof(ctl->rec.state), "%s", state);
	ctl->rec.changed_at = (long long) time(NULL);
	r = state_write(ctl->dir, &ctl->rec);
	if (r < 0)
		log_warning(r, "write state of %s in %s", ctl->rec.name, ctl->dir);
}

/*
 * The pid file, written whole or not at all: a new temporary of our own (O_EXCL, so never
 * a file or symlink planted there) in the target's directory, renamed over the target.
 * Returns 0, or -1 after saying why, with nothing left behind.
 */
static int write_pidfile(const char *path, pid_t pid)
{
	char tmp[PATH_MAX], buf[32];
	const char *base = strrchr(path, '/');
	int fd, n, err = 0;

	base = base ? base + 1 : path;
	n = snprintf(tmp, sizeof(tmp), "%.*s.%s.XXXXXX", (int) (base - path), path, base);
	if (n < 0 || n >= (int) sizeof(tmp)) {
		log_error(ENAMETOOLONG, "write pid file %s", path);
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		log_error(errno, "write pid file %s", path);
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%d\n", (int) pid);
	if (fchmod(fd, 0644) < 0 || write(fd, buf, (size_t) n) != n)
		err = errno ? errno : EIO;
	if (close(fd) < 0 && !err)
		err = errno;
	if (!err && rename(tmp, path) < 0)
		err = errno;
	if (err) {
		unlink(tmp);
		log_error(err, "write pid file %s", path);
		return -1;
	}
	return 0;
}

/* The record's namespaces: only for a record written now, 8 lookups in /proc otherwise. */
static void record_namespaces(struct container *c)
{
	struct state_rec *rec = &c->ctl.rec;

	rec->n_ns = 0;
	for (size_t i = 0; i < ns_table_len && rec->n_ns < STATE_NS_MAX; i++) {
		/* A borrowing child read them before its exec: no second look into /proc. */
		long long ino = c->has_ns_ino ? c->ns_ino[i] : ns_inode(c->pid, &ns_table[i]);

		if (ino < 0)
			continue;
		snprintf(rec->ns[rec->n_ns].name, sizeof(rec->ns[0].name), "%s", ns_table[i].name);
		rec->ns[rec->n_ns].inode = ino;
		rec->ns[rec->n_ns].is_new = (c->cfg->clone_flags & ns_table[i].flag) != 0;
		rec->n_ns++;
	}
}

int control_started(struct container *c)
{
	struct control *ctl = &c->ctl;
	struct state_rec *rec = &ctl->rec;

	rec->pid = c->pid;
	rec->started_at = (long long) time(NULL);
	rec->n_ns = 0;
	if (ctl->is_registered)
		record_namespaces(c);
	ctl->init_runs = true;
	save(ctl, "running");
	if (c->cfg->pidfile) {
		if (write_pidfile(c->cfg->pidfile, c->pid) < 0)
			return PROC_EXIT_SETUP;
		ctl->has_pidfile = true;
	}
	detach_ready(c);
	return 0;
}

/*
 * Both wait until the container has run a while: a short run's start and exit make no file
 * operation for its anonymous entry, and never wait for the sweep, which reads every entry
 * (kept records too) so that the entries of launchers killed without a word do not pile up.
 */
void control_settle(struct container *c)
{
	struct control *ctl = &c->ctl;

	/* A failed late registration leaves the container running, unlisted, as said. */
	if (ctl->is_deferred && control_register(c) == 0 && ctl->init_runs) {
		record_namespaces(c);
		save(ctl, "running");
	}
	if (ctl->is_registered && !ctl->is_swept)
		state_sweep(ctl->dir);
	ctl->is_swept = true;
}

void control_restarting(struct container *c)
{
	c->ctl.init_runs = false;
	c->ctl.rec.restarts++;
	c->ctl.rec.pid = 0;
	save(&c->ctl, "rebooting");
}

static void drop_client(struct control *ctl, int slot)
{
	epoll_ctl(ctl->ep, EPOLL_CTL_DEL, ctl->clients[slot], NULL);
	fd_close(ctl->clients[slot]);
	ctl->clients[slot] = -1;
	ctl->waiting[slot] = false;
	if (slot == ctl->attached) {
		ctl->attached = -1;
		relay_resume(ctl->relay);
	}
}

void control_detach(struct control *ctl)
{
	if (ctl->attached >= 0)
		drop_client(ctl, ctl->attached);
}

/* One record, or with fd >= 0 one record carrying fd. Never blocks. */
static int reply(int sock, int fd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int reply(int sock, int fd, const char *fmt, ...)
{
	char buf[CONTROL_MSG_MAX];
	va_list ap;
	size_t len;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	len = n < 0 ? 0 : (size_t) n >= sizeof(buf) ? sizeof(buf) - 1 : (size_t) n;
	return fdpass_send(sock, buf, len, fd, MSG_DONTWAIT);
}

/*
 * What `tether exec` starts from: the init's pidfd, the user it runs as ("-": the
 * launcher's), then its environment as NUL-separated strings in a sealed memfd.
 */
static void reply_exec(struct container *c, int sock)
{
	const struct isolate_config *iso = &c->cfg->iso;
	char *const *env = iso->envp ? iso->envp : environ;
	int mfd = memfd_create("tether-env", MFD_CLOEXEC | MFD_ALLOW_SEALING), r = 0;

	for (size_t i = 0; mfd >= 0 && !r && env[i]; i++)
		if (write(mfd, env[i], strlen(env[i]) + 1) != (ssize_t) strlen(env[i]) + 1)
			r = -EIO;
	if (mfd < 0 || r ||
	    fcntl(mfd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0) {
		reply(sock, -1, "err %d", mfd < 0 || !r ? errno : EIO);
		fd_close(mfd);
		return;
	}
	if (iso->has_user)
		reply(sock, c->pidfd, "ok %d %u:%u", (int) c->pid, (unsigned int) iso->uid,
		      (unsigned int) iso->gid);
	else
		reply(sock, c->pidfd, "ok %d -", (int) c->pid);
	reply(sock, mfd, "env");
	fd_close(mfd);
}

void control_ended(struct container *c, int code)
{
	struct control *ctl = &c->ctl;
	char path[PATH_MAX];

	ctl->init_runs = false;
	if (ctl->has_pidfile)
		unlink(c->cfg->pidfile);
	ctl->has_pidfile = false;
	if (!ctl->is_registered)
		return;
	ctl->rec.pid = 0;
	ctl->rec.exit_status = code;
	ctl->rec.app_exit_status = c->app_status;
	ctl->rec.is_halted = c->is_halted;
	ctl->rec.is_oom_killed = c->is_oom_killed;
	/* An entry removed right below needs no last record: `wait` gets its answer below. */
	if (!ctl->is_generated && !c->cfg->rm)
		save(ctl, "stopped");
	/* --rm, or nobody can name it again: gone before `stop` or `wait` return. */
	if (c->cfg->rm) {
		entry_remove(ctl->dir, ctl->rec.name);
	} else if (ctl->is_generated) {
		/* Its record and lock by name: no directory walk on every anonymous run. */
		if (state_path(path, sizeof(path), ctl->dir, ctl->rec.name, "state") == 0)
			unlink(path);
		if (state_path(path, sizeof(path), ctl->dir, ctl->rec.name, NULL) == 0)
			unlink(path);
	}
	for (int i = 0; i < CONTROL_CLIENTS_MAX; i++)
		if (ctl->clients[i] >= 0 && ctl->waiting[i])
			reply(ctl->clients[i], -1, "exit %d", state_rec_result(&ctl->rec));
	if (state_path(path, sizeof(path), ctl->dir, ctl->rec.name, "ctl") == 0)
		unlink(path);
}

static void accept_clients(struct control *ctl)
{
	struct ucred cred;
	socklen_t len;
	int fd, slot;

	while ((fd = accept4(ctl->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
		len = sizeof(cred);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
			/* No credentials to name: the error is what there is to say. */
			log_warning(errno, "control socket: peer credentials");
			reply(fd, -1, "denied");
			fd_close(fd);
			continue;
		}
		if (cred.uid != 0 && cred.uid != ctl->rec.uid) {
			log_warning(0, "control socket: refused uid %d (pid %d)", (int) cred.uid,
				    (int) cred.pid);
			reply(fd, -1, "denied");
			fd_close(fd);
			continue;
		}
		for (slot = 0; slot < CONTROL_CLIENTS_MAX && ctl->clients[slot] >= 0; slot++)
			;
		if (slot == CONTROL_CLIENTS_MAX) {
			reply(fd, -1, "err %d", EBUSY);
			fd_close(fd);
			continue;
		}
		struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t) slot + 1};

		if (epoll_ctl(ctl->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
			fd_close(fd);
			continue;
		}
		ctl->clients[slot] = fd;
		ctl->waiting[slot] = false;
	}
}

void control_request(struct container *c, int slot, char *req)
{
	struct control *ctl = &c->ctl;
	int sock = ctl->clients[slot];
	unsigned long long n;
	char name[SIG_NAME_MAX];
	int r;

	log_debug(0, "control request '%s'", req);
	if (strcmp(req, "wait") == 0) {
		ctl->waiting[slot] = true;
		return;
	}
	if (strcmp(req, "halt") == 0) {
		/*
		 * The same path as a SIGTERM to the launcher (the forward table): the halt
		 * signal to init while it runs, a cancelled restart while it reboots.
		 */
		save(ctl, "stopping");
		kill(getpid(), SIGTERM);
		reply(sock, -1, "ok");
		return;
	}
	if (c->pidfd < 0) {
		reply(sock, -1, "err %d", ESRCH);
		return;
	}
	/*
	 * Before the init's exec the child is still tether, half way through the set-up (the
	 * root not yet pivoted, capabilities not yet dropped): nobody enters or signals it.
	 */
	if (!ctl->init_runs) {
		reply(sock, -1, "err %d", EAGAIN);
		return;
	}
	if (strcmp(req, "pidfd") == 0) {
		reply(sock, c->pidfd, "ok %d", (int) c->pid);
		return;
	}
	if (strcmp(req, "exec") == 0) {
		reply_exec(c, sock);
		return;
	}
	if (strcmp(req, "attach") == 0) {
		r = ctl->attached >= 0 ? -EBUSY : tty_attach(c);
		if (r < 0) {
			reply(sock, -1, "err %d", -r);
			return;
		}
		if (reply(sock, r, "ok %d", (int) c->pid) == 0)
			ctl->attached = slot;
		else
			relay_resume(ctl->relay);
		fd_close(r);
		return;
	}
	if (strcmp(req, "reboot") == 0) {
		r = sys_pidfd_send_signal(c->pidfd, c->cfg->reboot_signal, NULL, 0);
		if (r == 0) {
			save(ctl, "rebooting");
			log_info(0, "reboot asked: sent %s to init",
				 sig_name(c->cfg->reboot_signal, name));
		}
		reply(sock, -1, r < 0 ? "err %d" : "ok", -r);
		return;
	}
	if (strncmp(req, "kill ", 5) == 0 && parse_uint(req + 5, 64, &n) == 0 && n > 0) {
		/* SIGKILL: every process of the container at once, however it forked. */
		r = n == SIGKILL && confine_kill(c->cfg) == 0
			    ? 0
			    : sys_pidfd_send_signal(c->pidfd, (int) n, NULL, 0);
		reply(sock, -1, r < 0 ? "err %d" : "ok", -r);
		return;
	}
	reply(sock, -1, "err %d", EINVAL);
}

void control_dispatch(struct container *c)
{
	struct control *ctl = &c->ctl;
	struct epoll_event evs[8];
	char buf[CONTROL_MSG_MAX];
	int n;

	n = epoll_wait(ctl->ep, evs, 8, 0);
	for (int i = 0; i < n; i++) {
		int slot = (int) evs[i].data.u32 - 1;
		ssize_t len;

		if (slot < 0) {
			accept_clients(ctl);
			continue;
		}
		if (ctl->clients[slot] < 0)
			continue;
		len = recv(ctl->clients[slot], buf, sizeof(buf) - 1, MSG_DONTWAIT);
		if (len < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (len <= 0) {
			drop_client(ctl, slot);
			continue;
		}
		buf[len] = '\0';
		control_request(c, slot, buf);
	}
}

void control_close(struct control *ctl)
{
	for (int i = 0; i < CONTROL_CLIENTS_MAX; i++)
		if (ctl->clients[i] >= 0)
			drop_client(ctl, i);
	fd_close(ctl->listen_fd);
	fd_close(ctl->ep);
	/* Last: the lock says "alive" until every trace is consistent. */
	fd_close(ctl->lock_fd);
	ctl->listen_fd = ctl->ep = ctl->lock_fd = -1;
	state_rec_free(&ctl->rec);
}
