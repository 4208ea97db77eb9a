# classify_corpus.sh: the golden corpus (tests/corpus/classify): every
# evasion of SPEC is caught and every negative is not, and the message
# passes through byte for byte after the stamps.  Also every real-world
# sample message of ../shared/fixtures/mime passes through unharmed.

test_golden_corpus() {
	n=0
	for m in "$SRC"/tests/corpus/classify/*.eml; do
		name=$(basename "$m" .eml)
		run seem-classify "$m"
		[ "$rc" = 0 ] || fail "$name: exit status $rc: $(cat "$T/err")"
		size=$(wc -c <"$m")
		total=$(wc -c <"$T/out")
		head -c $((total - size)) "$T/out" >"$T/stamps"
		tail -c "$size" "$T/out" | cmp -s - "$m" || fail "$name: message not passed through byte for byte"
		if ! cmp -s "$T/stamps" "$SRC/tests/corpus/classify/$name.expected"; then
			diff "$SRC/tests/corpus/classify/$name.expected" "$T/stamps" | head -20
			fail "$name: stamps differ from $name.expected"
		fi
		n=$((n + 1))
	done
	[ "$n" -ge 40 ] || fail "only $n corpus messages"
}

test_corpus_covers_every_evasion_and_negative() {
	# The corpus must keep a message for each evasion SPEC names.
	for name in subject-encoded-word subject-split-words qp-soft-break html-tags-in-term \
	    html-entities zero-width-space soft-hyphen no-break-space no-break-hyphen \
	    fullwidth-brackets endorsements sec-form highest-level-wins negative-prose \
	    negative-near-misses; do
		[ -f "$SRC/tests/corpus/classify/$name.eml" ] || fail "missing corpus message $name"
	done
	grep -q 'UNCLASSIFIED' "$SRC/tests/corpus/classify/negative-prose.expected" || fail "negative-prose is not UNCLASSIFIED"
}

test_real_world_samples_pass_through() {
	[ -n "$SHARED" ] || skip "../shared/fixtures absent"
	for m in "$SHARED"/fixtures/mime/*; do
		case $m in *.md) continue ;; esac
		rc=0
		timeout 10 seem-classify "$m" >"$T/out" 2>"$T/err" || rc=$?
		case $rc in
		0)
			size=$(wc -c <"$m")
			tail -c "$size" "$T/out" | cmp -s - "$m" ||
				fail "$(basename "$m"): not passed through byte for byte"
			;;
		65) ;;  # not a message (an mbox "From " line and no header?)
		*) fail "$(basename "$m"): exit status $rc: $(head -c 300 "$T/err")" ;;
		esac
	done
}
