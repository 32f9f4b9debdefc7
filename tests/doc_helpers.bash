# shellcheck shell=bash
# The options each program's --help lists, for the check that the man pages and the
# README's tables name every one of them (tests/install.bats).

# help_options: reads a --help text, prints each option once: the ones in the option
# column (lines that start with blanks and a dash, up to the first two blanks) and those
# in brackets on a usage line ("[--json]", "[-t SECONDS]").
help_options() {
	awk '
		/^  +-/ {
			col = $0; sub(/^ +/, "", col); sub(/  .*/, "", col)
			while (match(col, /(^|[ ,])--?[A-Za-z][-A-Za-z0-9]*/)) {
				o = substr(col, RSTART, RLENGTH); sub(/^[ ,]/, "", o); print o
				col = substr(col, RSTART + RLENGTH)
			}
			next
		}
		/^[Uu]sage:|^  tether/ {
			s = $0
			while (match(s, /[[ ]--?[A-Za-z][-A-Za-z0-9]*/)) {
				o = substr(s, RSTART + 1, RLENGTH - 1); print o
				s = substr(s, RSTART + RLENGTH)
			}
		}' | awk '!seen[$0]++'
}

# tether's commands, as `tether --help` lists them.
help_commands() {
	awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { on = 0 }'
}

# has_word FILE WORD [FIRST_LINE_REGEX LAST_LINE_REGEX [TABLES]]: WORD (an option or a
# command) occurs in FILE not as part of a longer option, optionally only between the two
# lines and only in table rows ("|" lines).
has_word() {
	awk -v w="$2" -v from="${3:-}" -v to="${4:-}" -v tables="${5:-0}" '
		BEGIN { on = (from == "") }
		from != "" && $0 ~ from { on = 1 }
		to != "" && on && $0 ~ to && $0 !~ from { on = 0 }
		on && (!tables || /^\|/) {
			s = $0
			while ((i = index(s, w)) > 0) {
				b = i > 1 ? substr(s, i - 1, 1) : ""
				a = substr(s, i + length(w), 1)
				if (b !~ /[-A-Za-z0-9]/ && a !~ /[-A-Za-z0-9]/) { found = 1; exit }
				s = substr(s, i + 1)
			}
		}
		END { exit !found }' "$1"
}
