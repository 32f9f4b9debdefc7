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
#include <sys/types.h>

#include "confine_config.h"
#include "isolate_config.h"
#include "tty_config.h"

struct child_ctx;
struct sync_chan;
struct rootfs_mount;
struct rootfs_device;
struct tty_config;
struct ulimit;

/* What the child does, in order, after the parent has configured it. */
enum setup_kind {
	SETUP_MOUNT_PRIVATE, /* MS_REC|MS_PRIVATE on /: nothing propagates to the host */
	SETUP_MOUNT_PROC,    /* a fresh /proc for the new pid namespace */
	SETUP_NET_LO,        /* bring up lo in the new network namespace */
	SETUP_HOSTNAME,      /* sethostname(arg) */
	SETUP_SESSION,       /* setsid(): the container is its own session */
	/* --rootfs (child/mounts.c), then identity and capabilities. */
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
	SETUP_CGROUP,    /* join the cgroup when the clone could not place us */
	SETUP_CGROUP_NS, /* --cgroupns after that join: rooted at the container's cgroup */
	SETUP_RLIMITS,   /* one --ulimit (data: struct ulimit) */
	SETUP_SECCOMP,   /* the seccomp filter */
	SETUP_KIND_COUNT,
};

/* SETUP_CREDS: who the container runs as, and with what capabilities (caps.h). */
struct setup_creds {
	bool has_user;           /* change to uid and gid, no supplementary groups */
	bool tolerate_setgroups; /* a user ns whose setgroups is "deny": EPERM is fine */
	uid_t uid;
	gid_t gid;
	bool caps_set;         /* bound to keep_caps and set proc_caps; else the full set */
	bool drop_sys_boot;    /* without caps_set: only CAP_SYS_BOOT leaves the bounding set */
	uint64_t keep_caps;    /* the bounding set */
	uint64_t ambient_caps; /* raised in the ambient set (a non-root user's --cap-add) */
	const void *proc_caps; /* cap_t for cap_set_proc, built in the parent */
};

/*
 * One operation with everything its handler needs: a handler reads its operation and the
 * child's context, never the run's config. arg names the object in messages and in the
 * sync record's detail.
 */
struct setup_op {
	enum setup_kind kind;
	const char *arg;
	union {
		const char *path; /* MOUNT_PROC, NET_LO (interface), HOSTNAME, CWD */
		struct {
			const char *path;
			dev_t dev; /* what the parent checked: the child must find the same */
			ino_t ino;
		} root;                             /* ROOTFS_BIND */
		const struct rootfs_mount *mount;   /* ROOTFS_MOUNT */
		const struct rootfs_device *device; /* ROOTFS_DEVICE */
		bool new_net;                       /* ROOTFS_SYS: sysfs of our own netns */
		char *const *envp;                  /* ENV */
		struct setup_creds creds;           /* CREDS */
		unsigned int preserve_fds;          /* FDS: 3 to 3+N-1 stay open */
		const struct tty_config *tty;       /* TTY */
		struct {
			/* the cgroup is made after the list: read through these at run time */
			const int *procs_fd; /* cgroup.procs; NULL or -1 without a cgroup */
			const bool *placed;  /* set before each clone: the clone placed us */
		} cgroup;                    /* CGROUP */
		const struct ulimit *ulimit; /* RLIMITS */
		const void *seccomp;         /* SECCOMP: struct sock_fprog */
	} u;
};

/*
 * Each kind's row: its step name (the error vocabulary of the sync socket, the test
 * hook's id) and its handler. Rows are defined next to their static handler with
 * SETUP_KIND and gathered by the linker into one table (section tether_setup_kinds):
 * adding an operation touches the enum, its builder and its handler, nothing else.
 */
struct setup_kind_info {
	int step;
	const char *id;   /* "hostname", "mount-proc": TETHER_TEST_PAUSE_AT names it so */
	const char *verb; /* for messages: "sethostname", "mount proc on" */
	int (*run)(const struct setup_op *op, struct child_ctx *ctx);
};

#define SETUP_KIND(name_, step_, id_, verb_, run_)                                              \
	static const struct setup_kind_info setup_kind_##name_                                  \
		__attribute__((used, section("tether_setup_kinds"), aligned(8))) = {step_, id_, \
										    verb_, run_}

/* Steps as they travel over the sync socket: setup kinds first, then these. */
enum setup_step {
	STEP_START = SETUP_KIND_COUNT, /* the child's own start: death signal, parent check */
	STEP_BARRIER,                  /* waiting for the parent's "configured" record */
	STEP_EXEC,                     /* execve of the init or of COMMAND */
	STEP_COUNT,
};

/*
 * What the child's operations share, on the child's own stack: a child that borrows the
 * launcher's memory writes nothing of the launcher's (no global, no environ).
 */
struct child_ctx {
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
	/* Named containers: state.h, control.h, detach.h. */
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

	struct isolate_config iso;  /* --rootfs, --user, --userns, --cap-* */
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
