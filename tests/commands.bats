#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# shellcheck disable=SC2016 # $i and $A expand inside the container's sh, not here
# The commands users reach for: rm (and run --rm), logs (kept output, -f, the size bound
# and its rotation), ps (pids inside and on the host), and Docker's spellings of run's
# options (-e, -v/--volume, -w/--workdir, -u, --entrypoint).

load lifecycle_helpers
load rootfs_helpers

setup() { lc_setup; }
teardown() { lc_teardown; }

# Files of the entry NAME in the state directory, one per line.
entry_files() { (cd "$SD" && find . -maxdepth 1 \( -name "$1" -o -name "$1:*" \) | sort); }

@test "rm: a stopped entry goes with its kept output; a running one is refused, rm -f stops it" {
	run -0 t run -d --name one -- sh -c 'echo out; exit 4'
	run -4 t wait one
	run -0 t logs one
	assert_output out
	[ -n "$(entry_files one)" ]
	run -0 --separate-stderr t rm one
	assert_output one
	assert_equal "$(entry_files one)" ""
	run -0 t list --json
	assert_output "[]"

	run -0 t run -d --name two -- sh -c 'trap "exit 6" TERM; sleep 1000 & wait'
	run -1 --separate-stderr t rm two
	assert_equal "$stderr" "tether: rm two: still running (stop it first, or rm -f)"
	state_is two running
	local pid
	pid=$(field two pid)
	run -0 --separate-stderr t rm -f two
	assert_output two
	assert_equal "$(entry_files two)" ""
	proc_gone "$pid"

	run -1 --separate-stderr t rm nosuch
	assert_equal "$stderr" "tether: rm nosuch: no such container"
	run -2 --separate-stderr t rm
	assert_equal "${stderr_lines[0]}" "tether rm: missing NAME"
}

@test "rm: several names; the first failure is the exit status, the others still go" {
	t run -d --name a1 -- true >/dev/null
	t run -d --name a2 -- true >/dev/null
	t wait a1 && t wait a2
	run -1 --separate-stderr t rm a1 zz a2
	assert_equal "$output" $'a1\na2'
	assert_equal "$stderr" "tether: rm zz: no such container"
	run -0 t list --json
	assert_output "[]"
}

@test "run --rm: a named entry goes when the container ends, in the foreground and with -d" {
	run -0 t run --rm --name fg --no-init -- true
	assert_equal "$(entry_files fg)" ""
	run -0 t run -d --rm --name bg -- sh -c 'trap "exit 5" TERM; echo kept; sleep 1000 & wait'
	state_is bg running
	wait_until 5 grep -q kept "$SD/bg:log"
	run -5 t stop bg
	assert_equal "$(entry_files bg)" ""
	# without --rm the entry stays, stopped
	run -0 t run --name stays --no-init -- true
	state_is stays stopped
}

@test "logs: stdout and stderr of a detached container; --log-file still writes its own file" {
	run -0 t run -d --name w -- sh -c 'echo to-out; echo to-err >&2; exit 0'
	run -0 t wait w
	run -0 --separate-stderr t logs w
	assert_equal "$output" $'to-out\nto-err'
	assert_equal "$stderr" ""
	[ "$(stat -c %a "$SD/w:log")" = 600 ]

	run -0 t run -d --name f --log-file "$TMP/f.log" -- sh -c 'echo to-file'
	run -0 t wait f
	assert_equal "$(cat "$TMP/f.log")" to-file
	run -1 --separate-stderr t logs f
	assert_equal "$stderr" "tether: logs f: no output kept (only run -d without --log-file keeps it)"

	run -1 --separate-stderr t logs nosuch
	assert_equal "$stderr" "tether: logs nosuch: no such container"
}

@test "logs -f follows a running container, across rotations, and ends with it" {
	mkfifo "$TMP/go"
	# 3000 numbered lines once told to: many rotations of 1 KiB while -f follows
	run -0 t run -d --name fol --log-opt max-size=1k --log-opt max-file=100 -- \
		sh -c "echo first; read x <$TMP/go; i=0; while [ \$i -lt 3000 ]; do echo line\$i; i=\$((i+1)); done; exit 3"
	t logs -f fol >"$TMP/followed" 2>"$TMP/followed.err" &
	local lpid=$!
	wait_until 10 grep -qx first "$TMP/followed"
	echo go >"$TMP/go"
	# logs -f ends by itself once the container has ended (t bounds it to 30 s)
	local rc=0
	wait "$lpid" || rc=$?
	assert_equal "$rc" 0
	assert_equal "$(cat "$TMP/followed.err")" ""
	run -0 sh -c "{ echo first; seq -f 'line%g' 0 2999; } | cmp - '$TMP/followed'"
	# what was kept says the same
	run -0 sh -c "t() { timeout 30 '$TETHER_BIN' logs --state-dir '$SD' fol; }; t | cmp - '$TMP/followed'"
	run -3 t wait fol
}

@test "logs: the output is bounded by max-size and max-file, cut at line ends" {
	run -0 t run -d --name big --log-opt max-size=2k --log-opt max-file=3 -- \
		sh -c 'i=0; while [ $i -lt 5000 ]; do echo "row $i"; i=$((i+1)); done'
	run -0 t wait big
	local f
	for f in "$SD/big:log" "$SD/big:log.1" "$SD/big:log.2"; do
		[ "$(stat -c %s "$f")" -le 2048 ]
		[ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" = '\n' ]
	done
	[ ! -e "$SD/big:log.3" ]
	[ "$(stat -c %s "$SD/big:log.1")" -gt 1900 ]
	# what logs prints is the newest part of the output, whole lines, in order
	run -0 t logs big
	assert_line --index -1 "row 4999"
	local first n
	first=$(head -n 1 <<<"$output")
	n=${first#row }
	run -0 sh -c "seq -f 'row %g' $n 4999 | cmp - -" <<<"$output"
	# one file only: truncated in place
	run -0 t run -d --name one --log-opt max-size=1k --log-opt max-file=1 -- \
		sh -c 'i=0; while [ $i -lt 1000 ]; do echo "r $i"; i=$((i+1)); done'
	run -0 t wait one
	[ "$(stat -c %s "$SD/one:log")" -le 1024 ]
	[ ! -e "$SD/one:log.1" ]
	run -0 t logs one
	assert_line --index -1 "r 999"
}

@test "run --log-opt: bad keys and values are usage errors" {
	local bad
	for bad in max-size=0 max-size=12q max-file=0 max-file=101 size=1m max-size=; do
		run -2 --separate-stderr t run -d --log-opt "$bad" -- true
		assert_equal "${stderr_lines[0]}" "tether run: --log-opt: bad '$bad' (max-size=SIZE, max-file=N)"
	done
}

@test "ps: the processes inside, with pids in the container and on the host, exec'd ones too" {
	mkfifo "$TMP/ready"
	run -0 t run -d --name p -- sh -c 'trap "exit 0" TERM; sleep 1000 & wait'
	local init
	init=$(field p pid)
	t exec p -- sh -c "echo >$TMP/ready; exec sleep 999" &
	local epid=$!
	read -r _ <"$TMP/ready"
	wait_until 5 sh -c "t() { timeout 30 '$TETHER_BIN' ps --state-dir '$SD' p; }; t | grep -q 'sleep 999\$'"
	run -0 t ps p
	assert_line --index 0 --regexp '^PID +HOST_PID +PPID +UID +COMMAND$'
	assert_line --index 1 --regexp "^1 +$init +0 +0 +tether-init .* -- sh -c trap .* wait\$"
	assert_line --index 2 --regexp '^2 +[0-9]+ +1 +0 +sh -c trap .* wait$'
	assert_line --regexp '^3 +[0-9]+ +2 +0 +sleep 1000$'
	# each host pid is that process, and its pid inside is the last of its NSpid line
	local inner host
	while read -r inner host _; do
		[ "$inner" = PID ] && continue
		assert_equal "$(awk '/^NSpid:/ { print $NF }' "/proc/$host/status")" "$inner"
		assert_equal "$(readlink "/proc/$host/ns/pid")" "$(readlink "/proc/$init/ns/pid")"
	done <<<"$output"
	assert_line --regexp '^[0-9]+ +[0-9]+ +[0-9]+ +0 +sleep 999$'
	kill "$epid"
	wait "$epid" || true

	run -0 t stop p
	run -1 --separate-stderr t ps p
	assert_equal "$stderr" "tether: ps p: not running"
	run -1 --separate-stderr t ps nosuch
	assert_equal "$stderr" "tether: ps nosuch: no such container"
}

@test "docker spellings: -e/--env, -w/--workdir, -u/--user, --entrypoint, --verbose" {
	run -0 t run --no-init -e A=1 --env B=2 -- sh -c 'echo "$A$B"'
	assert_output 12
	run -0 t run --no-init -w /usr --no-restart -- pwd
	assert_output /usr
	run -0 t run --no-init --workdir /etc -- pwd
	assert_output /etc
	run -0 t run --no-init -u 4321:4322 -- sh -c 'echo $(id -u):$(id -g)'
	assert_output 4321:4322
	run -0 t run --no-init --user 4323 -- id -u
	assert_output 4323
	# --entrypoint: COMMAND's words become its arguments; none at all is fine
	run -0 t run --no-init --entrypoint echo -- a b
	assert_output "a b"
	run -0 t run --entrypoint /bin/true
	run -3 t run --no-init --entrypoint sh -- -c 'exit 3'
	# --verbose keeps its long name only; -h stays help
	run -0 --separate-stderr t run --verbose --no-init -- true
	assert_regex "${stderr_lines[0]}" '^tether: container process [0-9]+ cloned '
	run -0 t run -h
	assert_line --index 0 "usage: tether run [OPTIONS] [--] COMMAND [ARG...]"
	assert_line '  -e K=V, -v SRC:DST[:ro], -w DIR, -u USER[:GROUP]'
}

@test "docker spellings: -v and --volume SRC:DST[:ro] bind as --bind does" {
	[ -x /bin/busybox ] || skip "needs busybox-static"
	R=$TMP/root
	make_rootfs "$R"
	mkdir "$TMP/src" "$TMP/src2"
	echo here >"$TMP/src/f"
	run -0 t run --rootfs "$R" -v "$TMP/src:/mnt/rw" --no-init -- sh -c 'cat /mnt/rw/f; echo new >/mnt/rw/g'
	assert_output here
	assert_equal "$(cat "$TMP/src/g")" new
	run -1 t run --rootfs "$R" --volume "$TMP/src2:/mnt/ro:ro" --no-init -- sh -c 'echo x >/mnt/ro/h'
	[ ! -e "$TMP/src2/h" ]
	# -v takes a value now: a bare -v is no longer verbosity
	run -2 --separate-stderr t run --rootfs "$R" -v --no-init -- true
	assert_equal "${stderr_lines[0]}" "tether run: --bind '--no-init': expected SRC:DST[:ro]"
}

@test "rm and logs refuse a second, ordinary user; the entry and its output stay" {
	require_cmd useradd
	require_cmd setpriv
	LC_USER=tcm$$
	useradd -M -N -r -s /usr/sbin/nologin "$LC_USER" || skip "useradd failed"
	local uid gid
	uid=$(id -u "$LC_USER")
	gid=$(id -g "$LC_USER")
	as_user() {
		timeout 30 setpriv --reuid "$uid" --regid "$gid" --clear-groups -- \
			"$TETHER_BIN" "$1" --state-dir "$SD" "${@:2}"
	}
	run -0 t run -d --name mine -- sh -c 'echo secret'
	run -0 t wait mine
	run -4 --separate-stderr as_user rm mine
	assert_equal "$stderr" "tether: rm mine: permission denied (not root, not its owner)"
	run -4 --separate-stderr as_user rm -f mine
	run -4 --separate-stderr as_user logs mine
	assert_equal "$stderr" "tether: logs mine: permission denied"
	assert_equal "$output" ""
	run -0 t logs mine
	assert_output secret
	run -0 t rm mine
}
