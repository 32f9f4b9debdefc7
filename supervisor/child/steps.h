/* SPDX-License-Identifier: MIT */
/* The names of every step (for messages, the status output and the test hook). */
#ifndef TETHER_STEPS_H
#define TETHER_STEPS_H

#include "config.h"

/* Short id of a step ("hostname", "mount-proc", "exec"), as TETHER_TEST_PAUSE_AT names it. */
const char *setup_step_id(int step);
/* The operation, for messages: "sethostname", "mount proc on". */
const char *setup_step_verb(int step);
/* The step whose id is id, or -1. */
int setup_step_by_id(const char *id);

#endif
