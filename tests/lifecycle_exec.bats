#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# Named containers: exec (namespaces, root, limits, exit status, signals, orphans),
# reboot (fresh init and namespaces, restarts counted), and the control socket's refusal
# of a second, ordinary user.

load lifecycle_helpers

setup() { lc_setup; }
teardown() { lc_teardown; }

LOOP='while :; do sleep 0.05; done'

@test "exec: same pid namespace, hostname and mounts; the exit code comes back" {
	mkdir "$TMP/m"
	run -0 t run -d --name ex --hostname inside -- sh -c \
		"mount -t tmpfs lc-tmpfs $TMP/m && echo ok >$TMP/m/marker && echo >$TMP/ready; $LOOP"
	wait_until 5 test -e "$TMP/ready"
	local pid
	pid=$(field ex pid)
	# the tmpfs is the container's alone
	[ ! -e "$TMP/m/marker" ]
	run -0 t exec ex -- sh -c "readlink /proc/self/ns/pid /proc/self/ns/mnt /proc/self/ns/uts; hostname; cat $TMP/m/marker"
	assert_line --index 0 "$(readlink "/proc/$pid/ns/pid")"
	assert_line --index 1 "$(readlink "/proc/$pid/ns/mnt")"
	assert_line --index 2 "$(readlink "/proc/$pid/ns/uts")"
	assert_line --index 3 inside
	assert_line --index 4 ok
	# inside the pid namespace: its own /proc shows the init as 1 and us above it
	run -0 t exec ex -- sh -c 'echo $$; cat /proc/1/status | grep -c "^NSpid:"'
	[ "${lines[0]}" -gt 1 ]
	# in the init's cgroup v2, not in the caller's
	run -0 t exec ex -- grep -h '^0::' /proc/self/cgroup /proc/1/cgroup
	assert_equal "${#lines[@]}" 2
	assert_equal "${lines[0]}" "${lines[1]}"
	refute_line "$(grep '^0::' /proc/self/cgroup)"
	run -7 t exec ex -- sh -c 'exit 7'
	run -127 --separate-stderr t exec ex -- tether-no-such-command
	assert_equal "$stderr" "tether: exec ex: exec tether-no-such-command: No such file or directory"
	# shellcheck disable=SC2016 # expanded by the shell inside
	run -0 t exec ex --env LC_FOO=bar --cwd /tmp --user 65534:65534 -- \
		sh -c 'echo "$LC_FOO $(pwd) $(id -u):$(id -g)"'
	assert_output "bar /tmp 65534:65534"
}

@test "exec: signals reach the command; an orphan it leaves is reaped by the init" {
	run -0 t run -d --name sig -- sleep 1000
	local pid client rc=0
	pid=$(field sig pid)
	# tether exec itself, not a timeout wrapper, receives the signal
	"$TETHER_BIN" exec --state-dir "$SD" sig -- sh -c \
		"trap 'exit 9' USR1; echo \$\$ >$TMP/execpid; $LOOP" &
	client=$!
	wait_until 5 test -s "$TMP/execpid"
	kill -USR1 "$client"
	wait_until 10 proc_gone "$client"
	wait "$client" || rc=$?
	assert_equal "$rc" 9

	# the shell exits and leaves a sleep behind: the container's init adopts and reaps it
	local app orphan
	app=$(children_of "$pid")
	run -0 t exec sig -- sh -c 'sleep 1.5 >/dev/null 2>&1 & echo $!'
	orphan=$(children_of "$pid" | grep -vx "$app")
	[ -n "$orphan" ]
	# the very process the shell started: its pid in the container's namespace
	assert_equal "$(awk '/^NSpid:/ { print $NF }' "/proc/$orphan/status")" "$output"
	wait_until 5 proc_reaped "$orphan"

	# tether exec killed: the command it started is adopted by the init too
	"$TETHER_BIN" exec --state-dir "$SD" sig -- sh -c "echo \$\$ >$TMP/p2; exec sleep 1.5" &
	client=$!
	wait_until 5 test -s "$TMP/p2"
	kill -KILL "$client"
	wait "$client" 2>/dev/null || true
	wait_until 5 adopted "$pid" "$app"
	orphan=$(children_of "$pid" | grep -vx "$app")
	assert_equal "$(awk '/^NSpid:/ { print $NF }' "/proc/$orphan/status")" "$(cat "$TMP/p2")"
	wait_until 5 proc_reaped "$orphan"
}

@test "exec into a container with a root filesystem: its root, its capability limits" {
	[ -x /bin/busybox ] || skip "needs busybox-static"
	local r=$TMP/root a
	mkdir -p "$r"/bin "$r"/etc "$r"/dev "$r"/proc "$r"/sys "$r"/tmp
	cp /bin/busybox "$r/bin/busybox"
	for a in sh cat grep sleep pwd; do ln -s busybox "$r/bin/$a"; done
	echo rootfs-marker >"$r/etc/marker"
	run -0 t run -d --name rf --rootfs "$r" --cap-drop ALL --cap-add CAP_CHOWN -- sleep 1000
	local pid
	pid=$(field rf pid)
	run -0 t exec rf -- sh -c 'cat /etc/marker; pwd; grep -E "^Cap(Eff|Bnd)" /proc/self/status'
	assert_line --index 0 rootfs-marker
	assert_line --index 1 /
	assert_line --index 2 "$(grep '^CapEff' "/proc/$pid/status")"
	assert_line --index 3 "$(grep '^CapBnd' "/proc/$pid/status")"
}

@test "reboot: a new init in fresh namespaces, same name, restarts counted" {
	run -0 t run -d --name rb -- sleep 1000
	local old
	old=$(field rb pid)
	run -0 t reboot rb
	wait_until 10 pid_changed rb "$old"
	wait_until 5 proc_gone "$old"
	assert_equal "$(field rb restarts)" 1
	# fresh namespaces: the new init is PID 1 of a pid namespace where the old one died
	# (inode numbers are recycled, so they cannot tell old from new)
	assert_equal "$(awk '/^NSpid:/ { print $NF }' "/proc/$(field rb pid)/status")" 1
	old=$(field rb pid)
	run -0 t reboot rb
	wait_until 10 pid_changed rb "$old"
	assert_equal "$(field rb restarts)" 2
	run -0 t list --json
	echo "$output" | jq -e 'length == 1 and .[0].name == "rb" and .[0].restarts == 2'
	run -143 t stop -t 5 rb
}

@test "--reboot-signal and --halt-signal set what reboot and stop send, and reach tether-init" {
	run -0 t run -d --name sigs --reboot-signal SIGUSR2 --halt-signal SIGRTMIN+3 -- sleep 1000
	assert_equal "$(field sigs reboot_signal)" SIGUSR2
	assert_equal "$(field sigs halt_signal)" SIGRTMIN+3
	local old
	old=$(field sigs pid)
	grep -qz -- '--reboot-signal' "/proc/$old/cmdline"
	run -0 t reboot sigs
	wait_until 10 pid_changed sigs "$old"
	assert_equal "$(field sigs restarts)" 1
	run -143 t stop -t 5 sigs
	assert_equal "$(field sigs exit_status)" 0
}

@test "the control socket refuses a second, ordinary user: nothing happens" {
	require_cmd useradd
	require_cmd setpriv
	LC_USER=tlc$$
	useradd -M -N -r -s /usr/sbin/nologin "$LC_USER" || skip "useradd failed"
	local uid gid pid c
	uid=$(id -u "$LC_USER")
	gid=$(id -g "$LC_USER")
	run -0 t run -d --name guarded -- sleep 1000
	pid=$(field guarded pid)
	as_user() {
		timeout 30 setpriv --reuid "$uid" --regid "$gid" --clear-groups -- \
			"$TETHER_BIN" "$1" --state-dir "$SD" "${@:2}"
	}
	for c in stop reboot kill wait; do
		run -4 --separate-stderr as_user "$c" guarded
		assert_equal "$stderr" "tether: $c guarded: permission denied"
	done
	run -4 --separate-stderr as_user exec guarded -- true
	assert_equal "$stderr" "tether: exec guarded: permission denied"
	# untouched: same init, no restart, still running; its entry is root's alone (0600)
	assert_equal "$(field guarded pid)" "$pid"
	assert_equal "$(field guarded restarts)" 0
	state_is guarded running
	run -0 as_user list
	refute_output --partial guarded
	run -4 --separate-stderr as_user status guarded
	assert_equal "$(stat -c %a "$SD/guarded" "$SD/guarded:state")" "$(printf '600\n600')"
	run -143 t stop -t 5 guarded
}
