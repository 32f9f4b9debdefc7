#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
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
# | CVE-2019-5736 through exec          | #!/proc/self/exe payload; scan /proc/*/exe for the host  | never found: exec runs from a sealed memfd copy |
# |                                     | binary's device and inode the whole time                 | and is non-dumpable until COMMAND's exec        |
# | CVE-2024-21626 through exec         | descriptors 5 and 12 of the caller in the command        | only 0, 1, 2 reach it                           |
# | exec --user with a bad number       | -5, 4294967299, 8:-3, +9, " 9", "9 ", "", 5:             | exit 2 naming it; nothing runs as root          |
# | run --user with a bad number        | the same                                                 | exit 2 naming it                                |
# | container's /etc/passwd as a trap   | a symlink to /dev/urandom, a FIFO, a 2 MiB file          | 125 naming the file, no hang, no huge read      |
# | host environment into the container | exec after run --clear-env; run --rootfs with 5 host vars | the init's environment; a clean one for rootfs |
# | exec keeps HOME=/root for --user    | exec --user app                                          | HOME=/home/app, from the container's passwd     |
#
# Rows other suites already hold: old root detached, /proc masked (rootfs.bats); symlinked
# mount destinations, --cwd through a leaked descriptor, CVE-2024-21626 (rootfs_errors.bats,
# rootfs_users.bats); init from a sealed memfd (rootfs.bats); inherited capabilities
# (rootfs_users.bats); launcher descriptors (run_safety.bats).

load rootfs_helpers
load lifecycle_helpers

setup() {
	lc_setup
	[ -x /bin/busybox ] || skip "needs busybox-static"
	R=$TMP/root
	make_rootfs "$R"
}
teardown() { lc_teardown; }

# A named container on the rootfs running "sleep 1000"; ARGS go before --.
start_rootfs() {
	run -0 t run -d --name sec --rootfs "$R" "$@" -- /bin/sh -c 'exec sleep 1000'
}

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
	run -125 --separate-stderr tether_in --device /dev/shm:/dev/x -- /bin/true
	assert_equal "$stderr" "tether: --device /dev/shm:/dev/x: /dev/shm is not a device node"
	run -2 --separate-stderr tether_in --device /dev/zero:/etc/zero -- /bin/true
	assert_equal "${stderr_lines[0]}" "tether run: --device '/dev/zero:/etc/zero': CONTAINER must be a path under /dev without '.' or '..'"
	run -2 --separate-stderr tether_in --device /dev/zero:/dev/z:rwx -- /bin/true
	assert_equal "${stderr_lines[0]}" "tether run: --device '/dev/zero:/dev/z:rwx': the mode is a subset of rwm"
	run -2 --separate-stderr tether_in --device /dev/zero:/dev/../z -- /bin/true
	assert_equal "${stderr_lines[0]}" "tether run: --device '/dev/zero:/dev/../z': CONTAINER must be a path under /dev without '.' or '..'"
	run -2 --separate-stderr "$TETHER_BIN" run --device /dev/zero -- /bin/true
	assert_equal "${stderr_lines[0]}" "tether run: --bind, --tmpfs, --device and --read-only: need --rootfs"
	# nothing mounted on the host under the rootfs (other mounts of a shared host may come and go)
	run -1 grep -F "$TMP" /proc/self/mountinfo
}

@test "NET_RAW, MKNOD and AUDIT_WRITE are not in the default set" {
	run -0 tether_in -- /bin/sh -c 'grep ^CapBnd: /proc/self/status'
	# bits 13 (NET_RAW), 27 (MKNOD), 29 (AUDIT_WRITE) clear; the rest is Podman's set
	assert_output --regexp '^CapBnd:[[:space:]]+00000000804405fb$'
}

@test "CVE-2019-5736 through exec: no process in the container is ever the host's tether file" {
	local dev ino
	dev=$(stat -L -c %d "$TETHER_BIN")
	ino=$(stat -L -c %i "$TETHER_BIN")
	cp "$TETHER_HELPERS/exescan" "$R/bin/exescan"
	mkdir "$TMP/share"
	mkfifo "$TMP/share/fifo"
	# The payload: any binary of the image replaced by a script whose interpreter is
	# /proc/self/exe. Named "run" and found through an empty PATH entry from /bin, the host
	# binary would start as `tether run --env-file FIFO ...` and wait there, in plain view.
	printf '#!/proc/self/exe\n' >"$R/bin/run"
	chmod 755 "$R/bin/run"
	run -0 t run -d --name sec --rootfs "$R" --bind "$TMP/share:/mnt/rw" -- \
		/bin/exescan "$dev" "$ino" /mnt/rw/out /mnt/rw/stop /mnt/rw/fifo
	wait_until 10 grep -q ready "$TMP/share/out"
	# its status does not matter (2 here: the copy does not know the command "./run")
	timeout 20 "$TETHER_BIN" exec --state-dir "$SD" sec --env PATH=: --cwd /bin -- \
		run --env-file /mnt/rw/fifo --no-init --share pid --share mount --share uts \
		--share ipc -- /bin/true >/dev/null 2>&1 || true
	# the waiter, alive for the whole command, is not even readable there
	# shellcheck disable=SC2016 # expanded inside the container
	run -0 t exec sec -- /bin/sh -c 'readlink /proc/$PPID/exe 2>/dev/null || echo unreadable'
	assert_output unreadable
	touch "$TMP/share/stop"
	wait_until 10 grep -qx "done" "$TMP/share/out"
	run -0 cat "$TMP/share/out"
	assert_output "$(printf 'ready\ndone')"
}

@test "CVE-2024-21626 pattern through exec: the caller's descriptors 5 and 12 never reach the command" {
	start_rootfs
	# shellcheck disable=SC2016 # expanded inside the container
	run -0 t exec sec -- /bin/sh -c 'for f in 0 1 2 3 4 5 6 7 8 9 10 11 12 13; do [ -e /proc/$$/fd/$f ] && printf "%s " $f; done; true' 5</ 12<"$TMP"
	assert_output "0 1 2 "
}

@test "exec --user and run --user with a bad number or blank: exit 2 naming it, nothing runs" {
	start_rootfs
	local u
	for u in -5 4294967299 99999999999999999999 8:-3 +9 " 9" "9 " "" 5: :5 "a b" 7:+1; do
		run -2 --separate-stderr t exec sec --user "$u" -- /bin/id -u
		assert_equal "$output" ""
		assert_equal "${stderr%%$'\n'*}" "tether exec: --user '$u': expected USER[:GROUP], each a name or a number from 0 to 4294967294"
		run -2 --separate-stderr timeout 20 "$TETHER_BIN" run --rootfs "$R" --user "$u" -- /bin/id -u
		assert_equal "$output" ""
		assert_equal "${stderr_lines[0]}" "tether run: --user '$u': expected USER[:GROUP], each a name or a number from 0 to 4294967294"
	done
	# the largest id there is, 2^32-2, is fine
	run -0 t exec sec --user 4294967294:4294967294 -- /bin/sh -c 'id -u; id -g'
	assert_output "$(printf '4294967294\n4294967294')"
}

@test "the container's /etc/passwd as a trap: symlink, FIFO, 2 MiB file: 125 naming it, no hang" {
	start_rootfs
	ln -sf /dev/urandom "$R/etc/passwd"
	run -125 --separate-stderr timeout 10 "$TETHER_BIN" exec --state-dir "$SD" sec --user app -- /bin/true
	assert_equal "$stderr" "tether: --user app: /etc/passwd is a symbolic link"
	run -125 --separate-stderr timeout 10 "$TETHER_BIN" run --rootfs "$R" --user app -- /bin/true
	assert_equal "$stderr" "tether: --user app: $R/etc/passwd is a symbolic link"
	rm "$R/etc/passwd"
	mkfifo "$R/etc/passwd"
	run -125 --separate-stderr timeout 10 "$TETHER_BIN" exec --state-dir "$SD" sec --user 33 -- /bin/true
	assert_equal "$stderr" "tether: --user 33: /etc/passwd is not a regular file"
	rm "$R/etc/passwd"
	head -c 2097152 /dev/zero | tr '\0' x >"$R/etc/group"
	printf 'app:x:1000:1000::/home/app:/bin/sh\n' >"$R/etc/passwd"
	run -125 --separate-stderr timeout 10 "$TETHER_BIN" exec --state-dir "$SD" sec --user app:staff -- /bin/true
	assert_equal "$stderr" "tether: --user app:staff: /etc/group is larger than 1 MiB"
}

# A lookup reads the file's own size (plus a byte to see it grow), not a 1 MiB buffer each
# time: no anonymous mapping of the bound's size appears while --user is resolved.
@test "a --user lookup allocates for the file's size, not the 1 MiB bound" {
	command -v strace >/dev/null || skip "needs strace"
	printf 'svc:x:2345:2345::/:/bin/sh\n' >>"$R/etc/passwd"
	run -0 --separate-stderr strace -f -e trace=mmap -o "$TMP/trace" \
		"$TETHER_BIN" run --rootfs "$R" --user svc:staff -- /bin/id -u
	assert_output 2345
	run -1 grep -E 'mmap\(NULL, (10[4-9][0-9]{4}|1[1-9][0-9]{5}|[2-9][0-9]{6}),' "$TMP/trace"
}

@test "exec starts from the init's environment, not the caller's; HOME from --user's entry" {
	start_rootfs --clear-env --env FROM_RUN=42
	# shellcheck disable=SC2016 # expanded inside the container
	run -0 env CALLER_ONLY=7 "$TETHER_BIN" exec --state-dir "$SD" sec --user app --env X=1 -- /bin/env
	assert_line FROM_RUN=42
	assert_line X=1
	assert_line HOME=/home/app
	refute_line CALLER_ONLY=7
	# shellcheck disable=SC2016 # expanded inside the container
	run -0 t exec sec -- /bin/sh -c 'echo $HOME'
	assert_output /root
	# a container run as a user: exec runs as that user too, with no capability
	run -0 t run -d --name asapp --rootfs "$R" --user app:staff -- /bin/sh -c 'exec sleep 1000'
	# shellcheck disable=SC2016 # expanded inside the container
	run -0 t exec asapp -- /bin/sh -c 'id -u; id -g; echo $HOME; grep ^CapEff: /proc/self/status'
	assert_output --regexp "^1000"$'\n'"50"$'\n'"/home/app"$'\n'"CapEff:[[:space:]]+0+\$"
}

@test "a --rootfs container's environment starts clean; --env PATH= is where COMMAND is looked for" {
	run -0 env -i A1=1 A2=2 A3=3 TERM=vt220 PATH=/usr/bin:/bin "$TETHER_BIN" run --rootfs "$R" -- /bin/env
	assert_output "$(printf 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOME=/root\ncontainer=tether')"
	mkdir -p "$R/opt/tools"
	printf '#!/bin/sh\necho found\n' >"$R/opt/tools/only-here"
	chmod 755 "$R/opt/tools/only-here"
	run -0 tether_in --env PATH=/opt/tools -- only-here
	assert_output found
}

