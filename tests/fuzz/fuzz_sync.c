/* SPDX-License-Identifier: MIT */
/*
 * Sync records (lib/sync.c) as the launcher reads them from the child, and what it makes
 * of an error record: the step's name and verb, the log line, the --status-fd event. The
 * first 4 bytes are the sequence number expected; the rest is sent as one record.
 */
#include "fuzz.h"
#include "steps.h"
#include "status.h"
#include "sync.h"

#include <errno.h>
#include <sys/socket.h>

static int null_fd = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null_fd < 0)
		abort();
	fuzz_quiet(LOG_LEVEL_DEBUG);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct status st = {.fd = null_fd};
	struct sync_chan chan;
	struct sync_msg msg;
	uint32_t seq = 0;
	int sv[2], r;

	if (size >= sizeof(seq)) {
		memcpy(&seq, data, sizeof(seq));
		data += sizeof(seq);
		size -= sizeof(seq);
	}
	if (size > 2 * sizeof(msg))
		return 0;
	if (sync_pair(sv) < 0)
		abort();
	sync_chan_init(&chan, sv[0]);
	chan.recv_seq = seq;
	if (send(sv[1], data, size, MSG_NOSIGNAL) != (ssize_t) size)
		abort();
	close(sv[1]);
	r = sync_recv(&chan, &msg);
	if (r == 1) {
		if (size != sizeof(msg) || msg.seq != seq + 1 || chan.recv_seq != msg.seq ||
		    msg.err < 0 || strnlen(msg.detail, sizeof(msg.detail)) == sizeof(msg.detail))
			abort();
		if (msg.type == SYNC_ERROR) {
			log_error(msg.err, "%s %s", setup_step_verb(msg.step), msg.detail);
			status_exec(&st, msg.step, msg.err, msg.detail);
			(void) setup_step_id(msg.step);
		}
	} else if (r != 0 && r != -EPROTO) {
		abort();
	}
	close(sv[0]);
	return 0;
}
