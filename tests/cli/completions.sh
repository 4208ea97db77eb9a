# completions.sh: the bash completion offers every option of every tool's
# --help and the right values for arguments; the zsh one parses.

complete_words() {   # complete_words TOOL WORD...: prints the completions of the last word
	bash -c '
		. "$SRC/completions/seemail.bash"
		COMP_WORDS=("$@")
		COMP_CWORD=$(( $# - 1 ))
		_seemail
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$@"
}

test_bash_offers_every_option_of_every_tool() {
	command -v bash >/dev/null || skip "no bash"
	for t in seem-classify seem-policy seem-sign seem-verify seem-notify; do
		complete_words "$t" -- >got
		for o in $($t --help | grep -Eo -- '(^|[ ,])--[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u); do
			grep -qx -- "$o" got || fail "$t: $o not offered"
		done
		grep -qx -- --config got || fail "$t: --config not offered"
	done
}

test_bash_completes_argument_values() {
	command -v bash >/dev/null || skip "no bash"
	complete_words seem-policy --log s >got
	grep -qx stderr got && grep -qx syslog got || fail "--log values: $(cat got)"
	touch my.conf
	complete_words seem-policy -c my >got
	grep -qx my.conf got || fail "-c file: $(cat got)"
}

test_zsh_completion_parses() {
	command -v zsh >/dev/null || skip "no zsh here"
	zsh -n "$SRC/completions/_seemail" || fail "zsh syntax"
}
