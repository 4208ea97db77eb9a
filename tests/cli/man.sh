# man.sh: the manual: every tool has a page, every page lints clean, and
# every option a tool's --help lists is in its page.

test_every_page_lints_clean() {
	command -v mandoc >/dev/null || skip "no mandoc"
	for p in "$SRC"/man/*.[157]; do
		mandoc -Tlint -W warning "$p" >lint 2>&1 || { cat lint; fail "$(basename "$p") does not lint clean"; }
	done
}

test_every_tool_has_a_page_with_every_option() {
	for t in seem-classify seem-policy seem-sign seem-verify seem-notify; do
		page=$SRC/man/$t.1
		[ -f "$page" ] || fail "no man page for $t"
		for o in $($t --help | grep -Eo -- '(^|[ ,])--[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u); do
			name=${o#--}
			grep -q -- "Fl -$name" "$page" || fail "$t: $o is not in $(basename "$page")"
		done
		grep -q '^\.Sh EXIT STATUS' "$page" || fail "$t: no EXIT STATUS"
	done
	for p in seemail.conf.5 seemail.7; do
		[ -f "$SRC/man/$p" ] || fail "no $p"
	done
}

test_every_configuration_key_is_documented() {
	# The keys seem-policy --check accepts are the keys of seemail.conf(5).
	for k in $(grep -Eo '^	[KEL]\("[a-z_]+"|^	\{ "[a-z_]+"' "$SRC/src/lib/config.c" | grep -Eo '"[a-z_]+"' | tr -d '"'); do
		grep -q "Cm $k" "$SRC/man/seemail.conf.5" || fail "key $k is not in seemail.conf(5)"
	done
}
