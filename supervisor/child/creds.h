/* SPDX-License-Identifier: MIT */
/* Child: SETUP_CREDS and SETUP_NO_NEW_PRIVS. 0 or -errno. */
#ifndef TETHER_CREDS_H
#define TETHER_CREDS_H

#include "config.h"

int caps_run_op(const struct setup_op *op, struct child_ctx *ctx);

#endif
