/* SPDX-License-Identifier: MIT */
/*
 * Who the container runs as and with what environment: --user (names looked up in the
 * rootfs's /etc/passwd and /etc/group), --cwd, --env, --env-file, --clear-env. Everything
 * is resolved in the parent; the child only switches environ and changes directory.
 */
#ifndef TETHER_IDENTITY_H
#define TETHER_IDENTITY_H

#include "config.h"

/* --user USER[:GROUP], syntax only: each part a number 0..2^32-2 or a name. */
bool identity_user_ok(const char *spec);
/*
 * Parent: resolves user_arg in /etc/passwd and /etc/group under the directory root_fd
 * (root_name before the file names in messages) into iso's uid, gid, home, has_user.
 * 0, or 125 after saying why.
 */
int identity_resolve_user(struct isolate_config *iso, const char *user_arg, int root_fd,
			  const char *root_name);
/* Parent: resolves --user and builds the environment; prints why and returns 125. */
int identity_prepare(struct run_config *cfg);
void identity_free(struct run_config *cfg);
/* Child: SETUP_ENV and SETUP_CWD. 0 or -errno. */

/* SETUP_ENV (a prepared environment) and SETUP_CWD (--cwd). 0 or -E2BIG. */
int identity_add_ops(struct run_config *cfg);

#endif
