/* SPDX-License-Identifier: MIT */
/*
 * `tether stop`, `reboot`, `kill` and `wait`: one request each over the control socket.
 * stop asks "wait" before "halt" on the same connection, so that the end cannot slip in
 * between the two and be missed; the SIGKILL after the time-out is the client's, so that
 * `stop -t` means what the caller asked whatever the monitor was told before.
 */
#include "client.h"
#include "log.h"
#include "clock.h"
#include "commands.h"
#include "parse.h"
#include "proc.h"
#include "sig.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STOP_MARGIN_MS     5000  /* beyond the init's grace, by default */
#define STOP_NO_GRACE_MS   10000 /* --no-init: the payload's own stop, by default */
#define STOP_AFTER_KILL_MS 10000 /* SIGKILL sent: the end is a matter of the kernel */

enum { OPT_STATE_DIR = 256 };

struct args {
	const char *dir;
	const char *timeout;
	char *pos[3];
	int n_pos;
};

/* Options anywhere (NAME -t 5 or -t 5 NAME); at most max_pos positional arguments. */
static int parse(const char *cmd, int argc, char **argv, struct args *a, int max_pos,
		 const char *usage)
{
	static const struct option opts[] = {
		{"state-dir", required_argument, NULL, OPT_STATE_DIR},
		{"timeout", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool has_t = strcmp(cmd, "stop") == 0;
	int c;

	memset(a, 0, sizeof(*a));
	opterr = 0;
	optind = 1;
	for (;;) {
		int li = -1;

		c = getopt_long(argc, argv, has_t ? "-:ht:" : "-:h", opts, &li);
		if (c == -1)
			break;
		if (client_long_exact(cmd, argv, opts, li))
			return PROC_EXIT_USAGE;
		switch (c) {
		case 1:
			if (a->n_pos == max_pos)
				return client_usage_error(cmd, "unexpected argument '%s'", optarg);
			a->pos[a->n_pos++] = optarg;
			break;
		case OPT_STATE_DIR:
			a->dir = optarg;
			break;
		case 't':
			if (!has_t)
				return client_usage_error(cmd, "unknown option '%s'",
							  argv[optind - 1]);
			a->timeout = optarg;
			break;
		default:
			return client_option_other(cmd, c, argv, usage);
		}
	}
	if (a->n_pos == 0)
		return client_usage_error(cmd, "%s", "missing NAME");
	return 0;
}

/* Reads answers until "exit CODE" or the deadline; returns the code, -ETIMEDOUT, or -1. */
static int wait_exit(struct client *cl, long long deadline, int *fail)
{
	char buf[128];
	int r, left;

	for (;;) {
		left = deadline < 0 ? -1 : (int) (deadline - clock_now_ms());
		if (deadline >= 0 && left < 0)
			left = 0;
		r = client_recv(cl, buf, sizeof(buf), NULL, left);
		if (r == -ETIMEDOUT)
			return r;
		if (r == 0) {
			*fail = client_final_status(cl);
			return -1;
		}
		if (r < 0) {
			log_error(r, "%s %s: read control socket", cl->cmd, cl->name);
			*fail = PROC_EXIT_SETUP;
			return -1;
		}
		if (strncmp(buf, "exit ", 5) == 0)
			return atoi(buf + 5);
		if (strcmp(buf, "ok") != 0) {
			*fail = client_fail(cl, buf);
			return -1;
		}
	}
}

static int simple(struct client *cl, const char *req)
{
	char buf[128];
	int r;

	r = client_send(cl, req);
	if (r < 0 && r != -EPIPE) {
		log_error(r, "%s %s: write control socket", cl->cmd, cl->name);
		return PROC_EXIT_SETUP;
	}
	r = client_recv(cl, buf, sizeof(buf), NULL, 10000);
	/* Closed without an answer: the container ended as we asked (stop reads its status). */
	if (r == 0) {
		log_error(0, "%s %s: not running", cl->cmd, cl->name);
		return CMD_EXIT_NOT_RUNNING;
	}
	if (r < 0) {
		log_error(0, "%s %s: no answer from the monitor", cl->cmd, cl->name);
		return PROC_EXIT_SETUP;
	}
	return strcmp(buf, "ok") == 0 ? 0 : client_fail(cl, buf);
}

/*
 * "halt" for stop, after "wait": a monitor that ends meanwhile may answer "exit CODE" to
 * the wait first, or close: its record then has the status. 0 once asked, else the code.
 */
static int send_halt(struct client *cl)
{
	char buf[128];
	int r;

	r = client_send(cl, "halt");
	if (r < 0 && r != -EPIPE) {
		log_error(r, "%s %s: write control socket", cl->cmd, cl->name);
		return PROC_EXIT_SETUP;
	}
	r = client_recv(cl, buf, sizeof(buf), NULL, 10000);
	if (r == 0)
		return client_final_status(cl);
	if (r < 0) {
		log_error(0, "%s %s: no answer from the monitor", cl->cmd, cl->name);
		return PROC_EXIT_SETUP;
	}
	if (strncmp(buf, "exit ", 5) == 0)
		return atoi(buf + 5);
	return strcmp(buf, "ok") == 0 ? 0 : client_fail(cl, buf);
}

static int start(struct client *cl, const char *cmd, const struct args *a)
{
	int r = client_init(cl, cmd, a->dir);

	if (r)
		return r;
	cl->name = a->pos[0];
	return client_connect(cl);
}

int stop_main(int argc, char **argv)
{
	struct client cl;
	struct state_rec rec;
	struct args a;
	unsigned long long ms;
	long long deadline;
	int r, code, fail = PROC_EXIT_SETUP;

	r = parse("stop", argc, argv, &a, 1,
		  "usage: tether stop NAME [-t SECONDS] [--state-dir DIR]\n"
		  "Halts NAME (its halt signal to init), SIGKILL after SECONDS (default: the\n"
		  "init's grace + 5 s); waits until it is gone and exits with its status (after\n"
		  "a halt: the application's own, as tether-init saw it).\n");
	if (r)
		return r < 0 ? 0 : r;
	if (a.timeout && parse_duration_ms(a.timeout, 24ULL * 3600 * 1000, &ms) < 0)
		return client_usage_error("stop", "-t: bad duration '%s'", a.timeout);
	r = start(&cl, "stop", &a);
	if (r)
		return r;
	if (!a.timeout) {
		ms = STOP_NO_GRACE_MS + STOP_MARGIN_MS;
		if (state_read(cl.dir, cl.name, &rec) == 0) {
			if (rec.grace_ms > 0)
				ms = (unsigned long long) rec.grace_ms + STOP_MARGIN_MS;
			state_rec_free(&rec);
		}
	}
	client_send(&cl, "wait");
	r = send_halt(&cl);
	if (r) {
		client_close(&cl);
		return r;
	}
	deadline = clock_now_ms() + (long long) ms;
	code = wait_exit(&cl, deadline, &fail);
	if (code == -ETIMEDOUT) {
		log_error(0, "stop %s: still running after %llu ms: sending SIGKILL", cl.name, ms);
		client_send(&cl, "kill 9");
		code = wait_exit(&cl, clock_now_ms() + STOP_AFTER_KILL_MS, &fail);
		if (code == -ETIMEDOUT) {
			log_error(0, "stop %s: still running after SIGKILL", cl.name);
			code = -1;
		}
	}
	client_close(&cl);
	return code >= 0 ? code : fail;
}

int reboot_main(int argc, char **argv)
{
	struct client cl;
	struct args a;
	int r;

	r = parse("reboot", argc, argv, &a, 1,
		  "usage: tether reboot NAME [--state-dir DIR]\n"
		  "Sends NAME's reboot signal (SIGINT) to its init; the monitor starts it again\n"
		  "in fresh namespaces. Returns once the signal is sent.\n");
	if (r)
		return r < 0 ? 0 : r;
	r = start(&cl, "reboot", &a);
	if (r == 0)
		r = simple(&cl, "reboot");
	client_close(&cl);
	return r;
}

int kill_main(int argc, char **argv)
{
	struct client cl;
	struct args a;
	char req[32];
	int r, sig = SIGKILL;

	r = parse("kill", argc, argv, &a, 2,
		  "usage: tether kill NAME [SIGNAL] [--state-dir DIR]\n"
		  "Sends SIGNAL (a name or number; default SIGKILL) to NAME's init.\n");
	if (r)
		return r < 0 ? 0 : r;
	if (a.n_pos == 2) {
		sig = sig_from_name(a.pos[1]);
		if (sig < 0)
			return client_usage_error("kill", "bad signal '%s'", a.pos[1]);
	}
	r = start(&cl, "kill", &a);
	if (r == 0) {
		snprintf(req, sizeof(req), "kill %d", sig);
		r = simple(&cl, req);
	}
	client_close(&cl);
	return r;
}

int wait_main(int argc, char **argv)
{
	struct client cl;
	struct state_rec rec;
	struct args a;
	int r, code, fail = PROC_EXIT_SETUP;

	r = parse("wait", argc, argv, &a, 1,
		  "usage: tether wait NAME [--state-dir DIR]\n"
		  "Waits until NAME stops and exits with its status (at once if it has).\n");
	if (r)
		return r < 0 ? 0 : r;
	r = client_init(&cl, "wait", a.dir);
	if (r)
		return r;
	cl.name = a.pos[0];
	/*
	 * Already stopped by its monitor: the status of that last run. Also while the monitor
	 * still holds the entry after its last record ("stopped"): its socket may be gone.
	 */
	if (state_name_ok(cl.name) && state_read(cl.dir, cl.name, &rec) == 0) {
		code = (!rec.is_live || strcmp(rec.state, "stopped") == 0) && !rec.is_stale
			       ? state_rec_result(&rec)
			       : -1;
		state_rec_free(&rec);
		if (code >= 0)
			return code;
	}
	r = client_connect(&cl);
	if (r)
		return r;
	r = client_send(&cl, "wait");
	if (r < 0 && r != -EPIPE) {
		log_error(r, "wait %s: write control socket", cl.name);
		client_close(&cl);
		return PROC_EXIT_SETUP;
	}
	code = wait_exit(&cl, -1, &fail);
	client_close(&cl);
	return code >= 0 ? code : fail;
}
