/* SPDX-License-Identifier: MIT */
/*
 * control.h's registration: the container's name (given, or drawn so that it never takes
 * over an entry), its locked state entry, its first record and its control socket.
 */
#include "control.h"
#include "log.h"
#include "parse.h"
#include "proc.h"
#include "run.h"
#include "sig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/*
 * A short name nobody chose: 6 hex digits. TETHER_TEST_NAME gives the first attempt's, so
 * that the tests can make one collide.
 */
static void generate_name(char *buf, size_t size, int attempt)
{
	const char *forced = attempt == 0 ? getenv("TETHER_TEST_NAME") : NULL;
	unsigned char b[3] = {0, 0, 0};

	if (forced && state_name_ok(forced)) {
		snprintf(buf, size, "%s", forced);
		return;
	}

	if (getrandom(b, sizeof(b), GRND_NONBLOCK) != (ssize_t) sizeof(b)) {
		unsigned int x = (unsigned int) getpid() * 2654435761u ^ (unsigned int) time(NULL);

		memcpy(b, &x, sizeof(b));
	}
	snprintf(buf, size, "%02x%02x%02x", b[0], b[1], b[2]);
}

static int listen_on(struct control *ctl)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char path[PATH_MAX];
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = CONTROL_TAG_LISTEN};
	mode_t old_mask;
	int r;

	r = state_path(path, sizeof(path), ctl->dir, ctl->rec.name, "ctl");
	if (r < 0 || strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	/* A socket a dead monitor left went in state_lock; anything else there stays. */
	ctl->listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (ctl->listen_fd < 0)
		return -errno;
	/*
	 * Anyone may connect, so that a refusal can be said; SO_PEERCRED decides. The mode
	 * comes from the umask at bind: no chmod, one file operation less.
	 */
	old_mask = umask(0111);
	r = bind(ctl->listen_fd, (struct sockaddr *) &sa, sizeof(sa));
	umask(old_mask);
	if (r < 0 || listen(ctl->listen_fd, 16) < 0)
		return -errno;
	ctl->ep = epoll_create1(EPOLL_CLOEXEC);
	if (ctl->ep < 0)
		return -errno;
	if (epoll_ctl(ctl->ep, EPOLL_CTL_ADD, ctl->listen_fd, &ev) < 0)
		return -errno;
	return 0;
}

static void fill_record(struct control *ctl, const struct run_config *cfg)
{
	struct state_rec *rec = &ctl->rec;
	char name[SIG_NAME_MAX];

	rec->monitor_pid = getpid();
	rec->uid = getuid();
	rec->grace_ms = cfg->no_init ? 0 : 10000;
	if (cfg->grace) {
		unsigned long long ms;

		if (parse_duration_ms(cfg->grace, 24ULL * 3600 * 1000, &ms) == 0)
			rec->grace_ms = (long long) ms;
	}
	snprintf(rec->halt_signal, sizeof(rec->halt_signal), "%s",
		 sig_name(cfg->halt_signal, name) ? name : "");
	snprintf(rec->reboot_signal, sizeof(rec->reboot_signal), "%s",
		 sig_name(cfg->reboot_signal, name) ? name : "");
	for (size_t i = 0; cfg->command[i] && rec->argc < STATE_ARGS_MAX; i++) {
		rec->argv[rec->argc] = strdup(cfg->command[i]);
		if (rec->argv[rec->argc])
			rec->argc++;
	}
}

int control_open(struct container *c)
{
	struct control *ctl = &c->ctl;

	if (c->cfg->name)
		return control_register(c);
	/*
	 * Nobody can name an anonymous container before it is listed: in the foreground it is
	 * listed once it has run a while (control_settle), so that a short run makes no file
	 * operation. One started with -d is listed at once: its starter may look it up next.
	 */
	ctl->is_generated = true;
	ctl->rec.is_generated = true;
	ctl->is_deferred = !c->cfg->detach;
	return ctl->is_deferred ? 0 : control_register(c);
}

int control_register(struct container *c)
{
	struct control *ctl = &c->ctl;
	const struct run_config *cfg = c->cfg;
	pid_t holder = 0;
	int r;

	ctl->is_deferred = false;
	if (cfg->name)
		snprintf(ctl->rec.name, sizeof(ctl->rec.name), "%s", cfg->name);
	else
		generate_name(ctl->rec.name, sizeof(ctl->rec.name), 0);
	r = state_dir(cfg->state_dir, ctl->dir, sizeof(ctl->dir));
	if (r < 0) {
		/* An anonymous container needs no entry: run it anyway. */
		if (ctl->is_generated) {
			log_debug(r, "state directory (set XDG_RUNTIME_DIR or --state-dir)");
			return 0;
		}
		log_error(r, "state directory (set XDG_RUNTIME_DIR or --state-dir)");
		return PROC_EXIT_SETUP;
	}
	ctl->lock_fd = state_lock(ctl->dir, ctl->rec.name, &holder, ctl->is_generated);
	/* Taken already (a named entry, or another run's): another draw. */
	for (int i = 1; ctl->lock_fd == -EADDRINUSE && i < 16; i++) {
		generate_name(ctl->rec.name, sizeof(ctl->rec.name), i);
		ctl->lock_fd = state_lock(ctl->dir, ctl->rec.name, &holder, true);
	}
	if (ctl->lock_fd == -EBUSY) {
		if (holder > 0)
			log_error(0, "name %s is in use (monitor %d)", ctl->rec.name, (int) holder);
		else
			log_error(0, "name %s is in use", ctl->rec.name);
		return PROC_EXIT_SETUP;
	}
	if (ctl->lock_fd == -EEXIST) {
		log_error(0, "register %s in %s: a file of that name is not tether's",
			  ctl->rec.name, ctl->dir);
		return PROC_EXIT_SETUP;
	}
	if (ctl->lock_fd < 0) {
		if (ctl->is_generated) {
			log_debug(ctl->lock_fd, "register in %s", ctl->dir);
			return 0;
		}
		log_error(ctl->lock_fd, "register %s in %s", ctl->rec.name, ctl->dir);
		return PROC_EXIT_SETUP;
	}
	fill_record(ctl, cfg);
	r = listen_on(ctl);
	if (r < 0) {
		log_error(r, "control socket of %s in %s", ctl->rec.name, ctl->dir);
		return PROC_EXIT_SETUP;
	}
	r = loop_add(&c->loop, ctl->ep, LOOP_CONTROL);
	if (r < 0) {
		log_error(r, "watch control socket");
		return PROC_EXIT_SETUP;
	}
	ctl->is_registered = true;
	/* No record yet: readers see a held entry without one as starting (state.h). */
	/* At -v: the generated name is how the container can be reached. */
	log_info(0, "container %s registered in %s", ctl->rec.name, ctl->dir);
	return 0;
}
