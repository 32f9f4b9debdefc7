/* SPDX-License-Identifier: MIT */
/*
 * The child's setup as an ordered list of operations, built from the options, and the
 * names of every step (for messages, the status output and the test hook).
 */
#ifndef TETHER_SETUP_H
#define TETHER_SETUP_H

#include "config.h"

/* Fills cfg->ops from the options, in the order the child must execute them. 0 or -errno. */
int setup_build(struct run_config *cfg);
/* Short id of a step ("hostname", "mount-proc", "exec"), as TETHER_TEST_PAUSE_AT names it. */
const char *setup_step_id(int step);
/* The operation, for messages: "sethostname", "mount proc on /proc". */
const char *setup_step_verb(int step);
/* The step whose id is id, or -1. */
int setup_step_by_id(const char *id);

#endif
