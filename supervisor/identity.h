/* SPDX-License-Identifier: MIT */
/*
 * Who the container runs as and with what environment: --user (names looked up in the
 * rootfs's /etc/passwd and /etc/group), --cwd, --env, --env-file, --clear-env. Everything
 * is resolved in the parent; the child only switches environ and changes directory.
 */
#ifndef TETHER_IDENTITY_H
#define TETHER_IDENTITY_H

#include "config.h"

/* Parent: resolves --user and builds the environment; prints why and returns 125. */
int identity_prepare(struct run_config *cfg);
void identity_free(struct run_config *cfg);
/* Child: SETUP_ENV and SETUP_CWD. 0 or -errno. */
int identity_run_op(const struct setup_op *op, const struct run_config *cfg);

#endif
