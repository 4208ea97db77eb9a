# extract_ole2.sh: compound documents (.doc .xls .ppt .pub, encrypted
# OOXML) through seem-classify, as attachments of a message: the real
# Publisher files of ../shared/fixtures/publisher (read from there, a term
# planted at run time in a copy under $T) and the LibreOffice-made
# fixtures of tests/fixtures/docs (MANIFEST.tsv says what each holds).

PUB_DIR=${SHARED:+$SHARED/fixtures/publisher}
DOCS=$SRC/tests/fixtures/docs

# plant IN OUT FROM TO 8|16: OUT is IN with the first run FROM (in
# Windows-1252, or UTF-16LE) rewritten in place as TO, of the same length.
plant() {
	perl -e '
		my ($in, $out, $from, $to, $enc) = @ARGV;
		die "plant: lengths differ\n" if length($from) != length($to);
		if ($enc eq "16") { s/(.)/$1\0/gs for ($from, $to); }
		open(my $f, "<:raw", $in) or die "$in: $!\n";
		local $/; my $d = <$f>; close $f;
		my $at = index($d, $from);
		die "plant: run not found in $in\n" if $at < 0;
		substr($d, $at, length($from)) = $to;
		open(my $o, ">:raw", $out) or die "$out: $!\n";
		print $o $d; close $o or die "$out: $!\n";
	' "$@"
}

need_pub() {
	[ -n "$PUB_DIR" ] && [ -d "$PUB_DIR" ] || { skip "no ../shared/fixtures/publisher"; return 77; }
}

test_every_publisher_file_passes_without_a_crash() {
	need_pub || return 77
	n=0
	for f in "$PUB_DIR"/*; do
		case $f in *.xhtml|*.md) continue ;; esac
		attach "$f" "$(basename "$f")" >m
		run seem-classify --explain m
		expect_rc 0
		expect_out '^Classification: UNCLASSIFIED'
		if grep -Eqi 'uninspectable|crash|signal|timed out' "$T/out"; then
			fail "$(basename "$f"): $(grep -Ei -A2 'uninspectable|crash|signal' "$T/out" | head -6)"
		fi
		n=$((n + 1))
	done
	[ "$n" -ge 11 ] || fail "only $n Publisher files"
}

# file | run of its own text | encoding | the place the term must be found
PUB_PLANTS='1.0_CALEND1.PUB|Sun\r\n\fMo|8|1.0_CALEND1.PUB
2.0_reg-txt1.pub|Lorem ip|8|> Contents
3.0_testv3.PUB|very tig|8|> Contents
8.0_test97.pub|dssdqqsd|8|> Contents
8.5_pub98t1.pub|accompli|16|> Quill/QuillSub/CONTENTS
9.0_text-format.pub|underlin|16|> Quill/QuillSub/CONTENTS
10.0_tables.pub|bbbbbbbb|16|> Quill/QuillSub/CONTENTS
11.0_metadata.pub|Keywords|8|> SummaryInformation
12.0_REG-TXT1-pub97-to-pub2007-with-pub2007.pub|Lorem ip|16|> Quill/QuillSub/CONTENTS
14.0_REG-TXT1-pub2010.pub|Lorem ip|16|> Quill/QuillSub/CONTENTS
14.0_metadata.pub|Keywords|8|> SummaryInformation'

test_a_term_planted_in_each_publisher_file_is_found() {
	need_pub || return 77
	printf '%s\n' "$PUB_PLANTS" | while IFS='|' read -r file run enc place; do
		[ -f "$PUB_DIR/$file" ] || { fail "missing $file"; return 1; }
		plant "$PUB_DIR/$file" planted "$(printf "$run")" '[SECRET]' "$enc"
		attach planted "$file" >m
		run seem-classify m
		expect_rc 0
		expect_out '^X-SEEMail-Classification: SECRET'
		run seem-classify --explain m
		grep -A1 '"\[SECRET\]"' "$T/out" | grep -qF -- "$place" ||
			fail "$file: [SECRET] not found in $place: $(grep -A1 SECRET "$T/out" | head -4)"
	done
}

test_a_broken_publisher_file_is_uninspectable_not_a_crash() {
	need_pub || return 77
	# The first 3000 bytes: the header and part of the FAT, no directory.
	head -c 3000 "$PUB_DIR/14.0_REG-TXT1-pub2010.pub" >cut.pub
	attach cut.pub cut.pub >m
	run seem-classify m
	expect_rc 0
	expect_out '^X-SEEMail-Uninspectable: .*broken compound file'
}

# The fixtures LibreOffice made: every compound file of MANIFEST.tsv.
test_legacy_office_fixtures_are_classified_as_their_manifest_says() {
	[ -f "$DOCS/MANIFEST.tsv" ] || { skip "no tests/fixtures/docs/MANIFEST.tsv"; return 77; }
	printf 'triggers = %s/site.triggers\nlabel = 3c9b7d2e-41a6-4f0b-9e57-d2a8c61f0b94 RESTRICTED\n' \
	    "$DOCS" >site.conf
	n=0
	while IFS='	' read -r file expect level term place; do
		case $file in '#'*|'') continue ;; esac
		# Compound files only, by their magic number.
		[ "$(head -c 4 "$DOCS/$file" | od -An -tx1 | tr -d ' \n')" = d0cf11e0 ] || continue
		attach "$DOCS/$file" "$file" >m
		run seem-classify -c site.conf --explain m
		expect_rc 0
		expect_out "^Classification: $level\$"
		case $expect in
		find)
			grep -A1 -F "\"$term\"" "$T/out" | grep -qF -- "$place" || grep -A1 -F MSIP_Label "$T/out" |
			    grep -qF -- "$place" || fail "$file: $term not found in $place: $(head -c 600 "$T/out")" ;;
		none)
			expect_no_out '[Uu]ninspectable' ;;
		uninspectable)
			expect_out 'encrypted' ;;
		esac
		n=$((n + 1))
	done <"$DOCS/MANIFEST.tsv"
	[ "$n" -ge 20 ] || fail "only $n compound-file fixtures"
}
