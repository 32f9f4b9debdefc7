#!/bin/busybox sh
# shellcheck shell=sh
# The default /init of tests/vm/boot: mounts what the suites need, a unified cgroup v2
# hierarchy on /sys/fs/cgroup, loads the listed modules, runs /tether/script with its
# output on ttyS1 and a last line "# vm: exit N", then powers off. Runs as PID 1: a
# failure here must still end in a power-off, never a kernel panic from an exiting init.
# The PATH of a Debian root shell: suites compare against it (/bin comes last).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb LANG=C.UTF-8
# pivot_root cannot leave the initramfs (rootfs): the suites run from a tmpfs copy of it.
if [ ! -e /.stage2 ]; then
	mkdir -p /newroot
	mount -t tmpfs -o mode=755 tmpfs /newroot
	for f in /*; do
		case $f in /newroot | /proc | /sys | /dev) mkdir -p "/newroot$f" ;; *) cp -a "$f" /newroot/ ;; esac
	done
	touch /newroot/.stage2
	exec switch_root /newroot /init
fi
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /dev/mqueue
ln -sf /proc/self/fd /dev/fd
ln -sf fd/0 /dev/stdin && ln -sf fd/1 /dev/stdout && ln -sf fd/2 /dev/stderr
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=755 tmpfs /run
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
hostname vm
while read -r m; do
	[ -n "$m" ] && insmod "$m"
done </tether/modules
read -r cmdline </proc/cmdline
for w in $cmdline; do
	case $w in tether.*=*) export "${w#tether.}" ;; esac
done
export TETHER_TOP=/tether
cd /tether || exit 1
exec </dev/null >/dev/ttyS1 2>&1
stty -F /dev/ttyS1 raw -echo 2>/dev/null
eval "set -- $(cat /tether/script.args)"
/bin/bash /tether/script "$@"
echo "# vm: exit $?"
sync
poweroff -f
