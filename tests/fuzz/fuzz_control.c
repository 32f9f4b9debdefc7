/* SPDX-License-Identifier: MIT */
/*
 * Control-socket messages (supervisor/run/control.c, cli/client.c): a request as the monitor
 * reads it from a client, answered on a socketpair; then each answer, and the input
 * itself, as the client reads them. The container's pidfd is /dev/null, so a request
 * that gets as far as signalling fails with EBADF and nothing is ever signalled; byte 0
 * says whether the init runs and whether there is a pidfd at all. "halt" sends SIGTERM
 * to this process, which stays blocked here.
 */
#include "fuzz.h"
#include "client.h"
#include "control.h"
#include "run.h"

#include <signal.h>
#include <sys/socket.h>

static int null_fd = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		abort();
	null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null_fd < 0)
		abort();
	fuzz_quiet(LOG_LEVEL_DEBUG);
	return 0;
}

/* The answers, as cmd_ctl.c reads them: "ok", "exit CODE", or else client_fail. */
static void read_answers(struct client *cl, int fd)
{
	char buf[128], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf) - 1};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n;

	for (;;) {
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n <= 0)
			return;
		buf[n] = '\0';
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
				int passed;

				memcpy(&passed, CMSG_DATA(cm), sizeof(int));
				close(passed);
			}
		if (strcmp(buf, "ok") != 0 && strncmp(buf, "ok ", 3) != 0 &&
		    strncmp(buf, "exit ", 5) != 0)
			client_fail(cl, buf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run_config cfg;
	static struct container c;
	struct client cl = {.cmd = "stop", .name = "fuzz", .fd = -1};
	char req[CONTROL_MSG_MAX];
	uint8_t mode = 0;
	int sv[2];

	if (size > 0) {
		mode = data[0];
		data++;
		size--;
	}
	if (size > sizeof(req) - 1)
		size = sizeof(req) - 1;
	memcpy(req, data, size);
	req[size] = '\0';
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	memset(&c, 0, sizeof(c));
	memset(&cfg, 0, sizeof(cfg));
	cfg.reboot_signal = SIGINT;
	c.cfg = &cfg;
	c.pid = 424242;
	c.pidfd = mode & 1 ? null_fd : -1;
	control_init(&c.ctl);
	c.ctl.init_runs = mode & 2;
	c.ctl.clients[0] = sv[0];
	control_request(&c, 0, req);
	read_answers(&cl, sv[1]);
	client_fail(&cl, req);
	close(sv[0]);
	close(sv[1]);
	return 0;
}
