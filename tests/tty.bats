#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154 # scripts expanded in the terminal; stderr: set by bats
# Terminals: `tether run -it`, `exec -it`, `run -d -t` with `attach`. Each test drives a
# real pseudo-terminal through the pty helper (24x80): it types only once the text it
# waits for has appeared, so nothing here sleeps. Single quotes are on purpose: the
# scripts are expanded by the shell inside the terminal. Every script compares the
# terminal's modes (stty -g) before and after tether and prints MODES-KEPT when equal.

load rootfs_helpers
load lifecycle_helpers

setup() {
	rootfs_setup
	local a
	for a in sleep stty tty vi kill ps; do
		ln -sf busybox "$R/bin/$a"
	done
	cp "$TETHER_HELPERS/sti" "$R/bin/sti"
	SD=$TMP/state
	# the containers of these tests in a directory of their own, never /run/tether
	export TETHER_STATE_DIR=$SD
	PTY=$TETHER_HELPERS/pty
	export R SD TMP TETHER_BIN
}

teardown() {
	lc_teardown
}

# term [PTY OPTIONS...] -- SCRIPT: SCRIPT in sh -c on a 24x80 terminal, between two
# stty -g; exits with the status of SCRIPT's last command.
term() {
	local opts=()
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	"$PTY" -t 20 -s 24x80 "${opts[@]}" -- sh -c '
		T() { "$TETHER_BIN" "$@"; }
		before=$(stty -g)
		'"$1"'
		rc=$?
		[ "$(stty -g)" = "$before" ] && echo MODES-KEPT || echo "MODES-CHANGED $before $(stty -g)"
		exit $rc' | tr -d '\r'
	return "${PIPESTATUS[0]}"
}

@test "run -it: the container's own pty, job control, Ctrl-C and Ctrl-\\ reach the foreground job only" {
	# Each key goes once the job has shown it is in the foreground by what it printed; Ctrl-\
	# only once tr, exec'd, has answered (busybox sh ignores SIGQUIT itself until its exec).
	run -7 term --on '/ # ' --send 'tty; ls /dev/pts; sh -c "echo ST""ARTED; read x; echo GOT-\\$x; exec sleep 100"\r' \
		--on STARTED --send '\x1a' \
		--on Stopped --send 'jobs; echo JO""BS\r' \
		--on JOBS --send 'fg\r' --on 'exec sleep 100' --send 'hello\r' --on GOT-hello --send '\x03' \
		--on '/ # ' --send 'echo "int=$?"; sh -c "echo T""R; exec tr a-z A-Z"\r' \
		--on TR --send 'quit\r' --on QUIT --send '\x1c' \
		--on '/ # ' --send 'echo "quit=$?"; exit 7\r' \
		-- 'T run -it --rootfs "$R" -- sh'
	assert_line --partial /dev/pts/0
	assert_line --regexp '^0[[:space:]]+ptmx'
	assert_output --regexp 'Stopped +sh -c'
	assert_line --partial int=130
	assert_line --partial quit=131
	assert_line MODES-KEPT
}

@test "run -it: Ctrl-D ends the shell; without --rootfs the pty is from a devpts of its own" {
	run -0 term --on '# ' --send 'tty; ls /dev/pts | wc -l\r' --on '# ' --send '\x04' \
		-- 'T run -it -- sh'
	assert_line --partial /dev/pts/0
	assert_line --regexp '^2'
	assert_line MODES-KEPT
}

@test "run -t: the size from the first frame; a resize reaches it as SIGWINCH and stty size" {
	# The script waits for SIGWINCH in `wait`, which a trapped signal interrupts at once.
	run -0 term --on READY --resize 40x132 \
		-- 'T run -t --rootfs "$R" -- sh -c "stty size; trap \"stty size; kill \\\$!; exit 0\" WINCH; sleep 100 & echo RE\"\"ADY; wait"'
	assert_line --partial '24 80'
	assert_line --partial '40 132'
	assert_line MODES-KEPT
}

@test "run -it: vi draws, writes and quits" {
	run -0 term --on '~' --send 'itether-vi\x1b' --on tether-vi --send ':wq\r' \
		-- 'T run -it --rootfs "$R" -- vi /tmp/f && cat "$R/tmp/f"'
	assert_line --partial tether-vi
	assert_line MODES-KEPT
}

@test "run -it: the terminal's modes come back when the container is killed, tether is signalled, set-up fails, or the output side closes" {
	# SIGKILL to the container's init from outside (the pidfile exists once the relay runs)
	run -137 term -- 'T run -it --name k --pidfile "$TMP/pid" --rootfs "$R" -- sleep 100 </dev/tty &
		p=$!; i=0; until [ -s "$TMP/pid" ] || [ $i -gt 500 ]; do i=$((i+1)); sleep 0.02; done
		kill -KILL "$(cat "$TMP/pid")"; wait $p'
	assert_line MODES-KEPT
	# SIGTERM to tether: a graceful halt
	run -0 term -- '"$TETHER_BIN" run -it --name h --pidfile "$TMP/pid2" --rootfs "$R" -- sleep 100 </dev/tty &
		p=$!; i=0; until [ -s "$TMP/pid2" ] || [ $i -gt 500 ]; do i=$((i+1)); sleep 0.02; done
		kill -TERM $p; wait $p'
	assert_line MODES-KEPT
	# a set-up failure: COMMAND is not in the rootfs (checked first), or fails its exec
	# after the pty was made
	run -125 term -- 'T run -it --rootfs "$R" -- /no/such/command'
	assert_line --partial 'no command /no/such/command in it'
	assert_line MODES-KEPT
	run -127 term -- 'T run -it --no-init -- /no/such/command'
	assert_line --partial 'No such file or directory'
	assert_line MODES-KEPT
	# the output side goes away: the container's terminal is hung up, tether ends
	run -0 term -- 'T run -it --rootfs "$R" -- sh -c "while :; do echo yes; done" | head -n 2
		echo "tether=${PIPESTATUS:-ended}"'
	assert_line MODES-KEPT
	# the named runs above ended: stopped records, nothing running
	run -0 t list --json
	echo "$output" | jq -e 'map(select(.state != "stopped")) == []'
}

@test "run -it: the output is drained before the status is reported" {
	run -3 term -- 'T run -it --rootfs "$R" -- sh -c "i=0; while [ \$i -lt 3000 ]; do echo line-\$i; i=\$((i+1)); done; exit 3"'
	assert_line --partial line-2999
	assert_line MODES-KEPT
}

@test "run -it with stdin not a terminal: 125 and one line, nothing left behind" {
	run -125 --separate-stderr "$TETHER_BIN" run -it --name nt --state-dir "$SD" -- true </dev/null
	assert_equal "$stderr" "tether: use standard input as a terminal: the input device is not a TTY (drop -i or -t)"
	run -125 --separate-stderr sh -c 'echo ls | "$TETHER_BIN" exec -it nt -- sh'
	assert_equal "$stderr" "tether: exec nt: use standard input as a terminal: the input device is not a TTY (drop -i or -t)"
	[ ! -e "$SD" ] || run -0 find "$SD" -mindepth 1
	assert_output ''
	# -t alone needs no terminal on stdin: the output side is the pty
	run -0 "$TETHER_BIN" run -t --rootfs "$R" -- sh -c 'tty; echo done' </dev/null
	assert_line --partial /dev/pts/0
	# and -t now means tty: the grace moved to --grace (or --stop-timeout)
	run -0 t run -d --name g --stop-timeout 2.5 -- sleep 100
	run -0 grep -x grace_ms=2500 "$SD/g:state"
}

@test "TIOCSTI: the container cannot type into the caller's terminal; with -t only into its own" {
	[ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 1 ] ||
		skip "TIOCSTI is off on this kernel (dev.tty.legacy_tiocsti=0)"
	# The control: on the terminal it controls, the helper can push input.
	run -0 term -- '"$R/bin/sti" "x"; stty -icanon min 0 time 0; head -c 10 | od -An -c'
	assert_line --partial 'sti: pushed'
	assert_line --regexp '^ +x'
	# Without -t: refused, and nothing waits in the caller's input afterwards.
	run -0 term -- 'T run --rootfs "$R" -- sti "echo PWNED\n"; echo "rc=$?"
		stty -icanon min 0 time 0; echo "queued=[$(head -c 100)]"'
	assert_line --partial 'sti: Operation not permitted'
	assert_line --partial 'rc=1'
	assert_line --partial 'queued=[]'
	# With -t: it reaches the container's own pty (read there), never ours.
	run -0 term -- 'T run -t --rootfs "$R" -- sh -c "sti \"hello\\n\"; read x; echo \"got=\$x\""
		stty -icanon min 0 time 0; echo "queued=[$(head -c 100)]"'
	assert_line --partial 'sti: pushed'
	assert_line --partial 'got=hello'
	assert_line --partial 'queued=[]'
}

@test "exec -it: a shell in a running container on a pty of its devpts, with job control" {
	run -0 t run -d --name e1 --rootfs "$R" -- sleep 1000
	run -4 term --on '/ # ' --send 'tty; sh -c "echo ST""ARTED; exec sleep 100"\r' \
		--on STARTED --send '\x03' --on '/ # ' --send 'echo "int=$?"; exit 4\r' \
		-- 'T exec --state-dir "$SD" -it e1 -- sh'
	assert_line --partial /dev/pts/0
	assert_line --partial int=130
	assert_line MODES-KEPT
	# the container lives on
	run -0 field e1 state
	assert_output running
}

@test "run -d -t and attach: detach with Ctrl-P Ctrl-Q, attach again, the end gives the status" {
	# nobody attached: the monitor copies the output to --log-file
	run -0 t run -d -t --name a1 --log-file "$TMP/log" --rootfs "$R" -- sh -c 'echo BE""FORE; exec sh'
	wait_until 10 grep -q BEFORE "$TMP/log"
	run -5 term --on GO --send 'echo O""NE\r' --on ONE --send '\x10\x11' \
		--on rc1=0 --send 'echo T""WO\r' --on TWO --send '\x10\x11' \
		--on rc2=0 --send 'echo TH""REE; exit 5\r' \
		-- 'echo GO; T attach --state-dir "$SD" a1; echo "rc1=$?"
		T attach --state-dir "$SD" a1; echo "rc2=$?"
		T attach --state-dir "$SD" a1'
	assert_line --partial ONE
	assert_line --partial TWO
	assert_line --partial THREE
	assert_line MODES-KEPT
	run -1 --separate-stderr t attach a1
	# a reboot gives the container a new pty: the attached client is told and let go
	run -0 t run -d -t --name rb --rootfs "$R" -- sh
	run -0 term --on GO --send 'touch /tmp/at""tached\r' -- 'echo GO
		T attach --state-dir "$SD" rb </dev/tty & p=$!
		i=0; until [ -e "$R/tmp/attached" ] || [ $i -gt 500 ]; do i=$((i+1)); sleep 0.02; done
		T reboot --state-dir "$SD" rb; wait $p'
	assert_output --partial 'tether: attach rb: the container restarted with a new terminal: attach again'
	assert_line MODES-KEPT
	run -0 t run -d --name plain -- sleep 100
	run -125 --separate-stderr t attach plain
	assert_equal "$stderr" "tether: attach plain: it has no terminal (start it with -t)"
}
