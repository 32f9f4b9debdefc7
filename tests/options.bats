#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# Option parsing of every tether command: long options by their exact name only (getopt's
# abbreviations are refused), usage errors exit 2 as "tether COMMAND: ..." naming the word
# that was wrong, echoed input with its control characters escaped; and one exit code for
# a COMMAND name too long to exist, with or without tether-init.

load run_helpers

setup() { run_setup; }
teardown() { run_teardown; }

@test "abbreviated long options are unknown options, in every command" {
	local cmd word
	while read -r cmd word; do
		# shellcheck disable=SC2086 # $cmd: the command and its NAME
		run -2 --separate-stderr "$TETHER_BIN" $cmd "$word" true
		assert_equal "${stderr_lines[0]}" "tether ${cmd%% *}: unknown option '${word%%=*}'"
		[ ! -e "$TMP/ran" ] || fail "$cmd $word ran something"
	done <<EOF
run --cgroup
run --time=1
run --no-in
run --host=box
exec --us
stop --time=2
list --js
status --st
kill --state-d=x
wait --he
EOF
	# the exact names still work
	run -0 "$TETHER_BIN" run --cgroupns --no-init -- true
}

@test "short options: the letter that was wrong is named, never the next word" {
	run -2 --separate-stderr "$TETHER_BIN" run -qv true
	assert_equal "${stderr_lines[0]}" "tether run: unknown option '-q'"
	run -2 --separate-stderr "$TETHER_BIN" run -d=x true
	assert_equal "${stderr_lines[0]}" "tether run: unknown option '-='"
	# -v is --volume (Docker's), which takes a value: here '=x'
	run -2 --separate-stderr "$TETHER_BIN" run -v=x true
	assert_equal "${stderr_lines[0]}" "tether run: --bind '=x': expected SRC:DST[:ro]"
	run -2 --separate-stderr "$TETHER_BIN" stop web -t
	assert_equal "${stderr_lines[0]}" "tether stop: option '-t' needs a value"
	run -2 --separate-stderr "$TETHER_BIN" stop web --timeout
	assert_equal "${stderr_lines[0]}" "tether stop: option '--timeout' needs a value"
}

@test "echoed input has its control characters escaped: one line, no terminal escape" {
	run -2 --separate-stderr "$TETHER_BIN" run --name $'ok\tno\e[2J' -- true
	assert_equal "${#stderr_lines[@]}" 2
	assert_equal "${stderr_lines[0]}" \
		"tether run: --name: bad name 'ok\\x09no\\x1b[2J' (letters, digits, '_.-', at most 64)"
	run -2 --separate-stderr "$TETHER_BIN" list $'--x\ny'
	assert_equal "${stderr_lines[0]}" "tether list: unknown option '--x\\x0ay'"
	run -2 --separate-stderr "$TETHER_INIT_BIN" $'--z\rw'
	assert_equal "${stderr_lines[0]}" "tether-init: unknown option '--z\\x0dw'"
}

@test "a COMMAND name too long to exist: 127 with or without tether-init" {
	local long
	long=$(printf 'c%.0s' $(seq 5000))
	run -127 "$TETHER_BIN" run -- "$long"
	run -127 "$TETHER_BIN" run --no-init -- "$long"
	run -127 "$TETHER_INIT_BIN" -- "/$long"
}

# A malformed value of a run option is a usage error wherever it is parsed (the launcher,
# the isolation and confinement options): exit 2, "tether run: " naming the value with its
# control characters escaped, the --help hint, nothing run. One row a line: the words
# (tab-separated; @R@ a rootfs directory), then after " => " the first line of the message.
@test "malformed values of run's isolation and confinement options: 2 naming the value" {
	local args msg line
	local -a words
	mkdir -p "$TMP/root/dev" "$TMP/root/proc" "$TMP/root/sys" "$TMP/root/tmp" "$TMP/root/bin"
	while IFS= read -r line; do
		args=${line%% => *}
		msg=${line#* => }
		msg=${msg//@R@/$TMP/root}
		args=${args//@R@/$TMP/root}
		IFS=$'\t' read -r -a words <<<"$args"
		run -2 --separate-stderr timeout 20 "$TETHER_BIN" run "${words[@]}" -- touch "$TMP/ran"
		assert_equal "${#stderr_lines[@]}" 2
		assert_equal "${stderr_lines[0]}" "tether run: $msg"
		assert_equal "${stderr_lines[1]}" "Try 'tether run --help'."
		[ ! -e "$TMP/ran" ] || fail "run $args ran something"
	done <<EOF
--rootfs	@R@	--bind	/srv => --bind '/srv': expected SRC:DST[:ro]
--rootfs	@R@	-v	/a:/b:rx => --bind '/a:/b:rx': expected SRC:DST[:ro]
--rootfs	@R@	--tmpfs	/run:big => --tmpfs '/run:big': expected DST[:SIZE]
--rootfs	@R@	--bind	/a:b/../c => --bind '/a:b/../c': destination must be an absolute path without '..'
--rootfs	@R@	--device	/dev/null:/etc/n => --device '/dev/null:/etc/n': CONTAINER must be a path under /dev without '.' or '..'
--rootfs	@R@	--device	/dev/null:/dev/n:x => --device '/dev/null:/dev/n:x': the mode is a subset of rwm
--user	7:x:y => --user '7:x:y': expected USER[:GROUP], each a name or a number from 0 to 4294967294
--userns	--uid-map	1:2 => --uid-map '1:2': expected INSIDE:OUTSIDE:COUNT (at most 8)
--userns	--gid-map	0:7:-1 => --gid-map '0:7:-1': expected INSIDE:OUTSIDE:COUNT (at most 8)
--userns	--uid-map	0:300000:5	--uid-map	2:400000:1 => --uid-map 2:400000:1: overlaps 0:300000:5
--gid-map	0:0:1 => --uid-map/--gid-map: need --userns
--cap-add	CAP_TELEPORT => --cap-add 'CAP_TELEPORT': unknown capability
--cap-drop	net_nothing => --cap-drop 'net_nothing': unknown capability
--tmpfs	/x => --bind, --tmpfs, --device and --read-only: need --rootfs
--share	mount	--rootfs	@R@ => --rootfs '@R@': needs a new mount namespace (drop --share mount)
-e	HOME => --env 'HOME': expected KEY=VALUE
--env	=v => --env '=v': expected KEY=VALUE
-w	rel/dir => --cwd 'rel/dir': must be an absolute path
--cwd	$(printf 'a\rb') => --cwd 'a\\x0db': must be an absolute path
--memory	12q => --memory: bad size '12q'
--memory	$(printf '3\ek') => --memory: bad size '3\\x1bk'
--ulimit	nofile=x => --ulimit: nofile=x: bad value (a number, -1 or unlimited)
--security-opt	apparmor=x => --security-opt: unknown 'apparmor=x' (seccomp=unconfined, seccomp=default)
--cpus	0.001 => --cpus: bad number '0.001' (0.01 to 4096)
EOF
}
