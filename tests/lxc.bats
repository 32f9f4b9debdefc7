#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016 # the container's script expands inside
# tether-init under LXC: `lxc-start` with `lxc.init.cmd` runs it as PID 1 (container=lxc,
# so SIGINT is its reboot signal): it mounts the /dev/shm and /dev/mqueue that LXC's
# autodev leaves out, `lxc-stop -r` reboots the container (the app gets SIGTERM and runs
# again), `lxc-stop` halts it. `lxc-execute` runs LXC's own init.lxc whatever lxc.init.cmd
# says: there `lxc-stop -r` only forwards SIGINT to the app. A busybox-static root of its
# own, containers under this file's own lxcpath (-P), no network.

load common

setup() {
	require_root
	require_cmd lxc-start
	[ -x /bin/busybox ] || skip "needs busybox-static (/bin/busybox)"
	[ -x "$TETHER_INIT_BIN" ] || fail "tether-init not built: $TETHER_INIT_BIN"
	T=$BATS_TEST_TMPDIR
	C=tether-lxc-$$-$BATS_TEST_NUMBER
	LP=$T/lxc
	IO=$T/io
	local root=$LP/$C/rootfs a
	mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,etc,io} "$IO"
	cp /bin/busybox "$root/bin/busybox"
	for a in sh sleep cat echo grep cut; do
		ln -s busybox "$root/bin/$a"
	done
	cp "$TETHER_INIT_BIN" "$root/sbin/tether-init"
	# The app: notes each run and the mounts it sees, exits 5 on SIGTERM, 6 on SIGINT.
	cat >"$root/app" <<'EOF'
#!/bin/sh
echo "run $1" >>/io/runs
grep -E ' /dev/(shm|mqueue) ' /proc/self/mounts | cut -d' ' -f2,3 >/io/mounts
trap 'echo TERM >>/io/runs; exit 5' TERM
trap 'echo INT >>/io/runs; exit 6' INT
echo ready >>/io/runs
while :; do sleep 0.05; done
EOF
	chmod 755 "$root/app"
	cat >"$LP/$C/config" <<EOF
lxc.include = /usr/share/lxc/config/common.conf
lxc.uts.name = $C
lxc.rootfs.path = dir:$root
lxc.net.0.type = empty
lxc.apparmor.profile = unconfined
lxc.mount.entry = $IO io none bind,create=dir 0 0
lxc.init.cmd = /sbin/tether-init -- /app lxc-start
EOF
}

teardown() {
	lxc-stop -P "$LP" -n "$C" -k >/dev/null 2>&1 || true
}

lx() {
	local cmd=$1
	shift
	timeout 30 "lxc-$cmd" -P "$LP" -n "$C" "$@"
}

# runs_are LINE...: the app's notes so far, one argument a line.
runs_are() {
	[ "$(cat "$IO/runs" 2>/dev/null)" = "$(printf '%s\n' "$@")" ]
}

@test "lxc-start, lxc.init.cmd: tether-init mounts /dev/shm and /dev/mqueue; lxc-stop -r reboots, lxc-stop halts" {
	run -0 lx start -d -o "$T/log"
	wait_until 10 runs_are "run lxc-start" ready || fail "no start: $(cat "$IO/runs" "$T/log")"
	run -0 cat "$IO/mounts"
	assert_output "/dev/shm tmpfs
/dev/mqueue mqueue"
	# the reboot signal: the app is stopped (SIGTERM), the container starts again
	run -0 lx stop -r
	wait_until 10 runs_are "run lxc-start" ready TERM "run lxc-start" ready ||
		fail "no reboot: $(cat "$IO/runs")"
	run -0 lx info -s
	assert_output --partial RUNNING
	# the halt signal (SIGPWR): stopped for good
	run -0 lx stop
	runs_are "run lxc-start" ready TERM "run lxc-start" ready TERM || fail "$(cat "$IO/runs")"
	run -0 lx info -s
	assert_output --partial STOPPED
}

@test "lxc-execute runs init.lxc, not lxc.init.cmd: lxc-stop -r forwards SIGINT, no reboot" {
	lx execute -o "$T/log" -- /app lxc-execute >/dev/null 2>&1 &
	local pid=$!
	wait_until 10 runs_are "run lxc-execute" ready || fail "no start: $(cat "$IO/runs" "$T/log")"
	# its status is LXC's view of a reboot that did not happen (1 here): not the point
	run lx stop -r
	wait "$pid" || true
	runs_are "run lxc-execute" ready INT || fail "$(cat "$IO/runs")"
	run -0 lx info -s
	assert_output --partial STOPPED
}
