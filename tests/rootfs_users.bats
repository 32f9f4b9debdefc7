#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr: set by bats' run --separate-stderr
# tether run --user, --env, --env-file, --clear-env, --cwd, --cap-add, --cap-drop and
# --no-new-privs: ids, environment and capability sets as /proc/self/status shows them.

load rootfs_helpers

setup() { rootfs_setup; }
teardown() { rootfs_teardown; }

# Podman's default set (CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP
# NET_BIND_SERVICE SYS_CHROOT SETFCAP) plus SYS_BOOT (bit 22)
DEFAULT_CAPS=00000000804405fb
DEFAULT_CAPS_NO_BOOT=00000000800405fb

# caps_of ARGS...: "Inh Prm Eff Bnd Amb NoNewPrivs" of the container's shell.
# shellcheck disable=SC2016 # expanded inside the container
CAPS_SCRIPT='for k in CapInh CapPrm CapEff CapBnd CapAmb NoNewPrivs; do grep "^$k:" /proc/self/status | awk "{printf \"%s \", \$2}"; done; echo'
caps_of() {
	tether_in "$@" -- /bin/sh -c "$CAPS_SCRIPT"
}

# caps_of, with tether itself started holding NET_BIND_SERVICE and NET_ADMIN in its
# inheritable and ambient sets, as a careless parent could leave them.
caps_of_inheriting() {
	setpriv --inh-caps +net_bind_service,+net_admin --ambient-caps +net_bind_service,+net_admin \
		"$TETHER_BIN" run --rootfs "$R" "$@" -- /bin/sh -c "$CAPS_SCRIPT"
}

@test "--user 1000:1000: that uid and gid, no supplementary groups, no capabilities" {
	run -0 tether_in --user 1000:1000 -- /bin/sh -c 'id -u; id -g; id -G; grep ^Groups: /proc/self/status'
	assert_line --index 0 1000
	assert_line --index 1 1000
	assert_line --index 2 1000
	assert_line --index 3 --regexp '^Groups:[[:space:]]*$'
	run -0 caps_of --user 1000:1000
	assert_output "0000000000000000 0000000000000000 0000000000000000 $DEFAULT_CAPS 0000000000000000 1 "
}

# shellcheck disable=SC2016 # expanded inside the container
@test "--user NAME and NAME:GROUP are looked up in the rootfs's passwd and group" {
	run -0 tether_in --user app -- /bin/sh -c 'id -u; id -g; echo $HOME'
	assert_output "$(printf '1000\n1000\n/home/app')"
	run -0 tether_in --user app:staff -- /bin/sh -c 'id -u; id -g'
	assert_output "$(printf '1000\n50')"
	# a number without a passwd entry: its own number as group, HOME /
	run -0 tether_in --user 4242 -- /bin/sh -c 'id -u; id -g; echo $HOME'
	assert_output "$(printf '4242\n4242\n/')"
}

@test "--cap-add gives a non-root user exactly that capability, across exec" {
	# NET_BIND_SERVICE is bit 10: 0x400
	run -0 caps_of --user 1000:1000 --cap-add NET_BIND_SERVICE
	assert_output "0000000000000400 0000000000000400 0000000000000400 $DEFAULT_CAPS 0000000000000400 1 "
	# libcap's spelling works too; a capability outside the default set joins the bounding set
	run -0 caps_of --user 1000 --cap-add cap_net_admin
	assert_output "0000000000001000 0000000000001000 0000000000001000 00000000804415fb 0000000000001000 1 "
}

@test "inheritable and ambient capabilities tether inherits never reach the container" {
	# control: the parent really hands them down
	run -0 setpriv --inh-caps +net_bind_service,+net_admin \
		--ambient-caps +net_bind_service,+net_admin grep '^CapAmb:' /proc/self/status
	assert_output --regexp '^CapAmb:[[:space:]]+0000000000001400$'
	run -0 caps_of_inheriting
	assert_output "0000000000000000 $DEFAULT_CAPS $DEFAULT_CAPS $DEFAULT_CAPS 0000000000000000 0 "
	# a non-root user keeps exactly what --cap-add named, not what came from above
	run -0 caps_of_inheriting --user 1000 --cap-add NET_ADMIN
	assert_output "0000000000001000 0000000000001000 0000000000001000 00000000804415fb 0000000000001000 1 "
}

@test "--cap-drop ALL leaves root no capability at all, with no_new_privs" {
	run -0 caps_of --cap-drop ALL
	assert_output "0000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000 1 "
	run -1 tether_in --cap-drop ALL -- /bin/sh -c 'chown 1000 /etc/marker'
	[ "$(stat -c %u "$R/etc/marker")" = 0 ]
}

@test "--cap-drop ALL --cap-add CAP keeps only CAP; --cap-drop one removes it from the default" {
	run -0 caps_of --cap-drop ALL --cap-add CHOWN
	assert_output "0000000000000000 0000000000000001 0000000000000001 0000000000000001 0000000000000000 1 "
	run -0 caps_of --cap-drop CAP_KILL
	assert_output "0000000000000000 00000000804405db 00000000804405db 00000000804405db 0000000000000000 1 "
}

@test "root in a rootfs gets the default set; CAP_SYS_BOOT only with its own pid namespace" {
	run -0 caps_of
	assert_output "0000000000000000 $DEFAULT_CAPS $DEFAULT_CAPS $DEFAULT_CAPS 0000000000000000 0 "
	run -0 caps_of --share pid
	assert_output "0000000000000000 $DEFAULT_CAPS_NO_BOOT $DEFAULT_CAPS_NO_BOOT $DEFAULT_CAPS_NO_BOOT 0000000000000000 0 "
}

@test "without --rootfs, --user or --cap-*: root keeps the host's set, less SYS_BOOT when the pid ns is shared" {
	local host
	host=$(awk '/^CapBnd:/ { print $2 }' /proc/self/status)
	run -0 "$TETHER_BIN" run -- sh -c 'grep ^CapBnd: /proc/self/status'
	assert_output --regexp "^CapBnd:[[:space:]]+$host\$"
	run -0 "$TETHER_BIN" run --share pid -- sh -c 'grep ^CapBnd: /proc/self/status'
	assert_output --regexp "^CapBnd:[[:space:]]+$(printf '%016x' $((0x$host & ~(1 << 22))))\$"
}

@test "--no-new-privs sets no_new_privs for root" {
	run -0 tether_in --no-new-privs -- /bin/sh -c 'grep ^NoNewPrivs: /proc/self/status'
	assert_output --regexp '1$'
}

@test "--env, --env-file and --clear-env build the environment in order" {
	printf 'B=file\n# comment\n\nC=file\n' >"$TMP/env"
	run -0 env -i TERM=vt100 PATH=/usr/bin:/bin KEEP=1 "$TETHER_BIN" run --rootfs "$R" \
		--env-file "$TMP/env" --env C=arg --env D=x=y -- /bin/env
	# a --rootfs container starts clean: none of the launcher's variables
	refute_line KEEP=1
	assert_line container=tether
	assert_line B=file
	assert_line C=arg
	assert_line D=x=y
	run -0 env -i TERM=vt100 KEEP=1 "$TETHER_BIN" run --rootfs "$R" --clear-env --env A=1 \
		--user app -- /bin/env
	assert_output "$(printf 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nTERM=vt100\nHOME=/home/app\ncontainer=tether\nA=1')"
}

@test "--cwd to a missing directory fails the start with 125" {
	run -125 --separate-stderr tether_in --cwd /nope -- /bin/true
	assert_equal "$stderr" "tether: change directory to /nope: No such file or directory"
}

@test "--cwd through a descriptor to the host's tree is refused (CVE-2024-21626)" {
	# a host directory open in the caller: reachable as /proc/self/fd/7 until exec
	exec 7</
	run -125 --separate-stderr tether_in --cwd /proc/self/fd/7 -- /bin/sh -c pwd
	exec 7<&-
	# refused by the kernel (the old root is detached) or by tether's getcwd check
	assert_regex "$stderr" '^tether: change directory to /proc/self/fd/7: (No such file or directory|Invalid cross-device link)$'
	assert_equal "$output" ""
}
