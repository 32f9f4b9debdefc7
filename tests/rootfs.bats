#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr: set by bats' run --separate-stderr
# tether run --rootfs: the container's own /, its /dev, /proc and /sys, --read-only,
# --bind and --tmpfs, and that nothing is left mounted on the host.

load rootfs_helpers

setup() { rootfs_setup; }
teardown() { rootfs_teardown; }

@test "/ is the rootfs and the host's files are invisible" {
	local before
	before=$(mount_snapshot)
	run -0 tether_in -- /bin/sh -c 'cat /etc/marker; test -e /usr/bin/env && echo host-visible; ls / | tr "\n" " "'
	assert_line --index 0 rootfs-marker
	refute_output --partial host-visible
	assert_line --index 1 "$(find "$R" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ')"
	[ "$(mount_snapshot)" = "$before" ]
}

@test "the old root is detached: no mount of the host's tree is left inside" {
	# shellcheck disable=SC2016 # expanded inside the container
	run -0 tether_in --no-init -- /bin/sh -c 'awk "{print \$5}" /proc/self/mountinfo | sort'
	assert_line /
	refute_line --regexp '^/(work|root|usr|var|home)'
	refute_line --regexp "^$TMP"
}

@test "/dev holds exactly null zero full random urandom tty, fd links, pts shm mqueue" {
	run -0 tether_in -- /bin/sh -c 'ls -A /dev | tr "\n" " "; echo; head -c 4 /dev/zero | wc -c; echo x >/dev/null && echo null-ok; readlink /dev/stdin; readlink /dev/fd; stat -c "%t:%T" /dev/null /dev/urandom'
	assert_line --index 0 "fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero "
	assert_line --index 1 4
	assert_line --index 2 null-ok
	assert_line --index 3 /proc/self/fd/0
	assert_line --index 4 /proc/self/fd
	assert_line --index 5 1:3
	assert_line --index 6 1:9
}

# shellcheck disable=SC2016 # expanded inside the container
@test "/dev/pts, /dev/shm and /dev/mqueue are mounted, also without tether-init" {
	run -0 tether_in --no-init -- /bin/sh -c 'awk "{print \$2, \$3}" /proc/mounts | grep "^/dev/"'
	assert_line "/dev/pts devpts"
	assert_line "/dev/shm tmpfs"
	assert_line "/dev/mqueue mqueue"
}

@test "tether-init under --rootfs: its own mount namespace, and every /dev mount there (none refused at -v)" {
	# shellcheck disable=SC2016 # expanded inside the container
	run -0 --separate-stderr "$TETHER_BIN" run --verbose --rootfs "$R" -- \
		/bin/sh -c 'awk "{print \$2, \$3}" /proc/mounts | grep "^/dev/mqueue "'
	assert_output "/dev/mqueue mqueue"
	[[ $stderr == *"tether-init: started /bin/sh as pid"* ]] || fail "no -v output: $stderr"
	[[ $stderr != *"not mounting"* ]] || fail "$stderr"
	[[ $stderr != *"tether-init: mount "* ]] || fail "$stderr"
}

@test "/proc shows only the container's processes" {
	# shellcheck disable=SC2016 # expanded inside the container
	run -0 tether_in -- /bin/sh -c 'cd /proc && for p in [0-9]*; do echo "$p $(cat $p/comm)"; done'
	# the init runs from a sealed memfd: its comm is the memfd's name
	assert_line --regexp '^1 memfd:tether-in'
	assert_line --regexp '^2 sh$'
	[ "${#lines[@]}" -le 3 ] || fail "more processes than init, sh and its child: $output"
	refute_line --regexp "^$$ "
}

# shellcheck disable=SC2016 # expanded inside the container
@test "/proc's machine-wide parts are read-only or hidden" {
	[ -e /proc/keys ] || skip "no /proc/keys on this kernel"
	run -0 tether_in -- /bin/sh -c '(echo x >/proc/sys/kernel/hostname) 2>/dev/null || echo sys-ro; wc -c </proc/keys; cat /proc/sys/kernel/ostype; awk "\$2 == \"/proc/sys\" { print \$4 }" /proc/mounts'
	assert_line --index 0 sys-ro
	assert_line --index 1 0
	assert_line --index 2 Linux
	assert_line --index 3 --regexp '^ro,'
}

@test "/sys is read-only: sysfs for a new netns, the host's bound otherwise" {
	run -0 tether_in --net -- /bin/sh -c 'grep " /sys " /proc/mounts; ls /sys/class/net; touch /sys/x 2>/dev/null || echo ro'
	assert_line --regexp '^sysfs /sys sysfs ro,'
	assert_line lo
	assert_line ro
	run -0 tether_in -- /bin/sh -c 'grep " /sys" /proc/mounts | grep -c " rw," ; true'
	assert_output 0
}

@test "--read-only makes the root read-only; --tmpfs and rw binds stay writable" {
	mkdir "$TMP/host"
	run tether_in --read-only --tmpfs /tmp --bind "$TMP/host:/data" -- /bin/sh -c 'touch /x 2>&1; touch /etc/y 2>&1; echo a >/tmp/a && echo tmp-ok; echo b >/data/b && echo bind-ok'
	assert_line "touch: /x: Read-only file system"
	assert_line "touch: /etc/y: Read-only file system"
	assert_line tmp-ok
	assert_line bind-ok
	[ ! -e "$R/x" ] && [ ! -e "$R/etc/y" ] && [ ! -e "$R/tmp/a" ]
	[ "$(cat "$TMP/host/b")" = b ]
}

@test "without --read-only the rootfs is writable" {
	run -0 tether_in -- /bin/sh -c 'echo w >/tmp/w'
	[ "$(cat "$R/tmp/w")" = w ]
}

@test "--bind SRC:DST:ro is read-only, --bind SRC:DST read-write, a file bind works" {
	mkdir "$TMP/ro" "$TMP/rw"
	echo hello >"$TMP/ro/f"
	echo filedata >"$TMP/file"
	touch "$R/etc/bound"
	run tether_in --bind "$TMP/ro:/mnt/ro:ro" --bind "$TMP/rw:/mnt/rw" \
		--bind "$TMP/file:/etc/bound" -- /bin/sh -c 'cat /mnt/ro/f; echo x >/mnt/ro/g 2>&1 || echo ro-refused; echo y >/mnt/rw/g && echo rw-ok; cat /etc/bound'
	assert_line hello
	assert_line ro-refused
	assert_line rw-ok
	assert_line filedata
	[ ! -e "$TMP/ro/g" ]
	[ "$(cat "$TMP/rw/g")" = y ]
	[ ! -s "$R/etc/bound" ]
}

@test "--tmpfs DST:SIZE mounts a tmpfs of that size" {
	run -0 tether_in --tmpfs /mnt/rw:2m -- /bin/sh -c 'grep " /mnt/rw " /proc/mounts'
	assert_output --regexp '^tmpfs /mnt/rw tmpfs rw,nosuid,nodev,.*size=2048k'
}

@test "an absolute symlink in the rootfs is followed inside it, never on the host" {
	mkdir "$TMP/src"
	echo inside >"$TMP/src/f"
	ln -s /tmp "$R/mnt/abs"
	run -0 tether_in --bind "$TMP/src:/mnt/abs" -- /bin/sh -c 'cat /tmp/f'
	assert_output inside
	[ ! -e /tmp/f ] || [ "$(cat /tmp/f)" != inside ]
}

@test "--cwd sets the working directory; with --rootfs the default is /" {
	run -0 tether_in -- /bin/sh -c pwd
	assert_output /
	run -0 tether_in --cwd /home/app -- /bin/sh -c pwd
	assert_output /home/app
}

@test "--rootfs with --no-init finds COMMAND on the rootfs's PATH" {
	run -0 tether_in --no-init -- sh -c 'echo $$; cat /etc/marker'
	assert_line --index 0 1
	assert_line --index 1 rootfs-marker
}

@test "successful runs leave the host's mount table and the rootfs as they were" {
	local before tree
	before=$(mount_snapshot)
	tree=$(tree_snapshot "$R")
	mkdir "$TMP/h"
	run -0 tether_in --read-only --bind "$TMP/h:/mnt/rw" --tmpfs /tmp -- /bin/true
	[ "$(mount_snapshot)" = "$before" ]
	[ "$(tree_snapshot "$R")" = "$tree" ]
}
