#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr: set by bats' run --separate-stderr
# Escapes tried as root inside a busybox --rootfs container, as an attacker would, and what
# must happen instead. One row per pattern; a test named after the row checks it.
#
# | technique / CVE                     | what the container tries                                 | what must happen                                |
# |-------------------------------------|----------------------------------------------------------|-------------------------------------------------|
# | host device by mknod                | mknod c 1 8 in /tmp, then read it                        | no CAP_MKNOD; with --cap-add MKNOD: EACCES      |
# | host device in the image            | a node shipped in the rootfs, or in a --bind source      | EACCES: the rootfs and binds are nodev          |
# | /dev holds only the standard nodes  | ls /dev; mknod in /dev                                   | null zero full random urandom tty, ptmx -> pts  |
# | --device on purpose                 | use the one node passed in, under another name           | works; without w the node is bound read-only    |
# | sniffing with AF_PACKET (NET_RAW)   | CapBnd holds NET_RAW, MKNOD, AUDIT_WRITE                 | Podman's default set, none of the three         |
#
# Rows other suites already hold: old root detached, /proc masked (rootfs.bats); symlinked
# mount destinations, --cwd through a leaked descriptor, CVE-2024-21626 (rootfs_errors.bats,
# rootfs_users.bats); init from a sealed memfd (rootfs.bats); inherited capabilities
# (rootfs_users.bats); launcher descriptors (run_safety.bats).

load rootfs_helpers

setup() { rootfs_setup; }
teardown() { rootfs_teardown; }

@test "host device by mknod: no CAP_MKNOD, and with --cap-add MKNOD the node cannot be opened" {
	run -0 tether_in -- /bin/sh -c 'mknod /tmp/rnd c 1 8 2>/dev/null && echo made; grep ^CapBnd: /proc/self/status'
	refute_line made
	run -0 tether_in --cap-add MKNOD -- /bin/sh -c 'mknod /tmp/rnd c 1 8 && echo made; head -c 1 /tmp/rnd >/dev/null 2>&1 || echo tmp-denied; mknod /dev/rnd c 1 8 && head -c 1 /dev/rnd >/dev/null 2>&1 || echo dev-denied'
	assert_line made
	assert_line tmp-denied
	assert_line dev-denied
}

@test "host device in the image or in a --bind source: nodev, cannot be opened" {
	mknod "$R/data/fullnode" c 1 7
	mkdir "$TMP/src"
	mknod "$TMP/src/zeronode" c 1 5
	run -0 tether_in --bind "$TMP/src:/mnt/rw" -- /bin/sh -c 'echo x >/data/fullnode 2>/dev/null || echo image-denied; head -c 1 /mnt/rw/zeronode >/dev/null 2>&1 || echo bind-denied'
	assert_line image-denied
	assert_line bind-denied
}

@test "/dev holds only the standard nodes, on a nodev tmpfs; /dev/ptmx opens the container's devpts" {
	run -0 tether_in -- /bin/sh -c 'ls -A /dev | tr "\n" " "; echo; grep " /dev tmpfs" /proc/mounts; readlink /dev/ptmx; exec 3<>/dev/ptmx && ls /dev/pts | tr "\n" " "'
	assert_line --index 0 "fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero "
	assert_line --index 1 --regexp ',nodev,'
	assert_line --index 2 pts/ptmx
	assert_line --index 3 "0 ptmx "
}

@test "--device HOST:CONTAINER: that node under its new name; without w, bound read-only" {
	run -0 tether_in --device /dev/full:/dev/disks/sink --device /dev/urandom:/dev/entropy:r -- /bin/sh -c 'stat -c "%t:%T" /dev/disks/sink /dev/entropy; echo x 2>&1 >/dev/disks/sink; head -c 5 /dev/entropy | wc -c; grep -E "/dev/(entropy|disks/sink) " /proc/mounts | cut -d" " -f2,4 | cut -d, -f1'
	assert_line --index 0 1:7
	assert_line --index 1 1:9
	assert_line --index 2 --partial "No space left on device"
	assert_line --index 3 5
	assert_line --index 4 "/dev/disks/sink rw"
	assert_line --index 5 "/dev/entropy ro"
}

@test "--device refuses what is not a device, bad syntax and names outside /dev" {
	local before
	before=$(mount_snapshot)
	run -125 --separate-stderr tether_in --device /dev/shm:/dev/x -- /bin/true
	assert_equal "$stderr" "tether: --device /dev/shm:/dev/x: /dev/shm is not a device node"
	run -2 --separate-stderr tether_in --device /dev/zero:/etc/zero -- /bin/true
	assert_equal "$stderr" "tether: --device /dev/zero:/etc/zero: CONTAINER must be a path under /dev without '.' or '..'"
	run -2 --separate-stderr tether_in --device /dev/zero:/dev/z:rwx -- /bin/true
	assert_equal "$stderr" "tether: --device /dev/zero:/dev/z:rwx: the mode is a subset of rwm"
	run -2 --separate-stderr tether_in --device /dev/zero:/dev/../z -- /bin/true
	assert_equal "$stderr" "tether: --device /dev/zero:/dev/../z: CONTAINER must be a path under /dev without '.' or '..'"
	run -125 --separate-stderr "$TETHER_BIN" run --device /dev/zero -- /bin/true
	assert_equal "$stderr" "tether: --bind, --tmpfs, --device and --read-only: need --rootfs"
	assert_equal "$(mount_snapshot)" "$before"
}

@test "NET_RAW, MKNOD and AUDIT_WRITE are not in the default set" {
	run -0 tether_in -- /bin/sh -c 'grep ^CapBnd: /proc/self/status'
	# bits 13 (NET_RAW), 27 (MKNOD), 29 (AUDIT_WRITE) clear; the rest is Podman's set
	assert_output --regexp '^CapBnd:[[:space:]]+00000000804405fb$'
}
