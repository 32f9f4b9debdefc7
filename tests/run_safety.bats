#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# tether run: what must never happen. Descriptors leaking into the container, the host's
# init binary overwritten from inside, a setup failure passing for success, and a
# container outliving a launcher killed with SIGKILL at any point of its start-up.

load run_helpers

setup() { run_setup; }
teardown() { run_teardown; }

@test "only descriptors 0-2 inside, whatever tether inherited" {
	# bats holds fd 3; open more, with and without close-on-exec
	exec 7<"$TMP" 8>"$TMP/f8"
	# no pipe in the shell (its ends would be listed until it closes them), and a last
	# command that keeps ls a child of the shell listed: its own directory fd is not there
	run -0 "$TETHER_BIN" run --no-init -- sh -c 'ls /proc/$$/fd; true'
	assert_equal "${lines[*]}" "0 1 2"
	run -0 "$TETHER_BIN" run -- sh -c 'ls /proc/$$/fd; true'
	assert_equal "${lines[*]}" "0 1 2"
	# tether-init as PID 1 holds only 0-2 and its own: no socket, memfd or file of ours
	run -0 "$TETHER_BIN" run -- sh -c 'ls -l /proc/1/fd' 7<"$TMP/f8"
	refute_output --partial socket:
	refute_output --partial memfd
	refute_output --partial "$TMP"
	assert_output --regexp ' 0 -> '
	exec 7<&- 8>&-
}

@test "--preserve-fds N passes 3..3+N-1 and nothing else" {
	echo preserved >"$TMP/p"
	run -0 "$TETHER_BIN" run --no-init --preserve-fds 1 -- sh -c 'cat <&3; ls /proc/$$/fd; true' \
		3<"$TMP/p" 4<"$TMP/p"
	assert_equal "${lines[*]}" "preserved 0 1 2 3"
	run -0 "$TETHER_BIN" run --preserve-fds 1 -- sh -c 'cat <&3' 3<"$TMP/p"
	assert_output preserved
	run -125 --separate-stderr "$TETHER_BIN" run --no-init --preserve-fds 3 -- true 3<"$TMP/p" 4<&- 5<&-
	assert_equal "$stderr" "tether: preserve descriptor 4: Bad file descriptor"
}

@test "root in the container cannot write the host's tether-init through /proc/1/exe" {
	local before
	before=$(sha256sum <"$TETHER_INIT_BIN")
	run -0 "$TETHER_BIN" run -- sh -c 'readlink /proc/1/exe
		if printf x >>/proc/1/exe; then echo opened-append; fi
		if printf x | dd of=/proc/1/exe conv=notrunc status=none; then echo opened-write; fi
		if true >/proc/1/exe; then echo truncated; fi
		echo done' 2>/dev/null
	assert_line --index 0 "/memfd:tether-init (deleted)"
	refute_output --partial opened
	refute_output --partial truncated
	assert_line 'done'
	assert_equal "$(sha256sum <"$TETHER_INIT_BIN")" "$before"
}

@test "the init's memfd is sealed against writes, shrinking and growing" {
	require_cmd python3
	# open the memfd through PID 1's exe from the host side, as root can, and try
	tether_bg -- sleep 100
	wait_until 5 has_started
	run -0 python3 - "$(status_pid)" <<'PY'
import fcntl, os, sys
fd = os.open(f"/proc/{sys.argv[1]}/exe", os.O_RDONLY)
seals = fcntl.fcntl(fd, 1034)  # F_GET_SEALS
want = 0x1 | 0x2 | 0x4 | 0x8   # SEAL, SHRINK, GROW, WRITE
print("sealed" if seals & want == want else f"seals {seals:#x}")
PY
	assert_output sealed
}

@test "setup failures exit 125 and name the step" {
	run -125 --separate-stderr "$TETHER_BIN" run --init /nonexistent -- true
	assert_equal "$stderr" "tether: open init /nonexistent: No such file or directory"
	echo data >"$TMP/noexec"
	run -125 --separate-stderr "$TETHER_BIN" run --init "$TMP/noexec" -- true
	assert_equal "$stderr" "tether: open init $TMP/noexec: Permission denied"
	local long
	long=$(printf 'h%.0s' {1..65})
	run -125 --separate-stderr "$TETHER_BIN" run --hostname "$long" -- true
	assert_equal "$stderr" "tether: sethostname $long: Invalid argument"
	run -125 --separate-stderr "$TETHER_BIN" run --status-fd 9 -- true 9<&-
	assert_equal "$stderr" "tether: status descriptor 9: Bad file descriptor"
}

@test "a namespace the kernel refuses: exit 125 naming the clone" {
	require_cmd setpriv
	local c
	for c in "" TETHER_NO_CLONE3=1; do
		run -125 --separate-stderr env $c setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$TETHER_BIN" run --no-init -- true
		assert_equal "$stderr" "tether: clone into new pid,mount,uts,ipc namespaces: Operation not permitted"
	done
}

@test "a child that dies during setup is a failure, never a success" {
	local child
	TETHER_TEST_PAUSE_AT=hostname TETHER_TEST_RESUME="$TMP/resume" \
		tether_bg --no-init --hostname x -- true
	wait_file 5 "$TMP/err" "paused at hostname"
	child=$(child_of "$BG_PID")
	kill -s KILL "$child"
	bg_wait
	assert_equal "$BG_RC" 125
	assert_equal "$(tail -n 1 "$TMP/err")" "tether: container setup: process killed by SIGKILL during setup"
	run -0 jq -r 'select(.event == "exit") | "\(.how) \(.exit_code)"' "$TMP/status"
	assert_output "aborted 125"
	run ! grep -q '"event":"exec"' "$TMP/status"
}

# kill_launcher_at STEP [OPTIONS]: pauses start-up at STEP, kills the launcher with
# SIGKILL, lets the child go on, and checks that no process of the container remains.
kill_launcher_at() {
	local step=$1 child ns
	shift
	TETHER_TEST_PAUSE_AT=$step TETHER_TEST_RESUME="$TMP/resume" \
		tether_bg "$@" -- sleep 100
	wait_file 5 "$TMP/err" "paused at $step"
	child=$(child_of "$BG_PID")
	[ -n "$child" ] || fail "no container process at $step"
	ns=$(readlink "/proc/$child/ns/pid")
	kill -s KILL "$BG_PID"
	bg_wait
	touch "$TMP/resume"
	wait_until 5 proc_gone "$child" || fail "container process $child survived ($step)"
	wait_until 5 no_pids_in_ns "$ns" || fail "processes left in $ns ($step): $(pids_in_ns "$ns")"
	# An anonymous run killed this early was never registered: nothing in the directory.
	run -0 "$TETHER_BIN" list --json
	assert_output "[]"
	run -0 find "$TETHER_STATE_DIR" -mindepth 1
	assert_output ""
	rm -f "$TMP/resume" "$TMP/err"
}

@test "the launcher killed with SIGKILL during start-up leaves no container process" {
	local step
	for step in start configure mount-private mount-proc hostname session fds exec; do
		kill_launcher_at "$step" --hostname box
		kill_launcher_at "$step" --no-init --hostname box
	done
	TETHER_NO_CLONE3=1 kill_launcher_at start
}

@test "the launcher killed with SIGKILL while the container runs leaves nothing" {
	local init ns
	tether_bg -- sh -c "sleep 100 & sleep 100 & echo up > '$TMP/up'; wait"
	wait_file 5 "$TMP/up" up
	init=$(status_pid)
	ns=$(readlink "/proc/$init/ns/pid")
	[ "$(pids_in_ns "$ns" | wc -l)" -ge 4 ] || fail "expected init, sh and two sleeps"
	kill -s KILL "$BG_PID"
	bg_wait
	wait_until 5 no_pids_in_ns "$ns" || fail "left behind: $(pids_in_ns "$ns")"
}

@test "nothing is left on the host after any exit: no mount, no process, no file" {
	local before_mounts state=$TMP/state
	before_mounts=$(mount_snapshot)
	mkdir -p "$state"
	export TETHER_STATE_DIR=$state
	run -0 "$TETHER_BIN" run --net --hostname h -- sh -c 'echo x >/dev/shm/f; sleep 31.4159 & true'
	run -3 "$TETHER_BIN" run -- sh -c 'exit 3'
	run -143 "$TETHER_BIN" run -- sh -c 'kill -TERM $$'
	run -125 "$TETHER_BIN" run --init /nonexistent -- true
	run -127 "$TETHER_BIN" run -- /nonexistent
	run -125 "$TETHER_BIN" run --hostname "$(printf 'h%.0s' {1..100})" -- true
	# an anonymous container's entry goes with it; no process of ours is left in any state
	run -0 find "$state" -mindepth 1
	assert_output ""
	run -1 pgrep -f 'sleep 31.4159'
	assert_equal "$(mount_snapshot)" "$before_mounts"
}
