#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# Named containers: run -d, list, status, stop, kill, wait, one name per container,
# stale entries of a monitor killed with SIGKILL.

load lifecycle_helpers

setup() { lc_setup; }
teardown() { lc_teardown; }

LOOP='while :; do sleep 0.05; done'

# trapped NAME TRAP...: a shell script that installs its traps, then says so by creating
# $TMP/NAME.trapped, then loops; trap_set NAME waits for that file. A stop sent before
# the shell ran its `trap` would find the default action instead.
trapped() {
	local name=$1
	shift
	printf '%s; : >"%s"; %s' "$*" "$TMP/$name.trapped" "$LOOP"
}
trap_set() { wait_until 5 test -e "$TMP/$1.trapped"; }

@test "run -d prints the name once started; list and status show it; --pidfile, --log-file" {
	run -0 --separate-stderr t run -d --name web --pidfile "$TMP/pid" --log-file "$TMP/log" \
		--hostname box -- sh -c "echo hello from \$(hostname); $LOOP"
	assert_output web
	assert_equal "$stderr" ""
	state_is web running
	local pid mon
	pid=$(field web pid)
	mon=$(field web monitor_pid)
	assert_equal "$(cat "$TMP/pid")" "$pid"
	# the init (tether-init) is the monitor's child, in a pid namespace of its own
	assert_equal "$(ppid_of "$pid")" "$mon"
	[ "$(readlink "/proc/$pid/ns/pid")" != "$(readlink /proc/self/ns/pid)" ]
	wait_until 5 grep -q "hello from box" "$TMP/log"

	run -0 t list
	assert_line --index 0 --regexp '^NAME +STATE +PID +UPTIME +RESTARTS +COMMAND$'
	assert_line --index 1 --regexp "^web +running +$pid +[0-9]+s +0 +sh -c echo hello"

	run -0 t status web
	assert_line "name:         web"
	assert_line "state:        running"
	assert_line "pid:          $pid"
	assert_line "monitor pid:  $mon"
	assert_line "exit status:  -"

	# JSON through a real parser, every documented field
	run -0 t status --json web
	echo "$output" | python3 -m json.tool >/dev/null
	echo "$output" | jq -e --argjson pid "$pid" --argjson mon "$mon" '
		.name == "web" and .state == "running" and .pid == $pid and
		.monitor_pid == $mon and .restarts == 0 and .exit_status == null and
		(.started_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")) and
		.command == ["sh", "-c", "echo hello from $(hostname); while :; do sleep 0.05; done"] and
		.namespaces.pid.new == true and .namespaces.pid.inode > 0 and
		.halt_signal == "SIGPWR" and .reboot_signal == "SIGINT"'
	run -0 t list --json
	echo "$output" | python3 -m json.tool >/dev/null
	echo "$output" | jq -e 'length == 1 and .[0].name == "web" and .[0].state == "running"'
}

@test "run -d without --name makes up a short name; list --json of nothing is []" {
	run -0 t list --json
	assert_output "[]"
	run -0 t run -d -- sleep 1000
	assert_output --regexp '^[0-9a-f]{6}$'
	local name=$output
	state_is "$name" running
	run -143 t stop -t 5 "$name"
	# a made-up name leaves nothing behind: nobody could name it again
	run -0 t list --json
	assert_output "[]"
}

@test "run -d that fails to start says why and exits 125; nothing stays registered" {
	run -125 --separate-stderr t run -d --name bad --init /nonexistent/tether-init -- true
	assert_output ""
	assert_equal "$stderr" "tether: open init /nonexistent/tether-init: No such file or directory"
	run -0 t list --json
	assert_output "[]"
}

@test "two containers cannot hold one name" {
	run -0 t run -d --name one -- sleep 1000
	local pid
	pid=$(field one pid)
	run -125 --separate-stderr t run --name one -- true
	assert_equal "$stderr" "tether: name one is in use (monitor $(field one monitor_pid))"
	run -125 t run -d --name one -- true
	assert_equal "$(field one pid)" "$pid"
	state_is one running
}

@test "stop: a well-behaved container halts before the grace; the app's status comes back" {
	run -0 t run -d --name good --grace 20 -- sh -c "$(trapped good 'trap "exit 3" TERM')"
	run -0 trap_set good
	run -0 t status --json good
	echo "$output" | jq -e '.app_exit_status == null'
	local start=$SECONDS
	# tether-init halts: SIGTERM to the app, which exits 3; the run itself halted (0)
	run -3 t stop good
	[ $((SECONDS - start)) -lt 10 ]
	state_is good stopped
	run -0 t status --json good
	echo "$output" | jq -e '.exit_status == 0 and .app_exit_status == 3 and .pid == null'
	run -0 t status good
	assert_line "exit status:  0"
	assert_line "app status:   3"
	assert_line "oom killed:   no"
	# wait on it now: the same answer, from the record
	run -3 t wait good
	# the app as PID 1, told by its halt signal: its own status comes back
	run -0 t run -d --name app --no-init --halt-signal SIGTERM -- sh -c \
		"$(trapped app 'trap "exit 3" TERM')"
	run -0 trap_set app
	run -3 t stop app
	assert_equal "$(field app exit_status)" 3
	# no tether-init to tell the app's status apart from the run's
	assert_equal "$(field app app_exit_status)" null
	assert_equal "$(field app halt_signal)" SIGTERM
}

@test "stop: an app killed by the stop signal gives 128+15; one that outlives the grace 137" {
	run -0 t run -d --name plain -- sleep 1000
	run -143 t stop plain
	assert_equal "$(field plain exit_status)" 0
	assert_equal "$(field plain app_exit_status)" 143
	# tether-init's own SIGKILL after its grace: the app's status is still told
	run -0 t run -d --name late --grace 0.3 -- sh -c "$(trapped late "trap '' TERM")"
	run -0 trap_set late
	run -137 t stop -t 20 late
	assert_equal "$(field late app_exit_status)" 137
}

@test "stop with --no-init and --halt-signal SIGRTMIN+3: what systemd as PID 1 expects" {
	# SIGRTMIN+3 is 37 (glibc and systemd count RTMIN from 34); sh traps it by number
	run -0 t run -d --name sysd --no-init --halt-signal SIGRTMIN+3 -- sh -c \
		"$(trapped sysd "trap 'exit 4' 37; trap '' TERM")"
	run -0 trap_set sysd
	run -4 t stop -t 20 sysd
	assert_equal "$(field sysd halt_signal)" SIGRTMIN+3
}

@test "stop: one that ignores SIGTERM is killed after the time-out, not sooner" {
	run -0 t run -d --name stubborn --stop-timeout 60 -- sh -c "$(trapped stubborn "trap '' TERM")"
	run -0 trap_set stubborn
	local pid t0 t1
	pid=$(field stubborn pid)
	t0=$(date +%s%N)
	run -137 --separate-stderr t stop -t 1.5 stubborn
	t1=$(date +%s%N)
	assert_equal "$stderr" "tether: stop stubborn: still running after 1500 ms: sending SIGKILL"
	# not before 1.5 s, and not much later either
	[ $(((t1 - t0) / 1000000)) -ge 1500 ]
	[ $(((t1 - t0) / 1000000)) -lt 6000 ]
	wait_until 5 proc_gone "$pid"
	assert_equal "$(field stubborn exit_status)" 137
	# the init itself was killed: nobody told the app's status
	assert_equal "$(field stubborn app_exit_status)" null
}

@test "stop, kill, reboot and wait on an unknown or stopped container say so and exit 1" {
	local c
	for c in stop reboot kill wait; do
		run -1 --separate-stderr t "$c" nosuch
		assert_equal "$stderr" "tether: $c nosuch: no such container"
	done
	run -1 --separate-stderr t status nosuch
	assert_equal "$stderr" "tether: status nosuch: no such container"
	run -1 --separate-stderr t exec nosuch -- true
	assert_equal "$stderr" "tether: exec nosuch: no such container"
	run -6 t run --name fin -- sh -c 'exit 6'
	run -6 t run --name fin -- sh -c 'exit 6'
	for c in stop reboot kill; do
		run -1 --separate-stderr t "$c" fin
		assert_equal "$stderr" "tether: $c fin: not running"
	done
	# wait on a stopped container: the status of its last run, at once
	run -6 t wait fin
}

@test "bad usage of the commands exits 2" {
	local c
	for c in stop reboot kill wait status exec; do
		run -2 --separate-stderr t "$c"
		assert_equal "${stderr_lines[0]}" "tether $c: missing NAME"
	done
	run -2 --separate-stderr t stop -t soon x
	assert_equal "${stderr_lines[0]}" "tether stop: -t: bad duration 'soon'"
	run -2 --separate-stderr t kill x SIGBOGUS
	assert_equal "${stderr_lines[0]}" "tether kill: bad signal 'SIGBOGUS'"
	run -2 --separate-stderr t exec x
	assert_equal "${stderr_lines[0]}" "tether exec: missing COMMAND"
	run -2 --separate-stderr t run --name 'a/b' -- true
	assert_equal "${stderr_lines[0]}" "tether run: --name: bad name 'a/b' (letters, digits, '_.-', at most 64)"
}

@test "kill: any signal to the init, by name or number; SIGKILL by default" {
	# with --no-init the app is the init: what it receives is what kill sent
	run -0 t run -d --name k --no-init -- sh -c \
		"trap 'echo usr1 >>$TMP/got' USR1; trap 'echo 12 >>$TMP/got' USR2; $LOOP"
	run -0 t kill k SIGUSR1
	wait_until 5 grep -q usr1 "$TMP/got"
	run -0 t kill k 12
	wait_until 5 grep -q 12 "$TMP/got"
	state_is k running
	run -0 t kill k
	run -137 t wait k
}

@test "wait: blocks until the container stops and exits with its status" {
	mkfifo "$TMP/go"
	run -0 t run -d --name w -- sh -c "read x <$TMP/go; exit 5"
	timeout 30 "$TETHER_BIN" wait --state-dir "$SD" w &
	local waiter=$!
	# still waiting while the container runs
	sleep 0.2
	kill -0 "$waiter"
	echo go >"$TMP/go"
	local rc=0
	wait "$waiter" || rc=$?
	assert_equal "$rc" 5
	run -5 t wait w
}

@test "a monitor killed with SIGKILL leaves a stale entry: listed as stopped, name reused" {
	run -0 t run -d --name st -- sleep 1000
	local mon pid
	mon=$(field st monitor_pid)
	pid=$(field st pid)
	kill -KILL "$mon"
	wait_until 5 proc_gone "$mon"
	# the init dies with its monitor (its death signal)
	wait_until 5 proc_gone "$pid"
	run -0 t list
	assert_line --index 1 --regexp '^st +stopped +- +- +0 +sleep 1000$'
	run -0 t status --json st
	echo "$output" | jq -e '.state == "stopped" and .pid == null and .monitor_pid == null and
		.exit_status == null'
	[ ! -e "$SD/st:ctl" ]
	run -1 --separate-stderr t stop st
	assert_equal "$stderr" "tether: stop st: not running"
	run -0 t run -d --name st -- sleep 1000
	assert_output st
	state_is st running
	[ "$(field st pid)" != "$pid" ]
}

@test "a control socket left by a dead monitor never blocks a new container" {
	run -0 t run -d --name sock -- sleep 1000
	local mon
	mon=$(field sock monitor_pid)
	kill -KILL "$mon"
	wait_until 5 proc_gone "$mon"
	# before anyone cleaned the entry: the socket file is still there
	[ -S "$SD/sock:ctl" ]
	run -0 t run -d --name sock -- sleep 1000
	state_is sock running
	run -143 t stop -t 5 sock
}

@test "a launcher without --name killed with SIGKILL leaves nothing once another has run a while" {
	run -0 t run -d -- sleep 1000
	local name=$output mon
	mon=$(field "$name" monitor_pid)
	kill -KILL "$mon"
	wait_until 5 proc_gone "$mon"
	[ -f "$SD/$name" ]
	[ -f "$SD/$name:state" ]
	[ -S "$SD/$name:ctl" ]
	# a short run never sweeps (its start and exit wait for nothing): the stale entry stays
	run -0 t run -- true
	[ -f "$SD/$name:state" ]
	# the sweep comes once a launcher's loop has idled 100 ms with its container running
	run -0 t run -- sleep 0.5
	run -0 ls -A "$SD"
	assert_output ""
	run -0 t list --json
	assert_output "[]"
}

@test "a container still starting is listed as starting, then running; exec and kill are refused until then" {
	# The record is first written once init runs: until then a held entry reads as starting.
	TETHER_TEST_PAUSE_AT=hostname TETHER_TEST_RESUME="$TMP/resume" \
		timeout 30 "$TETHER_BIN" run --state-dir "$SD" --name boot --hostname box -- \
		sleep 1000 2>"$TMP/err" &
	local mon=$! rc=0
	wait_until 5 grep -q "paused at hostname" "$TMP/err" || fail "never paused"
	state_is boot starting
	run -0 t list
	assert_line --index 1 --regexp '^boot +starting +'
	run -0 t list --json
	echo "$output" | jq -e 'length == 1 and .[0].state == "starting"'
	# The child is still tether half way through its set-up: nothing enters or signals it.
	run -1 --separate-stderr t exec boot -- touch "$TMP/entered"
	assert_equal "$stderr" "tether: exec boot: still starting, not running yet"
	[ ! -e "$TMP/entered" ]
	run -1 --separate-stderr t kill boot SIGKILL
	assert_equal "$stderr" "tether: kill boot: still starting, not running yet"
	touch "$TMP/resume"
	wait_until 5 state_is boot running || fail "never running"
	run -0 t exec boot -- hostname
	assert_output box
	run -143 t stop boot
	wait "$mon" || rc=$?
	assert_equal "$rc" 0
	state_is boot stopped
}

# The record carries oom_killed (a real one is proven in tests/vm/cgroup.bats): written by
# the monitor, null while the container runs, read back as the record says.
@test "status: oom_killed of the last run, from the record" {
	run -0 t run -d --name mem -- sleep 1000
	run -0 t status --json mem
	echo "$output" | jq -e '.oom_killed == null'
	run -0 t status mem
	assert_line "oom killed:   -"
	run -0 t kill mem
	run -137 t wait mem
	run -0 t status --json mem
	echo "$output" | jq -e '.oom_killed == false and .exit_status == 137'
	run -0 grep -c '^oom_killed=0$' "$SD/mem:state"
	sed -i 's/^oom_killed=0$/oom_killed=1/' "$SD/mem:state"
	run -0 t status --json mem
	echo "$output" | jq -e '.oom_killed == true'
	run -0 t status mem
	assert_line "oom killed:   yes"
}
