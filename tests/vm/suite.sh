#!/bin/bash
# Runs in the VM (tests/vm/run boots it): the named bats files, TAP on stdout.
cd /tether || exit 125
export TETHER_BIN=/tether/build/tether TETHER_INIT_BIN=/tether/build/tether-init
export TETHER_HELPERS=/tether/build/tests/helpers
echo "# kernel $(uname -r), cgroup controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
exec bats --tap "$@"
