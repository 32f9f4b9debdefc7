#!/bin/bash
# SPDX-License-Identifier: MIT
# The application that tests/init_vm.bats boots under tether-init as the kernel's own PID 1
# (/init of tests/vm/boot's initramfs). Writes what it sees to the second serial port, one
# fact a line, for the host to check once qemu has ended (that port's output may come out
# only then); the console (the first port, live) has tether-init's lines and the job's
# readiness.
#   exit:   mounts, pid and parent, zombies reaped by PID 1, a straggler that ignores
#           SIGTERM, then exit 3: tether-init stops the straggler and powers off
#   cad:    ready, then waits for the SIGTERM that Ctrl-Alt-Del brings (via tether-init's
#           reboot signal), says so and exits 0: tether-init reboots
exec </dev/null >/dev/ttyS1 2>&1
stty -F /dev/ttyS1 raw -echo 2>/dev/null
echo "uptime $(cut -d' ' -f1 /proc/uptime)"
echo "pid $$ ppid $PPID"

# zombies_of_1: zombies whose parent is PID 1.
zombies_of_1() {
	local n=0 f s
	for f in /proc/[0-9]*/stat; do
		read -r s <"$f" 2>/dev/null || continue
		s=${s##*) }
		[[ $s == "Z 1 "* ]] && n=$((n + 1))
	done
	echo "$n"
}

case ${1:-} in
exit)
	for p in /dev /proc /sys /sys/fs/cgroup /dev/pts /dev/shm /dev/mqueue /run; do
		echo "mount $p $(awk -v p="$p" '$2 == p { print $3 }' /proc/self/mounts)"
	done
	echo "console $(readlink /proc/1/fd/1)"
	/tether/build/tests/helpers/orphans 40 >/dev/null
	for _ in $(seq 250); do
		[ "$(zombies_of_1)" -eq 0 ] && break
		sleep 0.02
	done
	echo "zombies $(zombies_of_1)"
	mkfifo /tmp/straggler
	# SIGHUP too: the job leads the session of the console, whose end hangs its group up
	(trap '' TERM HUP; echo up >/tmp/straggler; exec sleep 1000) &
	read -r _ </tmp/straggler
	echo "exit at $(cut -d' ' -f1 /proc/uptime)"
	echo "exiting 3"
	exit 3
	;;
cad)
	trap 'echo "got SIGTERM"; exit 0' TERM
	# The i8042 keyboard is probed asynchronously (kseriod): a key pressed before its input
	# device has the kbd handler is dropped, and Ctrl-Alt-Del would never reach PID 1.
	for _ in $(seq 600); do
		grep -q '^H: Handlers=.*\<kbd\>' /proc/bus/input/devices 2>/dev/null && break
		sleep 0.05
	done
	grep -q '^H: Handlers=.*\<kbd\>' /proc/bus/input/devices || {
		echo "no keyboard with the kbd handler: $(cat /proc/bus/input/devices)"
		exit 2
	}
	echo "tether-init-job: ready" >/dev/console
	while :; do sleep 0.05; done
	;;
esac
echo "unknown mode '${1:-}'"
exit 2
