/* SPDX-License-Identifier: MIT */
/* sync.h: records over a SOCK_SEQPACKET pair. No heap, no stdio: runs in the child. */
#include "sync.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int sync_pair(int fds[2])
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return -errno;
	return 0;
}

void sync_chan_init(struct sync_chan *chan, int fd)
{
	chan->fd = fd;
	chan->send_seq = 0;
	chan->recv_seq = 0;
}

int sync_send(struct sync_chan *chan, enum sync_type type, int step, int err, const char *detail)
{
	struct sync_msg msg;
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	msg.seq = ++chan->send_seq;
	msg.type = (uint32_t) type;
	msg.step = step;
	msg.err = err < 0 ? -err : err;
	if (detail) {
		size_t len = strnlen(detail, sizeof(msg.detail) - 1);

		memcpy(msg.detail, detail, len);
	}
	/* MSG_NOSIGNAL: a peer that is gone is an EPIPE here, never a SIGPIPE. */
	do
		n = send(chan->fd, &msg, sizeof(msg), MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == (ssize_t) sizeof(msg) ? 0 : -EPROTO;
}

int sync_recv(struct sync_chan *chan, struct sync_msg *msg)
{
	ssize_t n;

	do
		n = recv(chan->fd, msg, sizeof(*msg), MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == ECONNRESET ? 0 : -errno;
	if (n == 0)
		return 0;
	/* err is a positive errno: a negative one (INT_MIN cannot even be negated) is no record. */
	if (n != (ssize_t) sizeof(*msg) || msg->seq != chan->recv_seq + 1 || msg->err < 0)
		return -EPROTO;
	chan->recv_seq = msg->seq;
	msg->detail[sizeof(msg->detail) - 1] = '\0';
	return 1;
}
