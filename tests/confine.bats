#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# Resource limits and confinement on the host: the container's own cgroup v2 (placement,
# removal, the clear error where a controller is missing), seccomp, --ulimit. The limits
# themselves, with real controllers, are tested in the VM (tests/vm/cgroup.bats).

load rootfs_helpers

setup() {
	rootfs_setup
	cp "$TETHER_HELPERS/sysprobe" "$R/bin/sysprobe"
	ln -s busybox "$R/bin/unshare"
	V2=$(cgroup2_root)
}
teardown() {
	[ -z "${CG_PARENT:-}" ] || rmdir "$CG_PARENT" 2>/dev/null || true
	rootfs_teardown
}

@test "bad limit values exit 2 with the reason" {
	local -a cases=(
		"--memory: bad size '12x'|--memory 12x true"
		"--memory: bad size '0'|--memory 0 true"
		"--cpus: bad number '0.0001' (0.01 to 4096)|--cpus 0.0001 true"
		"--cpus: bad number '1,5' (0.01 to 4096)|--cpus 1,5 true"
		"--pids-limit: bad number 'many'|--pids-limit many true"
		"--cpu-weight: bad weight '0' (1 to 10000)|--cpu-weight 0 true"
		"--io-weight: bad weight '20000' (1 to 10000)|--io-weight 20000 true"
		"--memory-swap needs --memory|--memory-swap 1g true"
		"--memory-swap is memory and swap together: at least --memory|--memory 2g --memory-swap 1g true"
		"--security-opt: unknown 'apparmor=x' (seccomp=unconfined, seccomp=default)|--security-opt apparmor=x true"
		"--ulimit: nofile=9:3: the soft limit is above the hard one|--ulimit nofile=9:3 true"
		"--ulimit: nofiles=3: unknown limit (core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack, as)|--ulimit nofiles=3 true"
		"--ulimit: core=x: bad value (a number, -1 or unlimited)|--ulimit core=x true"
		"--ulimit: stack: expected NAME=SOFT[:HARD]|--ulimit stack true"
	)
	local c msg args
	for c in "${cases[@]}"; do
		msg=${c%%|*}
		read -ra args <<<"${c#*|}"
		run -2 --separate-stderr "$TETHER_BIN" run "${args[@]}"
		assert_equal "${stderr_lines[0]}" "tether run: $msg"
	done
}

@test "each container gets its own cgroup under the launcher's, removed at its end" {
	[ -n "$V2" ] && [ -w "$V2" ] || skip "no writable cgroup v2 hierarchy"
	local own
	own=$(sed -n 's/^0:://p' /proc/self/cgroup)
	own=${own%/}
	# Other runs on this machine share the launcher's cgroup: each container's own cgroup
	# is checked by its name, never by counting what else is there.
	run -0 "$TETHER_BIN" run -- sed -n 's/^0:://p' /proc/self/cgroup
	assert_line --index 0 --regexp "^$own/tether-[0-9]+\$"
	assert [ ! -e "$V2${lines[0]}" ]
	# Without clone3 (so without CLONE_INTO_CGROUP) the child joins it itself, also from
	# inside a new user namespace.
	run -0 env TETHER_NO_CLONE3=1 "$TETHER_BIN" run -- sed -n 's/^0:://p' /proc/self/cgroup
	assert_output --regexp "^$own/tether-[0-9]+\$"
	assert [ ! -e "$V2$output" ]
	run -0 env TETHER_NO_CLONE3=1 "$TETHER_BIN" run --userns -- sed -n 's/^0:://p' /proc/self/cgroup
	assert_output --regexp "^$own/tether-[0-9]+\$"
	assert [ ! -e "$V2$output" ]
	# --cgroup-parent: made when missing, the container's cgroup below it. This test's
	# own parent (teardown removes it), where nothing else runs: emptiness can be counted.
	# Not named tether-*: every launcher in the shared cgroup sweeps empty ones of those.
	CG_PARENT=$V2$own/confine-test-$$
	run -0 "$TETHER_BIN" run --cgroup-parent "confine-test-$$" -- sed -n 's/^0:://p' /proc/self/cgroup
	assert_output --regexp "^$own/confine-test-$$/tether-[0-9]+\$"
	run -0 env TETHER_NO_CLONE3=1 "$TETHER_BIN" run --cgroup-parent "confine-test-$$" -- true
	run -0 find "$CG_PARENT" -mindepth 1 -maxdepth 1 -type d
	assert_output ''
}

@test "an orphan cgroup beside the container's is removed once it has run 0.1 s, not by a short run" {
	[ -n "$V2" ] || skip "no cgroup v2 hierarchy"
	local own
	own=$(sed -n 's/^0:://p' /proc/self/cgroup)
	[ "$own" != / ] || own=""
	# This test's own parent, with an orphan of a launcher killed long ago (an unused pid's
	# name, nobody's flock, no process in it) and a directory that is not tether's.
	CG_PARENT=$V2$own/confine-sweep-$$
	mkdir -p "$CG_PARENT/tether-4194304" "$CG_PARENT/keep-me"
	run -0 "$TETHER_BIN" run --cgroup-parent "confine-sweep-$$" -- true
	assert [ -d "$CG_PARENT/tether-4194304" ]
	mkfifo "$BATS_TEST_TMPDIR/go"
	"$TETHER_BIN" run --cgroup-parent "confine-sweep-$$" -- \
		sh -c "read x <'$BATS_TEST_TMPDIR/go'" &
	local mon=$!
	wait_until 5 eval "[ ! -e '$CG_PARENT/tether-4194304' ]" || fail "the orphan stayed"
	echo >"$BATS_TEST_TMPDIR/go"
	wait "$mon" || fail "the run failed"
	run -0 find "$CG_PARENT" -mindepth 1 -maxdepth 1 -type d
	assert_output "$CG_PARENT/keep-me"
	rmdir "$CG_PARENT/keep-me"
}

@test "a limit whose controller the hierarchy lacks is 125, naming the controller" {
	[ -n "$V2" ] || skip "no cgroup v2 hierarchy"
	grep -qw memory "$V2/cgroup.controllers" && skip "this host's cgroup v2 has controllers"
	local opt ctl
	for opt in "--memory 20m:memory" "--pids-limit 7:pids" "--cpus 1.5:cpu" "--io-weight 30:io"; do
		ctl=${opt#*:}
		# shellcheck disable=SC2086 # the option and its value
		run -125 --separate-stderr "$TETHER_BIN" run ${opt%:*} -- true
		assert_equal "$stderr" "tether: ${opt%% *}: $ctl controller not available on the cgroup v2 hierarchy"
	done
	run -0 find "$V2" -maxdepth 2 -name "tether-$$*"
	assert_output ''
}

@test "seccomp: a default container gets EPERM from unshare, keyctl, bpf and namespace clones" {
	run -0 tether_in -- /bin/sysprobe keyctl bpf unshare-user clone-newns getpid
	assert_output "keyctl errno 1
bpf errno 1
unshare-user errno 1
clone-newns errno 1
getpid ok"
	run -1 --separate-stderr tether_in -- unshare -U -r true
	assert_equal "$stderr" "unshare: unshare(0x10000000): Operation not permitted"
	# Ordinary programs run: busybox's shell and the static helper.
	run -0 tether_in -- sh -c 'expr 6 \* 7; cat /etc/marker'
	assert_output "42
rootfs-marker"
}

@test "seccomp: unconfined lets unshare -U through; a plain run has no filter; seccomp=default adds it" {
	run -0 tether_in --security-opt seccomp=unconfined -- unshare -U -r true
	run -0 tether_in --security-opt seccomp=unconfined -- /bin/sysprobe keyctl unshare-user
	assert_output "keyctl ok
unshare-user ok"
	run -0 "$TETHER_BIN" run -- "$TETHER_HELPERS/sysprobe" unshare-user
	assert_output "unshare-user ok"
	# With every capability the container still has none of the never-allowed calls.
	run -0 "$TETHER_BIN" run --security-opt seccomp=default -- "$TETHER_HELPERS/sysprobe" keyctl unshare-user
	assert_output "keyctl errno 1
unshare-user ok"
	# --cap-add SYS_ADMIN allows what the profile ties to it.
	run -0 tether_in --cap-add SYS_ADMIN -- /bin/sysprobe unshare-user keyctl
	assert_output "unshare-user ok
keyctl errno 1"
}

@test "--ulimit NAME=SOFT[:HARD] is set before exec, as root and as a user" {
	run -0 tether_in --ulimit nofile=77:99 --ulimit core=0 -- sh -c 'ulimit -n; ulimit -Hn; ulimit -c'
	assert_output "77
99
0"
	run -0 tether_in --user app --ulimit nofile=55 --ulimit nproc=300:400 -- sh -c 'ulimit -n; ulimit -Hn; ulimit -u; ulimit -Hu'
	assert_output "55
55
300
400"
	# Above the launcher's own hard limit without CAP_SYS_RESOURCE: refused, named.
	if [ $((0x$(awk '/^CapEff/ { print $2 }' /proc/self/status) >> 24 & 1)) -eq 0 ]; then
		run -125 --separate-stderr tether_in --ulimit nproc=unlimited -- true
		assert_equal "$stderr" "tether: set resource limit nproc=unlimited: Operation not permitted"
	fi
}

@test "the device filter: with the default capability set only the standard nodes and --device open" {
	[ -n "$V2" ] && [ -w "$V2" ] || skip "no writable cgroup v2 hierarchy"
	local node=$TMP/node
	# kmsg (1:11; opening it to write needs no capability), made where nodev does not
	# apply: the filter alone refuses it.
	run --separate-stderr "$TETHER_BIN" run --cap-add MKNOD -- \
		sh -c "mknod $node c 1 11 || exit 9; exec 3>$node && echo opened"
	refute_output opened
	assert_regex "$stderr" "$node'?: Operation not permitted"
	rm -f "$node"
	# The control: no cgroup, no filter.
	run -0 "$TETHER_BIN" run --no-cgroup --cap-add MKNOD -- sh -c "mknod $node c 1 11 && exec 3>$node"
	rm -f "$node"
	run -0 "$TETHER_BIN" run --cap-add MKNOD -- sh -c "mknod $node c 1 3 && echo x >$node && echo null"
	assert_output null
	rm -f "$node"
	# --device adds the node to the filter: loop-control, which the filter refuses otherwise.
	[ -c /dev/loop-control ] || skip "no /dev/loop-control"
	run -0 tether_in --device /dev/loop-control -- sh -c 'exec 3</dev/loop-control && echo opened'
	assert_output opened
}
