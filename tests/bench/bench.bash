# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Helpers of tests/bench/run: peers and their Debian packages, hyperfine rows, markdown
# tables, and containers held up while their memory is read. Every wait is bounded; only
# processes started here are ever signalled, by pid. Sourced, never run.

# ---- peers -----------------------------------------------------------------------------

# The Debian package of each command the benchmark may use.
declare -A BENCH_PKG=(
	[hyperfine]=hyperfine [jq]=jq [unshare]=util-linux [tini-static]=tini [tini]=tini
	[catatonit]=catatonit [dumb-init]=dumb-init [bwrap]=bubblewrap
	[lxc-execute]=lxc [/usr/sbin/init.lxc.static]=lxc [runc]=runc
	[/bin/busybox]=busybox-static
)
declare -a BENCH_MISSING=()

have() {
	if [[ $1 == /* ]]; then
		[ -x "$1" ]
	else
		command -v "$1" >/dev/null 2>&1
	fi
}

# Notes every absent command with its package, once; prints nothing.
check_peers() {
	local c
	for c in "${!BENCH_PKG[@]}"; do
		have "$c" && continue
		BENCH_MISSING+=("${BENCH_PKG[$c]}")
	done
	# busybox must be the static build: the runc and --rootfs trees hold nothing else.
	if have /bin/busybox && ! LC_ALL=C ldd /bin/busybox 2>&1 | grep -q 'not a dynamic'; then
		BENCH_MISSING+=(busybox-static)
	fi
	if [ ${#BENCH_MISSING[@]} -gt 0 ]; then
		mapfile -t BENCH_MISSING < <(printf '%s\n' "${BENCH_MISSING[@]}" | sort -u)
	fi
}

# missing_note CMD: "skipped: CMD not installed (Debian package P)".
missing_note() {
	echo "skipped: $1 not installed (Debian package ${BENCH_PKG[$1]:-?})"
}

# ---- output ----------------------------------------------------------------------------

progress() {
	printf 'bench: [%3ds] %s\n' "$SECONDS" "$*" >&2
}

# Markdown is collected per table and printed, and appended to results.md, at table_end.
TABLE=""
table_start() { # TITLE NOTE HEADER...
	local title=$1 note=$2
	shift 2
	TABLE="### $title"$'\n\n'
	[ -n "$note" ] && TABLE+="$note"$'\n\n'
	TABLE+="| $(join ' | ' "$@") |"$'\n'
	TABLE+="|$(printf -- '---|%.0s' "$@")"$'\n'
}
table_row() {
	TABLE+="| $(join ' | ' "$@") |"$'\n'
}
table_end() { # [FOOTNOTE]
	[ $# -gt 0 ] && [ -n "$1" ] && TABLE+=$'\n'"$1"$'\n'
	printf '%s\n' "$TABLE" | tee -a "$RESULTS"
	TABLE=""
}
join() {
	local sep=$1 out=""
	shift
	while [ $# -gt 0 ]; do
		out+=$1
		shift
		[ $# -gt 0 ] && out+=$sep
	done
	printf '%s' "$out"
}

# calc EXPR: floating-point arithmetic through awk, printed with the given precision.
calc() { # FORMAT EXPR
	awk "BEGIN { printf \"$1\", $2 }"
}
# ratio A B: "A/B" as "1.23×", or "n/a" when either is missing.
ratio() {
	if [ -z "${1:-}" ] || [ -z "${2:-}" ]; then
		echo "n/a"
	else
		awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "n/a" }'
	fi
}
# median of the numbers given as arguments.
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
minof() { printf '%s\n' "$@" | sort -g | head -n1; }
maxof() { printf '%s\n' "$@" | sort -g | tail -n1; }

# ---- hyperfine rows --------------------------------------------------------------------

# probe CMD...: one bounded trial run; on failure PROBE_ERR holds its first stderr line.
PROBE_ERR=""
probe() {
	local rc
	timeout 30 "$@" </dev/null >/dev/null 2>"$TMP/probe.err"
	rc=$?
	PROBE_ERR=""
	[ "$rc" -eq 0 ] && return 0
	PROBE_ERR="exit $rc"
	[ "$rc" -eq 124 ] && PROBE_ERR="timed out after 30 s"
	if [ -s "$TMP/probe.err" ]; then
		PROBE_ERR+=": $(grep -v '^$' "$TMP/probe.err" | head -n1 | tr '|' '/' | cut -c1-100)"
	fi
	return 1
}

# shell_words ARG...: one command line for hyperfine -N (which splits it like a shell).
shell_words() {
	local a out=""
	for a in "$@"; do
		if [[ $a =~ ^[A-Za-z0-9_./=:,+-]+$ ]]; then
			out+="$a "
		else
			out+="'${a//\'/\'\\\'\'}' "
		fi
	done
	printf '%s' "${out% }"
}

# hyperfine_round SLUG NAME RUNS WARMUP ROUND CMD...: one round of a row; its raw timings
# go to $RAW/SLUG.rROUND.json. Fails with PROBE_ERR.
hyperfine_round() {
	local slug=$1 name=$2 runs=$3 warm=$4 round=$5
	shift 5
	if ! timeout 300 hyperfine -N --style none --warmup "$warm" --runs "$runs" \
		--export-json "$RAW/$slug.r$round.json" -n "$name" -- "$(shell_words "$@")" \
		>/dev/null 2>"$TMP/hf.err"; then
		PROBE_ERR="hyperfine failed: $(head -n1 "$TMP/hf.err" | cut -c1-100)"
		return 1
	fi
}

# hyperfine_merge SLUG: every round's timings into $RAW/SLUG.json; sets HF_MEDIAN HF_MIN
# HF_MAX (ms) over all of them.
# shellcheck disable=SC2034 # results for the caller
HF_MEDIAN="" HF_MIN="" HF_MAX=""
hyperfine_merge() {
	jq -s '{times: [.[].results[0].times[]]}' "$RAW/$1".r*.json >"$RAW/$1.json" &&
		rm -f "$RAW/$1".r*.json
	# shellcheck disable=SC2034 # results for the caller
	read -r HF_MEDIAN HF_MIN HF_MAX < <(jq -r '.times | sort | length as $n |
		[(if $n % 2 == 1 then .[($n - 1) / 2] else (.[$n / 2 - 1] + .[$n / 2]) / 2 end),
		 .[0], .[-1]] | map(. * 1000) | @tsv' "$RAW/$1.json")
}

# ---- process trees and memory ----------------------------------------------------------

# These run for hundreds of processes: they use builtins only (a fork here costs more than
# what is measured). `-ef` compares the namespace files by device and inode.

# descendants PID: sets DESC to PID and every process below it, parents first.
DESC=()
descendants() {
	local i=0 f kids
	DESC=("$1")
	while [ "$i" -lt ${#DESC[@]} ]; do
		for f in /proc/"${DESC[$i]}"/task/*/children; do
			[ -r "$f" ] || continue
			read -r -a kids 2>/dev/null <"$f" || [ ${#kids[@]} -gt 0 ] || continue
			DESC+=("${kids[@]}")
		done
		i=$((i + 1))
	done
}

in_host_pidns() {
	[ /proc/"$1"/ns/pid -ef /proc/$$/ns/pid ]
}

# host_side PID: the processes of the tree that stay in our pid namespace.
host_side() {
	local p
	descendants "$1"
	for p in "${DESC[@]}"; do
		in_host_pidns "$p" && echo "$p"
	done
}

# container_init PID: sets CONTAINER_PID1 to the first process of the tree in another pid namespace
# (the container's PID 1); fails when there is none.
CONTAINER_PID1=""
container_init() {
	local p
	CONTAINER_PID1=""
	descendants "$1"
	for p in "${DESC[@]}"; do
		[ -e /proc/"$p"/ns/pid ] || continue
		if ! in_host_pidns "$p"; then
			CONTAINER_PID1=$p
			return 0
		fi
	done
	return 1
}

# mem PID...: "VmHWM VmRSS Pss" in kB, summed over the processes.
mem() {
	local p k v hwm=0 rss=0 pss=0
	for p in "$@"; do
		while read -r k v _; do
			case $k in
			VmHWM:) hwm=$((hwm + v)) ;;
			VmRSS:) rss=$((rss + v)) ;;
			esac
		done 2>/dev/null <"/proc/$p/status"
		while read -r k v _; do
			if [ "$k" = Pss: ]; then
				pss=$((pss + v))
				break
			fi
		done 2>/dev/null <"/proc/$p/smaps_rollup"
	done
	echo "$hwm $rss $pss"
}

# gone PID: the process has ended (a zombie of ours counts as ended).
gone() {
	local line state
	read -r line 2>/dev/null <"/proc/$1/stat" || return 0
	state=${line##*) }
	[ "${state%% *}" = Z ]
}

# nap: sleeps 0.02 s without a fork, as a read with time-out on a fifo nobody writes to.
NAP_FD=""
nap() {
	if [ -z "$NAP_FD" ] && mkfifo "$TMP/nap"; then
		exec {NAP_FD}<>"$TMP/nap"
	fi
	if [ -n "$NAP_FD" ]; then
		read -r -t 0.02 -u "$NAP_FD" _
	else
		sleep 0.02
	fi
	return 0
}

# wait_gone SECONDS PID: bounded wait for the end of a process, in 0.02 s steps.
wait_gone() {
	local steps=$(($1 * 50)) i=0
	until gone "$2"; do
		i=$((i + 1))
		[ "$i" -lt "$steps" ] || return 1
		nap
	done
}

# ---- held containers -------------------------------------------------------------------
# The payload `hold` writes "R" on the ready fifo and sleeps; the launcher runs in the
# background. The fifo is opened read-write first, so neither side ever blocks on open.
# With HELD_BARE=1 what was started is the payload itself, in no container (the floor rows).

declare -a HELD=()
READY_FD=""
HELD_BARE=0

ready_open() {
	rm -f "$TMP/ready"
	mkfifo "$TMP/ready"
	exec {READY_FD}<>"$TMP/ready"
}

ready_close() {
	[ -n "$READY_FD" ] && exec {READY_FD}<&-
	READY_FD=""
}

# hold_start CMD...: starts one launcher; its pid is appended to HELD.
hold_start() {
	"$@" </dev/null >"$TMP/ready" 2>>"$TMP/held.err" &
	HELD+=("$!")
}

# ready_wait N SECONDS: reads N ready lines within SECONDS in all; fails on time-out.
ready_wait() {
	local n=$1 end=$((SECONDS + $2)) line left
	while [ "$n" -gt 0 ]; do
		left=$((end - SECONDS))
		[ "$left" -gt 0 ] || return 1
		read -r -t "$left" -u "$READY_FD" line || return 1
		[ "$line" = R ] && n=$((n - 1))
	done
}

# hold_stop_all: kills the PID 1 of every held container (which ends its whole pid
# namespace), all at once; then lets each launcher notice and exit, and only if one does
# not within 10 s, kills that launcher too. A bare payload (HELD_BARE=1) is killed at once.
hold_stop_all() {
	local p
	for p in "${HELD[@]}"; do
		if container_init "$p"; then
			kill -KILL "$CONTAINER_PID1" 2>/dev/null
		elif [ "$HELD_BARE" = 1 ]; then
			kill -KILL "$p" 2>/dev/null
		fi
	done
	for p in "${HELD[@]}"; do
		if ! wait_gone 10 "$p"; then
			kill -KILL "$p" 2>/dev/null
			wait_gone 5 "$p"
		fi
		wait "$p" 2>/dev/null
	done
	HELD=() HELD_BARE=0
}
