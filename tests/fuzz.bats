#!/usr/bin/env bats
# The libFuzzer targets of tests/fuzz, a few seconds each (TETHER_FUZZ_SECONDS, 2 by
# default) from their seed corpus and what earlier runs kept in build/fuzz/corpus: every
# parser meets new inputs at each run of the suite. `make fuzz` runs them longer.

load common

fuzz() {
	local b=${B:-build}
	[ -x "$TETHER_TOP/$b/fuzz/bin/fuzz_$1" ] ||
		skip "fuzz_$1 not built (make fuzz-build, needs clang-14)"
	cd "$TETHER_TOP" || return 1
	B=$b FUZZ_LOG_DIR=$BATS_TEST_TMPDIR FUZZ_SECONDS=${TETHER_FUZZ_SECONDS:-2} run -0 nice -n 10 tests/fuzz/run "$1"
	assert_output --regexp "^ok - fuzz $1: "
}

@test "fuzz: signal names and rewrites" { fuzz sig; }
@test "fuzz: durations" { fuzz duration; }
@test "fuzz: ids, id maps and /etc/subuid lines" { fuzz ids; }
@test "fuzz: --user specs" { fuzz user; }
@test "fuzz: --bind and --tmpfs specs" { fuzz mount; }
@test "fuzz: --device specs" {
	[ -f "$TETHER_TOP/supervisor/prepare/device.c" ] || skip "no --device in this tree yet"
	fuzz device
}
@test "fuzz: capability names" { fuzz caps; }
@test "fuzz: env files" { fuzz envfile; }
@test "fuzz: passwd and group lines" { fuzz passwd; }
@test "fuzz: state records" { fuzz state; }
@test "fuzz: control-socket requests and answers" { fuzz control; }
@test "fuzz: sync records" { fuzz sync; }
@test "fuzz: tether-init's command line" { fuzz init_opts; }
@test "fuzz: tether-init's --exit-fd line, as tether reads it" { fuzz exitfd; }
