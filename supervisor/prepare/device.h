/* SPDX-License-Identifier: MIT */
/*
 * --device HOST[:CONTAINER][:rwm], as `docker run --device`: one host device node bound
 * into the container's /dev. The parent parses and checks it (a char or block device),
 * the child binds that very node (same device number) onto a file it makes in the /dev
 * tmpfs. The mode travels along for a device filter; a bind itself can only refuse
 * changes to the node (read-only without w), not reads or writes of the device.
 */
#ifndef TETHER_DEVICE_H
#define TETHER_DEVICE_H

#include "config.h"

/* Parent: syntax only, nothing allocated. 0, or 2 after printing why. */
int device_parse(const char *spec, struct rootfs_device *d);
/* Parent, after parsing: resolves HOST and checks it is a device. 0, or 125 said. */
int device_check(struct rootfs_device *d);
void device_free(struct rootfs_device *d);

#endif
