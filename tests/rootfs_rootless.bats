#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr: set by bats' run --separate-stderr
# tether run --userns as an ordinary user: root inside mapped to that user outside (no
# helper), and a 65536-id map through newuidmap/newgidmap and /etc/subuid, /etc/subgid.
# The user is created for this file and removed after it; /etc/subuid and /etc/subgid are
# restored byte for byte.

load rootfs_helpers

setup_file() {
	[ "$(id -u)" -eq 0 ] || return 0
	command -v useradd >/dev/null || return 0
	RL_TMP=$(mktemp -d /tmp/tether-rootless.XXXXXX)
	chmod 755 "$RL_TMP"
	RL_USER=tether-test-$$
	local f
	for f in subuid subgid; do
		if [ -e "/etc/$f" ]; then cp -p "/etc/$f" "$RL_TMP/$f.orig"; fi
	done
	# no automatic subordinate ranges: the tests add their own
	useradd -M -d "$RL_TMP/home" -s /bin/sh -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$RL_USER"
	mkdir -p "$RL_TMP/bin"
	# the repository may not be reachable by the user: copies it can execute
	cp "$TETHER_BIN" "$TETHER_INIT_BIN" "$RL_TMP/bin/"
	chmod 755 "$RL_TMP/bin" "$RL_TMP/bin/"*
	export RL_TMP RL_USER
}

# Puts /etc/subuid and /etc/subgid back as they were before this file ran.
restore_subids() {
	local f
	for f in subuid subgid; do
		if [ -e "$RL_TMP/$f.orig" ]; then
			cat "$RL_TMP/$f.orig" >"/etc/$f"
		else
			rm -f "/etc/$f"
		fi
	done
}

teardown_file() {
	[ -n "${RL_USER:-}" ] || return 0
	userdel "$RL_USER" 2>/dev/null || true
	restore_subids
	rm -rf "$RL_TMP"
}

setup() {
	rootfs_setup
	[ -n "${RL_USER:-}" ] || skip "needs useradd"
	RL_UID=$(id -u "$RL_USER")
	RL_GID=$(id -g "$RL_USER")
}

teardown() {
	local p
	if [ -d "${RL_TMP:-}/state" ]; then
		for p in $("$TETHER_BIN" list --state-dir "$RL_TMP/state" --json 2>/dev/null |
			jq -r '.[] | .monitor_pid, .pid | select(. != null)'); do
			kill -KILL "$p" 2>/dev/null || true
		done
		rm -rf "$RL_TMP/state"
	fi
	[ -z "${RL_TMP:-}" ] || restore_subids
	rootfs_teardown
}

# as_user ARGS...: `tether run ARGS` as the test user, from a directory it may enter.
as_user() {
	(cd "$RL_TMP" && timeout 20 setpriv --reuid "$RL_USER" --regid "$RL_GID" --init-groups \
		"$RL_TMP/bin/tether" run "$@")
}

@test "the test user cannot make namespaces without --userns" {
	run -125 --separate-stderr as_user -- true
	assert_equal "$stderr" "tether: clone into new pid,mount,uts,ipc namespaces: Operation not permitted"
}

@test "--userns: uid 0 inside is the user outside, one id mapped, setgroups denied" {
	run -0 as_user --userns -- sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups'
	assert_line --index 0 0
	assert_line --index 1 0
	assert_line --index 2 --regexp "^ +0 +$RL_UID +1\$"
	assert_line --index 3 --regexp "^ +0 +$RL_GID +1\$"
	assert_line --index 4 deny
	[ "${#lines[@]}" -eq 5 ]
}

@test "--userns --rootfs: a plain user runs a shell in its own root filesystem" {
	local before
	before=$(mount_snapshot)
	run -0 as_user --userns --rootfs "$R" -- /bin/sh -c 'cat /etc/marker; id -u; ls -A /dev | tr "\n" " "; echo; grep ^CapEff: /proc/self/status'
	assert_line --index 0 rootfs-marker
	assert_line --index 1 0
	assert_line --index 2 "fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero "
	assert_line --index 3 --regexp 'CapEff:[[:space:]]+00000000804405fb$'
	[ "$(mount_snapshot)" = "$before" ]
}

@test "with /etc/subuid and /etc/subgid ranges, newuidmap gives a 65536-id map" {
	command -v newuidmap >/dev/null || skip "needs newuidmap (package uidmap)"
	echo "$RL_USER:300000:65536" >>/etc/subuid
	echo "$RL_USER:300000:65536" >>/etc/subgid
	run -0 as_user --userns --rootfs "$R" -- /bin/sh -c 'cat /proc/self/uid_map /proc/self/gid_map; touch /tmp/f; chown 65536:65536 /tmp/f && echo chown-ok'
	assert_line --index 0 --regexp "^ +0 +$RL_UID +1\$"
	assert_line --index 1 --regexp '^ +1 +300000 +65536$'
	assert_line --index 2 --regexp "^ +0 +$RL_GID +1\$"
	assert_line --index 3 --regexp '^ +1 +300000 +65536$'
	assert_line chown-ok
	# id 65536 inside is 300000 + 65535 outside
	[ "$(stat -c %u:%g "$R/tmp/f")" = 365535:365535 ]
	rm -f "$R/tmp/f"
}

@test "with a subuid range, --user picks an id of the range inside the rootfs" {
	command -v newuidmap >/dev/null || skip "needs newuidmap (package uidmap)"
	echo "$RL_USER:300000:65536" >>/etc/subuid
	echo "$RL_USER:300000:65536" >>/etc/subgid
	run -0 as_user --userns --rootfs "$R" --user app -- /bin/sh -c 'id -u; id -g; grep ^CapEff: /proc/self/status; touch /home/app/f 2>/dev/null || echo denied'
	assert_line --index 0 1000
	assert_line --index 1 1000
	assert_line --index 2 --regexp 'CapEff:[[:space:]]+0+$'
	assert_line --index 3 denied
	# the rootfs's /home/app belongs to the host's 1000: not mapped, so the user may not write there
	[ ! -e "$R/home/app/f" ]
}

@test "without a range for it, --user 1000 cannot be set: 125 naming the step" {
	run -125 --separate-stderr as_user --userns --rootfs "$R" --user 1000 -- /bin/true
	assert_equal "$stderr" "tether: set user and capabilities 1000: Invalid argument"
}

@test "--userns as root: --uid-map and --gid-map are written as given" {
	run -0 timeout 20 "$TETHER_BIN" run --userns --uid-map 0:100000:1000 --uid-map 1000:5000:1 \
		--gid-map 0:100000:2000 -- sh -c 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups'
	assert_line --index 0 --regexp '^ +0 +100000 +1000$'
	assert_line --index 1 --regexp '^ +1000 +5000 +1$'
	assert_line --index 2 --regexp '^ +0 +100000 +2000$'
	assert_line --index 3 allow
}

@test "a map the user may not have: 125 naming the map" {
	if command -v newuidmap >/dev/null; then
		run -125 --separate-stderr as_user --userns --uid-map 0:0:1 -- true
		assert_equal "${stderr_lines[-1]}" "tether: newuidmap $(echo "$stderr" | sed -n 's|^tether: newuidmap \([0-9]*\) .*|\1|p') 0 0 1: exited with 1"
	else
		run -125 --separate-stderr as_user --userns --uid-map 0:0:1 -- true
		assert_regex "$stderr" '^tether: write /proc/[0-9]+/uid_map: Operation not permitted$'
	fi
}

# as_user_cmd CMD ARGS...: `tether CMD --state-dir ... ARGS` as the test user.
as_user_cmd() {
	(cd "$RL_TMP" && timeout 20 setpriv --reuid "$RL_USER" --regid "$RL_GID" --init-groups \
		"$RL_TMP/bin/tether" "$1" --state-dir "$RL_TMP/state" "${@:2}")
}

@test "rootless exec --user works as run --user does: setgroups denied is tolerated" {
	mkdir -m 700 "$RL_TMP/state"
	chown "$RL_USER" "$RL_TMP/state"
	run -0 as_user_cmd run -d --name rl --userns --rootfs "$R" -- /bin/sh -c 'exec sleep 1000'
	# one id mapped, setgroups denied: root inside, as run --user 0:0 gives it
	run -0 as_user --userns --rootfs "$R" --user 0:0 -- /bin/sh -c 'id -u; id -g'
	assert_output "$(printf '0\n0')"
	run -0 as_user_cmd exec rl --user 0:0 -- /bin/sh -c 'id -u; id -g; cat /proc/self/setgroups'
	assert_output "$(printf '0\n0\ndeny')"
	run -143 as_user_cmd stop -t 5 rl
}

@test "-t as an ordinary user: a pty of the container's own devpts, with and without --rootfs" {
	run -0 as_user --userns -t --rootfs "$R" -- /bin/sh -c 'readlink /proc/self/fd/0; stat -c "%U %a" /dev/pts/0' </dev/null
	assert_line --index 0 --partial /dev/pts/0
	assert_line --index 1 --partial 'root 620'
	run -0 as_user --userns -t -- sh -c 'readlink /proc/self/fd/1; ls /dev/pts | wc -l' </dev/null
	assert_line --index 0 --partial /dev/pts/0
	assert_line --index 1 --partial 2
}
