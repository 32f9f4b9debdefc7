/* SPDX-License-Identifier: MIT */
/*
 * Capabilities with libcap: --cap-add, --cap-drop, --no-new-privs, and the child's switch
 * to the container's user (groups, gid, uid) with exactly the capabilities it keeps. The
 * sets are computed and the cap_t built in the parent; the child only applies them.
 */
#ifndef TETHER_CAPS_H
#define TETHER_CAPS_H

#include "config.h"

/* Parent: resolves the names and the sets; prints why and returns 125. */
int caps_prepare(struct run_config *cfg);
/*
 * Parent of `tether exec`: the sets of a process joining a running container, from the
 * init's bounding and ambient sets and no_new_privs (iso's user already resolved).
 */
int caps_prepare_exec(struct run_config *cfg, uint64_t bounding, uint64_t ambient,
		      bool no_new_privs);
void caps_free(struct run_config *cfg);

/* SETUP_CREDS (user, capability sets) and SETUP_NO_NEW_PRIVS, as prepared. 0 or -E2BIG. */
int caps_add_ops(struct run_config *cfg);

#endif
