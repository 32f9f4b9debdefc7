#!/usr/bin/env bats
# shellcheck disable=SC2030,SC2031,SC2154 # bats runs each test in a subshell; stderr: set by run
# tether-init: halt and reboot as the parent sees them (PID 1 dies of SIGINT for halt, of
# SIGHUP for reboot), LXC's default reboot signal, what happens without CAP_SYS_BOOT or when
# not PID 1, the graceful stop and its grace period, --stop-signal, pause mode, and the
# status line of --exit-fd.

bats_require_minimum_version 1.5.0
load init_helpers

# halt_as SIGNAL EXPECTED_END ARG...: the child records signals; SIGNAL is sent to PID 1.
halt_as() {
	local sig=$1 expect=$2
	shift 2
	start_init pid1 "$@" -- "$SIGRECORD" "$T/rec"
	wait_line "$T/rec" ready
	kill -s "$sig" "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "$expect" ] || fail "ended with '$(cat "$T/out")', not '$expect'"
	has_line "$T/rec" SIGTERM || fail "the child was not stopped: $(cat "$T/rec")"
	! has_line "$T/rec" "SIG$sig" || fail "SIG$sig was forwarded"
}

@test "pid1: SIGPWR halts: PID 1 dies of SIGINT after stopping the child" {
	halt_as PWR "signal SIGINT"
}

@test "pid1: --halt-signal changes the halt signal" {
	halt_as USR2 "signal SIGINT" --halt-signal SIGUSR2
}

@test "pid1: --reboot-signal SIGINT reboots: PID 1 dies of SIGHUP" {
	halt_as INT "signal SIGHUP" --reboot-signal SIGINT
}

@test "pid1: with container=lxc SIGINT reboots by default" {
	container=lxc halt_as INT "signal SIGHUP"
}

@test "pid1: SIGINT is forwarded without container=lxc and with --reboot-signal none" {
	local env
	for env in "container=docker" "container=lxc"; do
		rm -f "$T/rec"
		# shellcheck disable=SC2086 # one assignment
		env $env "$NSRUN" -p "$T/pid" -- "$INIT" --reboot-signal none -- "$SIGRECORD" \
			"$T/rec" SIGINT >"$T/out" 3>&- &
		RUNNER=$!
		wait_line "$T/rec" ready
		kill -s INT "$(cat "$T/pid")"
		finish_init
		[ "$(cat "$T/out")" = "exit 0" ]
		has_line "$T/rec" SIGINT
	done
	# And without the option or the variable.
	rm -f "$T/rec"
	start_init pid1 -- "$SIGRECORD" "$T/rec" SIGINT
	wait_line "$T/rec" ready
	kill -s INT "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "exit 0" ]
}

@test "pid1: without CAP_SYS_BOOT, halt exits with the child's status and says so at -v" {
	require_cmd setpriv
	# shellcheck disable=SC2034 # read by start_init
	INIT_WRAP=(setpriv --bounding-set=-sys_boot --inh-caps=-sys_boot)
	start_init pid1 -v -- sleep 60
	wait_err "started sleep as pid"
	kill -s PWR "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "exit 143" ]
	grep -qxF "tether-init: halt: exiting with status 143, reboot(2) failed: Operation not permitted" "$T/err"
}

@test "child: halt and reboot stop everything and exit with the child's status" {
	start_init child -v -- sleep 60
	wait_err "started sleep as pid"
	kill -s PWR "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "exit 143" ]
	grep -qxF "tether-init: halt: exiting with status 143, not PID 1" "$T/err"

	start_init child -v -e 143 --reboot-signal USR1 -- sleep 60
	wait_err "started sleep as pid"
	kill -s USR1 "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "exit 0" ]
	grep -qxF "tether-init: reboot: exiting with status 0, not PID 1" "$T/err"
}

@test "pid1: --stop-signal is what the graceful stop sends" {
	start_init pid1 --stop-signal USR1 -- "$SIGRECORD" "$T/rec" SIGUSR1
	wait_line "$T/rec" ready
	kill -s PWR "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "signal SIGINT" ]
	has_line "$T/rec" SIGUSR1
	! has_line "$T/rec" SIGTERM || fail "SIGTERM sent: $(cat "$T/rec")"
}

# The main child leaves an orphan that ignores SIGTERM and exits; the orphan must get
# SIGKILL once the grace period is over, and not before. GRACE is -t's value, or "-" for
# none; more options follow TRAP.
grace_orphan() {
	local mode=$1 grace=$2 trap=$3 t0 t1 opts=()
	shift 3
	[ "$grace" = - ] || opts=(-t "$grace")
	t0=$(now_ms)
	# shellcheck disable=SC2016 # the script's own variables
	start_init "$mode" "${opts[@]}" "$@" -- sh -c 'mkfifo "$1"
		(trap "$3" TERM; echo ready >"$1"; exec sleep 60) &
		read -r x <"$1"; echo $! >"$2"' sh "$T/fifo" "$T/orphan" "$trap"
	finish_init 30
	t1=$(now_ms)
	ELAPSED=$((t1 - t0))
	[ "$(cat "$T/out")" = "exit 0" ]
	[ -s "$T/orphan" ]
}

grace_kills_after() {
	grace_orphan "$1" 1 ""
	[ "$ELAPSED" -ge 1000 ] || fail "killed after $ELAPSED ms, before the 1 s grace"
	[ "$ELAPSED" -lt 4000 ] || fail "killed after $ELAPSED ms, long after the 1 s grace"
	if [ "$1" = child ]; then
		! kill -0 "$(cat "$T/orphan")" 2>/dev/null || fail "the orphan survived"
	fi
}

@test "pid1: an orphan that ignores SIGTERM is killed after the grace period" {
	grace_kills_after pid1
}

@test "child: an orphan that ignores SIGTERM is killed after the grace period" {
	grace_kills_after child
}

@test "pid1 and child: an orphan that obeys SIGTERM ends the stop at once" {
	local mode
	for mode in pid1 child; do
		grace_orphan "$mode" 30 "-"
		[ "$ELAPSED" -lt 5000 ] || fail "$mode: took $ELAPSED ms with a 30 s grace"
	done
}

# grace_between MODE LOW HIGH GRACE [OPTION...]: the orphan was killed within [LOW, HIGH) ms.
grace_between() {
	local mode=$1 low=$2 high=$3
	shift 3
	grace_orphan "$mode" "$1" "" "${@:2}"
	[ "$ELAPSED" -ge "$low" ] || fail "$mode $*: killed after $ELAPSED ms, before $low"
	[ "$ELAPSED" -lt "$high" ] || fail "$mode $*: killed after $ELAPSED ms, not before $high"
}

@test "once the child ended, what is left gets --exit-grace: 1 s, at most -t unless given" {
	local opts grace mode
	# the value in force, from -v
	while IFS='|' read -r opts grace; do
		# shellcheck disable=SC2086 # opts are split on purpose
		run -0 --separate-stderr timeout 10 "$INIT" -v $opts -- sh -c 'sleep 30 & exit 0'
		[[ $stderr == *"stopping every process (grace $grace ms)"* ]] ||
			fail "'$opts': $stderr"
	done <<'TABLE'
|1000
-t 40|1000
-t 0.6|600
-t 0.2 --exit-grace=1.7|1700
-t 40 --exit-grace 350ms|350
TABLE
	# and the time it takes, as PID 1 and not
	for mode in pid1 child; do
		grace_between "$mode" 1000 4000 -
		grace_between "$mode" 1700 4700 0.2 --exit-grace=1.7
	done
}

# kill(-1) walks every process of the host: with no child left there is nothing to stop,
# and what joined the namespace from outside ends with PID 1 anyway.
@test "pid1: a child that leaves nothing behind ends without a signal to everyone" {
	require_cmd strace
	run -4 --separate-stderr strace -f -qq -e trace=kill -o "$T/trace" \
		unshare -fpm "$INIT" -v -- sh -c 'exit 4'
	[[ $stderr != *"stopping every process"* ]] || fail "$stderr"
	run -1 grep -F 'kill(-1' "$T/trace"
	# and an orphan left behind is still stopped gracefully, SIGCONT after the stop signal
	run -0 strace -f -qq -e trace=kill -o "$T/trace" \
		unshare -fpm "$INIT" -- sh -c 'sleep 30 & exit 0'
	# (strace splits a call that another process interrupts: "kill(-1, SIGTERM <unfinished")
	run -0 grep -cF 'kill(-1, SIGTERM' "$T/trace"
	assert_output 1
	run -0 grep -cF 'kill(-1, SIGCONT' "$T/trace"
	assert_output 1
}

@test "pid1: the grace period also bounds the stop on halt (-t 1.5), not --exit-grace" {
	local t0 t1
	start_init pid1 --grace 1.5 --exit-grace 0.1 -- "$SIGRECORD" "$T/rec" SIGUSR2
	wait_line "$T/rec" ready
	t0=$(now_ms)
	kill -s PWR "$(init_pid)"
	finish_init 30
	t1=$(now_ms)
	[ "$(cat "$T/out")" = "signal SIGINT" ]
	has_line "$T/rec" SIGTERM
	[ $((t1 - t0)) -ge 1500 ] || fail "stopped after $((t1 - t0)) ms"
	[ $((t1 - t0)) -lt 4500 ] || fail "stopped after $((t1 - t0)) ms"
}

pause_mode() {
	start_init "$1" -vvv --pause
	wait_err "pausing"
	kill -s USR1 "$(init_pid)"
	wait_err "received SIGUSR1"
	kill -0 "$RUNNER"
	kill -s "$2" "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "exit 0" ]
}

@test "pid1: --pause sleeps through other signals until SIGTERM or SIGINT" {
	pause_mode pid1 TERM
	pause_mode pid1 INT
}

@test "child: --pause sleeps through other signals until SIGTERM" {
	pause_mode child TERM
	pause_mode child INT
}

@test "pid1: --pause honours --stop-signal and the halt signal" {
	start_init pid1 --pause --stop-signal USR2
	wait_until 5 test -s "$T/pid"
	kill -s USR2 "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "exit 0" ]
	start_init pid1 --pause
	kill -s PWR "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "signal SIGINT" ]
}

@test "pid1: --pause reaps orphans that enter its namespace" {
	require_cmd nsenter
	start_init pid1 -w --pause
	timeout 20 nsenter -t "$(init_pid)" -p -- "$ORPHANS" 50
	wait_until 5 err_count_at_least 50 "reaped zombie process" ||
		fail "reaped $(grep -c "reaped zombie process" "$T/err") of 50"
	kill -s TERM "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "exit 0" ]
}

# start_exit_fd MODE ARG...: as start_init, with tether-init --exit-fd 5 writing to
# $T/status, and descriptors 4 and 6 open as well: inherited ones it must close.
start_exit_fd() {
	local mode=$1
	shift
	rm -f "$T/pid" "$T/out" "$T/err" "$T/status" "$T/fds" "$T/ready"
	# shellcheck disable=SC2046 # mode_args prints zero or one word
	"$NSRUN" $(mode_args "$mode") -p "$T/pid" -- "$INIT" --exit-fd 5 "$@" \
		</dev/null >"$T/out" 2>"$T/err" 3>&- 4</dev/null 5>"$T/status" 6</dev/null &
	RUNNER=$!
	wait_until 5 test -s "$T/pid" || fail "tether-init did not start"
	check_mode "$mode" "$(cat "$T/pid")"
}

# The app lists its descriptors (ls adds its own, the lowest free one), then exits 3 on TERM.
# shellcheck disable=SC2016 # the script's own variables
LIST_AND_TRAP=(sh -c 'ls /proc/self/fd >"$1"; trap "exit 3" TERM; echo ready >"$2"
	while :; do sleep 0.05; done' sh)

@test "pid1 and child: --exit-fd gets the app's status before the halt; COMMAND never has it" {
	local mode expect
	for mode in pid1 child; do
		start_exit_fd "$mode" -- "${LIST_AND_TRAP[@]}" "$T/fds" "$T/ready"
		wait_line "$T/ready" ready
		kill -s PWR "$(init_pid)"
		finish_init
		# as PID 1 the halt carries no status at all: only the line tells the 3
		expect="signal SIGINT"
		[ "$mode" = pid1 ] || expect="exit 3"
		[ "$(cat "$T/out")" = "$expect" ] || fail "$mode: ended with '$(cat "$T/out")'"
		[ "$(cat "$T/status")" = 3 ] || fail "$mode: status line '$(cat "$T/status")'"
		# 4 and 6 closed, 5 close-on-exec: the app sees 0-2 and ls's own 3
		[ "$(tr '\n' ' ' <"$T/fds")" = "0 1 2 3 " ] || fail "$mode: fds $(cat "$T/fds")"
	done
}

@test "--exit-fd: reboot after -e, a plain exit and a failed exec each write their status" {
	start_exit_fd pid1 -v -e 143 --reboot-signal USR1 -- sleep 60
	wait_err "started sleep as pid"
	kill -s USR1 "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "signal SIGHUP" ]
	[ "$(cat "$T/status")" = 0 ] || fail "reboot: status line '$(cat "$T/status")'"

	# --keep-fds: the inherited ones stay for COMMAND, the status descriptor does not
	# shellcheck disable=SC2016 # the script's own variable
	start_exit_fd child --keep-fds -- sh -c 'ls /proc/self/fd >"$1"; exit 7' sh "$T/fds"
	finish_init
	[ "$(cat "$T/out")" = "exit 7" ]
	[ "$(cat "$T/status")" = 7 ] || fail "exit: status line '$(cat "$T/status")'"
	has_line "$T/fds" 4 || fail "--keep-fds closed 4: $(cat "$T/fds")"
	! has_line "$T/fds" 5 || fail "COMMAND got the status descriptor"

	start_exit_fd pid1 -- /nonexistent/app
	finish_init
	[ "$(cat "$T/out")" = "exit 127" ]
	[ "$(cat "$T/status")" = 127 ] || fail "exec: status line '$(cat "$T/status")'"
}

@test "--exit-fd on a descriptor that is not open: exit 125 before anything runs" {
	run -125 --separate-stderr timeout 10 "$INIT" --exit-fd 9 -- touch "$T/ran" 9>&-
	[ "$stderr" = "tether-init: exit descriptor 9: Bad file descriptor" ]
	[ ! -e "$T/ran" ]
}
