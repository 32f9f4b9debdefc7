/* SPDX-License-Identifier: MIT */
/*
 * The isolation options as they sit in struct run_config: root filesystem and mounts,
 * identity and environment, user namespace maps, capabilities. Filled and checked in the
 * parent (isolate.c) before clone; the child only reads them: no pointer here may need
 * the heap after the clone.
 */
#ifndef TETHER_ISOLATE_CONFIG_H
#define TETHER_ISOLATE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ROOTFS_MOUNTS_MAX 32
#define USERNS_MAPS_MAX   8
#define DEVICES_MAX       16

enum rootfs_mount_kind {
	ROOTFS_MOUNT_BIND,
	ROOTFS_MOUNT_TMPFS,
};

struct rootfs_mount {
	enum rootfs_mount_kind kind;
	const char *spec; /* as given, for messages */
	char *src;        /* bind: host path (absolute, made in the parent) */
	dev_t src_dev;    /* what the parent found there: the child checks it */
	ino_t src_ino;
	char *dst;  /* path inside the rootfs, absolute, no ".." */
	char *data; /* tmpfs: "size=..." or NULL */
	bool ro;
};

/* --device HOST[:CONTAINER][:rwm] (device.h) */
struct rootfs_device {
	const char *spec; /* as given, for messages */
	char *src;        /* realpath of HOST (parent) */
	char dst[128];    /* CONTAINER, under /dev */
	char mode[4];     /* a subset of "rwm" (default "rwm") */
	dev_t rdev;       /* what the parent found at src: the child checks it */
	mode_t type;      /* S_IFCHR or S_IFBLK */
};

struct id_map {
	uint32_t inside, outside, count;
};

struct isolate_config {
	/* --rootfs, --read-only, --bind, --tmpfs */
	const char *rootfs_arg;
	char *rootfs;     /* realpath of --rootfs, NULL without one */
	dev_t rootfs_dev; /* what the parent checked: the child must find the same */
	ino_t rootfs_ino;
	bool read_only;
	struct rootfs_mount mounts[ROOTFS_MOUNTS_MAX];
	size_t n_mounts;
	struct rootfs_device devices[DEVICES_MAX];
	size_t n_devices;

	/* --user, --cwd, --env, --env-file, --clear-env */
	const char *user_arg;
	bool has_user;
	uid_t uid;
	gid_t gid;
	char *home; /* from the passwd entry, NULL when none */
	const char *cwd;
	const char *env_args[64];
	size_t n_env_args;
	const char *env_files[8];
	size_t n_env_files;
	bool clear_env;
	char *env_owned[2]; /* TERM= and HOME= made here, freed with envp */
	char **env_lines;   /* --env-file lines, freed with envp */
	size_t n_env_lines;
	char **envp; /* built in the parent; NULL: the launcher's environ */

	/* --userns, --uid-map, --gid-map */
	bool userns;
	struct id_map uid_maps[USERNS_MAPS_MAX], gid_maps[USERNS_MAPS_MAX];
	size_t n_uid_maps, n_gid_maps;
	bool use_helpers; /* newuidmap/newgidmap write the maps */
	bool setgroups_deny;

	/* --cap-add, --cap-drop, --no-new-privs */
	const char *cap_add[64], *cap_drop[64];
	size_t n_cap_add, n_cap_drop;
	bool caps_set;         /* apply keep_caps (otherwise the full set, less SYS_BOOT) */
	uint64_t keep_caps;    /* bounding (and root's permitted/effective) set */
	uint64_t ambient_caps; /* a non-root user's permitted, effective, inheritable, ambient */
	bool drop_sys_boot;
	bool no_new_privs;
	bool no_new_privs_arg;
	void *proc_caps; /* cap_t for cap_set_proc, built in the parent */
};

#endif
