#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# tether run: the exit table. Init exits N: N. Halted (killed by SIGINT): 0. Rebooted
# (killed by SIGHUP): restarted in fresh namespaces, at most --max-restarts times in a
# row, or 133 with --no-restart. Killed by another signal N: a message and 128+N.

load run_helpers

setup() { run_setup; }
teardown() { run_teardown; }

@test "init exits N: tether exits N" {
	run -0 "$TETHER_BIN" run --no-init -- "$HELPERS/run_pid1" count "$TMP/c" 1
	run -7 "$TETHER_BIN" run -- sh -c 'exit 7'
}

@test "init halts (reboot RB_POWER_OFF): exit 0, reported as halted" {
	run -0 "$TETHER_BIN" run --status-fd 9 --no-init -- "$HELPERS/run_pid1" halt 9>"$TMP/status"
	run -0 jq -r 'select(.event == "exit") | "\(.how) \(.signal) \(.exit_code)"' "$TMP/status"
	assert_output "halted SIGINT 0"
}

@test "tether-init halts on SIGPWR from inside: exit 0" {
	run -0 "$TETHER_BIN" run -- sh -c 'kill -PWR 1; sleep 10'
}

@test "--status-fd: the exit event has the application's own status when tether-init told it" {
	# a halt: tether exits 0 (the run halted), the app's 5 travels in app_exit_code
	run -0 "$TETHER_BIN" run --status-fd 9 -- sh -c \
		'trap "exit 5" TERM; kill -PWR 1; while :; do sleep 0.05; done' 9>"$TMP/status"
	run -0 jq -r 'select(.event == "exit") | "\(.how) \(.exit_code) \(.app_exit_code)"' \
		"$TMP/status"
	assert_output "halted 0 5"
	# an app that just exits: the same number twice
	run -7 "$TETHER_BIN" run --status-fd 9 -- sh -c 'exit 7' 9>"$TMP/status"
	run -0 jq -r 'select(.event == "exit") | "\(.how) \(.exit_code) \(.app_exit_code)"' \
		"$TMP/status"
	assert_output "exited 7 7"
	# --no-init: no tether-init to tell it, so no app_exit_code at all
	run -0 "$TETHER_BIN" run --status-fd 9 --no-init -- "$HELPERS/run_pid1" halt 9>"$TMP/status"
	run -0 jq -r 'select(.event == "exit") | has("app_exit_code")' "$TMP/status"
	assert_output false
}

@test "init reboots: restarted in fresh namespaces with the same arguments" {
	run -0 "$TETHER_BIN" run --status-fd 9 --no-init -- "$HELPERS/run_pid1" count "$TMP/c" 3 \
		9>"$TMP/status"
	# three runs, each PID 1 of a pid namespace of its own (a new process is 1 only there)
	assert_equal "$(wc -l <"$TMP/c")" 3
	assert_equal "$(cut -d' ' -f1 "$TMP/c" | sort -u)" 1
	run -0 jq -s -c 'map(.event)' "$TMP/status"
	assert_output '["started","exec","restart","started","exec","restart","started","exec","exit"]'
	run -0 jq -r 'select(.event == "started") | .pid' "$TMP/status"
	assert_equal "$(sort -u <<<"$output" | wc -l)" 3
	run -0 jq -r 'select(.event == "restart") | "\(.count) \(.delay_ms)"' "$TMP/status"
	assert_output "$(printf '1 100\n2 200')"
}

@test "tether-init reboots on SIGINT from inside: the container starts again" {
	run -4 "$TETHER_BIN" run -- sh -c "echo run >> '$TMP/c'; [ \$(wc -l < '$TMP/c') -ge 2 ] && exit 4; kill -INT 1; sleep 10"
	assert_equal "$(wc -l <"$TMP/c")" 2
}

@test "--no-restart: a reboot ends the run with 133" {
	run -133 --separate-stderr "$TETHER_BIN" run --status-fd 9 --no-restart --no-init -- \
		"$HELPERS/run_pid1" count "$TMP/c" 5 9>"$TMP/status"
	assert_equal "$(wc -l <"$TMP/c")" 1
	assert_equal "$stderr" ""
	run -0 jq -r 'select(.event == "exit") | "\(.how) \(.signal) \(.exit_code)"' "$TMP/status"
	assert_output "rebooted SIGHUP 133"
}

@test "--max-restarts N: N restarts in a row, then 133 with a message" {
	run -133 --separate-stderr "$TETHER_BIN" run --max-restarts 2 --no-init -- \
		"$HELPERS/run_pid1" count "$TMP/c" 100
	assert_equal "$(wc -l <"$TMP/c")" 3
	assert_equal "$stderr" "tether: container rebooted 3 times in a row: not restarting it (--max-restarts 2)"
	rm "$TMP/c"
	run -133 "$TETHER_BIN" run --max-restarts 0 --no-init -- "$HELPERS/run_pid1" count "$TMP/c" 100
	assert_equal "$(wc -l <"$TMP/c")" 1
}

@test "by default: 10 restarts in a row, pauses from 100 ms doubling up to 5 s, then 133" {
	local start=$SECONDS
	run -133 --separate-stderr "$TETHER_BIN" run --status-fd 9 --no-init -- \
		"$HELPERS/run_pid1" count "$TMP/c" 100 9>"$TMP/status"
	assert_equal "$(wc -l <"$TMP/c")" 11
	assert_equal "$stderr" "tether: container rebooted 11 times in a row: not restarting it (--max-restarts 10)"
	run -0 jq -s -c '[.[] | select(.event == "restart") | .delay_ms]' "$TMP/status"
	assert_output "[100,200,400,800,1600,3200,5000,5000,5000,5000]"
	# and it really paused: 26.3 s in all (a lower bound, whatever the machine's speed)
	[ $((SECONDS - start)) -ge 26 ]
}

@test "init killed by a signal N from the host: a message and 128+N" {
	local pid
	tether_bg -- sleep 100
	wait_until 5 has_started
	pid=$(status_pid)
	kill -s KILL "$pid"
	bg_wait
	assert_equal "$BG_RC" 137
	assert_equal "$(cat "$TMP/err")" "tether: container killed by SIGKILL"
	run -0 jq -r 'select(.event == "exit") | "\(.how) \(.signal) \(.exit_code)"' "$TMP/status"
	assert_output "killed SIGKILL 137"
}

@test "COMMAND killed by a signal in a shared pid namespace: 128+N" {
	run -138 --separate-stderr "$TETHER_BIN" run --share pid --no-init -- sh -c 'kill -USR1 $$'
	assert_equal "$stderr" "tether: container killed by SIGUSR1"
}
