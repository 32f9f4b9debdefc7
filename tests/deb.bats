#!/usr/bin/env bats
# The Debian packages: dpkg-buildpackage -b on a copy of the tree builds tether-init
# (the static init alone, for images) and tether; lintian finds no error; both install
# into, run from and are removed from a throwaway root (dpkg --root), never the host's.
# About 30 s: the whole build, as a package builder runs it.

load common

setup_file() {
	command -v dpkg-buildpackage >/dev/null || return 0
	DEB_TMP=$(mktemp -d /tmp/tether-deb.XXXXXX)
	export DEB_TMP
	local src
	src=$DEB_TMP/tether-$(dpkg-parsechangelog -l "$TETHER_TOP/debian/changelog" -S Version |
		sed 's/-[^-]*$//')
	mkdir -p "$src"
	if git -C "$TETHER_TOP" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$TETHER_TOP" ls-files -co --exclude-standard -z |
			(cd "$TETHER_TOP" && xargs -0 cp --parents -t "$src")
	else
		(cd "$TETHER_TOP" && tar --exclude=./build -cf - .) | tar -C "$src" -xf -
	fi
	(cd "$src" && DEB_BUILD_OPTIONS="parallel=$(nproc) nocheck" \
		timeout 300 dpkg-buildpackage -us -uc -b >"$DEB_TMP/build.log" 2>&1)
	echo $? >"$DEB_TMP/build.rc"
}

teardown_file() {
	[ -z "${DEB_TMP:-}" ] || rm -rf "$DEB_TMP"
}

setup() {
	require_cmd dpkg-buildpackage
	[ "$(cat "$DEB_TMP/build.rc")" = 0 ] || {
		tail -20 "$DEB_TMP/build.log"
		false
	}
	cd "$DEB_TMP" || return 1
	DEB_VERSION=$(dpkg-parsechangelog -l "$TETHER_TOP/debian/changelog" -S Version)
	INIT_DEB=$(echo tether-init_*.deb)
	TETHER_DEB=$(echo tether_*.deb)
}

@test "deb: two packages; tether-init holds the init alone, tether the launcher" {
	[ -f "$INIT_DEB" ] || fail "no tether-init .deb"
	[ -f "$TETHER_DEB" ] || fail "no tether .deb"
	run -0 sh -c "dpkg-deb -c '$INIT_DEB' | awk '{ print \$6 }' | grep -v '/\$' | sort"
	assert_equal "$output" "./usr/bin/tether-init
./usr/libexec/tether/tether-init
./usr/share/bash-completion/completions/tether-init
./usr/share/doc/tether-init/changelog.Debian.gz
./usr/share/doc/tether-init/copyright
./usr/share/lintian/overrides/tether-init
./usr/share/man/man8/tether-init.8.gz"
	run -0 sh -c "dpkg-deb -c '$TETHER_DEB' | awk '{ print \$6 }' | grep -v '/\$' | sort"
	assert_equal "$output" "./usr/bin/tether
./usr/share/bash-completion/completions/tether
./usr/share/doc/tether/changelog.Debian.gz
./usr/share/doc/tether/copyright
./usr/share/lintian/overrides/tether
./usr/share/man/man1/tether.1.gz"
	run -0 dpkg-deb -f "$TETHER_DEB" Depends
	assert_output "tether-init (= $DEB_VERSION)"
	run -0 dpkg-deb -f "$INIT_DEB" Depends
	assert_output ""
}

@test "deb: lintian reports no error" {
	require_cmd lintian
	run lintian --fail-on error tether_*.changes
	refute_line --regexp '^E: '
	assert_success
}

@test "deb: installs into a throwaway root, runs from its /usr/bin, and is removed" {
	require_root
	local root=$DEB_TMP/root
	mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
	touch "$root/var/lib/dpkg/status"
	# tether alone: its dependency is missing, so dpkg refuses to configure it
	run -1 dpkg --root="$root" --log=/dev/null -i "$TETHER_DEB"
	run -0 dpkg --root="$root" --log=/dev/null -r tether
	run -0 dpkg --root="$root" --log=/dev/null -i "$INIT_DEB" "$TETHER_DEB"
	run -0 dpkg --root="$root" -s tether
	assert_line "Status: install ok installed"
	assert_equal "$(readlink "$root/usr/libexec/tether/tether-init")" ../../bin/tether-init
	run -0 "$root/usr/bin/tether" --version
	assert_output "tether ${DEB_VERSION%-*}"
	run -0 "$root/usr/bin/tether-init" -- true
	run -0 "$root/usr/bin/tether" run -- sh -c 'echo $$'
	assert_output 2
	run -0 man -l "$root/usr/share/man/man1/tether.1.gz"
	run -0 dpkg --root="$root" --log=/dev/null -r tether tether-init
	run -0 find "$root" -path "$root/var" -prune -o ! -type d -print
	assert_output ""
}
