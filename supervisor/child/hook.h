/* SPDX-License-Identifier: MIT */
/*
 * Test hook: TETHER_TEST_PAUSE_AT=<step id> makes the launcher (step "configure") or the
 * child (any other step) write "tether: test hook: paused at <step>" to stderr and wait,
 * before that step, until the file named by TETHER_TEST_RESUME exists (at most 10 s).
 * The tests use it to kill the launcher at chosen points of start-up. Safe between clone
 * and exec: no heap, no stdio.
 */
#ifndef TETHER_HOOK_H
#define TETHER_HOOK_H

#include "config.h"

void hook_pause(const struct run_config *cfg, int step);

#endif
