# shellcheck shell=bash
# Helpers for the root filesystem suites (tests/rootfs*.bats): a busybox-static rootfs in
# a temporary directory (no network), and checks that a failed start left no trace.

load common

rootfs_setup() {
	require_root
	[ -x "$TETHER_BIN" ] || skip "build/tether not built"
	[ -x /bin/busybox ] || skip "needs busybox-static"
	TMP=$(mktemp -d "${BATS_TMPDIR:-/tmp}/tether-rootfs.XXXXXX")
	chmod 755 "$TMP"
	R=$TMP/root
	make_rootfs "$R"
}

rootfs_teardown() {
	[ -z "${TMP:-}" ] || rm -rf "$TMP"
}

# make_rootfs DIR: busybox with its applets as links, /etc/passwd and /etc/group with a
# user "app" (1000) and group "staff" (50), empty /dev, /proc, /sys, /tmp, /mnt.
make_rootfs() {
	local d=$1 a
	mkdir -p "$d"/bin "$d"/etc "$d"/dev "$d"/proc "$d"/sys "$d"/tmp "$d"/mnt/rw \
		"$d"/mnt/ro "$d"/home/app "$d"/data
	cp /bin/busybox "$d/bin/busybox"
	for a in sh cat ls id touch mkdir echo grep wc stat readlink mount env pwd sed \
		printf head test true false awk sort tr; do
		ln -s busybox "$d/bin/$a"
	done
	printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n' \
		>"$d/etc/passwd"
	printf 'root:x:0:\napp:x:1000:\nstaff:x:50:app\n' >"$d/etc/group"
	echo rootfs-marker >"$d/etc/marker"
	chmod 1777 "$d/tmp"
	chown 1000:1000 "$d/home/app"
}

# The rootfs's files as "type mode owner path" lines, for before/after comparisons.
tree_snapshot() {
	find "$1" -printf '%y %m %u:%g %s %p %l\n' | sort
}

# tether_in ARGS...: `tether run --rootfs $R ARGS`.
tether_in() {
	"$TETHER_BIN" run --rootfs "$R" "$@"
}
