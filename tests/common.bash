# shellcheck shell=bash
# Common set-up for the bats suites: where the binaries are, the bats libraries, and
# bounded waiting. Loaded with `load common` from tests/*.bats.

bats_require_minimum_version 1.5.0

TETHER_TOP=${TETHER_TOP:-$(cd "$BATS_TEST_DIRNAME/.." && pwd)}
TETHER_BIN=${TETHER_BIN:-$TETHER_TOP/build/tether}
TETHER_INIT_BIN=${TETHER_INIT_BIN:-$TETHER_TOP/build/tether-init}
TETHER_HELPERS=${TETHER_HELPERS:-$TETHER_TOP/build/tests/helpers}
export TETHER_TOP TETHER_BIN TETHER_INIT_BIN TETHER_HELPERS

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# Skips the test (with the reason) unless we are root.
require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

# Skips unless the command exists.
require_cmd() {
	command -v "$1" >/dev/null 2>&1 || skip "needs $1"
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.02 s until it succeeds. Returns 1
# on time-out. Use only where no fd or pidfd can say when. SECONDS is what a quiet machine
# needs; the bound is that many times TETHER_TEST_SLACK (default 4) of wall-clock time, as
# the suite runs beside other work on two cores. A passing wait returns at the event.
wait_until() {
	local deadline=$((SECONDS + $1 * ${TETHER_TEST_SLACK:-4}))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.02
	done
}

# Where the cgroup v2 hierarchy is mounted (empty when it is not). The fields after the
# " - " separator are the filesystem's; the optional fields before it vary in number.
cgroup2_root() {
	awk '{ for (i = 7; $i != "-"; i++); if ($(i + 1) == "cgroup2") { print $5; exit } }' \
		/proc/self/mountinfo
}

# The mount table as "mountpoint fstype" lines, for before/after comparisons. What other
# programs on a shared machine mount and unmount meanwhile is left out: container engines'
# storage and network namespaces, and other bats runs' directories (ours stay in).
mount_snapshot() {
	awk -v own="${BATS_RUN_TMPDIR:-/nonexistent}" '{
		for (i = 7; $i != "-"; i++);
		m = $5
		if (m ~ "^/(var/lib|run)/containers/" || m ~ "^/run/netns/" || m ~ "^/run/user/")
			next
		if (m ~ "^/tmp/bats-run-" && index(m, own) != 1)
			next
		print m, $(i + 1)
	}' /proc/self/mountinfo | sort
}
