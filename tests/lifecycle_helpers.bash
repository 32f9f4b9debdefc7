# shellcheck shell=bash
# Helpers for the named-container suites (tests/lifecycle*.bats): a private state
# directory per test (never /run/tether), tether commands bounded by timeout, and a
# teardown that kills, by pid, every monitor and init this test's state directory holds.

load common

lc_setup() {
	require_root
	[ -x "$TETHER_BIN" ] || skip "build/tether not built"
	"$TETHER_INIT_BIN" --version >/dev/null 2>&1 || skip "tether-init not built"
	# In /tmp itself: bats' own temporary directories are private to root.
	TMP=$(mktemp -d /tmp/tether-lc.XXXXXX)
	# Traversable, so that a second user can reach the socket and be refused by it.
	chmod 755 "$TMP"
	SD=$TMP/state
	LC_USER=
}

# Every live monitor and running init of our state directory, as list reports them
# (a pid there is one whose monitor still holds the lock: never a stale, reused pid).
lc_pids() {
	timeout 10 "$TETHER_BIN" list --state-dir "$SD" --json 2>/dev/null |
		jq -r '.[] | .monitor_pid, .pid | select(. != null)'
}

lc_teardown() {
	local p pids cg root cgs=()
	if [ -n "${SD:-}" ] && [ -d "$SD" ]; then
		pids=$(lc_pids)
		# A monitor killed here cannot remove its container's cgroup (tether-MONITOR_PID,
		# where the init is): we do, once its processes are gone.
		root=$(cgroup2_root)
		for p in $pids; do
			[ -n "$root" ] || break
			cg=$(sed -n 's|^0::||p' "/proc/$p/cgroup" 2>/dev/null) || continue
			case $cg in */tether-[0-9]*) cgs+=("$root$cg") ;; esac
		done
		for p in $pids; do
			kill -KILL "$p" 2>/dev/null || true
		done
		for p in $pids; do
			wait_until 5 proc_gone "$p" || echo "pid $p survived teardown" >&2
		done
		for cg in "${cgs[@]}"; do
			wait_until 5 cgroup_gone "$cg" || echo "cgroup $cg survived teardown" >&2
		done
	fi
	if [ -n "${LC_USER:-}" ]; then
		userdel "$LC_USER" 2>/dev/null || true
	fi
	[ -z "${TMP:-}" ] || rm -rf "$TMP"
}

# The cgroup directory is removed (by its monitor or by us), or was never there.
cgroup_gone() {
	[ ! -d "$1" ] || rmdir "$1" 2>/dev/null
}

# t COMMAND ARGS...: tether COMMAND --state-dir $SD ARGS..., at most 30 s.
t() {
	local cmd=$1
	shift
	timeout 30 "$TETHER_BIN" "$cmd" --state-dir "$SD" "$@"
}

# Gone, or a zombie nobody reaped yet.
proc_gone() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) }
	[ "${stat%% *}" = Z ]
}

# field NAME KEY: one field of `status --json`.
field() {
	t status --json "$1" | jq -r ".$2"
}

state_is() { [ "$(field "$1" state)" = "$2" ]; }

# A new init pid for NAME, other than $2, running.
pid_changed() {
	local p
	p=$(field "$1" pid)
	[ "$p" != null ] && [ "$p" != "$2" ] && state_is "$1" running
}


# The host pids of the children of host pid $1.
children_of() { tr ' ' '\n' <"/proc/$1/task/$1/children" | grep . || true; }

ppid_of() { awk '/^PPid:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

# The process no longer exists at all: not even a zombie (it was reaped).
proc_reaped() { [ ! -e "/proc/$1" ]; }

# The init $1 has a child other than $2.
adopted() { children_of "$1" | grep -qvx "$2"; }
