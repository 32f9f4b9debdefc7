/* SPDX-License-Identifier: MIT */
/* isolate.h: glue between the shared launcher files and rootfs, identity, userns, caps. */
#include "isolate.h"
#include "caps.h"
#include "usage.h"
#include "device.h"
#include "identity.h"
#include "log.h"
#include "proc.h"
#include "rootfs.h"
#include "userns.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static int too_many(const char *opt)
{
	return client_usage_error("run", "%s: given too many times", opt);
}

static int parse_mount(struct isolate_config *iso, bool is_bind, const char *arg)
{
	struct rootfs_mount *m;
	int r;

	if (iso->n_mounts >= ROOTFS_MOUNTS_MAX)
		return too_many(is_bind ? "--bind" : "--tmpfs");
	/*
	 * Checked now, split by isolate_finish: nothing allocated here, so that a usage error
	 * later among the options leaks nothing.
	 */
	m = &iso->mounts[iso->n_mounts++];
	r = is_bind ? rootfs_parse_bind(arg, m) : rootfs_parse_tmpfs(arg, m);
	rootfs_mount_free(m);
	m->spec = arg;
	if (r < 0 && is_bind)
		return client_usage_error("run", "--bind '%s': expected SRC:DST[:ro]", arg);
	if (r < 0)
		return client_usage_error("run", "--tmpfs '%s': expected DST[:SIZE]", arg);
	return 0;
}

static int parse_map(const char *opt, const char *arg, struct id_map *maps, size_t *n)
{
	if (userns_parse_map(arg, maps, n) < 0)
		return client_usage_error("run",
					  "%s '%s': expected INSIDE:OUTSIDE:COUNT (at most %d)",
					  opt, arg, USERNS_MAPS_MAX);
	return 0;
}

int isolate_parse_opt(struct run_config *cfg, int c, const char *arg)
{
	struct isolate_config *iso = &cfg->iso;

	switch (c) {
	case OPT_ISO_ROOTFS:
		iso->rootfs_arg = arg;
		break;
	case OPT_ISO_READ_ONLY:
		iso->read_only = true;
		break;
	case OPT_ISO_BIND:
	case OPT_ISO_TMPFS:
		return parse_mount(iso, c == OPT_ISO_BIND, arg);
	case OPT_ISO_USER:
		if (!identity_user_ok(arg)) {
			return client_usage_error(
				"run",
				"--user '%s': expected USER[:GROUP], each a name or "
				"a number from 0 to 4294967294",
				arg);
		}
		iso->user_arg = arg;
		break;
	case OPT_ISO_CWD:
		iso->cwd = arg;
		break;
	case OPT_ISO_ENV:
		if (iso->n_env_args >= ARRAY_LEN(iso->env_args))
			return too_many("--env");
		iso->env_args[iso->n_env_args++] = arg;
		break;
	case OPT_ISO_ENV_FILE:
		if (iso->n_env_files >= ARRAY_LEN(iso->env_files))
			return too_many("--env-file");
		iso->env_files[iso->n_env_files++] = arg;
		break;
	case OPT_ISO_CLEAR_ENV:
		iso->clear_env = true;
		break;
	case OPT_ISO_USERNS:
		iso->userns = true;
		break;
	case OPT_ISO_UID_MAP:
		return parse_map("--uid-map", arg, iso->uid_maps, &iso->n_uid_maps);
	case OPT_ISO_GID_MAP:
		return parse_map("--gid-map", arg, iso->gid_maps, &iso->n_gid_maps);
	case OPT_ISO_CAP_ADD:
		if (iso->n_cap_add >= ARRAY_LEN(iso->cap_add))
			return too_many("--cap-add");
		iso->cap_add[iso->n_cap_add++] = arg;
		break;
	case OPT_ISO_CAP_DROP:
		if (iso->n_cap_drop >= ARRAY_LEN(iso->cap_drop))
			return too_many("--cap-drop");
		iso->cap_drop[iso->n_cap_drop++] = arg;
		break;
	case OPT_ISO_NO_NEW_PRIVS:
		iso->no_new_privs_arg = true;
		break;
	case OPT_ISO_DEVICE:
		if (iso->n_devices >= DEVICES_MAX)
			return too_many("--device");
		return device_parse(arg, &iso->devices[iso->n_devices++]);
	default:
		return PROC_EXIT_SETUP;
	}
	return 0;
}

static int finish(struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;
	int r;

	for (size_t i = 0; i < iso->n_mounts; i++) {
		struct rootfs_mount *m = &iso->mounts[i];

		r = m->kind == ROOTFS_MOUNT_BIND ? rootfs_parse_bind(m->spec, m)
						 : rootfs_parse_tmpfs(m->spec, m);
		if (r < 0) {
			log_error(r, "%s", m->spec);
			return PROC_EXIT_SETUP;
		}
	}

	if (iso->rootfs_arg && !(cfg->clone_flags & CLONE_NEWNS)) {
		return client_usage_error(
			"run",
			"--rootfs '%s': needs a new mount namespace (drop --share "
			"mount)",
			iso->rootfs_arg);
	}
	if ((iso->n_mounts || iso->read_only || iso->n_devices) && !iso->rootfs_arg) {
		return client_usage_error(
			"run", "%s", "--bind, --tmpfs, --device and --read-only: need --rootfs");
	}
	for (size_t i = 0; i < iso->n_devices; i++) {
		r = device_check(&iso->devices[i]);
		if (r)
			return r;
	}
	r = userns_prepare(cfg);
	if (r)
		return r;
	/* The rootfs first: --user's names are looked up in it. */
	if (iso->rootfs_arg) {
		r = rootfs_check(cfg);
		if (r)
			return r;
	}
	r = identity_prepare(cfg);
	/* After the environment: COMMAND is searched on the container's PATH. */
	if (!r && iso->rootfs_arg)
		r = rootfs_check_command(cfg);
	if (r)
		return r;
	return caps_prepare(cfg);
}

int isolate_finish(struct run_config *cfg)
{
	int r = finish(cfg);

	/* The launcher does not free the config when parsing fails: this part frees itself. */
	if (r)
		isolate_free(cfg);
	return r;
}

void isolate_free(struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;

	for (size_t i = 0; i < iso->n_mounts; i++)
		rootfs_mount_free(&iso->mounts[i]);
	iso->n_mounts = 0;
	for (size_t i = 0; i < iso->n_devices; i++)
		device_free(&iso->devices[i]);
	iso->n_devices = 0;
	free(iso->rootfs);
	iso->rootfs = NULL;
	identity_free(cfg);
	caps_free(cfg);
}
