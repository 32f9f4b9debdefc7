#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# tether-init as PID 1 of a real OCI container under runc: a busybox-static root, the
# config of `runc spec`, signals from `runc kill`. Checks exit codes, forwarding, reaping
# and halt/reboot as the container runtime sees them. Needs root, runc, jq, busybox-static;
# touches only its own containers (a private runc state directory) and temp dirs.

load common
load runc_helpers

setup_file() {
	runc_setup_file
}

setup() {
	case $BATS_TEST_DESCRIPTION in
	"docker/Dockerfile: the build stage"*) ;; # needs neither root nor runc
	*) runc_require ;;
	esac
	runc_setup
}

teardown() {
	runc_teardown
}

INIT=/sbin/tether-init

@test "runc: tether-init is PID 1 and the payload its child" {
	# shellcheck disable=SC2016 # expanded by the container's shell
	runc_bundle "$INIT" -- sh -c 'echo "pid $$ ppid $PPID"; cat /proc/1/comm'
	run -0 --separate-stderr runc_run
	# runc's own threads take the first pids of the namespace: only the parent is fixed
	assert_regex "${lines[0]}" '^pid [0-9]+ ppid 1$'
	assert_equal "${lines[1]}" "tether-init"
}

@test "runc: the payload's exit code is the container's" {
	local code
	for code in 0 1 255; do
		runc_bundle "$INIT" -- sh -c "exit $code"
		run -"$code" runc_run
	done
}

@test "runc: a payload killed by a signal gives 128+N" {
	# shellcheck disable=SC2016
	runc_bundle "$INIT" -- sh -c 'kill -USR1 $$'
	run -138 runc_run
}

@test "runc: -e maps the payload's code to 0" {
	runc_bundle "$INIT" -e 3 -- sh -c 'exit 3'
	run -0 runc_run
}

@test "runc: a missing command is 127, a non-executable one 126" {
	runc_bundle "$INIT" -- /bin/no-such-command
	run -127 --separate-stderr runc_run
	assert_output ""
	# shellcheck disable=SC2154 # set by run --separate-stderr
	assert_equal "$stderr" "tether-init: exec /bin/no-such-command: No such file or directory"
	runc_bundle "$INIT" -- /etc
	run -126 --separate-stderr runc_run
	assert_equal "$stderr" "tether-init: exec /etc: Permission denied"
}

@test "runc: runc kill TERM ends the payload, exit 143" {
	runc_fifo ready
	runc_bundle "$INIT" -- sh -c 'echo up >/io/ready; exec sleep 1000'
	runc_start
	run -0 runc_await ready
	runc_ kill "$RUNC_ID" TERM
	runc_wait
	assert_equal "$RUNC_STATUS" 143
}

@test "runc: HUP, USR1, USR2 and WINCH are forwarded; the payload's code is kept" {
	local sig
	runc_fifo ready
	runc_fifo got
	# shellcheck disable=SC2016
	runc_bundle "$INIT" -- sh -c '
		for s in HUP USR1 USR2 WINCH; do trap "echo $s >/io/got" $s; done
		trap "exit 42" TERM
		echo up >/io/ready
		while :; do sleep 1000 & wait; done'
	runc_start
	run -0 runc_await ready
	for sig in HUP USR1 USR2 WINCH; do
		runc_ kill "$RUNC_ID" "$sig"
		run -0 runc_await got
		assert_output "$sig"
	done
	runc_ kill "$RUNC_ID" TERM
	runc_wait
	assert_equal "$RUNC_STATUS" 42
}

@test "runc: --rewrite TERM:USR1 delivers USR1 instead" {
	runc_fifo ready
	runc_bundle "$INIT" --rewrite TERM:USR1 -- sh -c '
		trap "exit 7" USR1
		trap "exit 8" TERM
		echo up >/io/ready
		while :; do sleep 1000 & wait; done'
	runc_start
	run -0 runc_await ready
	runc_ kill "$RUNC_ID" TERM
	runc_wait
	assert_equal "$RUNC_STATUS" 7
}

@test "runc: orphans are reaped, no zombie is left" {
	runc_fifo ready
	runc_fifo finish
	# 200 orphans: each subshell starts a sleep and exits, so the sleep is re-parented to
	# PID 1; the payload itself stays until told to finish.
	# shellcheck disable=SC2016 # expanded by the container's shell
	runc_bundle "$INIT" -- sh -c '
		i=0
		while [ $i -lt 200 ]; do (sleep 0.2 &); i=$((i + 1)); done
		echo up >/io/ready
		read -r x </io/finish
		exit 9'
	runc_start
	run -0 runc_await ready 60 # 200 forks can be slow on a loaded machine
	# The orphans end within 0.2 s; wait (bounded) until none is left, zombie or not.
	no_sleepers() {
		local procs
		procs=$(runc_procs) || return 1
		! grep -q ' sleep$' <<<"$procs" && ! awk '$2 == "Z"' <<<"$procs" | grep -q .
	}
	runc_until 15 no_sleepers || {
		runc_procs
		fail "orphans still there (Z is a zombie)"
	}
	# the container is still running, with tether-init and the payload
	run -0 runc_procs
	assert_line --regexp '^1 [SR] tether-init$'
	echo finish >"$RUNC_IO/finish"
	runc_wait
	assert_equal "$RUNC_STATUS" 9
}

@test "runc: leftover processes are stopped when the payload exits" {
	runc_fifo ready
	runc_bundle "$INIT" -- sh -c 'sleep 1000 & echo up >/io/ready; exit 5'
	runc_start
	run -0 runc_await ready
	runc_wait
	assert_equal "$RUNC_STATUS" 5
}

@test "runc: a leftover that ignores TERM is killed after the grace period" {
	local start end ms
	runc_fifo ready
	runc_fifo go
	runc_bundle "$INIT" -t 1 -- sh -c '
		(trap "" TERM; echo up >/io/ready; exec sleep 1000) &
		read -r x </io/go
		exit 6'
	runc_start
	run -0 runc_await ready
	start=$(date +%s%N)
	echo go >"$RUNC_IO/go"
	runc_wait
	end=$(date +%s%N)
	assert_equal "$RUNC_STATUS" 6
	# not before the grace period, and not long after it
	ms=$(((end - start) / 1000000))
	[ "$ms" -ge 1000 ] || fail "ended after $ms ms, before the 1 s grace period"
	[ "$ms" -lt 5000 ] || fail "ended after $ms ms"
}

@test "runc: SIGPWR without CAP_SYS_BOOT stops all and exits with the payload's status" {
	runc_fifo ready
	runc_bundle "$INIT" -- sh -c 'sleep 1000 & echo up >/io/ready; exec sleep 1000'
	runc_start
	run -0 runc_await ready
	runc_ kill "$RUNC_ID" PWR
	runc_wait
	assert_equal "$RUNC_STATUS" 143
}

# In a child PID namespace, reboot(2) ends PID 1 with SIGINT for a halt and SIGHUP for a
# restart: that is how a runtime learns which one was asked for.
@test "runc: SIGPWR with CAP_SYS_BOOT halts: PID 1 dies of SIGINT" {
	runc_fifo ready
	runc_bundle --cap CAP_SYS_BOOT -- "$INIT" -- sh -c 'echo up >/io/ready; exec sleep 1000'
	runc_start
	run -0 runc_await ready
	runc_ kill "$RUNC_ID" PWR
	runc_wait
	assert_equal "$RUNC_STATUS" $((128 + 2))
}

@test "runc: the reboot signal with CAP_SYS_BOOT reboots: PID 1 dies of SIGHUP" {
	runc_fifo ready
	runc_bundle --cap CAP_SYS_BOOT -- "$INIT" --reboot-signal INT -- \
		sh -c 'echo up >/io/ready; exec sleep 1000'
	runc_start
	run -0 runc_await ready
	runc_ kill "$RUNC_ID" INT
	runc_wait
	assert_equal "$RUNC_STATUS" $((128 + 1))
}

@test "runc: runc kill KILL and delete leave nothing behind" {
	local pid
	runc_fifo ready
	runc_bundle "$INIT" -- sh -c 'sleep 1000 & echo up >/io/ready; exec sleep 1000'
	runc_start
	run -0 runc_await ready
	pid=$(runc_ state "$RUNC_ID" | jq -r .pid)
	[ "$pid" -gt 1 ]
	runc_ kill "$RUNC_ID" KILL
	runc_wait
	assert_equal "$RUNC_STATUS" 137
	run -0 runc_ delete -f "$RUNC_ID"
	run -0 runc_ list -q
	[[ $output != *"$RUNC_ID"* ]] || fail "runc still lists $RUNC_ID"
	! kill -0 "$pid" 2>/dev/null || fail "PID 1 ($pid) is still alive"
}

# ---- docker/Dockerfile: replayed here, since there is no Docker on the test machines ----

# Runs the build stage's COPY, ARG and RUN (but apt-get) in a scratch copy of the tree: the
# files it copies must be enough to build, and the binary the image copies must come out.
@test "docker/Dockerfile: the build stage builds a static tether-init from what it copies" {
	require_cmd musl-gcc
	local df=$TETHER_TOP/docker/Dockerfile ctx=$BATS_TEST_TMPDIR/ctx workdir="" line src dst
	local -a words
	mkdir -p "$ctx"
	while IFS= read -r line; do
		read -r -a words <<<"$line"
		case ${words[0]} in
		WORKDIR) workdir=${words[1]} ;;
		ARG)
			[[ ${words[1]} == *=* ]] || fail "ARG without a default: $line"
			export "${words[1]?}"
			;;
		COPY)
			[ -n "$workdir" ] || fail "COPY before WORKDIR: $line"
			dst=${words[-1]}
			[[ $dst != /* ]] || fail "COPY to an absolute path: $line"
			mkdir -p "$ctx/$dst"
			for src in "${words[@]:1:${#words[@]}-2}"; do
				[ -e "$TETHER_TOP/$src" ] || fail "COPY of a missing path: $src"
				if [ -d "$TETHER_TOP/$src" ]; then
					cp -a "$TETHER_TOP/$src/." "$ctx/$dst"
				else
					cp -a "$TETHER_TOP/$src" "$ctx/$dst"
				fi
			done
			;;
		RUN)
			[[ $line == *apt-get* ]] && continue
			(cd "$ctx" && PATH=$PATH sh -ec "${line#RUN }") >"$BATS_TEST_TMPDIR/build.log" 2>&1 ||
				fail "$line failed: $(tail -5 "$BATS_TEST_TMPDIR/build.log")"
			;;
		esac
	done < <(dockerfile_stage "$df" 0)
	[ "$workdir" = /src ] || fail "WORKDIR is $workdir"

	# The final stage copies the binary from where the build stage made it.
	src=$(dockerfile_stage "$df" 1 | awk '$1 == "COPY" && $2 == "--from=build" { print $3 }')
	[ "$src" = "$workdir/build/tether-init" ] || fail "final stage copies $src"
	[ -x "$ctx/${src#"$workdir"/}" ] || fail "the build stage made no ${src#"$workdir"/}"
	run -0 "$ctx/build/tether-init" --version
	assert_output --regexp '^tether-init '
	run -0 readelf -l "$ctx/build/tether-init"
	refute_output --partial "INTERP"
}

# What `docker run IMAGE` then `docker stop` do, done with runc on a busybox root holding
# the binary where the image puts it: ENTRYPOINT + CMD, then SIGTERM to PID 1.
@test "docker/Dockerfile: the example image's ENTRYPOINT and CMD run and stop cleanly" {
	local df=$TETHER_TOP/docker/Dockerfile dst entry cmd
	local -a argv
	dst=$(dockerfile_stage "$df" 1 | awk '$1 == "COPY" && $2 == "--from=build" { print $4 }')
	entry=$(dockerfile_stage "$df" 1 | sed -n 's/^ENTRYPOINT //p')
	cmd=$(dockerfile_stage "$df" 1 | sed -n 's/^CMD //p')
	[ "$(jq -r '.[0]' <<<"$entry")" = "$dst" ] || fail "ENTRYPOINT $entry does not run $dst"
	mapfile -t argv < <(jq -r '.[]' <<<"$entry" && jq -r '.[]' <<<"$cmd")

	cp -a "$RUNC_ROOTFS" "$BATS_TEST_TMPDIR/rootfs"
	rm -f "$BATS_TEST_TMPDIR/rootfs/sbin/tether-init"
	mkdir -p "$BATS_TEST_TMPDIR/rootfs/$(dirname "$dst")"
	cp "$TETHER_INIT_BIN" "$BATS_TEST_TMPDIR/rootfs/$dst"
	RUNC_ROOTFS=$BATS_TEST_TMPDIR/rootfs
	runc_bundle -- "${argv[@]}"
	runc_start
	# the CMD says it is up on stdout: no fd to wait on but the file it writes to
	wait_until 10 grep -q 'PID 1' "$RUNC_IO/out" || fail "no output: $(cat "$RUNC_IO/err")"
	run -0 runc_procs
	assert_line --regexp '^1 [SR] tether-init$'
	runc_ kill "$RUNC_ID" TERM
	runc_wait
	assert_equal "$RUNC_STATUS" 143
	run -0 cat "$RUNC_IO/err"
	assert_output ""
}
