# shellcheck shell=bash
# The suites' common set-up, for the VM suites one directory down.
# shellcheck source=tests/common.bash
source "$BATS_TEST_DIRNAME/../common.bash"
