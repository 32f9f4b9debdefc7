/* SPDX-License-Identifier: MIT */
/*
 * `tether run` options into a struct run_config. Never starts anything and touches no
 * file: it only reads argv and the environment (TETHER_NO_CLONE3, the test hook) and
 * checks values. What needs the file system comes after, in setup_prepare (setup.h).
 */
#ifndef TETHER_OPTIONS_H
#define TETHER_OPTIONS_H

#include "config.h"

#include <stdio.h>

/*
 * Returns 0; -1 after --help (exit 0); or an exit code to end with (2 for bad usage, after
 * printing why).
 */
int options_parse(struct run_config *cfg, int argc, char **argv, int *log_level);
void options_usage(FILE *out);
/* Frees what options_parse and setup_prepare allocated (the init's argv, the config's). */
void options_free(struct run_config *cfg);

#endif
