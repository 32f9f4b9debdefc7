#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run --separate-stderr
# Every bad input to the rootfs, identity, user namespace and capability options: exit 125,
# one line naming the input, nothing left mounted on the host, the rootfs unchanged.

load rootfs_helpers

setup() {
	rootfs_setup
	mkdir "$TMP/src"
	BEFORE_MOUNTS=$(mount_snapshot)
	BEFORE_TREE=$(tree_snapshot "$R")
}

teardown() { rootfs_teardown; }

# fails_with MESSAGE ARGS...: `tether run ARGS` exits 125 printing exactly MESSAGE, and
# leaves the mount table and the rootfs as they were.
# usage_with MSG ARGS...: like fails_with, for a malformed value: exit 2, "tether run: MSG"
# and the --help hint.
usage_with() {
	local msg=$1
	shift
	run -2 --separate-stderr timeout 20 "$TETHER_BIN" run "$@"
	assert_equal "$stderr" "tether run: $msg"$'\n'"Try 'tether run --help'."
	assert_equal "$output" ""
	assert_equal "$(mount_snapshot)" "$BEFORE_MOUNTS"
	assert_equal "$(tree_snapshot "$R")" "$BEFORE_TREE"
}

fails_with() {
	local msg=$1
	shift
	run -125 --separate-stderr timeout 20 "$TETHER_BIN" run "$@"
	assert_equal "$stderr" "$msg"
	assert_equal "$output" ""
	assert_equal "$(mount_snapshot)" "$BEFORE_MOUNTS"
	assert_equal "$(tree_snapshot "$R")" "$BEFORE_TREE"
}

@test "a missing rootfs" {
	fails_with "tether: rootfs $TMP/nope: No such file or directory" \
		--rootfs "$TMP/nope" -- /bin/sh
}

@test "a rootfs that is a file" {
	touch "$TMP/file"
	fails_with "tether: rootfs $TMP/file: Not a directory" --rootfs "$TMP/file" -- /bin/sh
}

@test "a rootfs without /bin/sh" {
	rm "$R/bin/sh"
	BEFORE_TREE=$(tree_snapshot "$R")
	fails_with "tether: rootfs $R: no command /bin/sh in it" --rootfs "$R" -- /bin/sh -c true
	fails_with "tether: rootfs $R: no command sh in it" --rootfs "$R" -- sh -c true
}

@test "bad map syntax" {
	local m
	for m in 0:1000 0:x:1 0:1000:0 -1:0:1 0:0:1:2 ""; do
		usage_with "--uid-map '$m': expected INSIDE:OUTSIDE:COUNT (at most 8)" \
			--userns --uid-map "$m" --rootfs "$R" -- /bin/sh
	done
	usage_with "--gid-map '0:1': expected INSIDE:OUTSIDE:COUNT (at most 8)" \
		--userns --gid-map 0:1 -- /bin/sh
}

@test "overlapping maps" {
	usage_with "--uid-map 5:200000:10: overlaps 0:100000:10" \
		--userns --uid-map 0:100000:10 --uid-map 5:200000:10 --rootfs "$R" -- /bin/sh
	usage_with "--gid-map 100:100005:1: overlaps 0:100000:10" \
		--userns --gid-map 0:100000:10 --gid-map 100:100005:1 --rootfs "$R" -- /bin/sh
}

@test "maps without --userns" {
	usage_with "--uid-map/--gid-map: need --userns" --uid-map 0:0:1 -- /bin/sh
}

@test "an unknown capability" {
	usage_with "--cap-add 'CAP_FLY': unknown capability" \
		--rootfs "$R" --cap-add CAP_FLY -- /bin/sh
	usage_with "--cap-drop 'sys_nothing': unknown capability" \
		--rootfs "$R" --cap-drop sys_nothing -- /bin/sh
}

@test "an unknown user or group name" {
	fails_with "tether: --user ghost: no user ghost in $R/etc/passwd" \
		--rootfs "$R" --user ghost -- /bin/sh
	fails_with "tether: --user app:ghosts: no group ghosts in $R/etc/group" \
		--rootfs "$R" --user app:ghosts -- /bin/sh
}

@test "a destination that leaves the rootfs through '..'" {
	usage_with "--bind '$TMP/src:/../../etc': destination must be an absolute path without '..'" \
		--rootfs "$R" --bind "$TMP/src:/../../etc" -- /bin/sh
	usage_with "--tmpfs '/mnt/../../x': destination must be an absolute path without '..'" \
		--rootfs "$R" --tmpfs "/mnt/../../x" -- /bin/sh
}

@test "a destination that leaves the rootfs through a symlink" {
	ln -s ../../../../../.. "$R/mnt/escape"
	ln -s ../.. "$R/mnt/up"
	BEFORE_TREE=$(tree_snapshot "$R")
	fails_with "tether: --bind $TMP/src:/mnt/escape/etc: destination /mnt/escape/etc leads outside the root filesystem" \
		--rootfs "$R" --bind "$TMP/src:/mnt/escape/etc" -- /bin/sh
	fails_with "tether: --tmpfs /mnt/up/tmp: destination /mnt/up/tmp leads outside the root filesystem" \
		--rootfs "$R" --tmpfs /mnt/up/tmp -- /bin/sh
}

@test "a destination missing in the rootfs, a missing bind source, bad specs" {
	fails_with "tether: --bind $TMP/src:/nope: destination /nope in the root filesystem: No such file or directory" \
		--rootfs "$R" --bind "$TMP/src:/nope" -- /bin/sh
	fails_with "tether: --bind $TMP/none:/mnt: source $TMP/none: No such file or directory" \
		--rootfs "$R" --bind "$TMP/none:/mnt" -- /bin/sh
	usage_with "--bind '/tmp': expected SRC:DST[:ro]" --rootfs "$R" --bind /tmp -- /bin/sh
	usage_with "--bind '/tmp:/mnt:rx': expected SRC:DST[:ro]" \
		--rootfs "$R" --bind /tmp:/mnt:rx -- /bin/sh
	usage_with "--tmpfs '/tmp:lots': expected DST[:SIZE]" --rootfs "$R" --tmpfs /tmp:lots -- /bin/sh
}

@test "a failure inside the container's setup: a directory bound onto a file" {
	fails_with "tether: mount $TMP/src:/etc/marker: Not a directory" \
		--rootfs "$R" --bind "$TMP/src:/etc/marker" -- /bin/sh
}

@test "--rootfs with the host's mount namespace, binds without a rootfs" {
	usage_with "--rootfs '$R': needs a new mount namespace (drop --share mount)" \
		--share mount --rootfs "$R" -- /bin/sh
	usage_with "--bind, --tmpfs, --device and --read-only: need --rootfs" --read-only -- /bin/sh
}

@test "a rootfs swapped for another directory after the checks is refused" {
	local err=$TMP/err resume=$TMP/resume pid rc=0
	mkdir "$TMP/other"
	cp -a "$R/." "$TMP/other/"
	TETHER_TEST_PAUSE_AT=rootfs TETHER_TEST_RESUME=$resume \
		"$TETHER_BIN" run --rootfs "$R" -- /bin/true 2>"$err" &
	pid=$!
	wait_until 10 grep -q "paused at rootfs" "$err" || fail "no pause: $(cat "$err")"
	mv "$R" "$TMP/checked"
	mv "$TMP/other" "$R"
	touch "$resume"
	wait "$pid" || rc=$?
	[ "$rc" -eq 125 ] || fail "exit $rc: $(cat "$err")"
	assert_equal "$(tail -n 1 "$err")" "tether: bind rootfs $R: Stale file handle"
	assert_equal "$(mount_snapshot)" "$BEFORE_MOUNTS"
}
