#!/usr/bin/env bats
# shellcheck disable=SC2030,SC2031 # bats runs each test in a subshell
# tether-init: forwarding (TERM, HUP, USR1, WINCH, INT), -g and TINI_KILL_PROCESS_GROUP,
# --rewrite, the parent-death signal (-p), and the verbosity levels (-v, TINI_VERBOSITY,
# TETHER_VERBOSITY). The child is the sigrecord helper, which logs each signal it gets.

bats_require_minimum_version 1.5.0
load init_helpers

forwards_each() {
	start_init "$1" -- "$SIGRECORD" "$T/rec"
	wait_line "$T/rec" ready
	local pid sig
	pid=$(init_pid)
	for sig in HUP USR1 WINCH INT USR2 QUIT RTMIN+3; do
		kill -s "$sig" "$pid"
		wait_line "$T/rec" "SIG$sig" || fail "SIG$sig not forwarded; got: $(cat "$T/rec")"
	done
	kill -s TERM "$pid"
	finish_init
	has_line "$T/rec" SIGTERM
	[ "$(cat "$T/out")" = "exit 0" ]
	[ ! -s "$T/err" ]
}

@test "pid1: forwards TERM, HUP, USR1, WINCH, INT and others to the child" {
	forwards_each pid1
}

@test "child: forwards TERM, HUP, USR1, WINCH, INT and others to the child" {
	forwards_each child
}

# 34 is SIGRTMIN to glibc programs and one of musl's own signals: musl's sigprocmask hides
# 32-34 from the mask it returns, so a wait set read back from it left 34 blocked for ever.
forwards_34() {
	start_init "$1" -- sh -c "trap 'echo got34 >>\"$T/rec\"; exit 0' 34
		echo ready >>\"$T/rec\"; while :; do sleep 0.05; done"
	wait_line "$T/rec" ready
	kill -n 34 "$(init_pid)"
	wait_line "$T/rec" got34 || fail "signal 34 not forwarded: $(cat "$T/rec")"
	finish_init
	assert_equal "$(cat "$T/out")" "exit 0"
}

@test "pid1: forwards signal 34 (glibc's SIGRTMIN, which musl keeps for itself)" {
	forwards_34 pid1
}

@test "child: forwards signal 34 (glibc's SIGRTMIN, which musl keeps for itself)" {
	forwards_34 child
}

# The child runs a second sigrecord in its process group. USR1 reaches it only with -g;
# then TERM ends the child, and the graceful stop ends the other one (which, had it had
# USR1 pending, would have logged it first: sigwaitinfo takes the lowest signal first).
group_forward() {
	local mode=$1 expect=$2
	shift 2
	start_init "$mode" "$@" -- sh -c "\"$SIGRECORD\" \"$T/rec2\" & exec \"$SIGRECORD\" \"$T/rec1\""
	wait_line "$T/rec1" ready
	wait_line "$T/rec2" ready
	kill -s USR1 "$(init_pid)"
	wait_line "$T/rec1" SIGUSR1
	if [ "$expect" = group ]; then
		wait_line "$T/rec2" SIGUSR1 || fail "the group did not get USR1"
	fi
	kill -s TERM "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "exit 0" ]
	has_line "$T/rec2" SIGTERM || fail "the group member was not stopped: $(cat "$T/rec2")"
	if [ "$expect" = child ]; then
		! has_line "$T/rec2" SIGUSR1 || fail "USR1 reached the group without -g"
	fi
}

@test "pid1: without -g only the child gets the signal" {
	group_forward pid1 child
}

@test "pid1: -g forwards to the child's process group" {
	group_forward pid1 group -g
}

@test "child: -g forwards to the child's process group" {
	group_forward child group -g
}

@test "child: TINI_KILL_PROCESS_GROUP and TETHER_KILL_PROCESS_GROUP act as -g" {
	TINI_KILL_PROCESS_GROUP=1 group_forward child group
	rm -f "$T"/rec*
	TETHER_KILL_PROCESS_GROUP=1 group_forward child group
	rm -f "$T"/rec*
	# TETHER_* wins over TINI_*: 0 turns it off.
	TETHER_KILL_PROCESS_GROUP=0 TINI_KILL_PROCESS_GROUP=1 group_forward child child
}

rewrites() {
	start_init "$1" -r USR1:USR2 --rewrite HUP:0 --rewrite=WINCH:SIGRTMIN+2 -- \
		"$SIGRECORD" "$T/rec"
	wait_line "$T/rec" ready
	local pid
	pid=$(init_pid)
	kill -s USR1 "$pid"
	wait_line "$T/rec" SIGUSR2
	kill -s HUP "$pid"
	kill -s WINCH "$pid"
	wait_line "$T/rec" SIGRTMIN+2
	kill -s TERM "$pid"
	finish_init
	run -0 cat "$T/rec"
	[ "$output" = "ready
SIGUSR2
SIGRTMIN+2
SIGTERM" ] || [ "$output" = "ready
SIGUSR2
SIGRTMIN+2
SIGTERM
SIGCONT" ]
}

@test "pid1: --rewrite S:R forwards R instead of S, R=0 drops S" {
	rewrites pid1
}

@test "child: --rewrite S:R forwards R instead of S, R=0 drops S" {
	rewrites child
}

# nsrun is tether-init's parent: killing it delivers the parent-death signal, which
# tether-init forwards like any other.
parent_death() {
	start_init "$1" -p USR2 -- "$SIGRECORD" "$T/rec" SIGUSR2
	wait_line "$T/rec" ready
	local pid
	pid=$(init_pid)
	kill -KILL "$RUNNER"
	wait "$RUNNER" 2>/dev/null || true
	RUNNER=
	wait_line "$T/rec" SIGUSR2 || fail "no parent-death signal: $(cat "$T/rec")"
	wait_until 5 eval "! kill -0 $pid 2>/dev/null" || {
		kill -KILL "$pid"
		fail "tether-init did not exit after its child"
	}
}

@test "pid1: -p sets the parent-death signal" {
	parent_death pid1
}

@test "child: -p sets the parent-death signal" {
	parent_death child
}

@test "verbosity: -v, TINI_VERBOSITY and TETHER_VERBOSITY" {
	# sh leaves a child behind: its stop is said at debug level (3)
	run -0 --separate-stderr env TINI_VERBOSITY=3 timeout 10 "$INIT" sh -c 'sleep 30 & exit 0'
	[[ $stderr == *"tether-init: started sh as pid "* ]]
	[[ $stderr == *"tether-init: sending SIGTERM to every process"* ]]
	run -0 --separate-stderr env TINI_VERBOSITY=2 timeout 10 "$INIT" sh -c 'sleep 30 & exit 0'
	[[ $stderr == *"tether-init: started sh as pid "* ]]
	[[ $stderr != *"sending SIGTERM"* ]]
	run -0 --separate-stderr env TINI_VERBOSITY=1 timeout 10 "$INIT" -v true
	[[ $stderr == *"tether-init: started true as pid "* ]]
	run -0 --separate-stderr env TINI_VERBOSITY=3 TETHER_VERBOSITY=1 timeout 10 "$INIT" true
	[ -z "$stderr" ]
	run -0 --separate-stderr env -u TINI_VERBOSITY timeout 10 "$INIT" -vvv sh -c 'sleep 30 & exit 0'
	[[ $stderr == *"tether-init: sending SIGTERM to every process"* ]]
	run -0 --separate-stderr timeout 10 "$INIT" true
	[ -z "$stderr" ]
	run -0 --separate-stderr env TINI_VERBOSITY=9 timeout 10 "$INIT" true
	[ "$stderr" = "tether-init: ignoring TINI_VERBOSITY='9': not 0 to 3" ]
	run -0 --separate-stderr env TINI_SUBREAPER=1 TETHER_SUBREAPER=1 timeout 10 "$INIT" -s true
	[ -z "$stderr" ]
}
