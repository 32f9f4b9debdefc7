#!/usr/bin/env bats
# The README's console and sh examples, run as written (tether and tether-init from this
# build, a private state directory), so that the README cannot drift: a console block's
# output is compared line by line, an sh block's documented exit statuses ("...; echo $?
# # N") are compared with what came. Blocks that build, test, install or package the
# whole tree (tools/demo, tools/test, make, dpkg-buildpackage) and untagged blocks (the
# rootfs examples need a root filesystem this suite does not build) are not run.

load run_helpers

setup() {
	run_setup
	require_cmd jq
	README=$TETHER_TOP/README.md
	# `tether` on PATH is this build's; it finds tether-init next to itself
	mkdir "$TMP/bin"
	ln -s "$TETHER_BIN" "$TMP/bin/tether"
	ln -s "$TETHER_INIT_BIN" "$TMP/bin/tether-init"
}

teardown() {
	local p
	# the examples' detached containers: their monitors, by pid, from our state directory
	for p in $(PATH=$TMP/bin:$PATH tether list --state-dir "$TMP/demo" --json 2>/dev/null |
		jq -r '.[] | .monitor_pid // empty'); do
		kill -KILL "$p" 2>/dev/null || true
	done
	run_teardown
}

# block N KIND: the Nth (from 1) block of KIND (console, sh) in the README.
block() {
	awk -v want="$1" -v kind="$2" '
		/^```/ && inside { inside = 0; next }
		$0 == "```" kind { n++; if (n == want) inside = 1; next }
		inside { print }' "$README"
}

@test "README console blocks: each command's output as shown" {
	local n=1 text cmd expect got
	while text=$(block "$n" console) && [ -n "$text" ]; do
		cmd="" expect=""
		while IFS= read -r line; do
			if [[ $line == "# "* ]]; then
				[ -z "$cmd" ] || {
					got=$(cd "$TETHER_TOP" && bash -c "$cmd" 2>&1)
					assert_equal "$got" "$expect"
				}
				cmd=${line#\# } expect=""
			else
				expect+=${expect:+$'\n'}$line
			fi
		done <<<"$text"
		got=$(cd "$TETHER_TOP" && bash -c "$cmd" 2>&1)
		assert_equal "$got" "$expect"
		n=$((n + 1))
	done
	[ "$n" -gt 1 ] || fail "no console block found"
}

# The sh blocks, as a script that checks each documented "echo $?" against its comment
# and, before each line, lets a container that reboots or starts become running (as the
# pause between two typed commands would).
sh_script() {
	local text=$1
	cat <<'EOF'
settle() {
	local i s
	for i in $(seq 500); do
		s=$(tether list --json 2>/dev/null | jq -r '.[] | select(.state == "starting" or .state == "rebooting") | .name')
		[ -z "$s" ] && return 0
		sleep 0.02
	done
}
EOF
	sed -E \
		-e "s|TETHER_STATE_DIR=/tmp/demo|TETHER_STATE_DIR=$TMP/demo|" \
		-e 's|^(.*); echo \$\? +# ([0-9]+)\b.*$|settle; \1; echo "README-RC $? \2"|' \
		-e '/^settle|^export|^$/!s|^|settle; |' <<<"$text"
}

@test "README sh blocks: the documented exit statuses" {
	local n=1 text checked=0 got want
	while text=$(block "$n" sh) && [ -n "$text" ]; do
		n=$((n + 1))
		# builds, tests, installs or packages the tree: what this suite itself is, or
		# would install into the host or clean the build (dpkg-buildpackage: make clean)
		if grep -qE 'tools/|^make |dpkg-buildpackage' <<<"$text"; then
			continue
		fi
		sh_script "$text" >"$TMP/block.sh"
		run env PATH="$TMP/bin:$PATH" timeout 120 bash "$TMP/block.sh"
		while read -r _ got want; do
			[ "$got" = "$want" ] || fail "README block $((n - 1)): exit $got where it says $want"
			checked=$((checked + 1))
		done < <(grep '^README-RC ' <<<"$output")
	done
	[ "$checked" -ge 3 ] || fail "only $checked documented statuses found: $output"
	echo "$output" >"${README_LOG:-/dev/null}"
}
