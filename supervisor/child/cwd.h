/* SPDX-License-Identifier: MIT */
/*
 * Child: SETUP_ENV (the prepared environment becomes the one execve gets, in the
 * context: environ stays the launcher's) and SETUP_CWD. 0 or -errno.
 */
#ifndef TETHER_CWD_H
#define TETHER_CWD_H

#include "config.h"

int identity_run_op(const struct setup_op *op, struct child_ctx *ctx);

#endif
