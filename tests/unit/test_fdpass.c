/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/fdpass.c on a real socketpair: the message and its descriptor arrive
 * together, close-on-exec; a message without one says -1; extra descriptors from a peer
 * are closed, not kept; a closed peer is EPIPE, not SIGPIPE. Each test runs in its own
 * forked child.
 */
#include "check.h"
#include "fd.h"
#include "fdpass.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static void pair(int sv[2])
{
	CHECK_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

TEST(message_and_descriptor_arrive_together)
{
	int sv[2], p[2], got = -2;
	char buf[16] = "";

	pair(sv);
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(fdpass_send(sv[0], "ok 42", 5, p[1], 0), 0);
	CHECK_EQ(fdpass_recv(sv[1], buf, sizeof(buf), &got, 0), 5);
	CHECK(memcmp(buf, "ok 42", 5) == 0);
	CHECK(got >= 0 && got != p[1]);
	CHECK(same_file(got, p[1]));
	CHECK(fcntl(got, F_GETFD) & FD_CLOEXEC);
	/* It is the pipe's write end: what goes in comes out of p[0]. */
	CHECK_EQ(write(got, "z", 1), 1);
	CHECK_EQ(read(p[0], buf, 1), 1);
	CHECK_EQ(buf[0], 'z');
}

TEST(message_without_descriptor_says_minus_one)
{
	int sv[2], got = 7;
	char buf[8];

	pair(sv);
	CHECK_EQ(fdpass_send(sv[0], "x", 1, -1, 0), 0);
	CHECK_EQ(fdpass_recv(sv[1], buf, sizeof(buf), &got, 0), 1);
	CHECK_EQ(got, -1);
}

TEST(empty_queue_with_dontwait_is_eagain)
{
	int sv[2], got = 7;
	char buf[8];

	pair(sv);
	CHECK_EQ(fdpass_recv(sv[1], buf, sizeof(buf), &got, MSG_DONTWAIT), -EAGAIN);
	CHECK_EQ(got, -1);
}

static void count_it(int fd, void *arg)
{
	(*(int *) arg)++;
}

static int open_fds(void)
{
	int n = 0;

	CHECK_EQ(fd_for_each(0, count_it, &n), 0);
	return n;
}

/* A peer that sends three descriptors in one message leaves us one open, not three. */
TEST(extra_descriptors_are_closed)
{
	int sv[2], fds[3], got = -1, before;
	char cbuf[CMSG_SPACE(sizeof(fds))], byte = 'm';
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	struct cmsghdr *cm;

	pair(sv);
	for (int i = 0; i < 3; i++)
		CHECK((fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0);
	memset(cbuf, 0, sizeof(cbuf));
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(cm), fds, sizeof(fds));
	CHECK_EQ(sendmsg(sv[0], &mh, 0), 1);
	before = open_fds();
	CHECK_EQ(fdpass_recv(sv[1], &byte, 1, &got, 0), 1);
	CHECK(got >= 0);
	CHECK(same_file(got, fds[0]));
	CHECK_EQ(open_fds(), before + 1); /* the other two were closed again */
}

TEST(closed_peer_is_epipe_not_sigpipe)
{
	int sv[2];

	pair(sv);
	close(sv[1]);
	/* SIGPIPE at its default would end this child with a signal and fail the test. */
	CHECK_EQ(fdpass_send(sv[0], "x", 1, 0, 0), -EPIPE);
}

CHECK_MAIN(T(message_and_descriptor_arrive_together), T(message_without_descriptor_says_minus_one),
	   T(empty_queue_with_dontwait_is_eagain), T(extra_descriptors_are_closed),
	   T(closed_peer_is_epipe_not_sigpipe))
