/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/mount.c: mount points told apart from plain directories, bind mounts
 * of the same device included, and mount_if_missing mounting once and never stacking. The
 * mounting tests run in a mount namespace of their own (private propagation), so nothing
 * reaches the host's mount table; they SKIP when not root.
 */
#include "check.h"
#include "mount.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>

static void own_mount_ns(void)
{
	if (geteuid() != 0)
		SKIP("needs root for a mount namespace");
	CHECK_EQ(unshare(CLONE_NEWNS), 0);
	CHECK_EQ(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
}

/* How many mounts sit exactly at path, from /proc/self/mountinfo. */
static int mounts_at(const char *path)
{
	char line[1024], point[512];
	int n = 0;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	CHECK(f != NULL);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %*s %*s %511s", point) == 1 && strcmp(point, path) == 0)
			n++;
	fclose(f);
	return n;
}

TEST(root_and_proc_are_mountpoints)
{
	CHECK_EQ(mount_is_mountpoint("/"), 1);
	if (mounts_at("/proc") == 0)
		SKIP("/proc is not mounted here");
	CHECK_EQ(mount_is_mountpoint("/proc"), 1);
	CHECK_EQ(mount_is_mountpoint("/proc/self"), 0);
}

TEST(plain_directory_and_file_are_not)
{
	char dir[] = "/tmp/tether-test-mount-XXXXXX", file[64];
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(file, sizeof(file), "%s/file", dir);
	fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK_EQ(mount_is_mountpoint(dir), 0);
	CHECK_EQ(mount_is_mountpoint(file), 0);
	unlink(file);
	CHECK_EQ(rmdir(dir), 0);
	CHECK_EQ(mount_is_mountpoint(dir), -ENOENT);
	CHECK_EQ(mount_is_mountpoint(""), -ENOENT);
}

TEST(tmpfs_and_bind_mounts_are_found)
{
	char dir[] = "/tmp/tether-test-mount-XXXXXX", sub[64], bind[64];

	own_mount_ns();
	CHECK(mkdtemp(dir) != NULL);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	snprintf(bind, sizeof(bind), "%s/bind", dir);
	CHECK_EQ(mkdir(sub, 0755), 0);
	CHECK_EQ(mkdir(bind, 0755), 0);
	CHECK_EQ(mount_is_mountpoint(bind), 0);

	/* a bind mount on the same device: st_dev alone cannot tell */
	CHECK_EQ(mount(sub, bind, NULL, MS_BIND, NULL), 0);
	CHECK_EQ(mount_is_mountpoint(bind), 1);
	CHECK_EQ(mount_is_mountpoint(sub), 0);
	CHECK_EQ(umount2(bind, 0), 0);
	CHECK_EQ(mount_is_mountpoint(bind), 0);

	CHECK_EQ(mount("tmpfs", dir, "tmpfs", 0, "size=64k"), 0);
	CHECK_EQ(mount_is_mountpoint(dir), 1);
	CHECK_EQ(mkdir(sub, 0755), 0); /* now on the tmpfs */
	CHECK_EQ(mount_is_mountpoint(sub), 0);
	CHECK_EQ(umount2(dir, 0), 0);
	CHECK_EQ(rmdir(sub), 0);
	CHECK_EQ(rmdir(bind), 0);
	CHECK_EQ(rmdir(dir), 0);
}

TEST(mount_if_missing_mounts_once)
{
	char dir[] = "/tmp/tether-test-mount-XXXXXX";
	struct statfs sf;

	own_mount_ns();
	CHECK(mkdtemp(dir) != NULL);
	CHECK_EQ(mounts_at(dir), 0);
	CHECK_EQ(mount_if_missing("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777"), 1);
	CHECK_EQ(mounts_at(dir), 1);
	CHECK_EQ(statfs(dir, &sf), 0);
	CHECK_EQ(sf.f_type, TMPFS_MAGIC);
	CHECK(sf.f_flags & ST_NOSUID);
	CHECK(sf.f_flags & ST_NODEV);
	/* something is there now: nothing is stacked on it */
	CHECK_EQ(mount_if_missing("tmpfs", dir, "tmpfs", 0, NULL), 0);
	CHECK_EQ(mount_if_missing("mqueue", dir, "mqueue", 0, NULL), 0);
	CHECK_EQ(mounts_at(dir), 1);
	CHECK_EQ(umount2(dir, 0), 0);
	CHECK_EQ(rmdir(dir), 0);
}

TEST(mount_if_missing_errors)
{
	char dir[] = "/tmp/tether-test-mount-XXXXXX", missing[64];
	struct stat st;

	own_mount_ns();
	CHECK(mkdtemp(dir) != NULL);
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	/* never creates the directory */
	CHECK_EQ(mount_if_missing("tmpfs", missing, "tmpfs", 0, NULL), -ENOENT);
	CHECK_EQ(stat(missing, &st), -1);
	CHECK_EQ(mount_if_missing("none", dir, "no-such-fs-type", 0, NULL), -ENODEV);
	CHECK_EQ(mounts_at(dir), 0);
	CHECK_EQ(rmdir(dir), 0);
}

/* Without CAP_SYS_ADMIN the mount fails with EPERM, which tether-init only warns about. */
TEST(mount_if_missing_unprivileged)
{
	char dir[] = "/tmp/tether-test-mount-XXXXXX";
	int status = 0;
	pid_t pid;

	own_mount_ns();
	CHECK(mkdtemp(dir) != NULL);
	CHECK_EQ(chmod(dir, 0777), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(2);
		_exit(mount_if_missing("tmpfs", dir, "tmpfs", 0, NULL) == -EPERM ? 0 : 1);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
	CHECK_EQ(mounts_at(dir), 0);
	CHECK_EQ(rmdir(dir), 0);
}

CHECK_MAIN(T(root_and_proc_are_mountpoints), T(plain_directory_and_file_are_not),
	   T(tmpfs_and_bind_mounts_are_found), T(mount_if_missing_mounts_once),
	   T(mount_if_missing_errors), T(mount_if_missing_unprivileged))
