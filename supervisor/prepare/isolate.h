/* SPDX-License-Identifier: MIT */
/*
 * The isolation options (root filesystem, identity, user namespace, capabilities): their
 * getopt entries and parsing for options.c, and the prepare step that checks and resolves
 * them (rootfs.h, identity.h, userns.h, caps.h do the work).
 */
#ifndef TETHER_ISOLATE_H
#define TETHER_ISOLATE_H

#include "config.h"

#include <getopt.h>
#include <stdio.h>

enum {
	OPT_ISO_ROOTFS = 0x1000,
	OPT_ISO_READ_ONLY,
	OPT_ISO_BIND,
	OPT_ISO_TMPFS,
	OPT_ISO_USER,
	OPT_ISO_CWD,
	OPT_ISO_ENV,
	OPT_ISO_ENV_FILE,
	OPT_ISO_CLEAR_ENV,
	OPT_ISO_USERNS,
	OPT_ISO_UID_MAP,
	OPT_ISO_GID_MAP,
	OPT_ISO_CAP_ADD,
	OPT_ISO_CAP_DROP,
	OPT_ISO_NO_NEW_PRIVS,
	OPT_ISO_DEVICE,
	OPT_ISO_END,
};

/* Rows of options.c's option table: name, has_arg, code (no short name, no handler). */
/* clang-format off */
#define ISOLATE_LONG_OPTS                                              \
	{"rootfs", required_argument, OPT_ISO_ROOTFS, 0, NULL, 0},           \
	{"read-only", no_argument, OPT_ISO_READ_ONLY, 0, NULL, 0},           \
	{"bind", required_argument, OPT_ISO_BIND, 0, NULL, 0},               \
	{"tmpfs", required_argument, OPT_ISO_TMPFS, 0, NULL, 0},             \
	{"user", required_argument, OPT_ISO_USER, 0, NULL, 0},               \
	{"cwd", required_argument, OPT_ISO_CWD, 0, NULL, 0},                 \
	{"env", required_argument, OPT_ISO_ENV, 0, NULL, 0},                 \
	{"env-file", required_argument, OPT_ISO_ENV_FILE, 0, NULL, 0},       \
	{"clear-env", no_argument, OPT_ISO_CLEAR_ENV, 0, NULL, 0},           \
	{"userns", no_argument, OPT_ISO_USERNS, 0, NULL, 0},                 \
	{"uid-map", required_argument, OPT_ISO_UID_MAP, 0, NULL, 0},         \
	{"gid-map", required_argument, OPT_ISO_GID_MAP, 0, NULL, 0},         \
	{"cap-add", required_argument, OPT_ISO_CAP_ADD, 0, NULL, 0},         \
	{"cap-drop", required_argument, OPT_ISO_CAP_DROP, 0, NULL, 0},       \
	{"no-new-privs", no_argument, OPT_ISO_NO_NEW_PRIVS, 0, NULL, 0},   \
	{"device", required_argument, OPT_ISO_DEVICE, 0, NULL, 0}
/* clang-format on */

#define ISOLATE_USAGE                                                                         \
	"  --rootfs DIR          DIR becomes / (pivot_root); needs a new mount namespace\n"   \
	"  --read-only           the root filesystem is mounted read-only\n"                  \
	"  --bind SRC:DST[:ro]   bind SRC onto DST (which must exist in the rootfs)\n"        \
	"  --tmpfs DST[:SIZE]    a tmpfs on DST in the rootfs\n"                              \
	"  --device HOST[:CONTAINER][:rwm]  bind the host's device node HOST into /dev\n"     \
	"  --user USER[:GROUP]   run as USER (number, or name in the rootfs's /etc/passwd)\n" \
	"  --cwd DIR             working directory inside the container\n"                    \
	"  --env K=V             set K in the environment (repeatable)\n"                     \
	"  --env-file FILE       K=V lines to add to the environment (repeatable)\n"          \
	"  --clear-env           start from PATH, HOME and TERM only\n"                       \
	"  --userns              new user namespace (rootless: you are root inside)\n"        \
	"  --uid-map IN:OUT:N    uid map line (repeatable; with --userns)\n"                  \
	"  --gid-map IN:OUT:N    gid map line (repeatable; with --userns)\n"                  \
	"  --cap-add CAP         keep CAP (CAP_NET_ADMIN, net_admin; repeatable)\n"           \
	"  --cap-drop CAP|ALL    drop CAP from the default set (repeatable)\n"                \
	"  --no-new-privs        set PR_SET_NO_NEW_PRIVS (default with --user or --cap-drop)\n"

static inline bool isolate_is_opt(int c)
{
	return c >= OPT_ISO_ROOTFS && c < OPT_ISO_END;
}

/* One option: 0, or 125 after printing why. */
int isolate_parse_opt(struct run_config *cfg, int c, const char *arg);
/* After all options, cfg->command set: checks and resolves; 0, or 125 after printing why. */
int isolate_finish(struct run_config *cfg);
void isolate_free(struct run_config *cfg);

#endif
