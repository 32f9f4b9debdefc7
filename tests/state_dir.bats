#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr: set by bats' run --separate-stderr
# The state directory is shared with whatever else lives there: tether touches only the
# files it made (a marker in their content), keeps its own 0600, reads liveness without
# taking a lock anyone else could hold, leaves no debris when killed while reusing a
# name, and its commands on a container that ends meanwhile never fail with 125.

load lifecycle_helpers

setup() { lc_setup; }
teardown() { lc_teardown; }

# Files that are not tether's, with names a container could have: kept, whatever happens.
plant() {
	mkdir -p "$SD"
	printf 'keep me\n' >"$SD/inventory"
	printf '' >"$SD/cache.db"
	printf 'x=1\n' >"$SD/svc"
	printf 'not a record\n' >"$SD/svc:state"
	mkfifo "$SD/pipe0"
	(cd "$SD" && sha256sum inventory cache.db svc svc:state) >"$TMP/sums"
}

planted_intact() {
	(cd "$SD" && sha256sum -c --quiet "$TMP/sums") || fail "a planted file changed"
	[ -p "$SD/pipe0" ] || fail "the FIFO went"
}

@test "files tether did not make survive run, list, status, stop, wait and the sweep" {
	plant
	run -0 t run -- true
	run -0 t run --name one -- true
	planted_intact
	run -0 t list
	refute_output --partial inventory
	refute_output --partial pipe0
	local c
	for c in status stop wait; do
		run -1 --separate-stderr t "$c" inventory
		run -1 --separate-stderr t "$c" cache.db
	done
	run -1 t status pipe0
	planted_intact
	# a name taken by a file of someone else's: refused, the file untouched
	run -125 --separate-stderr t run --name svc -- true
	assert_equal "$stderr" "tether: register svc in $SD: a file of that name is not tether's"
	planted_intact
}

@test "lock and record are 0600 whatever the umask; a reader's lock does not block a run" {
	mkdir -m 0755 "$SD"
	(umask 0 && t run --name open -- true)
	assert_equal "$(stat -c %a "$SD/open" "$SD/open:state")" "$(printf '600\n600')"
	# shared and exclusive flocks, as any reader could take: no longer tether's locks
	local fd
	exec {fd}<"$SD/open"
	flock -s "$fd"
	run -0 t run --name open -- true
	flock -x "$fd"
	run -6 t run --name open -- sh -c 'exit 6'
	run -6 t wait open
	exec {fd}<&-
}

# The name's second run killed (SIGKILL) at a step: nothing of the first run is read as
# its, and once read, no debris of it is left.
killed_at() {
	TETHER_TEST_PAUSE_AT=$1 TETHER_TEST_RESUME="$TMP/resume" \
		"$TETHER_BIN" run --state-dir "$SD" --name again --hostname h -- sleep 1000 \
		2>"$TMP/err" &
	local mon=$!
	wait_until 5 grep -q "paused at $1" "$TMP/err" || fail "never paused at $1"
	local kids k
	kids=$(cat "/proc/$mon/task/$mon/children")
	kill -KILL "$mon"
	wait "$mon" || true
	# its child holds the lock too, until its parent-death signal ends it
	for k in $kids; do
		wait_until 5 proc_gone "$k" || fail "child $k of the killed launcher lives on"
	done
}

@test "SIGKILL while a name is reused leaves no record of the last run and no debris" {
	local step
	for step in configure hostname; do
		run -9 t run --name again -- sh -c 'exit 9'
		run -9 t wait again
		killed_at "$step"
		run -0 t list --json
		assert_output "[]"
		run -0 ls -A "$SD"
		assert_output ""
	done
	# killed while running: a stopped record of that run and the output it kept (run -d
	# keeps it for `tether logs`), no socket, no temporary
	run -0 t run -d --name again -- sleep 1000
	local mon
	mon=$(field again monitor_pid)
	[[ $mon =~ ^[0-9]+$ ]] && [ "$mon" -gt 1 ] || fail "no monitor pid: $mon"
	kill -KILL "$mon"
	wait_until 5 proc_gone "$mon"
	state_is again stopped
	run -0 ls -A "$SD"
	assert_output "$(printf 'again\nagain:log\nagain:state')"
}

@test "stop, kill and wait on a container ending meanwhile: its status or not running" {
	local i c rc bad="" pids
	for i in $(seq 12); do
		run -0 t run -d --name brief -- sh -c "sleep 0.0$((i % 5)); exit 5"
		pids=()
		for c in stop kill wait; do
			(
				rc=0
				t "$c" brief 2>"$TMP/$c.err" || rc=$?
				echo "$rc" >"$TMP/$c.rc"
			) &
			pids+=($!)
		done
		wait "${pids[@]}"
		for c in stop kill wait; do
			rc=$(cat "$TMP/$c.rc")
			# the app's 5, its death by a signal, or "not running": never tether's 125
			case $rc in
			0 | 1 | 5 | 137 | 143) ;;
			*) bad="$bad $c=$rc($(cat "$TMP/$c.err"))" ;;
			esac
		done
		t wait brief >/dev/null 2>&1 || true
	done
	[ -z "$bad" ] || fail "unexpected:$bad"
}

# The anonymous entries of the state directory, one "NAME STATE" line each.
anonymous() {
	t list --json | jq -r '.[] | select(.name | test("^[0-9a-f]{6}$")) | "\(.name) \(.state)"'
}

one_anonymous_running() { [ "$(anonymous | grep -c ' running$')" = 1 ]; }

# One anonymous container of `sh -c 'read x < FIFO'` in the background, listed running.
# Sets ANON_PID (its launcher) and ANON (its generated name).
start_anonymous() {
	mkfifo "$TMP/go"
	env "$@" "$TETHER_BIN" run --state-dir "$SD" --verbose -- sh -c "read x <'$TMP/go'" \
		2>"$TMP/anon.err" &
	ANON_PID=$!
	wait_until 5 one_anonymous_running ||
		fail "never listed running: $(anonymous) $(cat "$TMP/anon.err")"
	ANON=$(anonymous | awk '$2 == "running" { print $1 }')
}

# Ends start_anonymous's container through its FIFO: exit 0, and its entry gone.
end_anonymous() {
	echo >"$TMP/go"
	wait "$ANON_PID" || fail "the anonymous run failed: $(cat "$TMP/anon.err")"
	run -0 anonymous
	refute_output --partial "$ANON"
}

@test "an anonymous run is listed once it has run 0.1 s; a shorter one touches no state file" {
	local fresh=$TMP/fresh
	# not even the directory is made for a short run
	run -0 "$TETHER_BIN" run --state-dir "$fresh" -- true
	run -3 "$TETHER_BIN" run --state-dir "$fresh" -- sh -c 'exit 3'
	[ ! -e "$fresh" ] || fail "a short anonymous run made $fresh: $(ls -A "$fresh")"
	# a longer one: listed with the record of its running init, reachable by its name
	start_anonymous
	[ "$(field "$ANON" pid)" -gt 1 ] || fail "no init pid in the record of $ANON"
	grep -q "container $ANON registered in $SD" "$TMP/anon.err" || fail "$(cat "$TMP/anon.err")"
	run -0 t status "$ANON"
	end_anonymous
}

# Each of the 8 is a lookup in /proc: a short anonymous run has no use for them. A record
# written at once and the started event of --status-fd get them from the child before its
# exec; a deferred record reads them from /proc/PID/ns once the container has run 0.1 s.
@test "namespace inodes: none read for a short anonymous run; named, --status-fd and a deferred record have them" {
	require_cmd strace
	run -0 strace -f -qq -e trace=newfstatat,stat,statx -o "$TMP/trace" \
		"$TETHER_BIN" run --state-dir "$TMP/short" -- true
	run -1 grep -E '"/proc/[^/"]+/ns/' "$TMP/trace"
	run -5 strace -f -qq -e trace=newfstatat,stat,statx -o "$TMP/trace" \
		"$TETHER_BIN" run --state-dir "$SD" --name nsino -- sh -c 'exit 5'
	# read once, by the child before its exec (the launcher's record takes them from it)
	run -0 grep -cE '"/proc/[^/"]+/ns/' "$TMP/trace"
	assert_output 8
	run -0 --separate-stderr "$TETHER_BIN" run --state-dir "$TMP/short" --status-fd 3 -- true \
		3>"$TMP/status"
	run -0 grep -cE '"event":"started".*"pid":\{"inode":[0-9]+,"new":true\}' "$TMP/status"
	start_anonymous
	run -0 t status "$ANON"
	assert_line --regexp '^namespaces: +pid:[0-9]+ mount:[0-9]+ uts:[0-9]+ ipc:[0-9]+ '
	end_anonymous
}

@test "a generated name that meets a stopped named entry draws another and leaves it" {
	run -4 t run --name b0a7f1 -- sh -c 'exit 4'
	state_is b0a7f1 stopped
	start_anonymous TETHER_TEST_NAME=b0a7f1
	[ "$ANON" != b0a7f1 ] || fail "took over b0a7f1"
	state_is b0a7f1 stopped
	end_anonymous
	run -4 t wait b0a7f1
	run -0 ls -A "$SD"
	assert_output "$(printf 'b0a7f1\nb0a7f1:state')"
}
