#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr: set by bats' run --separate-stderr
# cgroup v2 limits with real controllers: only in the VM (tests/vm/run), where the
# launcher sits in the root of a unified hierarchy with every controller.

load ../lifecycle_helpers

setup() {
	lc_setup
	grep -qw memory /sys/fs/cgroup/cgroup.controllers || skip "needs the memory controller"
}

teardown() {
	lc_teardown
	# Whatever the test did, no container cgroup outlives it.
	t list >/dev/null 2>&1 || true
	run -0 find /sys/fs/cgroup -maxdepth 1 -name 'tether-*'
	assert_output ''
}

cg_of() { # the cgroup directory of NAME's init
	local pid
	pid=$(t list --json | jq -r --arg n "$1" '.[] | select(.name == $n) | .pid')
	echo "/sys/fs/cgroup$(sed -n 's/^0:://p' "/proc/$pid/cgroup")"
}

no_tether_cgroups() { [ -z "$(find /sys/fs/cgroup -maxdepth 1 -name 'tether-*')" ]; }

@test "vm: --memory 32m: an out-of-memory kill is 137, said, and oom_killed in the status" {
	run -137 --separate-stderr "$TETHER_BIN" run --memory 32m --status-fd 3 -- \
		sh -c 'tail /dev/zero' 3>"$TMP/status"
	assert_equal "$stderr" "tether: container: out of memory: 1 process killed (oom_killed, --memory)"
	run -0 jq -r 'select(.event == "exit") | "\(.exit_code) \(.oom_killed)"' "$TMP/status"
	assert_output "137 true"
	# The record says it too, for status and its --json, as docker inspect's OOMKilled.
	run -137 t run --name hog --memory 24m -- sh -c 'tail /dev/zero'
	run -0 t status --json hog
	echo "$output" | jq -e '.oom_killed == true and .exit_status == 137'
	run -0 t status hog
	assert_line "oom killed:   yes"
	# Below the limit: no such report.
	run -0 t run --name lean --memory 40m -- true
	run -0 t status --json lean
	echo "$output" | jq -e '.oom_killed == false'
	run -0 --separate-stderr "$TETHER_BIN" run --memory 48m --status-fd 3 -- true 3>"$TMP/status"
	assert_equal "$stderr" ""
	run -0 jq -r 'select(.event == "exit") | .oom_killed' "$TMP/status"
	assert_output null
}

@test "vm: --pids-limit 20 stops a fork bomb at 20; stats shows it; stop leaves nothing" {
	run -0 t run -d --name bomb --pids-limit 20 --log-file "$TMP/log" -- "$TETHER_HELPERS/sysprobe" forks
	wait_until 20 grep -q forked "$TMP/log"
	# tether-init, sysprobe and 18 children; fork failed with EAGAIN.
	run -0 cat "$TMP/log"
	assert_output "forked 18 errno 11"
	cg=$(cg_of bomb)
	run -0 grep -q '^max [1-9]' "$cg/pids.events"
	run -0 cat "$cg/pids.current"
	assert_output 20
	run -0 t stats bomb --json
	run -0 jq -r '"\(.pids_current) \(.pids_max)"' <<<"$output"
	assert_output "20 20"
	# The host still forks.
	run -0 true
	run t stop -t 1 bomb
	run -1 test -e "$cg"
}

@test "vm: --cpus 0.5 holds a busy loop near half a core, throttled by the kernel" {
	run -0 t run -d --name busy --cpus 0.5 -- sh -c 'while :; do :; done'
	cg=$(cg_of busy)
	run -0 cat "$cg/cpu.max"
	assert_output "50000 100000"
	u0=$(awk '/^usage_usec/ { print $2 }' "$cg/cpu.stat")
	t0=$(date +%s%N)
	sleep 4
	u1=$(awk '/^usage_usec/ { print $2 }' "$cg/cpu.stat")
	t1=$(date +%s%N)
	thr=$(awk '/^nr_throttled/ { print $2 }' "$cg/cpu.stat")
	# usage per wall time, in per cent of one CPU: 50 wanted; an unlimited loop takes 100.
	pct=$(((u1 - u0) * 100000 / (t1 - t0)))
	echo "# cpu: $pct% of a core, throttled $thr times" >&3
	[ "$pct" -ge 30 ] && [ "$pct" -le 60 ] || fail "used $pct% of a core"
	[ "$thr" -ge 20 ] || fail "throttled only $thr times"
	run -0 t stats busy --json
	run -0 jq -r '.cpu_usage_usec > 1000000' <<<"$output"
	assert_output true
	run -143 t stop -t 1 busy
}

@test "vm: tether stop of a container that keeps forking leaves no process and no cgroup" {
	run -0 t run -d --name forker --share pid --no-init -- \
		sh -c 'while :; do (sleep 1000 &) ; done'
	cg=$(cg_of forker)
	wait_until 20 test "$(wc -l <"$cg/cgroup.procs")" -gt 30
	# SIGPWR ends the shell (no init): 128+30.
	run -158 t stop -t 1 forker
	run -1 test -e "$cg"
	run -1 pgrep -f 'sleep 1000'
}

@test "vm: tether stats: plausible memory, pids and CPU numbers" {
	run -0 t run -d --name st --memory 64m -- sh -c 'while :; do sleep 1; done'
	run -0 t stats st --json
	local j=$output
	run -0 jq -r '[.memory_current > 100000, .memory_current < .memory_max,
		.memory_max == 67108864, .memory_peak >= .memory_current,
		.pids_current >= 2, .cpu_usage_usec > 0] | all' <<<"$j"
	assert_output true
	run -0 t stats st
	assert_line --index 0 --regexp '^NAME +MEM +MEM_PEAK'
	run -143 t stop -t 1 st
}

@test "vm: the cgroup is gone after every end: exit, exec failure, kill, setup failure, SIGKILL of the launcher" {
	run -3 "$TETHER_BIN" run --pids-limit 50 -- sh -c 'exit 3'
	run -127 "$TETHER_BIN" run --no-init --pids-limit 50 -- /nonexistent
	run -137 "$TETHER_BIN" run --pids-limit 50 -- sh -c 'kill -KILL $$'
	run -125 "$TETHER_BIN" run --pids-limit 50 --rootfs /nonexistent -- true
	run -0 no_tether_cgroups
	# The launcher killed: its cgroup is an orphan, removed by the next `tether list`.
	"$TETHER_BIN" run --pids-limit 50 -- sleep 1000 &
	local pid=$!
	wait_until 10 test -d "/sys/fs/cgroup/tether-$pid"
	kill -KILL "$pid"
	wait "$pid" || true
	wait_until 10 test "$(cat "/sys/fs/cgroup/tether-$pid/cgroup.procs" 2>/dev/null)" = ""
	run -0 t list
	run -1 test -e "/sys/fs/cgroup/tether-$pid"
}

@test "vm: --cgroupns where the child joins its cgroup itself (clone(2)): that cgroup is its /" {
	local how
	for how in clone3 clone2; do
		if [ "$how" = clone2 ]; then
			run -0 env TETHER_NO_CLONE3=1 "$TETHER_BIN" run --cgroupns --no-init -- \
				cat /proc/self/cgroup
		else
			run -0 "$TETHER_BIN" run --cgroupns --no-init -- cat /proc/self/cgroup
		fi
		assert_output "0::/"
	done
}
