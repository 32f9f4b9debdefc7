/* SPDX-License-Identifier: MIT */
/*
 * `tether attach NAME`: the terminal of a container started with -d -t. The monitor hands
 * us the pty master over the control socket (SCM_RIGHTS) and stops reading it until our
 * connection closes; we relay it to our terminal in raw mode. Ctrl-P Ctrl-Q detaches
 * (the container keeps running); the container's end ends us with its status. Every way
 * out restores the terminal.
 */
#include "client.h"
#include "log.h"
#include "commands.h"
#include "proc.h"
#include "relay.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

enum { OPT_STATE_DIR = 256 };

static const char attach_usage[] =
	"usage: tether attach NAME [--state-dir DIR]\n"
	"Connects this terminal to NAME's (started with -d -t). Ctrl-P Ctrl-Q detaches and\n"
	"leaves it running; otherwise exits with its status when it ends.\n";

static int parse(int argc, char **argv, const char **dir, const char **name)
{
	static const struct option opts[] = {
		{"state-dir", required_argument, NULL, OPT_STATE_DIR},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	*dir = *name = NULL;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "-:h", opts, NULL)) != -1) {
		if (c == 1 && !*name)
			*name = optarg;
		else if (c == 1)
			return client_usage_error("attach", "unexpected argument '%s'", optarg);
		else if (c == OPT_STATE_DIR)
			*dir = optarg;
		else
			return client_option_other("attach", c, argv, attach_usage);
	}
	if (!*name)
		return client_usage_error("attach", "%s", "missing NAME");
	return 0;
}

/* The master from the monitor, or -1 with *code set. */
static int take_master(struct client *cl, int *code)
{
	char buf[128];
	int r, fd = -1;

	r = client_send(cl, "attach");
	if (r < 0 && r != -EPIPE) {
		log_error(r, "attach %s: write control socket", cl->name);
		*code = PROC_EXIT_SETUP;
		return -1;
	}
	r = client_recv(cl, buf, sizeof(buf), &fd, 10000);
	if (r <= 0) {
		log_error(0, "attach %s: no answer from the monitor", cl->name);
		*code = PROC_EXIT_SETUP;
		return -1;
	}
	if (strncmp(buf, "ok", 2) == 0 && fd >= 0)
		return fd;
	if (fd >= 0)
		close(fd);
	if (strcmp(buf, "err 25") == 0 || strcmp(buf, "err 16") == 0) { /* ENOTTY, EBUSY */
		log_error(0, "attach %s: %s", cl->name,
			  buf[5] == '5' ? "it has no terminal (start it with -t)"
					: "another client is attached");
		*code = PROC_EXIT_SETUP;
		return -1;
	}
	*code = client_fail(cl, buf);
	return -1;
}

/*
 * The monitor closed our connection without an exit status: a reboot gave the container a
 * new terminal (ours is dead), or the monitor itself is gone.
 */
static int dropped(struct client *cl)
{
	struct state_rec rec;
	bool is_live = false;

	if (state_read(cl->dir, cl->name, &rec) == 0) {
		is_live = rec.is_live;
		state_rec_free(&rec);
	}
	if (!is_live)
		return client_final_status(cl);
	fprintf(stderr,
		"tether: attach %s: the container restarted with a new terminal: attach "
		"again\n",
		cl->name);
	return 0;
}

/* Relays until a detach, the container's end, or a signal; returns the exit status. */
static int relay_loop(struct client *cl, struct relay *rl, int sfd)
{
	struct pollfd p[3] = {{.fd = rl->ep, .events = POLLIN},
			      {.fd = cl->fd, .events = POLLIN},
			      {.fd = sfd, .events = POLLIN}};
	struct signalfd_siginfo ssi;
	char buf[128];
	int r;

	for (;;) {
		if (poll(p, 3, -1) < 0 && errno != EINTR)
			return PROC_EXIT_SETUP;
		/* Detached, or our output is gone: either way the container is not ours to end. */
		if (p[0].revents & POLLIN) {
			enum relay_event ev = relay_dispatch(rl);

			if (ev == RELAY_DETACH || ev == RELAY_OUT_GONE)
				return 0;
		}
		if (p[1].revents) {
			r = client_recv(cl, buf, sizeof(buf), NULL, 0);
			if (r == 0) {
				relay_drain(rl);
				relay_restore(rl);
				return dropped(cl);
			}
			if (r > 0 && strncmp(buf, "exit ", 5) == 0) {
				relay_drain(rl); /* the container is gone: its last output */
				return atoi(buf + 5);
			}
		}
		if (p[2].revents & POLLIN)
			while (read(sfd, &ssi, sizeof(ssi)) == (ssize_t) sizeof(ssi)) {
				if (ssi.ssi_signo == SIGWINCH)
					relay_resize(rl);
				else if (ssi.ssi_signo != SIGCHLD)
					return PROC_EXIT_SIGNAL + (int) ssi.ssi_signo;
			}
	}
}

int attach_main(int argc, char **argv)
{
	struct client cl;
	struct relay rl;
	const char *dir, *name;
	sigset_t mask;
	int r, code = 0, master, sfd;

	r = parse(argc, argv, &dir, &name);
	if (r)
		return r < 0 ? 0 : r;
	r = client_init(&cl, "attach", dir);
	if (r)
		return r;
	cl.name = name;
	r = client_connect(&cl);
	if (r)
		return r;
	master = take_master(&cl, &code);
	if (master < 0) {
		client_close(&cl);
		return code;
	}
	/* Its end comes as "exit CODE" on this connection; asked now, it cannot be missed. */
	client_send(&cl, "wait");
	sigemptyset(&mask);
	sigaddset(&mask, SIGWINCH);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigaddset(&mask, SIGPIPE);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	relay_init(&rl, 0, 1);
	rl.has_detach = true;
	r = sfd < 0 ? -errno : relay_open(&rl);
	if (r == 0)
		r = relay_set_master(&rl, master, true);
	if (r < 0) {
		log_error(r, "attach %s: relay the terminal", name);
		close(master);
		code = PROC_EXIT_SETUP;
	} else {
		code = relay_loop(&cl, &rl, sfd);
	}
	relay_close(&rl);
	if (sfd >= 0)
		close(sfd);
	client_close(&cl);
	return code;
}
