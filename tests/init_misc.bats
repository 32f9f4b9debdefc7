#!/usr/bin/env bats
# shellcheck disable=SC2030,SC2031,SC2016 # bats subshells; scripts that expand later
# tether-init: reaping (a storm of orphans leaves no zombie; -w), the mounts of PID 1 (only
# what is missing, in a private mount namespace, never fatal), inherited descriptors, and
# the child's session and terminal foreground group.

bats_require_minimum_version 1.5.0
load init_helpers

# zombies_of PID: how many zombies PID has as their parent.
zombies_of() {
	local n=0 f line
	local -a fields
	for f in /proc/[0-9]*/stat; do
		read -r line <"$f" 2>/dev/null || continue
		read -r -a fields <<<"${line##*) }"
		if [ "${fields[0]}" = Z ] && [ "${fields[1]}" = "$1" ]; then
			n=$((n + 1))
		fi
	done
	echo "$n"
}

no_zombies_of() {
	[ "$(zombies_of "$1")" -eq 0 ]
}

orphan_storm() {
	start_init "$1" -w -- sh -c '"$1" 1000 >"$2" && exec "$3" "$4"' \
		sh "$ORPHANS" "$T/storm" "$SIGRECORD" "$T/rec"
	wait_line "$T/rec" ready 30 || fail "the storm did not end"
	[ "$(cat "$T/storm")" = 1000 ]
	wait_until 5 no_zombies_of "$(init_pid)" || fail "$(zombies_of "$(init_pid)") zombies left"
	err_count_at_least 1000 "reaped zombie process" ||
		fail "reaped $(grep -c "reaped zombie process" "$T/err") orphans, not 1000"
	kill -s TERM "$(init_pid)"
	finish_init
	[ "$(cat "$T/out")" = "exit 0" ]
}

@test "pid1: a storm of 1000 orphans leaves no zombie" {
	orphan_storm pid1
}

@test "child: as a subreaper, a storm of 1000 orphans leaves no zombie" {
	orphan_storm child
}

@test "-w warns for reaped orphans only, not for the child" {
	run -0 --separate-stderr timeout 10 "$INIT" -w true
	[ -z "$stderr" ]
	run -0 --separate-stderr timeout 10 "$INIT" -w sh -c '(true &)'
	[[ $stderr =~ ^tether-init:\ reaped\ zombie\ process\ [0-9]+$ ]]
	run -0 --separate-stderr timeout 10 "$INIT" sh -c '(true &)'
	[ -z "$stderr" ]
}

# in_private_ns SCRIPT ARG...: SCRIPT in a private mount namespace (nothing reaches the
# host) with a tmpfs over /dev. SCRIPT ends with `pid1 "$1" ARG...`: tether-init ($1) as PID
# 1 of a new pid namespace, in a mount namespace that is not its parent's (the inner unshare
# makes it, then execs tether-init as PID 1; the outer one stays behind as the parent). The
# host's /proc stays: tether-init compares its mount namespace with its parent's there.
in_private_ns() {
	local script=$1
	shift
	timeout 20 unshare --mount --propagation private sh -euc "
		pid1() { exec unshare --pid --fork unshare --mount --propagation private \"\$@\"; }
		mount -t tmpfs -o mode=0755 tmpfs /dev
		$script" sh "$INIT" "$@"
}

# Prints "mountpoint fstype" for each of the paths that is a mount point, as the child sees
# it (mountinfo would also list the host's mounts hidden under the test's tmpfs /dev).
MOUNTS='for p in /proc /dev/shm /dev/mqueue /dev/pts; do
	if [ -d "$p" ] && [ "$(stat -c %d "$p")" != "$(stat -c %d "$p/..")" ]; then
		echo "$p $(stat -f -c %T "$p")"
	fi
done'

@test "pid1 in a mount namespace of its own: mounts what is missing: /dev/shm (1777), ..." {
	run -0 --separate-stderr in_private_ns '
		mkdir /dev/shm /dev/mqueue /dev/pts
		pid1 "$1" -vv -- sh -c "$2; stat -c %a /dev/shm"' "$MOUNTS"
	[ "$output" = "/proc proc
/dev/shm tmpfs
/dev/mqueue mqueue
/dev/pts devpts
1777" ]
	[[ $stderr == *"tether-init: mounted tmpfs on /dev/shm"* ]]
}

@test "pid1: leaves alone what is mounted already" {
	run -0 --separate-stderr in_private_ns '
		mkdir /dev/shm /dev/mqueue /dev/pts
		mount -t tmpfs -o mode=0700 tmpfs /dev/shm
		touch /dev/shm/marker
		pid1 "$1" -- sh -c "$2; ls /dev/shm; stat -c %a /dev/shm"' "$MOUNTS"
	[ "$output" = "/proc proc
/dev/shm tmpfs
/dev/mqueue mqueue
/dev/pts devpts
marker
700" ]
	[ -z "$stderr" ]
}

@test "pid1: a mount that fails (read-only /dev, no directory) only warns at -v" {
	run -0 --separate-stderr in_private_ns '
		mount -o remount,ro /dev
		pid1 "$1" -v -- sh -c "$2"' "$MOUNTS"
	[ "$output" = "/proc proc" ]
	[ "$(grep mount <<<"$stderr")" = "tether-init: mount tmpfs on /dev/shm: No such file or directory
tether-init: mount mqueue on /dev/mqueue: No such file or directory
tether-init: mount devpts on /dev/pts: No such file or directory" ]
	run -0 --separate-stderr in_private_ns '
		mount -o remount,ro /dev
		pid1 "$1" -- sh -c "exit 0"'
	[ -z "$stderr" ]
}

# The kernel's devtmpfs is one instance for the whole machine: a directory made in a
# private mount namespace's /dev of it shows on the host. A fake /dev/kmsg in the test's
# own tmpfs /dev stands for it (the host's devtmpfs is never touched).
@test "pid1: a /dev with /dev/kmsg (devtmpfs, the host's devices) gets no directory" {
	run -0 --separate-stderr in_private_ns '
		touch /dev/kmsg
		pid1 "$1" -v -- sh -c "$2; ls /dev | tr \"\n\" \" \""' "$MOUNTS"
	assert_output "/proc proc
kmsg "
	# the control: the same /dev without it is the engine's, and gets them
	run -0 --separate-stderr in_private_ns '
		pid1 "$1" -- sh -c "$2; ls /dev | tr \"\n\" \" \""' "$MOUNTS"
	assert_output "/proc proc
/dev/shm tmpfs
/dev/mqueue mqueue
/dev/pts devpts
mqueue pts shm "
}

@test "pid1: --no-mount mounts nothing; not PID 1 mounts nothing" {
	run -0 --separate-stderr in_private_ns '
		mkdir /dev/shm /dev/mqueue /dev/pts
		pid1 "$1" --no-mount -- sh -c "$2"' "$MOUNTS"
	[ "$output" = "/proc proc" ]
	run -0 --separate-stderr timeout 20 unshare --mount --propagation private sh -euc '
		mount -t tmpfs -o mode=0755 tmpfs /dev
		mkdir /dev/shm /dev/mqueue /dev/pts
		exec "$1" -- sh -c "$2"' sh "$INIT" "$MOUNTS"
	[ "$output" = "/proc proc" ]
}

@test "pid1 in its parent's mount namespace mounts nothing, and says why at -v" {
	# An outer private namespace with plain directories where tether-init would mount;
	# tether-init PID 1 of a new pid namespace only: its mounts would land in this table.
	run -0 --separate-stderr timeout 20 unshare --mount --propagation private bash -euc '
		mount -t tmpfs -o mode=0711 tmpfs /dev
		mkdir /dev/pts /dev/mqueue
		before=$(cut -d" " -f4- /proc/self/mountinfo)
		rc=0
		unshare --pid --fork "$1" -v -- sh -c "exit 6" || rc=$?
		after=$(cut -d" " -f4- /proc/self/mountinfo)
		echo "status $rc"
		[ "$before" = "$after" ] || diff <(echo "$before") <(echo "$after")' bash "$INIT"
	[ "$output" = "status 6" ]
	[ "$(grep mount <<<"$stderr")" = "tether-init: not mounting: the mount namespace is the parent's" ]
	# no /proc at all: nothing can be compared, nothing is mounted
	run -0 --separate-stderr timeout 20 unshare --mount --propagation private sh -euc '
		mount -t tmpfs -o mode=0711 tmpfs /dev
		mkdir /dev/shm
		umount -l /proc
		exec unshare --pid --fork unshare --mount "$1" -v -- \
			sh -c "[ \"\$(stat -c %d /dev/shm)\" = \"\$(stat -c %d /dev)\" ]"' sh "$INIT"
	[ "$(grep mount <<<"$stderr")" = "tether-init: not mounting: cannot compare the mount namespace \
with the parent's: No such file or directory" ]
}

# Prints the descriptors of the child shell, one a line, then "$LISTEN_PID $$". No
# redirection and no pipe: dash would open descriptors in the shell itself for them.
list_fds() {
	"$@" sh -c 'ls /proc/$$/fd; echo "${LISTEN_PID:-unset} $$"'
}

@test "inherited descriptors above 2 are closed, and named at -v" {
	run -0 --separate-stderr list_fds timeout 10 "$INIT" -v -- 5</etc/hostname 7</etc/passwd
	[ "${lines[*]% *}" = "0 1 2 unset" ]
	[[ $stderr == *"tether-init: closing inherited fd 5 (/etc/hostname)"* ]]
	[[ $stderr == *"tether-init: closing inherited fd 7 (/etc/passwd)"* ]]
	run -0 --separate-stderr list_fds timeout 20 unshare --pid --fork --mount-proc "$INIT" -- \
		5</etc/hostname
	[ "${lines[*]:0:3}" = "0 1 2" ]
	[ "${#lines[@]}" -eq 4 ]
	[ -z "$stderr" ]
}

@test "--keep-fds keeps them; LISTEN_FDS keeps 3..3+N-1 and LISTEN_PID names the child" {
	run -0 --separate-stderr list_fds timeout 10 "$INIT" --keep-fds -- 5</etc/hostname
	printf '%s\n' "${lines[@]}" | grep -qx 5
	run -0 --separate-stderr list_fds env LISTEN_FDS=2 LISTEN_PID=4242 timeout 10 "$INIT" -- \
		3</etc/hostname 4</etc/hostname 5</etc/hostname
	[ "${lines[*]:0:5}" = "0 1 2 3 4" ]
	[ "${#lines[@]}" -eq 6 ]
	local pid=${lines[5]#* }
	[ "${lines[5]}" = "$pid $pid" ] || fail "LISTEN_PID: ${lines[5]}"
}

# The child's pgrp and tpgid (fields 5 and 8 of /proc/PID/stat) and session (6).
CHILD_TTY='set -- $(sed "s/.*) //" /proc/$$/stat)
	[ "$3" = $$ ] && echo own-group
	[ "$6" = $$ ] && echo foreground
	[ "$4" = $$ ] && echo own-session
	exit 0'

@test "with a terminal, the child's process group is the foreground group" {
	require_cmd script
	run -0 timeout 20 script -qec "$INIT -- sh -c '$CHILD_TTY'" /dev/null
	[ "$(printf '%s' "$output" | tr -d '\r')" = "own-group
foreground" ]
	run -0 timeout 20 script -qec "unshare --pid --fork --mount-proc $INIT -- sh -c '$CHILD_TTY'" \
		/dev/null
	[ "$(printf '%s' "$output" | tr -d '\r')" = "own-group
foreground" ]
}

@test "without a terminal, the child runs in a new session" {
	run -0 timeout 10 setsid -w "$INIT" -- sh -c "$CHILD_TTY" </dev/null
	[ "$output" = "own-group
own-session" ]
	run -0 timeout 10 "$INIT" -- sh -c "$CHILD_TTY" </dev/null
	[ "$output" = "own-group
own-session" ]
}

# bash's trap '' leaves SIG_IGN, which exec keeps (as nohup's SIGHUP or a shell's SIGPIPE).
IGNORING_USR2='trap "" USR2 HUP; exec "$@"'
KILL_SELF_USR2='kill -USR2 $$; echo survived'

@test "signals ignored by whoever started tether-init are deadly again for the child" {
	# The control: without tether-init the ignored signal survives exec.
	run -0 timeout 10 bash -c "$IGNORING_USR2" bash sh -c "$KILL_SELF_USR2"
	[ "$output" = survived ]
	run -140 timeout 10 bash -c "$IGNORING_USR2" bash "$INIT" -- sh -c "$KILL_SELF_USR2"
	[ -z "$output" ]
	run -140 timeout 20 bash -c "$IGNORING_USR2" bash unshare --pid --fork --mount-proc \
		"$INIT" -- sh -c "$KILL_SELF_USR2"
	[ -z "$output" ]
}

@test "--keep-signals: what the caller ignored stays ignored for the child; SIGCHLD is reset" {
	run -0 timeout 10 bash -c "$IGNORING_USR2" bash "$INIT" --keep-signals -- \
		sh -c "$KILL_SELF_USR2"
	assert_output survived
	run -0 timeout 20 bash -c "$IGNORING_USR2" bash unshare --pid --fork --mount-proc \
		"$INIT" --keep-signals -- sh -c "$KILL_SELF_USR2"
	assert_output survived
	# An inherited SIG_IGN for SIGCHLD would reap the child behind tether-init's back: no
	# status. Both ways, and the child starts with SIGCHLD's default (0 in SigIgn's bit 17).
	local child_sigchld='sed -n "s/^SigIgn:\t//p" /proc/self/status; exit 6'
	for opt in --keep-signals -v; do
		run -6 --separate-stderr timeout 10 bash -c 'trap "" CHLD; exec "$@"' bash \
			"$INIT" "$opt" -- sh -c "$child_sigchld"
		if (((0x$output >> 16) & 1)); then
			fail "$opt: SIGCHLD ignored in the child ($output)"
		fi
	done
}

# Without --rootfs the container's files are the host's, /dev with them: nothing is
# mounted over it (a fresh /dev/mqueue alone cost 0.15 ms a start), as unshare does not.
@test "pid1 under tether run without --rootfs: the host's /dev is left as the host has it" {
	local host
	[ -x "$TETHER_BIN" ] || skip "build/tether not built"
	export TETHER_STATE_DIR=$T/state
	host=$(awk '$5 ~ "^/dev/" { print $5 }' /proc/self/mountinfo | sort | tr '\n' ' ')
	run -0 --separate-stderr env TETHER_VERBOSITY=2 timeout 20 "$TETHER_BIN" run -- \
		sh -c "awk '\$5 ~ \"^/dev/\" { print \$5 }' /proc/self/mountinfo | sort | tr '\\n' ' '"
	[[ $stderr == *"tether-init: started sh as pid"* ]] || fail "no -v output: $stderr"
	assert_output "$host"
}
