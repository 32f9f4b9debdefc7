# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Helpers for tests/runc.bats: a busybox-static root filesystem with tether-init as
# /sbin/tether-init, an OCI bundle per test made from `runc spec`, and containers run under
# a private runc state directory so that no other container on the machine is ever touched.

# The busybox applets the payloads use.
RUNC_APPLETS=(sh sleep cat kill ps echo true false trap seq touch mkfifo ls grep wc)

# Builds the root filesystem shared by the file's tests (read by containers, never written).
runc_setup_file() {
	RUNC_ROOTFS=$BATS_FILE_TMPDIR/rootfs
	RUNC_STATE=$BATS_FILE_TMPDIR/runc-state
	export RUNC_ROOTFS RUNC_STATE
	[ "$(id -u)" -eq 0 ] || return 0
	command -v runc >/dev/null && command -v jq >/dev/null || return 0
	[ -x /bin/busybox ] || return 0
	mkdir -p "$RUNC_ROOTFS"/{bin,sbin,proc,sys,dev,tmp,etc,io} "$RUNC_STATE"
	cp /bin/busybox "$RUNC_ROOTFS/bin/busybox"
	local a
	for a in "${RUNC_APPLETS[@]}"; do
		ln -s busybox "$RUNC_ROOTFS/bin/$a"
	done
	if [ -x "$TETHER_INIT_BIN" ]; then
		cp "$TETHER_INIT_BIN" "$RUNC_ROOTFS/sbin/tether-init"
	fi
}

# Skips unless the machine can run these tests; fails if tether-init is not built.
runc_require() {
	require_root
	require_cmd runc
	require_cmd jq
	[ -x /bin/busybox ] || skip "needs busybox-static (/bin/busybox)"
	/bin/busybox --list | grep -qx sh || skip "/bin/busybox has no sh applet"
	[ -x "$RUNC_ROOTFS/sbin/tether-init" ] || fail "tether-init not built: $TETHER_INIT_BIN"
	"$RUNC_ROOTFS/sbin/tether-init" --version >/dev/null || fail "tether-init --version fails"
}

# runc with our own state directory.
runc_() {
	runc --root "$RUNC_STATE" "$@"
}

# Per-test names: the container id, the bundle, and /io, a directory bind-mounted into the
# container for fifos and files that tell the test what happened inside.
runc_setup() {
	RUNC_ID=tether-test-$$-$BATS_TEST_NUMBER
	RUNC_BUNDLE=$BATS_TEST_TMPDIR/bundle
	RUNC_IO=$BATS_TEST_TMPDIR/io
	RUNC_PID=
	mkdir -p "$RUNC_BUNDLE" "$RUNC_IO"
}

# Kills and deletes our container (only ours: our id, our state directory) and the runc
# we started in the background.
runc_teardown() {
	[ -n "${RUNC_ID:-}" ] || return 0
	if [ -d "${RUNC_STATE:-}/$RUNC_ID" ]; then
		runc_ kill "$RUNC_ID" KILL >/dev/null 2>&1 || true
		timeout -k 2 10 runc --root "$RUNC_STATE" delete -f "$RUNC_ID" >/dev/null 2>&1 || true
	fi
	if [ -n "${RUNC_PID:-}" ]; then
		kill "$RUNC_PID" 2>/dev/null || true
		wait "$RUNC_PID" 2>/dev/null || true
	fi
}

# runc_bundle [--cap CAP]... [--] ARG...: writes config.json for a container whose process is
# ARG... (normally /sbin/tether-init ...), with /io bound to $RUNC_IO.
runc_bundle() {
	local caps=()
	while [ $# -gt 0 ]; do
		case $1 in
		--cap)
			caps+=("$2")
			shift 2
			;;
		--)
			shift
			break
			;;
		*) break ;;
		esac
	done
	local args caps_json
	args=$(jq -cn '$ARGS.positional' --args -- "$@")
	caps_json=$(jq -cn '$ARGS.positional' --args -- "${caps[@]}")
	# `runc spec` once per file: the defaults of the runc under test
	if [ ! -f "$BATS_FILE_TMPDIR/spec.json" ]; then
		(cd "$BATS_FILE_TMPDIR" && runc spec && mv config.json spec.json) || return 1
	fi
	jq --arg root "$RUNC_ROOTFS" --arg io "$RUNC_IO" --argjson args "$args" \
		--argjson caps "$caps_json" '
		.root = {path: $root, readonly: false}
		| .process.terminal = false
		| .process.args = $args
		| .hostname = "tether-test"
		| .mounts += [{destination: "/io", type: "bind", source: $io,
			options: ["rbind", "rw"]}]
		| .process.capabilities.bounding += $caps
		| .process.capabilities.effective += $caps
		| .process.capabilities.permitted += $caps' \
		"$BATS_FILE_TMPDIR/spec.json" >"$RUNC_BUNDLE/config.json"
}

# Every runc that could wait on the container is bounded: `runc run` forwards the TERM of
# `timeout` to the container, which a broken init would ignore, so -k ends runc itself.
RUNC_TIMEOUT=(timeout -k 5 60)

# Runs the container in the foreground; its exit status is the container's.
runc_run() {
	"${RUNC_TIMEOUT[@]}" runc --root "$RUNC_STATE" run --bundle "$RUNC_BUNDLE" "$RUNC_ID" </dev/null
}

# Starts the container in the background; stdout and stderr go to $RUNC_IO/out and err.
runc_start() {
	"${RUNC_TIMEOUT[@]}" runc --root "$RUNC_STATE" run --bundle "$RUNC_BUNDLE" "$RUNC_ID" \
		</dev/null >"$RUNC_IO/out" 2>"$RUNC_IO/err" 3>&- &
	RUNC_PID=$!
}

# Waits for the background runc to end (bounded by its timeout); sets RUNC_STATUS.
# shellcheck disable=SC2034 # RUNC_STATUS is read by the tests
runc_wait() {
	RUNC_STATUS=0
	wait "$RUNC_PID" || RUNC_STATUS=$?
	RUNC_PID=
}

# Creates the fifo $RUNC_IO/NAME and reads one line from it: returns when the payload has
# written it (bounded by SECONDS, default 20), so no polling is needed for readiness.
runc_fifo() {
	mkfifo "$RUNC_IO/$1"
}
runc_await() {
	local line
	line=$(timeout "${2:-20}" cat "$RUNC_IO/$1") || return 1
	printf '%s\n' "$line"
}

# Lines "PID STATE COMM" for every process of the container, read from its own /proc.
# Fails when runc exec does (the container is gone).
runc_procs() {
	local stats
	# shellcheck disable=SC2016 # expanded by the container's shell
	stats=$(timeout -k 2 10 runc --root "$RUNC_STATE" exec "$RUNC_ID" sh -c \
		'for f in /proc/[0-9]*/stat; do read -r l <"$f" 2>/dev/null && echo "$l"; done; :') ||
		return 1
	printf '%s\n' "$stats" |
		awk '{ c = $0; sub(/^[0-9]+ \(/, "", c); sub(/\).*/, "", c);
			s = $0; sub(/.*\) /, "", s); split(s, f, " "); print $1, f[1], c }'
}

# dockerfile_stage FILE N: the instructions of build stage N (0 = the first FROM), one per
# line, with continuation lines joined and comments dropped.
dockerfile_stage() {
	awk -v want="$2" '
		/^[[:space:]]*#/ { next }
		{ line = line $0 }
		/\\$/ { sub(/\\$/, "", line); next }
		{
			if (line ~ /^[[:space:]]*$/) { line = ""; next }
			if (toupper(line) ~ /^FROM[[:space:]]/) stage++
			if (stage - 1 == want) print line
			line = ""
		}' "$1"
}

# runc_until SECONDS COMMAND...: like wait_until, but bounded in wall-clock time, for
# commands that are slow themselves (runc exec).
runc_until() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}
