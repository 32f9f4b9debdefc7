#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr: set by bats' run --separate-stderr
# Installable like a real tool: the man pages and the README name every option the
# programs' --help lists; bash completion (driven as bash would: COMP_WORDS, COMPREPLY);
# make install, uninstall and dist.

load common
load doc_helpers

setup() {
	[ -x "$TETHER_BIN" ] || skip "build/tether not built"
	TMP=$(mktemp -d /tmp/tether-install.XXXXXX)
	TOP=$TETHER_TOP
}

teardown() {
	if [ -n "${SD:-}" ]; then
		local p
		for p in $(timeout 10 "$TETHER_BIN" list --state-dir "$SD" --json 2>/dev/null |
			jq -r '.[] | .monitor_pid, .pid | select(. != null)'); do
			kill -KILL "$p" 2>/dev/null || true
		done
	fi
	[ -z "${TMP:-}" ] || rm -rf "$TMP"
}

TETHER_README_FROM='^## tether run'
TETHER_README_TO='^## (Performance|Layout|License)'
INIT_README_FROM='^## tether-init$'
INIT_README_TO='^## '

@test "every option and command --help lists is in the man page and in the README's tables" {
	local missing=() cmd o what
	check() { # WHAT MAN FROM TO OPTION
		has_word "$TOP/$2" "$5" ||
			missing+=("$1 lists $5: missing from $2")
		has_word "$TOP/README.md" "$5" "$3" "$4" 1 ||
			missing+=("$1 lists $5: missing from README.md's tables (section ${3#^})")
	}
	for o in $("$TETHER_BIN" --help | help_options); do
		check "tether --help" doc/tether.1.scd "$TETHER_README_FROM" "$TETHER_README_TO" "$o"
	done
	for cmd in run $("$TETHER_BIN" --help | help_commands); do
		[ "$cmd" = run ] || check "tether --help" doc/tether.1.scd "$TETHER_README_FROM" \
			"$TETHER_README_TO" "$cmd"
		what="tether $cmd --help"
		for o in $("$TETHER_BIN" "$cmd" --help | help_options); do
			check "$what" doc/tether.1.scd "$TETHER_README_FROM" "$TETHER_README_TO" "$o"
		done
	done
	for o in $("$TETHER_INIT_BIN" --help | help_options); do
		check "tether-init --help" doc/tether-init.8.scd "$INIT_README_FROM" "$INIT_README_TO" "$o"
	done
	if [ ${#missing[@]} -gt 0 ]; then
		printf '%s\n' "${missing[@]}" | awk '!seen[$0]++'
		false
	fi
}

@test "the option check itself: it sees a missing option and names it" {
	printf 'usage: x [--json] [-t SECONDS]\n  -a, --alpha N  an option\n  --no-x, -h\n' >"$TMP/help"
	run -0 help_options <"$TMP/help"
	assert_equal "$output" $'--json\n-t\n-a\n--alpha\n--no-x\n-h'
	# shellcheck disable=SC2016 # backquotes: markdown, not a command
	printf '| `--alpha-beta` | x |\n| `-t` | y |\ntext --json\n' >"$TMP/doc"
	run -1 has_word "$TMP/doc" --alpha
	run -0 has_word "$TMP/doc" --alpha-beta
	run -0 has_word "$TMP/doc" --json
	run -1 has_word "$TMP/doc" --json "" "" 1
	run -0 has_word "$TMP/doc" -t "" "" 1
}

@test "man pages: scdoc renders both, and man -l reads them" {
	require_cmd man
	run -0 man -l "$TOP/build/man/tether.1"
	assert_line --partial "tether - run a command in fresh namespaces"
	run -0 man -l "$TOP/build/man/tether-init.8"
	assert_line --partial "tether-init - a PID 1 for containers"
}

# complete WORD...: the completions of the last word, as bash would ask for them.
complete_words() {
	# shellcheck disable=SC1091
	source "$TOP/completion/tether.bash"
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	if [ "${1##*/}" = tether-init ]; then _tether_init; else _tether; fi
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

@test "bash completion: commands, options from --help, values, and names from tether list" {
	require_root
	run -0 complete_words "$TETHER_BIN" ""
	assert_line run
	assert_line rm
	assert_line logs
	assert_line --version
	run -0 complete_words "$TETHER_BIN" l
	assert_equal "$output" $'list\nlogs'
	run -0 complete_words "$TETHER_BIN" run --no-r
	assert_equal "$output" "--no-restart"
	run -0 complete_words "$TETHER_BIN" run --vol
	assert_equal "$output" "--volume"
	run -0 complete_words "$TETHER_BIN" run --share u
	assert_equal "$output" "uts"
	run -0 complete_words "$TETHER_BIN" run --log-level d
	assert_equal "$output" "debug"
	run -0 complete_words "$TETHER_BIN" run --halt-signal SIGPW
	assert_equal "$output" "SIGPWR"
	# a value is not a command: after --name x, a command word; after it, COMMAND's own
	run -0 complete_words "$TETHER_BIN" run --name x bats-no-such-cm
	assert_equal "$output" ""
	run -0 complete_words "$TETHER_BIN" run --name x ech
	assert_line echo
	run -0 complete_words "$TETHER_BIN" run -- ls --cg
	assert_equal "$output" ""
	run -0 complete_words "$TETHER_BIN" stop -
	assert_line -t
	assert_line --state-dir
	run -0 complete_words "$TETHER_INIT_BIN" --reb
	assert_equal "$output" "--reboot-signal"
	run -0 complete_words "$TETHER_INIT_BIN" -t 5 -- s
	assert_line sh

	# names from a private state directory: --state-dir on the line, or TETHER_STATE_DIR
	SD=$TMP/state
	run -0 timeout 30 "$TETHER_BIN" run --state-dir "$SD" -d --name web1 -- sleep 1000
	run -0 timeout 30 "$TETHER_BIN" run --state-dir "$SD" -d --name web2 -- sleep 1000
	run -0 timeout 30 "$TETHER_BIN" run --state-dir "$SD" --name db -- true
	run -0 complete_words "$TETHER_BIN" stop --state-dir "$SD" w
	assert_equal "$output" $'web1\nweb2'
	run -0 complete_words "$TETHER_BIN" logs --state-dir="$SD" ""
	assert_equal "$output" $'db\nweb1\nweb2'
	TETHER_STATE_DIR=$SD run -0 complete_words "$TETHER_BIN" rm web1 d
	assert_equal "$output" db
	run -0 complete_words "$TETHER_BIN" kill --state-dir "$SD" web1 SIGUS
	assert_equal "$output" $'SIGUSR1\nSIGUSR2'
	run -0 complete_words "$TETHER_BIN" exec --state-dir "$SD" web1 -- ech
	assert_line echo
	run -0 timeout 30 "$TETHER_BIN" rm -f --state-dir "$SD" web1 web2
}

@test "make install puts binaries, man pages and completion in place; uninstall leaves DESTDIR empty" {
	local d=$TMP/dest
	run -0 make -s -C "$TOP" install DESTDIR="$d" PREFIX=/usr/local
	run -0 sh -c "cd '$d' && find . ! -type d | sort"
	assert_equal "$output" "./usr/local/bin/tether
./usr/local/bin/tether-init
./usr/local/libexec/tether/tether-init
./usr/local/share/bash-completion/completions/tether
./usr/local/share/bash-completion/completions/tether-init
./usr/local/share/man/man1/tether.1
./usr/local/share/man/man8/tether-init.8"
	assert_equal "$(readlink "$d/usr/local/libexec/tether/tether-init")" /usr/local/bin/tether-init
	run -0 "$d/usr/local/bin/tether" --version
	run -0 "$d/usr/local/bin/tether-init" -- true
	run -0 make -s -C "$TOP" uninstall DESTDIR="$d" PREFIX=/usr/local
	run -0 find "$d" -mindepth 1
	assert_output ""
	# a directory that holds something else stays, with that
	run -0 make -s -C "$TOP" install DESTDIR="$d/" PREFIX=/usr
	touch "$d/usr/bin/other"
	run -0 make -s -C "$TOP" uninstall DESTDIR="$d/" PREFIX=/usr
	run -0 sh -c "cd '$d' && find . | sort"
	assert_equal "$output" $'.\n./usr\n./usr/bin\n./usr/bin/other'
}

@test "make dist: a tarball with a VERSION file, whose build says that version without git" {
	require_cmd git
	git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1 || skip "not a git clone"
	local v
	v=$(make -s -C "$TOP" version)
	[ -n "$v" ] || fail "make version printed nothing"
	[ "$v" != unknown ] || fail "make version: unknown"
	# in a clone of our HEAD, so that the build tree is left alone
	git clone -q --no-local "$TOP" "$TMP/clone"
	run -0 make -s -C "$TMP/clone" dist VERSION=9.8.7
	assert_output build/dist/tether-9.8.7.tar.gz
	mkdir "$TMP/x"
	tar -C "$TMP/x" -xzf "$TMP/clone/build/dist/tether-9.8.7.tar.gz"
	assert_equal "$(cat "$TMP/x/tether-9.8.7/VERSION")" 9.8.7
	[ -f "$TMP/x/tether-9.8.7/LICENSE" ]
	[ -f "$TMP/x/tether-9.8.7/Makefile" ]
	# no git around it (GIT_CEILING_DIRECTORIES: /tmp could sit in some repository)
	run -0 env GIT_CEILING_DIRECTORIES="$TMP/x" make -s -C "$TMP/x/tether-9.8.7" version
	assert_output 9.8.7
}
