/* SPDX-License-Identifier: MIT */
/* --ulimit NAME=SOFT[:HARD] as docker takes it: parsed in the parent, set in the child. */
#ifndef TETHER_RLIMIT_H
#define TETHER_RLIMIT_H

#include "confine_config.h"

/* 0, or -EINVAL (bad name, value or SOFT above HARD) with *why set for the message. */
int rlimit_parse(const char *spec, struct ulimit *out, const char **why);

#endif
