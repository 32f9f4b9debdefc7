/* SPDX-License-Identifier: MIT */
/*
 * User namespaces: --userns, --uid-map, --gid-map. The parent parses and checks the maps,
 * picks them for a user without root (itself as root inside; newuidmap/newgidmap with its
 * /etc/subuid and /etc/subgid ranges when both are there), and writes them during the
 * sync handshake, through a /proc it opened itself and checked to be procfs.
 */
#ifndef TETHER_USERNS_H
#define TETHER_USERNS_H

#include "config.h"

#include <sys/types.h>

/* Parent: "INSIDE:OUTSIDE:COUNT" appended to maps. 0 or -EINVAL, -E2BIG. */
int userns_parse_map(const char *spec, struct id_map *maps, size_t *n);
/* The first range of name (or of id as a number) in an /etc/subuid-style file. */
bool userns_sub_range(const char *file, const char *name, unsigned int id, uint32_t *start,
		      uint32_t *count);
/* Parent, after parsing: checks overlaps, picks defaults; prints why and returns 125. */
int userns_prepare(struct run_config *cfg);
/* Parent, at the barrier: writes the child's maps. 0, or -1 after printing why. */
int userns_configure(const struct run_config *cfg, pid_t pid);

#endif
