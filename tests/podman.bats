#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2154 # the containers' scripts expand inside; stderr: set by run
# tether-init under Podman (runc): the image is built from a local directory with `podman
# build` (busybox-static and tether-init, the Dockerfile ENTRYPOINT of the README), or
# tether-init comes in through `podman run --init --init-path`. Checks that `podman stop`
# returns the application's own status within its 10 s even when a straggler ignores
# SIGTERM, and that an application that exits ends its container in about 1 s more.
# Storage, run state and containers are this file's own (--root, --runroot under its
# temporary directory); no network, no registry.

load common

IMG=localhost/tether-test:podman

# pm ARG...: podman on this file's own storage, with the options this machine needs.
pm() {
	local sub=$1
	shift
	case $sub in
	run)
		set -- --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 \
			--network none "$@"
		;;
	esac
	podman --root "$PM_DIR/root" --runroot "$PM_DIR/run" --tmpdir "$PM_DIR/tmp" \
		--storage-driver vfs --cgroup-manager cgroupfs --events-backend file "$sub" "$@"
}

setup_file() {
	PM_DIR=$BATS_FILE_TMPDIR/podman
	export PM_DIR
	[ "$(id -u)" -eq 0 ] && command -v podman >/dev/null && command -v runc >/dev/null &&
		[ -x /bin/busybox ] && [ -x "$TETHER_INIT_BIN" ] || return 0
	local ctx=$PM_DIR/context a
	mkdir -p "$ctx"/rootfs/{bin,sbin,proc,sys,dev,tmp,etc,io} "$PM_DIR/tmp"
	cp /bin/busybox "$ctx/rootfs/bin/busybox"
	for a in sh sleep cat echo true mkfifo ls stat; do
		ln -s busybox "$ctx/rootfs/bin/$a"
	done
	cp "$TETHER_INIT_BIN" "$ctx/rootfs/sbin/tether-init"
	# The README's recipe: tether-init as the ENTRYPOINT, the application as CMD.
	cat >"$ctx/Containerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
ENTRYPOINT ["/sbin/tether-init", "--"]
CMD ["sh", "-c", "exit 0"]
EOF
	pm build -q --pull=never -t "$IMG" "$ctx" >/dev/null
}

teardown_file() {
	[ -d "${PM_DIR:-}/root" ] || return 0
	pm rm -a -f -t 0 >/dev/null 2>&1
	pm rmi -a -f >/dev/null 2>&1
	rm -rf "$PM_DIR"
}

setup() {
	require_root
	require_cmd podman
	require_cmd runc
	[ -x /bin/busybox ] || skip "needs busybox-static (/bin/busybox)"
	pm image exists "$IMG" || fail "the test image was not built"
	C=tether-test-$$-$BATS_TEST_NUMBER
	IO=$BATS_TEST_TMPDIR/io
	mkdir -p "$IO"
}

teardown() {
	pm rm -f -t 0 "$C" >/dev/null 2>&1
	pm rm -f -t 0 "$C-pause" >/dev/null 2>&1 || true
}

# The application: a straggler that ignores SIGTERM, then its own TERM trap (exit 3).
APP_TRAP='(trap "" TERM; echo up >/io/straggler; exec sleep 1000) &
	trap "exit 3" TERM
	echo ready >/io/ready
	while :; do sleep 0.05; done'

# stop_with_straggler [RUN OPTION...]: podman stop's time in STOP_MS, the status in $status.
stop_with_straggler() {
	local t0 t1
	run -0 pm run -d --name "$C" -v "$IO:/io" "$@" "$IMG" sh -c "$APP_TRAP"
	wait_until 10 test -s "$IO/ready" || fail "the application did not start"
	wait_until 10 test -s "$IO/straggler" || fail "the straggler did not start"
	t0=$(date +%s%N)
	run -0 pm stop "$C"
	t1=$(date +%s%N)
	STOP_MS=$(((t1 - t0) / 1000000))
	run -0 pm inspect -f '{{.State.ExitCode}}' "$C"
}

@test "podman stop: a straggler that ignores SIGTERM, the app's own status well within 10 s" {
	stop_with_straggler
	echo "# podman stop, image ENTRYPOINT: $STOP_MS ms, status $output" >&3
	assert_output 3
	# 1 s of --exit-grace after the app's end, not the 10 s of --grace
	[ "$STOP_MS" -ge 1000 ] || fail "stopped in $STOP_MS ms: the straggler had no grace"
	[ "$STOP_MS" -lt 5000 ] || fail "stopped in $STOP_MS ms"
}

@test "podman run --init --init-path: tether-init as PID 1, the same stop" {
	run -0 --separate-stderr pm run --rm -e TETHER_VERBOSITY=1 --init \
		--init-path "$TETHER_INIT_BIN" --entrypoint '' "$IMG" \
		sh -c '/run/podman-init --version; cat /proc/self/mounts'
	assert_equal "${lines[0]%% *}" tether-init
	assert_line --regexp '^[^ ]+ /dev/shm tmpfs '
	assert_line --regexp '^[^ ]+ /dev/mqueue mqueue '
	# Podman made a mount namespace of its own: nothing is refused
	[[ $stderr != *"not mounting"* ]] || fail "$stderr"
	stop_with_straggler --init --init-path "$TETHER_INIT_BIN" --entrypoint ''
	echo "# podman stop, --init-path: $STOP_MS ms, status $output" >&3
	assert_output 3
	[ "$STOP_MS" -lt 5000 ] || fail "stopped in $STOP_MS ms"
}

@test "podman run: an app that exits by itself with a straggler ends its container in ~1 s more" {
	local t0 t1 base ms
	t0=$(date +%s%N)
	run -0 pm run --rm "$IMG" true
	t1=$(date +%s%N)
	base=$(((t1 - t0) / 1000000))
	t0=$(date +%s%N)
	run -5 pm run --rm "$IMG" sh -c 'mkfifo /tmp/f
		(trap "" TERM; echo up >/tmp/f; exec sleep 1000) &
		read -r x </tmp/f; exit 5'
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	echo "# podman run, app exits 5 with a straggler: $ms ms (a bare run: $base ms)" >&3
	[ "$ms" -ge 1000 ] || fail "ended in $ms ms: the straggler had no grace"
	[ "$ms" -lt $((base + 2500)) ] || fail "ended in $ms ms, a bare run in $base ms"
}

@test "podman, a shared pid namespace (Kubernetes' shareProcessNamespace): a subreaper, the same stop" {
	local pause=$C-pause
	# the pod's first container stands for Kubernetes' pause: PID 1 of the shared namespace
	run -0 pm run -d --name "$pause" --entrypoint '' "$IMG" sleep 1000
	# the image's ENTRYPOINT, tether-init, is not PID 1 here: it subreaps the app's orphan
	run -0 pm run -d --name "$C" --pid "container:$pause" -v "$IO:/io" "$IMG" sh -c '
		echo $PPID >/io/init
		(sleep 1000 & echo $! >/io/orphan)
		'"$APP_TRAP"
	wait_until 10 test -s "$IO/straggler" || fail "the application did not start"
	wait_until 10 test -s "$IO/orphan" || fail "no orphan"
	[ "$(cat "$IO/init")" != 1 ] || fail "tether-init is PID 1"
	run -0 pm exec "$C" cat "/proc/$(cat "$IO/orphan")/status"
	assert_line "PPid:	$(cat "$IO/init")"
	local t0 t1
	t0=$(date +%s%N)
	run -0 pm stop "$C"
	t1=$(date +%s%N)
	run -0 pm inspect -f '{{.State.ExitCode}}' "$C"
	assert_output 3
	[ $(((t1 - t0) / 1000000)) -lt 5000 ] || fail "stopped in $(((t1 - t0) / 1000000)) ms"
}
