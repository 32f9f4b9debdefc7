#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# tether run: the namespaces it creates or shares (compared through /proc/PID/ns), both
# clone paths, /proc, hostname and the host's mount table.

load run_helpers

setup() { run_setup; }
teardown() { run_teardown; }

# ns_inside OPTIONS...: prints "name link" for each namespace, as seen inside.
# shellcheck disable=SC2016 # expanded by the shell inside the container
ns_inside() {
	"$TETHER_BIN" run --no-init "$@" -- sh -c \
		'for n in pid mnt uts ipc net cgroup time; do echo "$n $(readlink /proc/self/ns/$n)"; done'
}

# check_ns OUTPUT NAME new|shared
check_ns() {
	local inside host
	inside=$(awk -v n="$2" '$1 == n { print $2 }' <<<"$1")
	host=$(readlink "/proc/$$/ns/$2")
	[ -n "$inside" ] || fail "no $2 namespace seen inside"
	if [ "$3" = new ]; then
		[ "$inside" != "$host" ] || fail "$2: expected a new namespace, got the host's $host"
	else
		[ "$inside" = "$host" ] || fail "$2: expected the host's $host, got $inside"
	fi
}

@test "by default: new pid, mount, uts and ipc namespaces; net, cgroup, time shared" {
	local out
	out=$(ns_inside)
	check_ns "$out" pid new
	check_ns "$out" mnt new
	check_ns "$out" uts new
	check_ns "$out" ipc new
	check_ns "$out" net shared
	check_ns "$out" cgroup shared
	check_ns "$out" time shared
}

@test "--net, --cgroupns and --timens each add their namespace" {
	local opt ns out
	for opt in --net:net --cgroupns:cgroup --timens:time; do
		ns=${opt#*:}
		out=$(ns_inside "${opt%%:*}")
		check_ns "$out" "$ns" new
		check_ns "$out" pid new
	done
}

@test "--share keeps each default namespace of the host" {
	local share out
	for share in pid:pid mount:mnt uts:uts ipc:ipc; do
		out=$(ns_inside --share "${share%%:*}")
		check_ns "$out" "${share#*:}" shared
	done
	out=$(ns_inside --share pid --share mount --share uts --share ipc)
	check_ns "$out" pid shared
	check_ns "$out" mnt shared
	check_ns "$out" uts shared
	check_ns "$out" ipc shared
}

@test "--net: only lo, and it is up" {
	require_cmd ip
	run -0 "$TETHER_BIN" run --no-init --net -- ip -o link show
	assert_equal "${#lines[@]}" 1
	assert_output --regexp '^1: lo: <LOOPBACK,UP,LOWER_UP>'
}

@test "both clone paths create the namespaces: clone3, and clone(2) when forced or refused" {
	require_cmd jq
	# mode | environment | seccomp errno for clone3 | expected path
	local -a cases=(
		"default||0|clone3"
		"TETHER_NO_CLONE3=1|TETHER_NO_CLONE3=1|0|clone"
		"clone3 refused with EPERM||1|clone"
		"clone3 missing (ENOSYS)||38|clone"
	)
	local c mode envv errno want out
	for c in "${cases[@]}"; do
		IFS='|' read -r mode envv errno want <<<"$c"
		local -a cmd=(env)
		[ -z "$envv" ] || cmd+=("$envv")
		[ "$errno" = 0 ] || cmd+=("$HELPERS/run_noclone3" "$errno")
		out=$("${cmd[@]}" "$TETHER_BIN" run --status-fd 9 --no-init -- \
			readlink /proc/self/ns/pid /proc/self/ns/mnt 9>"$TMP/status")
		[ "$(sed -n 1p <<<"$out")" != "$(readlink /proc/$$/ns/pid)" ] || fail "$mode: pid ns shared"
		[ "$(sed -n 2p <<<"$out")" != "$(readlink /proc/$$/ns/mnt)" ] || fail "$mode: mount ns shared"
		run -0 jq -r 'select(.event == "started") | .clone' "$TMP/status"
		assert_output "$want"
	done
}

@test "clone3 failing with anything but ENOSYS or EPERM is a setup failure, no fallback" {
	run -125 --separate-stderr "$HELPERS/run_noclone3" 22 "$TETHER_BIN" run --no-init -- true
	assert_equal "$stderr" "tether: clone into new pid,mount,uts,ipc namespaces: Invalid argument"
}

@test "/proc inside shows only the container's processes" {
	run -0 "$TETHER_BIN" run --no-init -- sh -c 'echo /proc/[0-9]*'
	assert_output "/proc/1"
	run -0 "$TETHER_BIN" run -- sh -c 'echo /proc/[0-9]*'
	assert_output "/proc/1 /proc/2"
	# both clone paths mount it
	TETHER_NO_CLONE3=1 run -0 "$TETHER_BIN" run --no-init -- sh -c 'echo /proc/[0-9]*'
	assert_output "/proc/1"
}

@test "--hostname sets the container's, never the host's" {
	local host
	host=$(hostname)
	run -0 "$TETHER_BIN" run --hostname tether-box -- hostname
	assert_output tether-box
	run -0 "$TETHER_BIN" run --no-init --hostname tether-box -- cat /proc/sys/kernel/hostname
	assert_output tether-box
	assert_equal "$(hostname)" "$host"
}

@test "no mount of the container is visible on the host, during or after the run" {
	local before
	before=$(mount_snapshot)
	mkfifo "$TMP/go"
	mkdir "$TMP/mnt"
	tether_bg -- sh -c "mount -t tmpfs tether-test '$TMP/mnt' && echo mounted > '$TMP/ready' && read x < '$TMP/go'"
	wait_file 5 "$TMP/ready" mounted
	assert_equal "$(mount_snapshot)" "$before"
	run ! grep -q tether-test /proc/self/mountinfo
	echo go >"$TMP/go"
	bg_wait
	assert_equal "$BG_RC" 0
	assert_equal "$(mount_snapshot)" "$before"
}

@test "--share mount with a new pid namespace: no /proc mounted over the host's" {
	local before
	before=$(mount_snapshot)
	run -0 "$TETHER_BIN" run --no-init --share mount -- sh -c 'echo $$'
	assert_output 1
	assert_equal "$(mount_snapshot)" "$before"
}
