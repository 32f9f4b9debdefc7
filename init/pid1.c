/* SPDX-License-Identifier: MIT */
/*
 * What PID 1 does beyond the loop: the mounts it may make, and, as the init of a whole
 * machine (PID 1 of the initial pid namespace, as in a micro-VM), its start and its end.
 * A mount never fails the start; a machine's init never returns from init_machine_end,
 * since the kernel panics when its PID 1 exits.
 */
#include "init.h"
#include "fd.h"
#include "fmt.h"
#include "log.h"
#include "mount.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NOSUID_NODEV (MS_NOSUID | MS_NODEV)

/*
 * Only what is missing, in this order (a directory's file system before what is mounted on
 * it). A container's engine mounts most of these; a machine's kernel mounts none (not even
 * /dev on an initramfs), so there the rest of the table counts too.
 */
static const struct {
	const char *source, *path, *fstype, *data;
	unsigned long flags;
	bool is_machine_only;
} mounts[] = {
	{"devtmpfs", "/dev", "devtmpfs", "mode=0755", MS_NOSUID, true},
	{"proc", "/proc", "proc", NULL, NOSUID_NODEV | MS_NOEXEC, false},
	{"sysfs", "/sys", "sysfs", NULL, NOSUID_NODEV | MS_NOEXEC, true},
	{"cgroup2", "/sys/fs/cgroup", "cgroup2", NULL, NOSUID_NODEV | MS_NOEXEC, true},
	{"shm", "/dev/shm", "tmpfs", "mode=1777", NOSUID_NODEV, false},
	{"mqueue", "/dev/mqueue", "mqueue", NULL, NOSUID_NODEV | MS_NOEXEC, false},
	{"devpts", "/dev/pts", "devpts", "newinstance,ptmxmode=0666", MS_NOSUID | MS_NOEXEC, false},
	{"tmpfs", "/run", "tmpfs", "mode=0755", NOSUID_NODEV, true},
};

/* The directory is made only when missing: mostly it is there, and one statx says so. */
static int mount_one(size_t i, bool has_mkdir)
{
	for (;; has_mkdir = false) {
		int r = mount_if_missing(mounts[i].source, mounts[i].path, mounts[i].fstype,
					 mounts[i].flags, mounts[i].data);

		if (r != -ENOENT || !has_mkdir)
			return r;
		mkdir(mounts[i].path, 0755);
	}
}

/*
 * 1 when our mount namespace is not our parent's, 0 when it is, -errno when that cannot be
 * told. A proc of our own pid namespace at /proc (we are 1 there) was mounted for us, in
 * the container's mount namespace: nobody shares a /proc that hides their own processes.
 * An outer proc still shows our parent: then the two namespaces' links are compared (their
 * inode numbers). Without /proc nothing can be told.
 */
static int own_mount_ns(void)
{
	char stat[128], path[32], mine[64], theirs[64], *p;
	int fd = openat(AT_FDCWD, "/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ssize_t n, m;
	long ppid = 0;

	if (fd < 0)
		return -errno;
	n = read(fd, stat, sizeof(stat) - 1);
	fd_close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -ENODATA;
	stat[n] = '\0';
	if (strncmp(stat, "1 ", 2) == 0)
		return 1;
	/* "PID (COMM) S PPID ...": COMM may hold anything, the last ')' ends it. */
	p = strrchr(stat, ')');
	if (!p || strlen(p) < 5)
		return -ENODATA;
	for (p += 4; *p >= '0' && *p <= '9'; p++)
		ppid = ppid * 10 + (*p - '0');
	fmt_buf(path, sizeof(path), "/proc/%ld/ns/mnt", ppid);
	n = readlink("/proc/self/ns/mnt", mine, sizeof(mine));
	m = readlink(path, theirs, sizeof(theirs));
	if (n <= 0 || m <= 0)
		return -errno;
	return n != m || memcmp(mine, theirs, (size_t) n) != 0;
}

/*
 * A machine's root is the initramfs or its disk: what it lacks is made. In a container
 * only /dev's directories, and only when /dev is a file system of its own (the engine's
 * tmpfs, as LXC's autodev: no shm or mqueue in it), as init.lxc does; an image's files
 * are never touched. A /dev with /dev/kmsg is not one: it is the kernel's devtmpfs, one
 * instance for the whole machine (a directory made in it shows on the host, as under
 * `unshare --mount-proc` there), or a privileged engine's copy of the host's devices.
 */
void init_mount(bool is_machine)
{
	int r = is_machine ? 1 : own_mount_ns();
	bool is_dev_own;

	if (r <= 0) {
		log_info(r, r ? "not mounting: cannot compare the mount namespace with the parent's"
			      : "not mounting: the mount namespace is the parent's");
		return;
	}
	is_dev_own =
		is_machine || (mount_is_mountpoint("/dev") == 1 && access("/dev/kmsg", F_OK) < 0);
	for (size_t i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		if (mounts[i].is_machine_only && !is_machine)
			continue;
		r = mount_one(i, is_machine ||
					 (is_dev_own && strncmp(mounts[i].path, "/dev/", 5) == 0));
		if (r < 0)
			log_info(r, "mount %s on %s", mounts[i].fstype, mounts[i].path);
		else if (r > 0)
			log_debug(0, "mounted %s on %s", mounts[i].fstype, mounts[i].path);
	}
}

/*
 * PID 1 of the initial pid namespace is the only one for which RB_DISABLE_CAD succeeds: in
 * any other pid namespace reboot(2) takes only restart and power-off (EINVAL), or is
 * refused (EPERM). So the test is also the set-up: Ctrl-Alt-Del now sends us SIGINT.
 * Called only as pid 1, so a host's setting is never touched.
 */
bool init_is_machine(bool is_pid1)
{
	if (!is_pid1 || reboot(RB_DISABLE_CAD) < 0)
		return false;
	/* A kernel finds no /dev/console on an initramfs without one: we start with no stdio. */
	if (syscall(SYS_fcntl, STDIN_FILENO, F_GETFD) < 0) {
		mount_one(0, true);
		/* Not close-on-exec: these are the application's 0, 1 and 2. */
		if (openat(AT_FDCWD, "/dev/console", O_RDWR | O_NOCTTY) == STDIN_FILENO) {
			dup2(STDIN_FILENO, STDOUT_FILENO);
			dup2(STDIN_FILENO, STDERR_FILENO);
		}
	}
	return true;
}

void init_machine_end(int code, bool is_reboot)
{
	sync();
	log_warning(0, "exit status %d", code);
	reboot(is_reboot ? RB_AUTOBOOT : RB_POWER_OFF);
	log_error(errno, "reboot");
	for (;;)
		pause();
}
