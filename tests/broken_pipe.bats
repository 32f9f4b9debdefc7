#!/usr/bin/env bats
# A stderr (or status descriptor) whose reader is gone changes nothing: tether and
# tether-init exit as they would, as fast, at every verbosity; their own SIGPIPE is never
# forwarded, while one sent by another process still reaches the application.

load run_helpers

setup() {
	run_setup
	require_cmd python3
}
teardown() { run_teardown; }

# broken FD COMMAND...: COMMAND with FD a pipe whose read end is closed (SIGPIPE at its
# default action, as python would otherwise leave it ignored across exec). broken_exec
# replaces the calling shell: for `broken_exec ... &`, whose $! is then COMMAND's pid.
broken() { (broken_exec "$@"); }
broken_exec() {
	exec python3 -c 'import os, signal, sys
r, w = os.pipe()
os.close(r)
fd = int(sys.argv[1])
if w != fd:
    os.dup2(w, fd)
    os.close(w)
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
os.execvp(sys.argv[2], sys.argv[2:])' "$@"
}

# Milliseconds since the epoch.
ms() { echo $(($(date +%s%N) / 1000000)); }

@test "tether run with a broken stderr: the app's status, in its time, at every verbosity" {
	local v t0 rc
	# tether run's verbosity has its long name only (-v is --volume, as in docker run)
	for v in "" --verbose "--verbose --verbose" "--verbose --verbose --verbose"; do
		t0=$(ms)
		rc=0
		# shellcheck disable=SC2086 # $v: no word or one
		broken 2 timeout -s KILL 20 "$TETHER_BIN" run $v -- sh -c 'sleep 0.2; exit 7' || rc=$?
		[ "$rc" = 7 ] || fail "run $v: exit $rc"
		# the old spin never ended (timeout: 124); a loaded machine gets 10 s
		[ $(($(ms) - t0)) -lt 10000 ] || fail "run $v: $(($(ms) - t0)) ms"
	done
}

@test "tether-init with a broken stderr: the app's status at every verbosity" {
	local v rc
	for v in "" -v -vv -vvv; do
		rc=0
		# shellcheck disable=SC2086
		broken 2 timeout -s KILL 20 unshare --pid --fork --mount-proc "$TETHER_INIT_BIN" $v -- \
			sh -c 'sleep 0.1; exit 9' || rc=$?
		[ "$rc" = 9 ] || fail "pid 1 $v: exit $rc"
		rc=0
		# shellcheck disable=SC2086
		broken 2 timeout -s KILL 20 "$TETHER_INIT_BIN" $v -- sh -c 'sleep 0.1; exit 8' || rc=$?
		[ "$rc" = 8 ] || fail "child $v: exit $rc"
	done
}

@test "tether's own SIGPIPE (status descriptor) is not forwarded; another's reaches init" {
	# a broken --status-fd: each status line raises SIGPIPE in tether, for nobody else
	run -4 broken 9 timeout -s KILL 20 "$TETHER_BIN" run --verbose --status-fd 9 -- sh -c \
		"trap 'echo got >>\"$TMP/pipe\"' PIPE; sleep 0.3; exit 4"
	[ ! -e "$TMP/pipe" ] || fail "the application got tether's SIGPIPE"
	# with a broken stderr too, a SIGPIPE from here is forwarded as before
	broken_exec 2 "$TETHER_BIN" run --verbose --verbose --no-init -- "$HELPERS/run_pid1" record "$TMP/rec" &
	BG_PID=$!
	wait_file 5 "$TMP/rec" ready
	kill -s PIPE "$BG_PID"
	wait_file 5 "$TMP/rec" '^SIGPIPE$'
	kill -s TERM "$BG_PID"
	bg_wait
	assert_equal "$BG_RC" 0
	assert_equal "$(grep -c '^SIGPIPE$' "$TMP/rec")" 1
}
