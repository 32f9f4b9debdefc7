/* SPDX-License-Identifier: MIT */
/*
 * The launcher's sync channel: typed records with sequence numbers over a close-on-exec
 * SOCK_SEQPACKET socketpair (one record per send, never split or merged). Used between
 * clone and exec, so it must never allocate or print. EOF is not a record: the caller
 * decides what EOF means at each point (success only after the last step).
 */
#ifndef LIB_SYNC_H
#define LIB_SYNC_H

#include <stdint.h>

#define SYNC_DETAIL_MAX 224

enum sync_type {
	SYNC_READY = 1,      /* child -> parent: tethered (death signal set), waiting */
	SYNC_CONFIGURED = 2, /* parent -> child: host-side configuration done, go on */
	SYNC_ERROR = 3,      /* child -> parent: a step failed: {step, err, detail} */
	SYNC_EXEC = 4,       /* child -> parent: every step done, exec follows */
};

struct sync_msg {
	uint32_t seq;
	uint32_t type;
	int32_t step;
	int32_t err; /* positive errno, 0 for none */
	char detail[SYNC_DETAIL_MAX];
};

/* One end of the channel with the sequence numbers of both directions. */
struct sync_chan {
	int fd;
	uint32_t send_seq;
	uint32_t recv_seq;
};

/* socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC). Returns 0 or -errno. */
int sync_pair(int fds[2]);
void sync_chan_init(struct sync_chan *chan, int fd);
/* Sends one record (detail may be NULL; it is truncated to fit). Returns 0 or -errno. */
int sync_send(struct sync_chan *chan, enum sync_type type, int step, int err, const char *detail);
/*
 * Receives one record into msg. Returns 1 for a record, 0 for EOF, -EPROTO for a record of
 * the wrong size, out of sequence or with a negative err, or -errno.
 */
int sync_recv(struct sync_chan *chan, struct sync_msg *msg);

#endif
