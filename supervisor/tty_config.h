/* SPDX-License-Identifier: MIT */
/*
 * The terminal options (-t, -i) as they sit in struct run_config. The launcher fills the
 * console socket and the window size before each start; the child only reads them.
 */
#ifndef TETHER_TTY_CONFIG_H
#define TETHER_TTY_CONFIG_H

#include <stdbool.h>
#include <sys/ioctl.h>

struct tty_config {
	bool is_tty;         /* -t: a pseudo-terminal from the container's devpts */
	bool is_interactive; /* -i: the launcher's stdin reaches it */
	int sock;            /* the child's end of the console socket: it sends the master */
	bool has_size;       /* ws holds the outer terminal's size */
	struct winsize ws;
};

#endif
