/* SPDX-License-Identifier: MIT */
/*
 * The child's setup as an ordered list of operations, built from the options.
 */
#ifndef TETHER_SETUP_H
#define TETHER_SETUP_H

#include "config.h"

/* Fills cfg->ops from the options, in the order the child must execute them. 0 or -errno. */
int setup_build(struct run_config *cfg);

#endif
