#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr: set by bats' run --separate-stderr
# Files tether writes or reads for its caller: --pidfile appears whole through a new
# temporary of tether's own (never a file or symlink planted there) and a failure is 125
# with nothing left; --env-file reads regular files only, up to 1 MiB, and a read error is
# an error.

load run_helpers

setup() { run_setup; }
teardown() { run_teardown; }

@test "--pidfile never writes through a planted symlink, and replaces one at the target" {
	mkdir "$TMP/run" "$TMP/priv"
	printf 'private\n' >"$TMP/priv/key"
	chmod 600 "$TMP/priv/key"
	# at the target and at the name the temporary once had
	ln -s "$TMP/priv/key" "$TMP/run/app.pid.tmp"
	ln -s "$TMP/priv/key" "$TMP/run/app.pid"
	# -d returns once the container runs and its pid file is written
	run -0 "$TETHER_BIN" run -d --name pf --pidfile "$TMP/run/app.pid" -- sleep 100
	[ -f "$TMP/run/app.pid" ] && [ ! -L "$TMP/run/app.pid" ] || fail "no pid file of its own"
	assert_equal "$(cat "$TMP/run/app.pid")" "$("$TETHER_BIN" status --json pf | jq .pid)"
	assert_equal "$(cat "$TMP/priv/key")" private
	run -143 "$TETHER_BIN" stop pf
	# removed at the end; the planted link of the old temporary name untouched
	run -0 ls -A "$TMP/run"
	assert_output app.pid.tmp
}

@test "--pidfile that cannot be written: 125, no container, nothing left, even with stderr broken" {
	mkdir "$TMP/run" "$TMP/run/taken.pid"
	run -125 --separate-stderr "$TETHER_BIN" run --pidfile "$TMP/run/taken.pid" -- \
		sh -c "touch '$TMP/ran'; sleep 100"
	assert_equal "$stderr" "tether: write pid file $TMP/run/taken.pid: Is a directory"
	run -0 ls -A "$TMP/run"
	assert_output taken.pid
	run -125 --separate-stderr "$TETHER_BIN" run --pidfile "$TMP/gone/x.pid" -- true
	assert_equal "$stderr" "tether: write pid file $TMP/gone/x.pid: No such file or directory"
	# the caller's stderr a closed pipe: still 125, not a death by SIGPIPE
	run -125 python3 -c 'import os, signal, sys
r, w = os.pipe(); os.close(r); os.dup2(w, 2)
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$TETHER_BIN" run --pidfile "$TMP/gone/y.pid" -- true
}

@test "--env-file: a regular file up to 1 MiB; anything else, and read errors, are 125" {
	printf 'K1=v1\n# note\n\nK2=a=b' >"$TMP/ok.env"
	# shellcheck disable=SC2016 # expanded inside
	run -0 "$TETHER_BIN" run --no-init --env-file "$TMP/ok.env" -- sh -c 'echo "$K1 $K2"'
	assert_output "v1 a=b"
	mkfifo "$TMP/fifo.env"
	mkdir "$TMP/dir.env"
	head -c 1048577 /dev/zero | tr '\0' '#' >"$TMP/big.env"
	printf 'K=1\0\n' >"$TMP/nul.env"
	local f
	for f in "$TMP/fifo.env" "$TMP/dir.env" /dev/null; do
		run -125 --separate-stderr timeout 20 "$TETHER_BIN" run --env-file "$f" -- true
		assert_equal "$stderr" "tether: --env-file $f: not a regular file"
	done
	run -125 --separate-stderr "$TETHER_BIN" run --env-file "$TMP/big.env" -- true
	assert_equal "$stderr" "tether: --env-file $TMP/big.env: larger than 1048576 bytes"
	run -125 --separate-stderr "$TETHER_BIN" run --env-file "$TMP/nul.env" -- true
	assert_equal "$stderr" "tether: --env-file $TMP/nul.env: a NUL byte in the file"
	# a regular file whose read fails
	run -125 --separate-stderr "$TETHER_BIN" run --env-file /proc/self/mem -- true
	assert_equal "$stderr" "tether: --env-file /proc/self/mem: read: Input/output error"
}
