#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# tether run: the launcher's signal table. SIGINT/SIGTERM ask init for a graceful halt
# (SIGPWR), a second one kills it (SIGKILL); SIGCHLD is ignored; every other signal goes
# to init unchanged. PID 1 is the run_pid1 helper (--no-init), which records what it gets,
# or the real tether-init; Ctrl-C goes through a real terminal (the pty helper).

load run_helpers

setup() { run_setup; }
teardown() { run_teardown; }

count_is() { [ "$(grep -c -- "$2" "$1")" -eq "$3" ]; }

# Starts the recording PID 1 and waits until it has its signals blocked.
start_recorder() {
	tether_bg --no-init -- "$HELPERS/run_pid1" record "$TMP/rec"
	wait_file 5 "$TMP/rec" ready
}

@test "HUP, USR1, USR2, QUIT, WINCH, CONT, ALRM, PIPE reach init unchanged; CHLD does not" {
	local s
	start_recorder
	for s in HUP USR1 USR2 QUIT WINCH CONT ALRM PIPE CHLD; do
		kill -s "$s" "$BG_PID"
		[ "$s" = CHLD ] && continue
		wait_file 5 "$TMP/rec" "^SIG$s\$"
	done
	# CHLD was sent before this USR1: had it been forwarded, it would be recorded first
	kill -s USR1 "$BG_PID"
	wait_until 5 count_is "$TMP/rec" '^SIGUSR1$' 2
	run ! grep -q '^SIGCHLD$' "$TMP/rec"
	kill -s TERM "$BG_PID"
	bg_wait
	assert_equal "$BG_RC" 0
}

@test "SIGTERM to tether: SIGPWR to init, which halts: exit 0" {
	start_recorder
	kill -s TERM "$BG_PID"
	bg_wait
	assert_equal "$BG_RC" 0
	assert_equal "$(tail -n 1 "$TMP/rec")" SIGPWR
	run ! grep -q '^SIGTERM$' "$TMP/rec"
	run -0 jq -r 'select(.event == "exit") | "\(.how) \(.signal) \(.exit_code)"' "$TMP/status"
	assert_output "halted SIGINT 0"
}

@test "SIGINT to tether: SIGPWR to init (not SIGINT, its reboot signal): exit 130" {
	start_recorder
	kill -s INT "$BG_PID"
	bg_wait
	assert_equal "$BG_RC" 130
	assert_equal "$(tail -n 1 "$TMP/rec")" SIGPWR
	run ! grep -q '^SIGINT$' "$TMP/rec"
}

# The recorder writing into a FIFO that this shell holds open as REC_FD: each record is
# read the moment it is written, with no polling. "ready" may come before tether has seen
# the exec succeed: a signal sent at once must still be handled as after the start.
start_recorder_fifo() {
	rm -f "$TMP/rec"
	mkfifo "$TMP/rec"
	exec {REC_FD}<>"$TMP/rec"
	tether_bg --no-init -- "$HELPERS/run_pid1" record "$TMP/rec" "$@"
	next_record ready
}

# next_record LINE: reads records up to LINE (60 s at most, a bound for a hang only).
next_record() {
	local line rc=0
	while :; do
		read -r -t 60 -u "$REC_FD" line || rc=$?
		[ "$rc" -eq 0 ] || fail "no record $1 (read: $rc); tether said: $(cat "$TMP/err")"
		[ "$line" != "$1" ] || return 0
	done
}

@test "a second SIGTERM or SIGINT kills init: exit 137 with a message" {
	local first second
	for first in TERM INT; do
		for second in INT TERM; do
			start_recorder_fifo nohalt
			kill -s "$first" "$BG_PID"
			next_record SIGPWR
			kill -s "$second" "$BG_PID"
			bg_wait
			assert_equal "$BG_RC" 137
			assert_equal "$(cat "$TMP/err")" "tether: container killed by SIGKILL"
			exec {REC_FD}<&-
		done
	done
}

@test "--halt-signal changes what SIGTERM sends to init" {
	tether_bg --no-init --halt-signal USR2 -- "$HELPERS/run_pid1" record "$TMP/rec2" nohalt
	wait_file 5 "$TMP/rec2" ready
	kill -s TERM "$BG_PID"
	wait_file 5 "$TMP/rec2" '^SIGUSR2$'
	kill -s TERM "$BG_PID"
	bg_wait
	assert_equal "$BG_RC" 137
}

@test "with tether-init: SIGTERM stops the application gracefully, init halts: exit 0" {
	tether_bg -- sh -c "trap 'echo stopped > \"$TMP/app\"; exit 0' TERM; echo up > \"$TMP/app\"; while :; do sleep 0.05; done"
	wait_file 5 "$TMP/app" up
	kill -s TERM "$BG_PID"
	bg_wait
	assert_equal "$BG_RC" 0
	assert_equal "$(cat "$TMP/app")" stopped
	run -0 jq -r 'select(.event == "exit") | .how' "$TMP/status"
	assert_output halted
}

@test "with tether-init: HUP and USR1 reach the application through init" {
	tether_bg -- sh -c "trap 'echo HUP >> \"$TMP/app\"' HUP; trap 'echo USR1 >> \"$TMP/app\"' USR1; echo up > \"$TMP/app\"; while :; do sleep 0.05; done"
	wait_file 5 "$TMP/app" up
	kill -s HUP "$BG_PID"
	wait_file 5 "$TMP/app" '^HUP$'
	kill -s USR1 "$BG_PID"
	wait_file 5 "$TMP/app" '^USR1$'
	kill -s TERM "$BG_PID"
	bg_wait
	assert_equal "$BG_RC" 0
}

@test "Ctrl-C on the terminal: graceful halt, exit 130" {
	run -130 "$HELPERS/pty" -t 20 --on tether-ready --send '\x03' -- \
		"$TETHER_BIN" run --status-fd 9 -- sh -c 'echo tether-ready; sleep 100' 9>"$TMP/status"
	# the app (sh) died of tether-init's SIGTERM: 143, told apart from tether's 130
	run -0 jq -r 'select(.event == "exit") | "\(.how) \(.signal) \(.exit_code) \(.app_exit_code)"' "$TMP/status"
	assert_output "halted SIGINT 130 143"
}

@test "Ctrl-C twice: the second kills init, exit 137" {
	run -137 "$HELPERS/pty" -t 20 --on tether-ready --send '\x03' --on got-term --send '\x03' -- \
		"$TETHER_BIN" run --status-fd 9 -- sh -c 'trap "echo got-term" TERM; echo tether-ready; while :; do sleep 0.05; done' \
		9>"$TMP/status"
	assert_output --partial "tether: container killed by SIGKILL"
	# the init itself was killed: nobody told the app's status
	run -0 jq -r 'select(.event == "exit") | "\(.how) \(.signal) \(.exit_code) \(.app_exit_code)"' "$TMP/status"
	assert_output "killed SIGKILL 137 null"
}

@test "SIGTERM during start-up stops it: exit 143, nothing left" {
	local child ns
	TETHER_TEST_PAUSE_AT=hostname TETHER_TEST_RESUME="$TMP/resume" \
		tether_bg --no-init --hostname x -- sleep 100
	wait_file 5 "$TMP/err" "paused at hostname"
	child=$(child_of "$BG_PID")
	ns=$(readlink "/proc/$child/ns/pid")
	kill -s TERM "$BG_PID"
	bg_wait
	assert_equal "$BG_RC" 143
	assert_equal "$(tail -n 1 "$TMP/err")" "tether: start-up interrupted by SIGTERM"
	proc_gone "$child"
	no_pids_in_ns "$ns"
}

# status_reads TRACE: "PID COUNT" for each process of an strace -f that opened
# /proc/self/status, the launcher (the one that execve'd tether) as "launcher".
status_reads() {
	local launcher
	launcher=$(awk '/execve\(/ { print $1; exit }' "$1")
	awk -v l="$launcher" '/"\/proc\/self\/status"/ { n[$1 == l ? "launcher" : $1]++ }
		END { for (p in n) print p, n[p] }' "$1"
}

# A fresh process's first look-up in /proc costs 40-80 us: the launcher, whose /proc entry
# glibc's start-up has already made, reads the ignored signals for the container.
@test "the ignored signals are read once, by the launcher; neither its child nor tether-init reads them" {
	require_cmd strace
	run -0 strace -f -qq -e trace=execve,openat -o "$TMP/trace" "$TETHER_BIN" run -- true
	run -0 status_reads "$TMP/trace"
	assert_output "launcher 1"
	run -0 strace -f -qq -e trace=execve,openat -o "$TMP/trace" \
		"$TETHER_BIN" run --no-init -- true
	run -0 status_reads "$TMP/trace"
	assert_output "launcher 1"
}

@test "signals ignored by whoever started tether are deadly again in the container" {
	local ignoring='trap "" USR2 HUP; exec "$@"' kill_self='kill -USR2 $$; echo survived'
	# The control: without tether the ignored signal survives exec.
	run -0 timeout 10 bash -c "$ignoring" bash sh -c "$kill_self"
	assert_output survived
	run -140 --separate-stderr timeout 20 bash -c "$ignoring" bash "$TETHER_BIN" run -- \
		sh -c "$kill_self"
	assert_output ""
	# Not PID 1 (which ignores what it does not catch), so the default action applies.
	run -140 --separate-stderr timeout 20 bash -c "$ignoring" bash "$TETHER_BIN" run \
		--no-init --share pid -- sh -c "$kill_self"
	assert_output ""
	assert_equal "$stderr" "tether: container killed by SIGUSR2"
}
