#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr: set by bats' run --separate-stderr
# shellcheck disable=SC2016 # $p and $$ expand in the shells tether-init runs
# The static tether-init of every architecture `make cross` builds, run under
# qemu-user-static (amd64 natively): exit codes, -e, 126/127, signal forwarding and
# rewriting (names parsed on a big-endian s390x too), and reaping as far as qemu-user
# allows. It refuses PR_SET_CHILD_SUBREAPER, so orphans never come back to a tether-init
# that is not PID 1: reaping of orphans is checked as PID 1 of a new pid namespace, the
# child's own reaping everywhere.

load common

setup() {
	T=$BATS_TEST_TMPDIR
	PIDS=()
}

teardown() {
	local p
	for p in "${PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
}

# use ARCH: sets RUN (the command that runs a foreign binary) and BIN, or skips.
use() {
	local q
	BIN=$TETHER_TOP/build/cross/$1/tether-init
	[ -x "$BIN" ] || skip "build/cross/$1/tether-init not built (make cross; tools/deps cross$(
		[ "$1" != riscv64 ] || echo '; tools/musl-riscv64 fetches its musl')"
	case $1 in
	amd64) q= ;;
	arm64) q=qemu-aarch64-static ;;
	armhf) q=qemu-arm-static ;;
	ppc64el) q=qemu-ppc64le-static ;;
	s390x) q=qemu-s390x-static ;;
	riscv64) q=qemu-riscv64-static ;;
	esac
	RUN=()
	if [ -n "$q" ]; then
		command -v "$q" >/dev/null || skip "needs $q (qemu-user-static)"
		RUN=("$q")
	fi
	run -0 file -b "$BIN"
	assert_output --partial "statically linked"
}

check_arch() {
	use "$1"
	run -0 timeout 20 "${RUN[@]}" "$BIN" --version
	assert_output --regexp '^tether-init [^ ]+$'
	run -7 timeout 20 "${RUN[@]}" "$BIN" -- sh -c 'exit 7'
	run -0 timeout 20 "${RUN[@]}" "$BIN" -e 7 -e 9 -- sh -c 'exit 9'
	run -137 timeout 20 "${RUN[@]}" "$BIN" -- sh -c 'kill -9 $$'
	run -127 timeout 20 "${RUN[@]}" "$BIN" -- /nonexistent/tether-cmd
	printf '#!/bin/sh\n' >"$T/noexec"
	chmod 644 "$T/noexec"
	run -126 timeout 20 "${RUN[@]}" "$BIN" -- "$T/noexec"
	run -2 --separate-stderr timeout 20 "${RUN[@]}" "$BIN" --bogus
	assert_equal "${stderr_lines[0]}" "tether-init: unknown option '--bogus'"

	# a signal to tether-init reaches the child: TERM as is, USR1 rewritten to USR2
	signal_case TERM 42
	signal_case USR1 43

	# reaping: an orphan comes to tether-init as PID 1 of a pid namespace and is reaped
	# (-w says so); the mounts it makes stay in a private mount namespace
	require_root
	run -3 --separate-stderr timeout 20 unshare --fork --pid --mount --propagation private \
		"${RUN[@]}" "$BIN" -w -- sh -c '(true &); exit 3'
	assert_regex "$stderr" "tether-init: reaped zombie process [0-9]+"
}

# signal_case SIGNAL STATUS: tether-init (-r USR1:USR2) runs a shell that exits 42 on
# TERM and 43 on USR2; SIGNAL is sent to tether-init once the shell is ready.
signal_case() {
	local p rc=0
	rm -f "$T/ready"
	mkfifo "$T/ready"
	"${RUN[@]}" "$BIN" -r USR1:SIGUSR2 -- sh -c \
		'trap "kill \$p; exit 42" TERM; trap "kill \$p; exit 43" USR2
		sleep 100 & p=$!; echo >'"$T/ready"'; wait $p' &
	p=$!
	PIDS+=("$p")
	read -r _ <"$T/ready"
	kill -"$1" "$p"
	wait "$p" || rc=$?
	assert_equal "$rc" "$2"
}

@test "amd64: static tether-init, exit codes, signals, reaping" { check_arch amd64; }
@test "arm64 under qemu-user: static tether-init, exit codes, signals, reaping" { check_arch arm64; }
@test "armhf under qemu-user: static tether-init, exit codes, signals, reaping" { check_arch armhf; }
@test "ppc64el under qemu-user: static tether-init, exit codes, signals, reaping" { check_arch ppc64el; }
@test "s390x under qemu-user: static tether-init, exit codes, signals, reaping" { check_arch s390x; }
@test "riscv64 under qemu-user: static tether-init, exit codes, signals, reaping" { check_arch riscv64; }

# serve DIR: an HTTP server on loopback for DIR; sets MIRROR to its address.
serve() {
	local port
	require_cmd python3
	mkfifo "$T/port"
	python3 - "$1" "$T/port" 2>/dev/null <<'EOF' &
import functools, http.server, sys
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
s = http.server.HTTPServer(("127.0.0.1", 0), h)
with open(sys.argv[2], "w") as f:
	f.write("%d\n" % s.server_port)
s.serve_forever()
EOF
	PIDS+=("$!")
	read -r -t 20 port <"$T/port"
	MIRROR=http://127.0.0.1:$port
}

# fetch: tools/musl-riscv64 with the cache in $T and the mirror at $MIRROR.
fetch() {
	TETHER_CROSS_CACHE=$T/cache TETHER_DEBIAN_MIRROR=$MIRROR "$TETHER_TOP/tools/musl-riscv64"
}

@test "tools/musl-riscv64: a cached copy needs no network; without one, no mirror is a skip (77)" {
	MIRROR=http://127.0.0.1:1/debian
	run -77 --separate-stderr fetch
	assert_output ""
	assert_regex "$stderr" "^tools/musl-riscv64: cannot fetch http://127.0.0.1:1/debian/dists/trixie/InRelease: "
	run -0 find "$T/cache" -mindepth 1 -not -name .lock
	assert_output ""

	mkdir "$T/cache/musl-dev_riscv64"
	touch "$T/cache/musl-dev_riscv64/.unpacked"
	run -0 --separate-stderr fetch
	assert_output "$T/cache/musl-dev_riscv64/musl-gcc.specs"
	assert_equal "$stderr" ""
}

@test "tools/musl-riscv64: refuses another suite's signed InRelease, and one whose text was changed" {
	local f
	for f in /var/lib/apt/lists/*_dists_bookworm_InRelease; do break; done
	[ -f "$f" ] || skip "needs bookworm's InRelease in /var/lib/apt/lists (apt-get update)"
	mkdir -p "$T/mirror/dists/trixie"
	cp "$f" "$T/mirror/dists/trixie/InRelease"
	serve "$T/mirror"
	run -1 --separate-stderr fetch
	assert_equal "$stderr" "tools/musl-riscv64: dists/trixie/InRelease is not trixie's"

	sed -i 's/^Codename: bookworm$/Codename: trixie/' "$T/mirror/dists/trixie/InRelease"
	run -0 grep -qx 'Codename: trixie' "$T/mirror/dists/trixie/InRelease"
	run -1 --separate-stderr fetch
	assert_regex "$stderr" "^tools/musl-riscv64: dists/trixie/InRelease: bad signature: "
	run -0 find "$T/cache" -mindepth 1 -not -name .lock
	assert_output ""
}
