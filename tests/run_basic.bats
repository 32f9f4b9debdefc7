#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# tether run: usage, exit codes of the payload, 126/127, options ending at COMMAND,
# --status-fd output.

load run_helpers

setup() { run_setup; }
teardown() { run_teardown; }

@test "tether --help, --version; no command and unknown command exit 2" {
	run -0 "$TETHER_BIN" --help
	assert_output --partial "usage: tether COMMAND"
	run -0 "$TETHER_BIN" --version
	assert_output --regexp '^tether .+'
	run -2 "$TETHER_BIN"
	run -2 --separate-stderr "$TETHER_BIN" frobnicate
	assert_equal "${stderr_lines[0]}" "tether: unknown command 'frobnicate'"
	run -0 "$TETHER_BIN" run --help
	assert_output --partial "usage: tether run"
}

@test "bad usage of tether run exits 2 with the reason" {
	local -a cases=(
		"unknown option '--bogus'|--bogus true"
		"missing COMMAND|--net"
		"--share: unknown namespace 'net' (pid, mount, uts, ipc)|--share net true"
		"--max-restarts: bad number 'x'|--max-restarts x true"
		"--halt-signal: bad signal 'SIGBOGUS'|--halt-signal SIGBOGUS true"
		"--grace: bad duration '-1'|--grace -1 true"
		"--log-level: unknown level 'loud' (error, warning, info, debug)|--log-level loud true"
		"--hostname needs a new uts namespace (drop --share uts)|--share uts --hostname x true"
		"option '--init' needs a value|--init"
	)
	local c msg args
	for c in "${cases[@]}"; do
		msg=${c%%|*}
		read -ra args <<<"${c#*|}"
		run -2 --separate-stderr "$TETHER_BIN" run "${args[@]}"
		assert_equal "${stderr_lines[0]}" "tether run: $msg"
		assert_equal "${stderr_lines[1]}" "Try 'tether run --help'."
	done
}

@test "the init is PID 1 and COMMAND is 2; with --no-init COMMAND is 1" {
	run -0 "$TETHER_BIN" run -- sh -c 'echo $$'
	assert_output 2
	run -0 "$TETHER_BIN" run --no-init -- sh -c 'echo $$'
	assert_output 1
}

@test "the payload's exit code is tether's, with and without the init" {
	local code
	for code in 0 1 42 255; do
		run -"$code" "$TETHER_BIN" run -- sh -c "exit $code"
		run -"$code" "$TETHER_BIN" run --no-init -- sh -c "exit $code"
	done
}

@test "COMMAND not found exits 127, not executable 126, whoever runs it" {
	run -127 --separate-stderr "$TETHER_BIN" run --no-init -- tether-no-such-command
	assert_equal "$stderr" "tether: exec tether-no-such-command: No such file or directory"
	run -127 --separate-stderr "$TETHER_BIN" run --no-init -- /nonexistent/cmd
	assert_equal "$stderr" "tether: exec /nonexistent/cmd: No such file or directory"
	printf 'data\n' >"$TMP/plain"
	run -126 --separate-stderr "$TETHER_BIN" run --no-init -- "$TMP/plain"
	assert_equal "$stderr" "tether: exec $TMP/plain: Permission denied"
	# tether-init reports for itself, with the same codes
	run -127 "$TETHER_BIN" run -- tether-no-such-command
	run -126 "$TETHER_BIN" run -- "$TMP/plain"
}

@test "options end at the first non-option: COMMAND keeps its own" {
	run -0 "$TETHER_BIN" run --no-init echo --net -v
	assert_output "--net -v"
	run -0 "$TETHER_BIN" run --no-init -- echo --hostname
	assert_output "--hostname"
}

@test "--status-fd: started, exec and exit as JSON lines" {
	require_cmd jq
	run -3 "$TETHER_BIN" run --status-fd 9 --net -- sh -c 'exit 3' 9>"$TMP/status"
	run -0 jq -s -c 'map(.event)' "$TMP/status"
	assert_output '["started","exec","exit"]'
	run -0 jq -r 'select(.event == "started") | [.namespaces.pid.new, .namespaces.net.new,
		.namespaces.user.new, (.pid > 0)] | @tsv' "$TMP/status"
	assert_output "$(printf 'true\ttrue\tfalse\ttrue')"
	run -0 jq -r 'select(.event == "exit") | "\(.how) \(.exit_code)"' "$TMP/status"
	assert_output "exited 3"
}

@test "--status-fd reports a failed exec with its errno" {
	require_cmd jq
	run -127 "$TETHER_BIN" run --status-fd 9 --no-init -- tether-no-such-command 9>"$TMP/status"
	run -0 jq -r 'select(.event == "exec") | "\(.ok) \(.step) \(.errno) \(.detail)"' \
		"$TMP/status"
	assert_output "false exec 2 tether-no-such-command"
	run -0 jq -r 'select(.event == "exit") | "\(.how) \(.exit_code)"' "$TMP/status"
	assert_output "aborted 127"
}

@test "--verbose names each step; quiet by default" {
	run -0 --separate-stderr "$TETHER_BIN" run --no-init -- true
	assert_equal "$stderr" ""
	run -0 --separate-stderr "$TETHER_BIN" run --verbose --no-init -- true
	# a short anonymous run is never registered (state_dir.bats), so never named
	assert_regex "${stderr_lines[0]}" '^tether: container process [0-9]+ cloned \(clone3?\) into new pid,mount,uts,ipc namespaces$'
	assert_equal "${stderr_lines[1]}" "tether: container started: true"
	assert_equal "${stderr_lines[2]}" "tether: container exited with 0"
	assert_equal "${#stderr_lines[@]}" 3
	# a named one says where it is registered first: how the container can be reached
	run -0 --separate-stderr "$TETHER_BIN" run --state-dir "$TMP/sd" --name vb --verbose \
		--no-init -- true
	assert_equal "${stderr_lines[0]}" "tether: container vb registered in $TMP/sd"
	run -0 --separate-stderr "$TETHER_BIN" run --verbose --log-level error --no-init -- true
	assert_equal "$stderr" ""
}

@test "--init SCRIPT runs the script as the init; a failed exec names the --init path" {
	# shellcheck disable=SC2016 # the script's own expansions
	printf '#!/bin/sh\necho "init script: $# args, last $(eval echo \\${$#})"\nexit 0\n' \
		>"$TMP/myinit"
	chmod +x "$TMP/myinit"
	run -0 --separate-stderr "$TETHER_BIN" run --init "$TMP/myinit" -- printf unused
	assert_output "init script: 9 args, last unused"
	printf '#!/nonexistent/interp\n' >"$TMP/badinit"
	chmod +x "$TMP/badinit"
	run -125 --separate-stderr "$TETHER_BIN" run --init "$TMP/badinit" -- true
	assert_equal "$stderr" "tether: exec $TMP/badinit: No such file or directory"
}
