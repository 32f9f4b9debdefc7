#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# Option parsing of every tether command: long options by their exact name only (getopt's
# abbreviations are refused), usage errors exit 2 as "tether COMMAND: ..." naming the word
# that was wrong, echoed input with its control characters escaped; and one exit code for
# a COMMAND name too long to exist, with or without tether-init.

load run_helpers

setup() { run_setup; }
teardown() { run_teardown; }

@test "abbreviated long options are unknown options, in every command" {
	local cmd word
	while read -r cmd word; do
		# shellcheck disable=SC2086 # $cmd: the command and its NAME
		run -2 --separate-stderr "$TETHER_BIN" $cmd "$word" true
		assert_equal "${stderr_lines[0]}" "tether ${cmd%% *}: unknown option '${word%%=*}'"
		[ ! -e "$TMP/ran" ] || fail "$cmd $word ran something"
	done <<EOF
run --cgroup
run --time=1
run --no-in
run --host=box
exec --us
stop --time=2
list --js
status --st
kill --state-d=x
wait --he
EOF
	# the exact names still work
	run -0 "$TETHER_BIN" run --cgroupns --no-init -- true
}

@test "short options: the letter that was wrong is named, never the next word" {
	run -2 --separate-stderr "$TETHER_BIN" run -qv true
	assert_equal "${stderr_lines[0]}" "tether run: unknown option '-q'"
	run -2 --separate-stderr "$TETHER_BIN" run -d=x true
	assert_equal "${stderr_lines[0]}" "tether run: unknown option '-='"
	run -2 --separate-stderr "$TETHER_BIN" stop web -t
	assert_equal "${stderr_lines[0]}" "tether stop: option '-t' needs a value"
	run -2 --separate-stderr "$TETHER_BIN" stop web --timeout
	assert_equal "${stderr_lines[0]}" "tether stop: option '--timeout' needs a value"
}

@test "echoed input has its control characters escaped: one line, no terminal escape" {
	run -2 --separate-stderr "$TETHER_BIN" run --name $'ok\tno\e[2J' -- true
	assert_equal "${#stderr_lines[@]}" 2
	assert_equal "${stderr_lines[0]}" \
		"tether run: --name: bad name 'ok\\x09no\\x1b[2J' (letters, digits, '_.-', at most 64)"
	run -2 --separate-stderr "$TETHER_BIN" list $'--x\ny'
	assert_equal "${stderr_lines[0]}" "tether list: unknown option '--x\\x0ay'"
	run -2 --separate-stderr "$TETHER_INIT_BIN" $'--z\rw'
	assert_equal "${stderr_lines[0]}" "tether-init: unknown option '--z\\x0dw'"
}

@test "a COMMAND name too long to exist: 127 with or without tether-init" {
	local long
	long=$(printf 'c%.0s' $(seq 5000))
	run -127 "$TETHER_BIN" run -- "$long"
	run -127 "$TETHER_BIN" run --no-init -- "$long"
	run -127 "$TETHER_INIT_BIN" -- "/$long"
}
