# shellcheck shell=bash
# Helpers for the tether-init suites (tests/init_*.bats): start tether-init in the
# background as PID 1 of new pid and mount namespaces (through the nsrun helper) or as a
# plain child, wait for readiness through files written by the sigrecord helper, and
# stop everything that was started, by pid, in teardown.

load common

INIT=$TETHER_INIT_BIN
NSRUN=$TETHER_HELPERS/nsrun
SIGRECORD=$TETHER_HELPERS/sigrecord
ORPHANS=$TETHER_HELPERS/orphans

init_setup() {
	require_root
	[ -x "$INIT" ] || skip "build/tether-init not built"
	local h
	for h in "$NSRUN" "$SIGRECORD" "$ORPHANS"; do
		[ -x "$h" ] || skip "test helper ${h##*/} not built"
	done
	T=$BATS_TEST_TMPDIR
	RUNNER=
	INIT_WRAP=() # a command that start_init runs nsrun under, e.g. setpriv
}

# Kills what start_init started and is still there: tether-init (whose end, as PID 1,
# ends its namespace) and nsrun. While nsrun lives, tether-init's pid cannot have been
# reused: nsrun has not reaped it.
init_teardown() {
	local pid
	if [ -n "${RUNNER:-}" ] && kill -0 "$RUNNER" 2>/dev/null; then
		pid=$(cat "$T/pid" 2>/dev/null) && kill -KILL "$pid" 2>/dev/null
		kill -KILL "$RUNNER" 2>/dev/null
		wait "$RUNNER" 2>/dev/null
	fi
	return 0
}

# Every tests/init_*.bats file: these are its setup and teardown.
setup() { init_setup; }
teardown() { init_teardown; }

# The nsrun arguments for a mode: pid1 (new pid and mount namespaces) or child.
mode_args() {
	case $1 in
	pid1) ;;
	child) printf "%s\n" -n ;;
	*) return 1 ;;
	esac
}

# start_init MODE ARG...: tether-init ARG... in the background. Its pid (as seen here)
# lands in $T/pid, its stderr in $T/err, and nsrun's "exit N"/"signal NAME" in $T/out.
start_init() {
	local mode=$1
	shift
	rm -f "$T/pid" "$T/out" "$T/err"
	# RUNNER is nsrun itself (tether-init's parent), so that teardown and the -p test can
	# kill it; fd 3 (bats' own) is closed, or bats would wait for it.
	# shellcheck disable=SC2046 # mode_args prints zero or one word
	"${INIT_WRAP[@]}" "$NSRUN" $(mode_args "$mode") -p "$T/pid" -- "$INIT" "$@" \
		</dev/null >"$T/out" 2>"$T/err" 3>&- &
	RUNNER=$!
	wait_until 5 test -s "$T/pid" || fail "tether-init did not start"
	check_mode "$mode" "$(cat "$T/pid")"
}

# check_mode MODE PID: PID is PID 1 of its own namespace (pid1), or not (child). A
# tether-init that has already ended cannot be checked.
check_mode() {
	local nspid
	nspid=$(awk '$1 == "NSpid:" { print $NF }' "/proc/$2/status" 2>/dev/null) || return 0
	case $1 in
	pid1) [ "$nspid" = 1 ] || fail "tether-init is not PID 1 of a new namespace" ;;
	child) [ "$nspid" = "$2" ] || fail "tether-init runs in a new pid namespace" ;;
	esac
}

# wait_err TEXT [SECONDS]: tether-init's stderr has a line containing TEXT.
wait_err() {
	wait_until "${2:-5}" grep -qF -- "$1" "$T/err"
}

# err_count_at_least N TEXT: at least N lines of tether-init's stderr contain TEXT.
err_count_at_least() {
	[ "$(grep -cF -- "$2" "$T/err")" -ge "$1" ]
}

# finish_init [SECONDS]: waits (bounded) for tether-init to end; its end is then in $T/out.
finish_init() {
	wait_until "${1:-15}" runner_gone || return 1
	wait "$RUNNER"
	RUNNER=
}

runner_gone() {
	! kill -0 "$RUNNER" 2>/dev/null
}

init_pid() {
	cat "$T/pid"
}

# has_line FILE LINE: FILE holds LINE exactly.
has_line() {
	grep -qx -- "$2" "$1" 2>/dev/null
}

# wait_line FILE LINE [SECONDS]
wait_line() {
	wait_until "${3:-5}" has_line "$1" "$2"
}

# Milliseconds of the monotonic-ish wall clock, for loose duration checks.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}
