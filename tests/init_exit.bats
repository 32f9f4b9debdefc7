#!/usr/bin/env bats
# shellcheck disable=SC2030,SC2031 # bats runs each test in a subshell
# tether-init: exit statuses (the child's code, 128+N, -e), exec failures (126, 127), bad
# usage (2, one line naming the input and a hint), --help/--version/-l, and no signal lost
# between start-up and the child's exec. As PID 1 of a new pid namespace and as a child.

bats_require_minimum_version 1.5.0
load init_helpers

# in_mode MODE ARG...: tether-init ARG..., as PID 1 (unshare) or as a plain child.
in_mode() {
	local mode=$1
	shift
	if [ "$mode" = pid1 ]; then
		timeout 20 unshare --pid --fork --mount-proc "$INIT" "$@"
	else
		timeout 20 "$INIT" "$@"
	fi
}

# Each line: expected exit code | tether-init arguments (split on blanks) | shell script.
exit_table() {
	local mode=$1 code args script
	while IFS='|' read -r code args script; do
		# shellcheck disable=SC2086 # args are split on purpose
		run in_mode "$mode" $args sh -c "$script"
		[ "$status" -eq "$code" ] || fail "$mode: '$args sh -c $script' exited $status, not $code"
	done <<'TABLE'
0||exit 0
1||exit 1
255||exit 255
7||exit 7
143||kill -TERM $$
137||kill -KILL $$
138||kill -USR1 $$
0|-e 3|exit 3
0|-e 3 -e 4|exit 4
5|-e 3|exit 5
0|-e 143|kill -TERM $$
0|-e 0|exit 0
TABLE
}

@test "pid1: exit codes, signal deaths as 128+N, -e" {
	exit_table pid1
}

@test "child: exit codes, signal deaths as 128+N, -e" {
	exit_table child
}

exec_failures() {
	local mode=$1
	printf '#!/bin/sh\nexit 0\n' >"$T/noexec"
	chmod 0644 "$T/noexec"
	run -127 --separate-stderr in_mode "$mode" tether-no-such-command-xyz arg
	[ "$stderr" = "tether-init: exec tether-no-such-command-xyz: No such file or directory" ]
	[ -z "$output" ]
	run -127 --separate-stderr in_mode "$mode" /nonexistent/dir/cmd
	[ "$stderr" = "tether-init: exec /nonexistent/dir/cmd: No such file or directory" ]
	run -126 --separate-stderr in_mode "$mode" "$T/noexec"
	[ "$stderr" = "tether-init: exec $T/noexec: Permission denied" ]
	run -126 --separate-stderr in_mode "$mode" "$T"
	[ "$stderr" = "tether-init: exec $T: Permission denied" ]
}

@test "pid1: command not found is 127, not executable is 126, with a message" {
	exec_failures pid1
}

@test "child: command not found is 127, not executable is 126, with a message" {
	exec_failures child
}

@test "options end at the first non-option; -- before a command starting with -" {
	run -0 --separate-stderr timeout 10 "$INIT" echo -v -g --bogus
	[ "$output" = "-v -g --bogus" ]
	[ -z "$stderr" ]
	run -127 --separate-stderr timeout 10 "$INIT" -- -v
	[ "$stderr" = "tether-init: exec -v: No such file or directory" ]
	run -0 --separate-stderr timeout 10 "$INIT" -v -g -t 2 --grace=3 --exit-grace 0.5 -e1 -e 2 -vv -s \
		--subreaper -w -r USR1:USR2 --rewrite=HUP:0 --no-mount --keep-fds \
		--halt-signal RTMIN+3 --reboot-signal=none --stop-signal SIGQUIT -p HUP true
}

@test "bad usage exits 2 with one line naming the input and a hint" {
	local args reason
	while IFS='|' read -r args reason; do
		# shellcheck disable=SC2086 # args are split on purpose
		run -2 --separate-stderr timeout 10 "$INIT" $args
		[ "$stderr" = "tether-init: $reason
Try 'tether-init --help' for more information." ] || fail "'$args': got '$stderr'"
		[ -z "$output" ] || fail "'$args': stdout '$output'"
	done <<'TABLE'
--bogus true|unknown option '--bogus'
--bogus=1 true|unknown option '--bogus=1'
-x true|unknown option '-x'
-vx true|unknown option '-x'
-p|option '-p' needs an argument
-e|option '-e' needs an argument
-t|option '-t' needs an argument
--grace|option '--grace' needs an argument
-r|option '-r' needs an argument
--rewrite|option '--rewrite' needs an argument
--halt-signal|option '--halt-signal' needs an argument
--reboot-signal|option '--reboot-signal' needs an argument
--stop-signal|option '--stop-signal' needs an argument
--exit-fd|option '--exit-fd' needs an argument
--no-mount=1 true|option '--no-mount' takes no argument
--pause=yes|option '--pause' takes no argument
-p FOO true|bad signal 'FOO' for -p
-p 65 true|bad signal '65' for -p
-p SIGRTMIN+31 true|bad signal 'SIGRTMIN+31' for -p
--halt-signal KILL true|bad signal 'KILL' for --halt-signal
--halt-signal=none true|bad signal 'none' for --halt-signal
--reboot-signal=bogus true|bad signal 'bogus' for --reboot-signal
--reboot-signal STOP true|bad signal 'STOP' for --reboot-signal
--stop-signal 0 true|bad signal '0' for --stop-signal
-r USR1 true|bad signal rewrite 'USR1' for -r
--rewrite USR1:FOO true|bad signal rewrite 'USR1:FOO' for --rewrite
--rewrite=:TERM true|bad signal rewrite ':TERM' for --rewrite
-e 256 true|bad exit code '256' for -e
-e -1 true|bad exit code '-1' for -e
-e abc true|bad exit code 'abc' for -e
-e1x true|bad exit code '1x' for -e
-t abc true|bad duration 'abc' for -t
--grace=-1 true|bad duration '-1' for --grace
--grace 1.2345 true|bad duration '1.2345' for --grace
--grace 5h true|bad duration '5h' for --grace
--exit-grace 2d true|bad duration '2d' for --exit-grace
--exit-grace|option '--exit-grace' needs an argument
--exit-fd 2 true|bad descriptor '2' for --exit-fd
--exit-fd=x true|bad descriptor 'x' for --exit-fd
|no command given
-v -g|no command given
--|no command given
--pause true|--pause takes no command, got 'true'
TABLE
}

@test "--help, --version and -l print on stdout and exit 0" {
	run -0 --separate-stderr timeout 10 "$INIT" --help
	[ "${lines[0]}" = "Usage: tether-init [OPTIONS] [--] COMMAND [ARG...]" ]
	[ -z "$stderr" ]
	local opt
	for opt in --rewrite --halt-signal --reboot-signal --stop-signal --grace --exit-grace --no-mount \
		--keep-fds --keep-signals --pause --exit-fd --version TINI_; do
		[[ $output == *"$opt"* ]] || fail "--help does not mention $opt"
	done
	run -0 --separate-stderr timeout 10 "$INIT" -h
	[ "${lines[0]}" = "Usage: tether-init [OPTIONS] [--] COMMAND [ARG...]" ]
	run -0 --separate-stderr timeout 10 "$INIT" --version
	[[ $output =~ ^tether-init\ [^\ ]+$ ]]
	[ -z "$stderr" ]
	run -0 --separate-stderr timeout 10 "$INIT" -l
	[[ $output == *"MIT license"* ]]
	[ "${#lines[@]}" -eq 1 ]
}

@test "the binary is static, stripped, and small" {
	require_cmd file
	run -0 file -L "$INIT"
	[[ $output == *"statically linked"* ]]
	[[ $output == *"stripped"* ]] && [[ $output != *"not stripped"* ]]
	local size
	size=$(stat -c %s "$INIT")
	[ "$size" -le 24576 ] || fail "tether-init is $size bytes"
}

# A signal sent before tether-init even started (pending across exec) reaches the child:
# sleep does not catch USR1, so it dies of it and tether-init exits 128+10.
@test "pid1: a signal pending before the child's exec is not lost" {
	run -0 timeout 20 "$NSRUN" -b USR1 -- "$INIT" -- sleep 10
	[ "$output" = "exit 138" ]
}

@test "child: a signal pending before the child's exec is not lost" {
	run -0 timeout 20 "$NSRUN" -n -b USR1 -- "$INIT" -- sleep 10
	[ "$output" = "exit 138" ]
}
