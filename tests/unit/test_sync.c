/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/sync.c over real SOCK_SEQPACKET pairs: records keep their
 * boundaries and fields, sequence numbers are checked, EOF is told apart from a record,
 * a peer that is gone is EPIPE (never SIGPIPE), and both ends are close-on-exec.
 */
#include "check.h"
#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>

TEST(records_keep_their_fields)
{
	struct sync_chan a, b;
	struct sync_msg m;
	int fds[2];

	CHECK_EQ(sync_pair(fds), 0);
	sync_chan_init(&a, fds[0]);
	sync_chan_init(&b, fds[1]);
	CHECK_EQ(sync_send(&a, SYNC_READY, 7, 0, NULL), 0);
	CHECK_EQ(sync_send(&a, SYNC_ERROR, 3, -ENOENT, "sethostname x"), 0);
	CHECK_EQ(sync_recv(&b, &m), 1);
	CHECK_EQ(m.seq, 1);
	CHECK_EQ(m.type, SYNC_READY);
	CHECK_EQ(m.step, 7);
	CHECK_EQ(m.err, 0);
	CHECK_STR(m.detail, "");
	CHECK_EQ(sync_recv(&b, &m), 1);
	CHECK_EQ(m.seq, 2);
	CHECK_EQ(m.type, SYNC_ERROR);
	CHECK_EQ(m.err, ENOENT); /* stored positive, whichever sign was given */
	CHECK_STR(m.detail, "sethostname x");
}

TEST(eof_is_not_a_record)
{
	struct sync_chan b;
	struct sync_msg m;
	int fds[2];

	CHECK_EQ(sync_pair(fds), 0);
	sync_chan_init(&b, fds[1]);
	close(fds[0]);
	CHECK_EQ(sync_recv(&b, &m), 0);
}

TEST(out_of_sequence_is_a_protocol_error)
{
	struct sync_chan a, b;
	struct sync_msg m;
	int fds[2];

	CHECK_EQ(sync_pair(fds), 0);
	sync_chan_init(&a, fds[0]);
	sync_chan_init(&b, fds[1]);
	a.send_seq = 5; /* as if records had been lost */
	CHECK_EQ(sync_send(&a, SYNC_EXEC, 0, 0, NULL), 0);
	CHECK_EQ(sync_recv(&b, &m), -EPROTO);
}

TEST(short_record_is_a_protocol_error)
{
	struct sync_chan b;
	struct sync_msg m;
	int fds[2];

	CHECK_EQ(sync_pair(fds), 0);
	sync_chan_init(&b, fds[1]);
	CHECK_EQ(send(fds[0], "x", 1, 0), 1);
	CHECK_EQ(sync_recv(&b, &m), -EPROTO);
}

/* Found by fuzz_sync: an err of INT_MIN reached log_error, which negates it. */
TEST(negative_errno_is_a_protocol_error)
{
	static const int32_t bad[] = {-1, -13, INT32_MIN};
	struct sync_chan b;
	struct sync_msg m;
	int fds[2];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(sync_pair(fds), 0);
		sync_chan_init(&b, fds[1]);
		memset(&m, 0, sizeof(m));
		m.seq = 1;
		m.type = SYNC_ERROR;
		m.step = 2;
		m.err = bad[i];
		CHECK_EQ(send(fds[0], &m, sizeof(m), 0), (ssize_t) sizeof(m));
		CHECK_EQ(sync_recv(&b, &m), -EPROTO);
		close(fds[0]);
		close(fds[1]);
	}
}

TEST(long_detail_is_truncated)
{
	struct sync_chan a, b;
	struct sync_msg m;
	char big[SYNC_DETAIL_MAX * 2];
	int fds[2];

	memset(big, 'd', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_EQ(sync_pair(fds), 0);
	sync_chan_init(&a, fds[0]);
	sync_chan_init(&b, fds[1]);
	CHECK_EQ(sync_send(&a, SYNC_ERROR, 1, 1, big), 0);
	CHECK_EQ(sync_recv(&b, &m), 1);
	CHECK_EQ(strlen(m.detail), SYNC_DETAIL_MAX - 1);
}

TEST(gone_peer_is_epipe_not_sigpipe)
{
	struct sync_chan a;
	int fds[2];

	signal(SIGPIPE, SIG_DFL);
	CHECK_EQ(sync_pair(fds), 0);
	sync_chan_init(&a, fds[0]);
	close(fds[1]);
	CHECK_EQ(sync_send(&a, SYNC_READY, 0, 0, NULL), -EPIPE);
}

TEST(both_ends_close_on_exec)
{
	int fds[2];

	CHECK_EQ(sync_pair(fds), 0);
	CHECK(fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
	CHECK(fcntl(fds[1], F_GETFD) & FD_CLOEXEC);
}

CHECK_MAIN(T(records_keep_their_fields), T(eof_is_not_a_record),
	   T(out_of_sequence_is_a_protocol_error), T(short_record_is_a_protocol_error),
	   T(negative_errno_is_a_protocol_error), T(long_detail_is_truncated),
	   T(gone_peer_is_epipe_not_sigpipe), T(both_ends_close_on_exec))
