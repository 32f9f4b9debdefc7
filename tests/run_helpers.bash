# shellcheck shell=bash
# Helpers for the `tether run` suites (tests/run_*.bats): a temporary directory per test,
# the launcher in the background, and bounded waits on files and processes.

load common

export HELPERS=$TETHER_HELPERS

run_setup() {
	require_root
	[ -x "$TETHER_BIN" ] || skip "build/tether not built"
	TMP=$(mktemp -d "${BATS_TMPDIR:-/tmp}/tether-run.XXXXXX")
	# Entries of this test's containers in a directory of its own, never /run/tether.
	export TETHER_STATE_DIR=$TMP/state
	mkdir "$TETHER_STATE_DIR"
	BG_PID=
}

run_teardown() {
	# Only the launcher this test started, by pid; its container dies with it.
	if [ -n "${BG_PID:-}" ] && kill -0 "$BG_PID" 2>/dev/null; then
		kill -KILL "$BG_PID" 2>/dev/null || true
		wait "$BG_PID" 2>/dev/null || true
	fi
	[ -z "${TMP:-}" ] || rm -rf "$TMP"
}

# tether_bg ARGS...: `tether run ARGS` in the background, stderr to $TMP/err, status
# lines to $TMP/status; sets BG_PID.
tether_bg() {
	"$TETHER_BIN" run --status-fd 9 "$@" 9>"$TMP/status" 2>"$TMP/err" &
	BG_PID=$!
}

bg_ended() { proc_gone "$BG_PID"; }

# bg_wait: waits (bounded, as wait_until 15) for the background launcher; sets BG_RC.
bg_wait() {
	wait_until 15 bg_ended || {
		echo "launcher $BG_PID still running" >&2
		return 1
	}
	export BG_RC=0
	wait "$BG_PID" || BG_RC=$?
	BG_PID=
}

file_has() { grep -q -- "$2" "$1" 2>/dev/null; }

# wait_file SECONDS FILE TEXT
wait_file() {
	wait_until "$1" file_has "$2" "$3" || {
		echo "no '$3' in $2 after $1 s:" >&2
		cat "$2" >&2 2>/dev/null
		return 1
	}
}

# The one-letter state of a process, empty when it does not exist (builtins only: the
# suites run beside busy ones, where every fork costs).
proc_state() {
	local stat
	{ read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 0
	stat=${stat##*) }
	echo "${stat%% *}"
}

# Gone, or a zombie nobody reaped yet (it runs nothing and holds no namespace).
proc_gone() {
	local s
	s=$(proc_state "$1")
	[ -z "$s" ] || [ "$s" = Z ]
}

# The container's init: the launcher's only child.
child_of() {
	tr -d ' ' 2>/dev/null <"/proc/$1/task/$1/children"
}

# Live (not zombie) pids whose pid namespace is NS, as readlink /proc/PID/ns/pid prints
# it: one find over the links, no process per pid.
pids_in_ns() {
	local pat=${1//[/\\[} path pid
	pat=${pat//]/\\]}
	find /proc/[0-9]*/ns/pid -maxdepth 0 -lname "$pat" 2>/dev/null | while read -r path; do
		pid=${path#/proc/}
		pid=${pid%%/*}
		[ "$(proc_state "$pid")" = Z ] || echo "$pid"
	done
}

no_pids_in_ns() { [ -z "$(pids_in_ns "$1")" ]; }

# The first "started" status line's pid.
status_pid() {
	jq -r 'select(.event == "started") | .pid' "$TMP/status" | head -n 1
}

has_started() { [ -n "$(status_pid 2>/dev/null)" ]; }
