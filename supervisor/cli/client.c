/* SPDX-License-Identifier: MIT */
/*
 * client.h: one connection per command. The monitor may refuse us at accept time and
 * close: our send then fails with EPIPE, but its "denied" still waits in our queue, so a
 * failed send is never the end of the story: the answer is always read.
 */
#include "client.h"
#include "log.h"
#include "control.h"
#include "fd.h"
#include "fdpass.h"
#include "fmt.h"
#include "parse.h"
#include "proc.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int client_long_exact(const char *cmd, char **argv, const struct option *opts, int li)
{
	const char *word;

	if (li < 0)
		return 0;
	word = parse_opt_word(argv, optind, optarg);
	if (parse_opt_is_exact(word, opts[li].name))
		return 0;
	return client_usage_error(cmd, "unknown option '%.*s'", parse_opt_len(word), word);
}

int client_option_other(const char *cmd, int c, char **argv, const char *usage)
{
	if (c == 'h') {
		fputs(usage, stdout);
		return -1;
	}
	char bad[3];
	const char *word;
	int argc = 0;

	while (argv[argc])
		argc++;
	word = parse_opt_bad(argv, argc, optind, optopt, c, bad);

	if (c == ':')
		return client_usage_error(cmd, "option '%s' needs a value", word);
	return client_usage_error(cmd, "unknown option '%.*s'", parse_opt_len(word), word);
}

int client_init(struct client *cl, const char *cmd, const char *state_dir_opt)
{
	int r;

	cl->cmd = cmd;
	cl->name = NULL;
	cl->fd = -1;
	r = state_dir(state_dir_opt, cl->dir, sizeof(cl->dir));
	if (r < 0) {
		fprintf(stderr,
			"tether: %s: state directory: %s (set XDG_RUNTIME_DIR or "
			"--state-dir)\n",
			cmd, strerror(-r));
		return PROC_EXIT_SETUP;
	}
	return 0;
}

int client_connect(struct client *cl)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct state_rec rec;
	char path[PATH_MAX];
	int r;

	if (!state_name_ok(cl->name)) {
		log_error(0, "%s %s: no such container", cl->cmd, cl->name);
		return CMD_EXIT_NOT_RUNNING;
	}
	r = state_read(cl->dir, cl->name, &rec);
	if (r == -ENOENT) {
		log_error(0, "%s %s: no such container", cl->cmd, cl->name);
		return CMD_EXIT_NOT_RUNNING;
	}
	/* Entries are 0600: another user's container is not ours to read or to act on. */
	if (r == -EACCES || r == -EPERM) {
		log_error(0, "%s %s: permission denied", cl->cmd, cl->name);
		return CMD_EXIT_REFUSED;
	}
	if (r < 0) {
		log_error(r, "%s %s: read state", cl->cmd, cl->name);
		return PROC_EXIT_SETUP;
	}
	state_rec_free(&rec);
	if (!rec.is_live) {
		log_error(0, "%s %s: not running", cl->cmd, cl->name);
		return CMD_EXIT_NOT_RUNNING;
	}
	r = state_path(path, sizeof(path), cl->dir, cl->name, "ctl");
	if (r < 0 || strlen(path) >= sizeof(sa.sun_path)) {
		log_error(0, "%s %s: socket path too long", cl->cmd, cl->name);
		return PROC_EXIT_SETUP;
	}
	strcpy(sa.sun_path, path);
	cl->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (cl->fd < 0 || connect(cl->fd, (struct sockaddr *) &sa, sizeof(sa)) < 0) {
		r = errno;
		client_close(cl);
		/* A monitor that is just ending has closed its socket: not running either. */
		if (r == ECONNREFUSED || r == ENOENT) {
			log_error(0, "%s %s: not running", cl->cmd, cl->name);
			return CMD_EXIT_NOT_RUNNING;
		}
		log_error(r, "%s %s: connect %s", cl->cmd, cl->name, path);
		return r == EACCES ? CMD_EXIT_REFUSED : PROC_EXIT_SETUP;
	}
	return 0;
}

int client_send(struct client *cl, const char *req)
{
	if (send(cl->fd, req, strlen(req), MSG_NOSIGNAL) < 0)
		/* A monitor that closed meanwhile resets or breaks the stream: either way it is
		 * gone, and what it queued before (or its record) still tells the rest. */
		return errno == ECONNRESET ? -EPIPE : -errno;
	return 0;
}

int client_recv(struct client *cl, char *buf, size_t size, int *passed, int timeout_ms)
{
	struct pollfd p = {.fd = cl->fd, .events = POLLIN};
	ssize_t n;
	int r;

	if (passed)
		*passed = -1;
	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (r == 0)
		return -ETIMEDOUT;
	n = fdpass_recv(cl->fd, buf, size - 1, passed, 0);
	/*
	 * A monitor that closed with our request unread (a refusal) makes the kernel report
	 * ECONNRESET first, once; its answer is still queued behind that error.
	 */
	if (n == -ECONNRESET)
		n = fdpass_recv(cl->fd, buf, size - 1, passed, MSG_DONTWAIT);
	if (n < 0)
		return n == -ECONNRESET || n == -EAGAIN ? 0 : (int) n;
	buf[n] = '\0';
	return n == 0 ? 0 : 1;
}

int client_fail(struct client *cl, const char *answer)
{
	int err;

	if (strcmp(answer, "denied") == 0) {
		log_error(0, "%s %s: permission denied", cl->cmd, cl->name);
		return CMD_EXIT_REFUSED;
	}
	if (strncmp(answer, "err ", 4) == 0) {
		err = atoi(answer + 4);
		if (err == ESRCH) {
			log_error(0, "%s %s: not running", cl->cmd, cl->name);
			return CMD_EXIT_NOT_RUNNING;
		}
		if (err == EAGAIN) {
			log_error(0, "%s %s: still starting, not running yet", cl->cmd, cl->name);
			return CMD_EXIT_NOT_RUNNING;
		}
		log_error(err, "%s %s", cl->cmd, cl->name);
		return PROC_EXIT_SETUP;
	}
	log_error(0, "%s %s: unexpected answer '%s'", cl->cmd, cl->name, answer);
	return PROC_EXIT_SETUP;
}

int client_final_status(struct client *cl)
{
	struct state_rec rec;
	int code = -1;

	/* The monitor writes its record before it closes the sockets: this is its last word. */
	if (state_read(cl->dir, cl->name, &rec) == 0) {
		if (strcmp(rec.state, "stopped") == 0 && !rec.is_stale)
			code = state_rec_result(&rec);
		state_rec_free(&rec);
	}
	if (code >= 0)
		return code;
	/* No status kept (a name nobody chose goes whole, a killed monitor says nothing). */
	log_error(0, "%s %s: not running", cl->cmd, cl->name);
	return CMD_EXIT_NOT_RUNNING;
}

void client_close(struct client *cl)
{
	fd_close(cl->fd);
	cl->fd = -1;
}
