/* SPDX-License-Identifier: MIT */
/*
 * What `tether run` was asked to do: every option lands here (no option globals), and the
 * options become an ordered list of setup operations that the child executes after the
 * sync barrier. Adding a feature is adding an operation, not threading a flag through.
 */
#ifndef TETHER_CONFIG_H
#define TETHER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "confine_config.h"
#include "isolate_config.h"
#include "tty_config.h"

/* What the child does, in order, after the parent has configured it. */
enum setup_kind {
	SETUP_MOUNT_PRIVATE, /* MS_REC|MS_PRIVATE on /: nothing propagates to the host */
	SETUP_MOUNT_PROC,    /* a fresh /proc for the new pid namespace */
	SETUP_NET_LO,        /* bring up lo in the new network namespace */
	SETUP_HOSTNAME,      /* sethostname(arg) */
	SETUP_SESSION,       /* setsid(): the container is its own session */
	/* Issue 4 (isolate.h): root filesystem, then identity and capabilities. */
	SETUP_ROOTFS_BIND,     /* bind --rootfs on itself: a mount point for pivot_root */
	SETUP_ROOTFS_PROC,     /* proc on the rootfs's /proc */
	SETUP_ROOTFS_DEV,      /* a tmpfs /dev with the host's null, zero, ... bound in */
	SETUP_ROOTFS_DEVICE,   /* one --device (data: struct rootfs_device) */
	SETUP_ROOTFS_SYS,      /* sysfs (new netns) or the host's /sys, read-only */
	SETUP_ROOTFS_MOUNT,    /* one --bind or --tmpfs (data: struct rootfs_mount) */
	SETUP_ROOTFS_PIVOT,    /* pivot_root into the rootfs, old root detached */
	SETUP_ROOTFS_READONLY, /* --read-only: remount / read-only */
	SETUP_ENV,             /* the prepared environment for execve */
	SETUP_CWD,             /* --cwd, checked to be under the root */
	SETUP_CREDS,           /* bounding set, groups, gid, uid, capability sets */
	SETUP_NO_NEW_PRIVS,    /* PR_SET_NO_NEW_PRIVS */
	SETUP_FDS,             /* only 0-2 and --preserve-fds survive exec */
	SETUP_TTY_DEVPTS,      /* -t without --rootfs: a devpts of its own on /dev/pts */
	SETUP_TTY,             /* -t: a pty as controlling terminal and 0-2 (pty.h) */
	/* confine.h: cgroup, rlimits, seccomp (placed by confine_add_ops). */
	SETUP_CGROUP,  /* join the cgroup when the clone could not place us */
	SETUP_RLIMITS, /* one --ulimit (data: struct ulimit) */
	SETUP_SECCOMP, /* the seccomp filter */
	SETUP_KIND_COUNT,
};

struct setup_op {
	enum setup_kind kind;
	const char *arg;
	const void *data; /* operation-specific (issue 4: struct rootfs_mount) */
};

/* Steps as they travel over the sync socket: setup kinds first, then these. */
enum setup_step {
	STEP_START = SETUP_KIND_COUNT, /* the child's own start: death signal, parent check */
	STEP_BARRIER,                  /* waiting for the parent's "configured" record */
	STEP_EXEC,                     /* execve of the init or of COMMAND */
	STEP_COUNT,
};

struct run_config;
struct sync_chan;

/*
 * What the child's operations share, on the child's own stack: a child that borrows the
 * launcher's memory writes nothing of the launcher's (no global, no environ).
 */
struct child_ctx {
	const struct run_config *cfg;
	struct sync_chan *chan;
	int root_fd;       /* the rootfs mount after its self-bind, until pivot_root; or -1 */
	char *const *envp; /* what execve gets: the prepared environment, or environ */
};

#define SETUP_OPS_MAX (32 + ROOTFS_MOUNTS_MAX + DEVICES_MAX)

struct run_config {
	uint64_t clone_flags;  /* CLONE_NEW* to create */
	const char *hostname;  /* --hostname, NULL to keep */
	const char *init_path; /* --init, NULL to search */
	bool no_init;          /* --no-init: COMMAND is PID 1 */
	unsigned int preserve_fds;
	char exit_fd_arg[16]; /* tether-init's --exit-fd: 3 + preserve_fds, as a string */
	int status_fd;        /* --status-fd, -1 for none */
	bool no_restart;
	unsigned int max_restarts;
	int halt_signal;   /* sent to init for SIGINT/SIGTERM: SIGPWR or --halt-signal */
	const char *grace; /* passed to tether-init as given */
	const char *halt_signal_arg;
	const char *stop_signal;
	/* Named containers (issue 5): state.h, control.h, detach.h. */
	const char *name;      /* --name, NULL: a generated one */
	const char *state_dir; /* --state-dir, NULL: TETHER_STATE_DIR or the default */
	bool detach;           /* -d */
	const char *pidfile;   /* --pidfile: the init's host pid */
	const char *log_file;  /* --log-file, with -d */
	/* Docker's spellings and the kept output (logs.h): --entrypoint, --rm, --log-opt. */
	const char *entrypoint;          /* COMMAND becomes ENTRYPOINT [ARG...] */
	char **command_owned;            /* that argv, freed by options_free */
	bool rm;                         /* --rm: the entry goes when the container ends */
	unsigned long long log_max_size; /* -d: bytes per kept output file */
	unsigned int log_max_files;      /* -d: files kept, the current one included */
	int reboot_signal;               /* what `tether reboot` sends to init: SIGINT */
	const char *reboot_signal_arg;
	int verbosity;    /* count of -v: also passed to tether-init */
	char **command;   /* COMMAND [ARG...], NULL-terminated (points into argv) */
	char **exec_argv; /* what the child execs: the init's argv, or command */

	struct isolate_config iso;  /* issue 4: --rootfs, --user, --userns, --cap-* */
	struct tty_config tty;      /* -t, -i */
	struct confine_config conf; /* cgroup limits, seccomp, rlimits (confine.h) */

	struct setup_op ops[SETUP_OPS_MAX];
	size_t n_ops;

	/* Test hook (TETHER_TEST_PAUSE_AT / TETHER_TEST_RESUME), see hook.h. */
	int pause_at; /* a step number, or -1 */
	const char *resume_path;
	bool force_clone2; /* TETHER_NO_CLONE3=1 */
};

#endif
