#!/usr/bin/env bats
load ../common
@test "vm: unified cgroup v2 with controllers" {
	run -0 cat /sys/fs/cgroup/cgroup.controllers
	assert_output --partial memory
}
