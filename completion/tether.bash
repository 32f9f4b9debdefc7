# shellcheck shell=bash
# bash completion for tether and tether-init. The options come from each command's own
# --help (so that they never drift from the programs), the container names from
# `tether list` in the state directory the command line names (--state-dir) or
# TETHER_STATE_DIR. Installed as completions/tether and completions/tether-init.

# _tether_opts PROGRAM [ARGS...]: "OPTION 0|1" lines (1: takes a value) from its --help.
_tether_opts() {
	"$@" --help 2>/dev/null | awk '
		function item(s, a,    n, f, i) {
			n = split(s, f, ", ")
			for (i = 1; i <= n; i++) {
				split(f[i], w, " ")
				if (w[1] ~ /^-/) { opt[++k] = w[1]; if (f[i] ~ / /) a = 1 }
			}
			return a
		}
		/^  +-/ {
			col = $0; sub(/^ +/, "", col); sub(/  .*/, "", col)
			k = 0; a = item(col, 0)
			for (i = 1; i <= k; i++) print opt[i], a
			next
		}
		/^[Uu]sage:/ {
			s = $0
			while (match(s, /\[-[^][ ]+( [^][]+(\[[^]]*\])?)?\]/)) {
				m = substr(s, RSTART + 1, RLENGTH - 2)
				split(m, w, " ")
				if (w[1] != "--") print w[1], (m ~ / /) ? 1 : 0
				s = substr(s, RSTART + RLENGTH)
			}
		}'
}

# The names under the state directory the words name, as `tether list` shows them.
_tether_names() {
	local tether=$1 i dir=
	shift
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		case ${COMP_WORDS[i]} in
		--state-dir) dir=${COMP_WORDS[i + 1]:-} ;;
		--state-dir=*) dir=${COMP_WORDS[i]#--state-dir=} ;;
		esac
	done
	"$tether" list ${dir:+--state-dir "$dir"} 2>/dev/null | awk 'NR > 1 { print $1 }'
}

# A value for option $1 (being completed as $2).
_tether_value() {
	local opt=$1 cur=$2
	case $opt in
	--rootfs | --cwd | --workdir | -w | --state-dir)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
	--share) mapfile -t COMPREPLY < <(compgen -W "pid mount uts ipc" -- "$cur") ;;
	--log-level) mapfile -t COMPREPLY < <(compgen -W "error warning info debug" -- "$cur") ;;
	--log-opt) mapfile -t COMPREPLY < <(compgen -W "max-size= max-file=" -- "$cur") ;;
	*-signal | -p) mapfile -t COMPREPLY < <(compgen -A signal -- "$cur") ;;
	--user | -u) mapfile -t COMPREPLY < <(compgen -u -- "$cur") ;;
	*) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
	esac
}

# Completes words 1.. of PROGRAM [ARGS] (the words before the current one) for the options
# of `PROGRAM ARGS --help`; positional words are counted into _tether_npos, and
# _tether_rest is set once "--" or, with rest_at_cmd, a first positional word was seen.
_tether_args() {
	local first=$1 cur=$2 stop_at_pos=$3 w i j
	shift 3
	local -A takes=()
	while read -r w j; do takes[$w]=$j; done < <(_tether_opts "$@")
	_tether_npos=0 _tether_rest=0
	for ((i = first; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [ "$w" = -- ]; then
			_tether_rest=1
			break
		elif [[ $w == -* && ${takes[$w]:-0} == 1 && $w != *=* ]]; then
			((i++))
			if ((i == COMP_CWORD)); then
				_tether_value "$w" "$cur"
				return 0
			fi
		elif [[ $w != -* ]]; then
			((_tether_npos++))
			if ((stop_at_pos)); then
				_tether_rest=1
				break
			fi
		fi
	done
	if ((_tether_rest == 0)) && [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "${!takes[*]}" -- "$cur")
		return 0
	fi
	return 1
}

_tether() {
	local cur=${COMP_WORDS[COMP_CWORD]} tether=${COMP_WORDS[0]} cmd='' i
	COMPREPLY=()
	command -v "$tether" >/dev/null 2>&1 || tether=tether
	for ((i = 1; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} != -* ]] && cmd=${COMP_WORDS[i]} && break
	done
	if [ -z "$cmd" ]; then
		mapfile -t COMPREPLY < <(compgen -W "$("$tether" --help 2>/dev/null |
			awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { on = 0 }')
			--help --version" -- "$cur")
		return 0
	fi
	case $cmd in
	run)
		_tether_args $((i + 1)) "$cur" 1 "$tether" run && return 0
		if ((_tether_npos == 0 && _tether_rest == 0)) || [ "${COMP_WORDS[COMP_CWORD - 1]}" = -- ]; then
			mapfile -t COMPREPLY < <(compgen -c -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi
		;;
	*)
		_tether_args $((i + 1)) "$cur" 0 "$tether" "$cmd" && return 0
		if ((_tether_rest == 1)); then
			mapfile -t COMPREPLY < <(compgen -c -- "$cur")
		elif ((_tether_npos == 0)) || [ "$cmd" = rm ]; then
			mapfile -t COMPREPLY < <(compgen -W "$(_tether_names "$tether")" -- "$cur")
		elif [ "$cmd" = kill ] && ((_tether_npos == 1)); then
			mapfile -t COMPREPLY < <(compgen -A signal -- "$cur")
		elif [ "$cmd" = exec ]; then
			mapfile -t COMPREPLY < <(compgen -c -- "$cur")
		fi
		;;
	esac
	return 0
}

_tether_init() {
	local cur=${COMP_WORDS[COMP_CWORD]} prog=${COMP_WORDS[0]}
	COMPREPLY=()
	command -v "$prog" >/dev/null 2>&1 || prog='tether-init'
	_tether_args 1 "$cur" 1 "$prog" && return 0
	if ((_tether_npos == 0 && _tether_rest == 0)) || [ "${COMP_WORDS[COMP_CWORD - 1]}" = -- ]; then
		mapfile -t COMPREPLY < <(compgen -c -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
	return 0
}

complete -F _tether tether
complete -F _tether_init tether-init
